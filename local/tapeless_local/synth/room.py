"""A random room behind the person, drawn by casting one ray per pixel: floor, back wall, an optional side
wall, ceiling, skirting board, a door frame, pictures, a rug and box-shaped furniture.

World frame as in camera.py (metres, Z up, floor z = 0, the person stands near the origin facing −Y, the
camera at negative y). Furniture stands behind the person (y > `CLEAR_BEHIND_M`), the side wall at least
1.2 m to one side, the rug flat on the floor: nothing in the room ever occludes the body or the card.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from tapeless_local.synth.appearance import Lighting, srgb_to_linear
from tapeless_local.synth.camera import Camera
from tapeless_local.synth.shadows import KeyLightShadow, contact_occlusion

CLEAR_BEHIND_M = 0.55

WALL_SRGB = np.array(
    [[236, 234, 228], [245, 243, 238], [222, 216, 204], [205, 205, 205], [190, 200, 205], [214, 200, 180],
     [170, 180, 160], [120, 130, 140], [200, 180, 170], [60, 70, 80], [228, 222, 200], [180, 160, 140]],
    float,
)  # fmt: skip
FLOOR_SRGB = np.array(
    [[150, 110, 75], [180, 140, 100], [110, 80, 60], [200, 190, 175], [130, 130, 130], [90, 90, 95],
     [210, 205, 195], [160, 150, 140], [70, 55, 45], [190, 170, 140]],
    float,
)  # fmt: skip


def _colour(rng: np.random.Generator, palette: np.ndarray) -> np.ndarray:
    srgb = palette[rng.integers(len(palette))] + rng.normal(0, 10, 3)
    return srgb_to_linear(np.clip(srgb, 0, 255) / 255.0)


def _lattice_noise(lattice: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Bilinear value noise from a (S, S) random lattice at continuous cell coordinates (u, v)."""
    size = lattice.shape[0]
    u0, v0 = np.floor(u), np.floor(v)
    fu, fv = u - u0, v - v0
    i0, j0 = u0.astype(np.int64) % size, v0.astype(np.int64) % size
    i1, j1 = (i0 + 1) % size, (j0 + 1) % size
    top = lattice[j0, i0] * (1 - fu) + lattice[j0, i1] * fu
    bottom = lattice[j1, i0] * (1 - fu) + lattice[j1, i1] * fu
    return top * (1 - fv) + bottom * fv


@dataclass
class Box:
    """Axis-aligned furniture: `lo`, `hi` (3,) corners in metres; `albedo` (3,) linear RGB."""

    lo: np.ndarray
    hi: np.ndarray
    albedo: np.ndarray


