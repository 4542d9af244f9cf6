"""Render one photo of a placed body: frame it with a phone camera, rasterise the body, shade it, put it in
the room, add the card, and develop it like a phone. Returns the upright image and the true person mask.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from tapeless_local.synth.appearance import Lighting, Surface, vertex_normals
from tapeless_local.synth.camera import Camera
from tapeless_local.synth.card import CardPlacement, draw_card
from tapeless_local.synth.photo import Finish, develop
from tapeless_local.synth.raster import rasterize
from tapeless_local.synth.room import Room
from tapeless_local.synth.shadows import KeyLightShadow

FRAME_MARGIN = 0.03


@dataclass(frozen=True)
class Shot:
    """Where the photographer stands: distance (m), phone height (m), lateral offset (m), aim jitter (m),
    roll (degrees); the same phone (`hfov_deg`, `width_px`) takes both photos of a capture."""

    distance_m: float
    height_m: float
    lateral_m: float
    aim_offset_m: float
    roll_deg: float
    hfov_deg: float
    width_px: int

    @classmethod
    def random(cls, rng: np.random.Generator, width_px: int) -> Shot:
        return cls(
            distance_m=float(2.0 + 2.0 * rng.beta(1.3, 2.2)),
            height_m=float(rng.uniform(0.9, 1.7)),
            lateral_m=float(rng.normal(0, 0.15)),
            aim_offset_m=float(rng.normal(0, 0.08)),
            roll_deg=float(rng.normal(0, 2.0)),
            hfov_deg=float(rng.uniform(60, 75)),
            width_px=width_px,
        )

    def jittered(self, rng: np.random.Generator) -> Shot:
        """The second photo of a capture: the same phone, held again from nearly the same place."""
        return Shot(
            distance_m=self.distance_m + float(rng.normal(0, 0.05)),
            height_m=self.height_m + float(rng.normal(0, 0.03)),
            lateral_m=self.lateral_m + float(rng.normal(0, 0.05)),
            aim_offset_m=float(rng.normal(0, 0.08)),
            roll_deg=float(rng.normal(0, 2.0)),
            hfov_deg=self.hfov_deg,
            width_px=self.width_px,
        )


def frame_camera(shot: Shot, world_vertices_m: np.ndarray) -> Camera:
    """A portrait 3:4 camera aimed at the body's middle; steps back until the whole body is in frame."""
    centre = 0.5 * (world_vertices_m.min(axis=0) + world_vertices_m.max(axis=0))
    width_px = shot.width_px
    height_px = round(width_px * 4 / 3)
    distance = shot.distance_m
    while True:
        camera = Camera.look_at(
            width_px=width_px,
            height_px=height_px,
            hfov_deg=shot.hfov_deg,
            position_m=np.array([centre[0] + shot.lateral_m, centre[1] - distance, shot.height_m]),
            target_m=np.array([centre[0], centre[1], centre[2] + shot.aim_offset_m]),
            roll_deg=shot.roll_deg,
        )
        uv = camera.project(world_vertices_m)
        inside = (
            (uv[:, 0] > FRAME_MARGIN * width_px).all()
            and (uv[:, 0] < (1 - FRAME_MARGIN) * width_px).all()
            and (uv[:, 1] > FRAME_MARGIN * height_px).all()
            and (uv[:, 1] < (1 - FRAME_MARGIN) * height_px).all()
        )
        if inside:
            return camera
        distance += 0.2


@dataclass(frozen=True)
class RenderedView:
    """One developed photo: upright sRGB (H, W, 3) uint8, true person mask (H, W) bool (body and clothes,
    pixel coverage ≥ 1/2), the card's coverage (H, W) float32 or None, and the camera."""

    rgb: np.ndarray
    mask: np.ndarray
    card_alpha: np.ndarray | None
    camera: Camera


def render_view(
    rng: np.random.Generator,
    *,
    camera: Camera,
    vertices_m: np.ndarray,
    faces: np.ndarray,
    surface: Surface,
    room: Room,
    lighting: Lighting,
    finish: Finish,
    card: tuple[CardPlacement, np.ndarray] | None,
    supersample: int,
) -> RenderedView:
    """Draw the clothed, posed body (world `vertices_m` (V, 3), painted with `surface`) in `room`.

    `card` is the placement and texture (see card.py) or None. The body is rasterised at `supersample`×
    resolution and box-filtered down, which gives anti-aliased edges and an exact coverage mask.
    """
    normals = vertex_normals(vertices_m, faces)
    corners = vertices_m[faces]
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    facing = np.einsum("ij,ij->i", face_normals, corners[:, 0] - camera.position_m) < 0
    uv = (camera.project(vertices_m) + 0.5) * supersample - 0.5
    depth = camera.to_camera(vertices_m)[:, 2]
    width_px, height_px = camera.width_px, camera.height_px
    raster = rasterize(uv, depth, faces[facing], width_px * supersample, height_px * supersample)
    front_faces = faces[facing]

    covered = raster.covered
    pixel_normals = raster.interpolate(normals, front_faces)[covered]
    pixel_normals /= np.maximum(np.linalg.norm(pixel_normals, axis=1, keepdims=True), 1e-9)
    pixel_albedo = surface.albedo(raster.interpolate(surface.vertex_attributes(), front_faces)[covered])
    pixel_albedo *= 1 + 0.04 * rng.standard_normal((len(pixel_albedo), 1))
    shadow = KeyLightShadow(vertices_m, faces, lighting.directions[0])
    key_light = 1 - shadow.shadowed(raster.interpolate(vertices_m, front_faces)[covered].astype(np.float64))
    radiance_ss = np.zeros((*covered.shape, 3), np.float32)
    radiance_ss[covered] = lighting.shade(pixel_normals, pixel_albedo, key_light)

    size = (width_px, height_px)
    coverage = cv2.resize(covered.astype(np.float32), size, interpolation=cv2.INTER_AREA)
    body = cv2.resize(radiance_ss, size, interpolation=cv2.INTER_AREA)
    # The room is cast at half resolution; a slight blur hides its stair-stepped edges when enlarged.
    room_radiance = cv2.GaussianBlur(room.render(camera, lighting, vertices_m, shadow), (0, 0), 0.6)
    background = cv2.resize(room_radiance, size, interpolation=cv2.INTER_LINEAR)
    radiance = body + (1 - coverage[..., None]) * background

    card_alpha = None
    if card is not None:
        placement, texture = card
        irradiance = lighting.shade(placement.normal[None], np.ones((1, 3)))[0]
        card_alpha = draw_card(radiance, texture, placement, camera, irradiance)
    return RenderedView(develop(radiance, finish, rng), coverage >= 0.5, card_alpha, camera)