@dataclass
class Room:
    """Random room parameters (metres, linear RGB albedos)."""

    wall_y_m: float
    side_wall_x_m: float | None
    ceiling_z_m: float
    wall_albedo: np.ndarray
    trim_albedo: np.ndarray
    skirting_m: float
    floor_albedo: np.ndarray
    floor_kind: str
    plank_m: float
    door: tuple[float, float, float, np.ndarray] | None
    pictures: list[tuple[float, float, float, float, np.ndarray]] = field(default_factory=list)
    rug: tuple[float, float, float, float, np.ndarray] | None = None
    boxes: list[Box] = field(default_factory=list)
    lattice: np.ndarray = field(default_factory=lambda: np.zeros((64, 64)))

    @classmethod
    def random(cls, rng: np.random.Generator) -> Room:
        wall_y = float(rng.uniform(0.8, 2.2))
        side = float(rng.choice([-1, 1]) * rng.uniform(1.2, 2.5)) if rng.random() < 0.45 else None
        door = None
        if rng.random() < 0.45:
            door = (float(rng.uniform(-1.6, 1.6)), float(rng.uniform(0.78, 0.92)), float(rng.uniform(1.98, 2.12)),
                    _colour(rng, WALL_SRGB))  # fmt: skip
        pictures = []
        for _ in range(int(rng.integers(0, 4))):
            width, height = rng.uniform(0.2, 0.9), rng.uniform(0.2, 0.7)
            x0, z0 = rng.uniform(-2.2, 2.2 - width), rng.uniform(1.0, 2.1 - height)
            pictures.append((float(x0), float(z0), float(width), float(height), rng.uniform(0.02, 0.8, 3)))
        rug = None
        if rng.random() < 0.4:
            width, depth = rng.uniform(0.6, 2.0), rng.uniform(0.5, 1.6)
            rug = (float(rng.uniform(-0.6, 0.6) - width / 2), float(rng.uniform(-0.8, 0.0)), float(width),
                   float(depth), _colour(rng, np.vstack([FLOOR_SRGB, WALL_SRGB])))  # fmt: skip
        boxes = []
        for _ in range(int(rng.integers(0, 4))):
            depth = min(rng.uniform(0.3, 0.6), wall_y - CLEAR_BEHIND_M)
            if depth < 0.1:
                break
            width, height = rng.uniform(0.3, 1.6), rng.uniform(0.3, 1.9)
            x0 = rng.uniform(-2.5, 2.5 - width)
            lo = np.array([x0, wall_y - depth, 0.0])
            boxes.append(Box(lo, lo + [width, depth, height], _colour(rng, np.vstack([FLOOR_SRGB, WALL_SRGB]))))
        return cls(
            wall_y_m=wall_y,
            side_wall_x_m=side,
            ceiling_z_m=float(rng.uniform(2.4, 2.9)),
            wall_albedo=_colour(rng, WALL_SRGB),
            trim_albedo=_colour(rng, WALL_SRGB[:6]),
            skirting_m=float(rng.uniform(0.04, 0.14)),
            floor_albedo=_colour(rng, FLOOR_SRGB),
            floor_kind=str(rng.choice(["planks", "tiles", "carpet", "plain"])),
            plank_m=float(rng.uniform(0.1, 0.6)),
            door=door,
            pictures=pictures,
            rug=rug,
            boxes=boxes,
            lattice=rng.uniform(-1, 1, (64, 64)),
        )

    def render(
        self,
        camera: Camera,
        lighting: Lighting,
        person_m: np.ndarray | None = None,
        key_shadow: KeyLightShadow | None = None,
        scale: float = 0.5,
    ) -> np.ndarray:
        """Radiance of the room seen by `camera` on a grid `scale` × the image size: (h, w, 3) float32.

        `person_m` (V, 3) darkens the floor around the feet; `key_shadow` casts the first light's shadow.
        """
        rays = camera.pixel_rays(scale)
        origin = camera.position_m
        height, width = rays.shape[:2]
        rays = rays.reshape(-1, 3)
        hit_t = np.full(len(rays), np.inf)
        surface = np.zeros(len(rays), np.int8)  # 0 floor, 1 back wall, 2 side wall, 3 ceiling, 4+ boxes
        normal = np.zeros((len(rays), 3))
        planes = [(2, 0.0, [0, 0, 1]), (1, self.wall_y_m, [0, -1, 0]), (2, self.ceiling_z_m, [0, 0, -1])]
        if self.side_wall_x_m is not None:
            planes.insert(2, (0, self.side_wall_x_m, [-np.sign(self.side_wall_x_m), 0, 0]))
        codes = [0, 1, 2, 3] if self.side_wall_x_m is not None else [0, 1, 3]
        for code, (axis, offset, plane_normal) in zip(codes, planes, strict=True):
            with np.errstate(divide="ignore", invalid="ignore"):
                t = (offset - origin[axis]) / rays[:, axis]
            nearer = (t > 0) & (t < hit_t)
            hit_t[nearer], surface[nearer], normal[nearer] = t[nearer], code, plane_normal
        for index, box in enumerate(self.boxes):
            t, face_normal = _ray_box(origin, rays, box)
            nearer = t < hit_t
            hit_t[nearer], surface[nearer], normal[nearer] = t[nearer], 4 + index, face_normal[nearer]
        points = origin + rays * hit_t[:, None]
        albedo = self._albedo(surface, points)
        direct = np.clip(normal @ lighting.directions.T, 0, None)
        if key_shadow is not None:
            shadow = key_shadow.shadowed(points).reshape(height, width)
            direct[:, 0] *= 1 - cv2.GaussianBlur(shadow, (0, 0), 2.0).ravel()
        light = 0.75 * lighting.ambient[None, :] + direct @ lighting.intensities
        light[surface == 3] += 0.25 * lighting.intensities.sum(axis=0)  # light bounced off the floor
        if person_m is not None:
            floor = surface == 0
            light[floor] *= contact_occlusion(points[floor], person_m)[:, None]
        falloff = 1.0 - 0.12 * np.clip(np.abs(points[:, 0]) / 2.5, 0, 1) - 0.1 * np.clip(points[:, 1] / 4, 0, 1)
        radiance = albedo * light * falloff[:, None]
        return radiance.reshape(height, width, 3).astype(np.float32)

    def _albedo(self, surface: np.ndarray, points: np.ndarray) -> np.ndarray:
        x, y, z = points[:, 0], points[:, 1], points[:, 2]
        albedo = np.zeros((len(points), 3))
        on_wall = (surface == 1) | (surface == 2)
        along_wall = np.where(surface == 1, x, y)
        wall_noise = 1 + 0.025 * _lattice_noise(self.lattice, along_wall / 0.35, z / 0.35)
        albedo[on_wall] = self.wall_albedo * wall_noise[on_wall, None]
        albedo[on_wall & (z < self.skirting_m)] = self.trim_albedo
        back = surface == 1
        if self.door is not None:
            centre, door_width, door_height, panel = self.door
            frame = 0.07
            in_frame = back & (np.abs(x - centre) < door_width / 2 + frame) & (z < door_height + frame)
            albedo[in_frame] = self.trim_albedo * 0.95
            in_door = back & (np.abs(x - centre) < door_width / 2) & (z < door_height)
            panel_lines = (np.abs(((z / 0.5) % 1) - 0.5) < 0.01) | (np.abs(np.abs(x - centre) - door_width / 4) < 0.006)
            albedo[in_door] = panel * np.where(panel_lines[in_door], 0.8, 1.0)[:, None]
        for x0, z0, pic_width, pic_height, colour in self.pictures:
            in_pic = back & (x > x0) & (x < x0 + pic_width) & (z > z0) & (z < z0 + pic_height)
            albedo[in_pic] = 0.05
            inner = in_pic & (x > x0 + 0.03) & (x < x0 + pic_width - 0.03) & (z > z0 + 0.03) & (z < z0 + pic_height - 0.03)
            pattern = 0.5 + 0.5 * _lattice_noise(self.lattice[::-1], (x - x0) / 0.08, (z - z0) / 0.08)
            albedo[inner] = colour * (0.4 + 0.8 * pattern[inner, None])
        albedo[surface == 3] = 0.8
        floor = surface == 0
        albedo[floor] = self.floor_albedo * self._floor_texture(x, y)[floor, None]
        if self.rug is not None:
            x0, y0, rug_width, rug_depth, colour = self.rug
            on_rug = floor & (x > x0) & (x < x0 + rug_width) & (y > y0) & (y < y0 + rug_depth)
            albedo[on_rug] = colour * (1 + 0.05 * _lattice_noise(self.lattice, x / 0.01, y / 0.01))[on_rug, None]
        for index, box in enumerate(self.boxes):
            on_box = surface == 4 + index
            albedo[on_box] = box.albedo * (1 + 0.03 * _lattice_noise(self.lattice, (x + y) / 0.1, z / 0.1))[on_box, None]
        return albedo

    def _floor_texture(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        if self.floor_kind == "planks":
            plank = np.floor(x / self.plank_m)
            shade = 1 + 0.12 * _lattice_noise(self.lattice, plank * 7.3, np.floor(y / 1.2 + plank * 0.37) * 3.1)
            grain = 1 + 0.05 * _lattice_noise(self.lattice, x / 0.004, y / 0.08)
            gap = np.where(np.abs(x / self.plank_m - np.round(x / self.plank_m)) * self.plank_m < 0.002, 0.6, 1.0)
            return shade * grain * gap
        if self.floor_kind == "tiles":
            tile = self.plank_m + 0.2
            grout = (np.abs(x / tile - np.round(x / tile)) * tile < 0.004) | (np.abs(y / tile - np.round(y / tile)) * tile < 0.004)
            return np.where(grout, 0.7, 1 + 0.04 * _lattice_noise(self.lattice, x / 0.1, y / 0.1))
        if self.floor_kind == "carpet":
            return 1 + 0.08 * _lattice_noise(self.lattice, x / 0.006, y / 0.006)
        return 1 + 0.03 * _lattice_noise(self.lattice, x / 0.5, y / 0.5)


def _ray_box(origin: np.ndarray, rays: np.ndarray, box: Box) -> tuple[np.ndarray, np.ndarray]:
    """Slab test: entry distance (P,) (inf on a miss) and the entered face's outward normal (P, 3)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = (box.lo - origin) / rays
        t2 = (box.hi - origin) / rays
    t_near = np.minimum(t1, t2)
    t_far = np.maximum(t1, t2)
    entry_axis = np.nanargmax(t_near, axis=1)
    t_entry = np.nanmax(t_near, axis=1)
    t_exit = np.nanmin(t_far, axis=1)
    hit = (t_entry <= t_exit) & (t_entry > 0)
    normals = np.zeros_like(rays)
    rows = np.arange(len(rays))
    normals[rows, entry_axis] = -np.sign(rays[rows, entry_axis])
    return np.where(hit, t_entry, np.inf), normals
