"""Surface colours and light: Monk skin tones, garments, random lights, Lambertian shading (linear RGB).

All colours here are linear RGB in [0, 1] (reflectance for albedos, radiance for shaded pixels); the
photo finishing step converts to sRGB.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tapeless.skin.monk import MONK_SWATCHES_HEX

# Tight sportswear and basics: sRGB colours a garment is drawn from (before per-capture jitter).
GARMENT_SRGB = np.array(
    [
        [20, 20, 22], [45, 45, 50], [90, 90, 95], [150, 150, 155], [225, 225, 220], [240, 240, 238],
        [25, 35, 70], [40, 60, 120], [110, 30, 40], [160, 40, 50], [30, 80, 60], [70, 110, 80],
        [200, 160, 120], [120, 90, 140], [60, 120, 150], [210, 120, 60], [230, 200, 80], [200, 130, 150],
    ],
    float,
)  # fmt: skip


def srgb_to_linear(srgb: np.ndarray) -> np.ndarray:
    """sRGB in [0, 1] → linear RGB in [0, 1] (IEC 61966-2-1)."""
    srgb = np.asarray(srgb, float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: np.ndarray) -> np.ndarray:
    """Linear RGB (clipped to [0, 1]) → sRGB in [0, 1]."""
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


_LUT_STEPS = 65535
_SRGB_LUT = linear_to_srgb(np.arange(_LUT_STEPS + 1) / _LUT_STEPS).astype(np.float32)


def linear_to_srgb_fast(linear: np.ndarray) -> np.ndarray:
    """`linear_to_srgb` through a 16-bit table (float32 out): a photo's worth in a few tens of ms."""
    return _SRGB_LUT[np.round(np.clip(linear, 0.0, 1.0) * _LUT_STEPS).astype(np.int32)]


def monk_linear(monk_index: int) -> np.ndarray:
    """Linear RGB (3,) of Monk swatch `monk_index` (1–10)."""
    hex_value = MONK_SWATCHES_HEX[monk_index - 1].lstrip("#")
    return srgb_to_linear(np.array([int(hex_value[i : i + 2], 16) for i in (0, 2, 4)]) / 255.0)


def smooth_field(rng: np.random.Generator, points_m: np.ndarray, wavelength_m: float, terms: int = 6) -> np.ndarray:
    """A smooth random scalar field over (N, 3) points, roughly zero-mean with unit amplitude → (N,)."""
    directions = rng.normal(size=(terms, 3))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    phases = rng.uniform(0, 2 * np.pi, terms)
    waves = np.sin(points_m @ directions.T * (2 * np.pi / wavelength_m) + phases)
    return waves.sum(axis=1) / np.sqrt(terms / 2)


def skin_albedo(rng: np.random.Generator, monk_index: int, rest_vertices_m: np.ndarray) -> np.ndarray:
    """Per-vertex skin reflectance (N, 3) linear RGB: the swatch with blotchy tone and redness variation."""
    base = monk_linear(monk_index)
    tone = 1.0 + 0.04 * smooth_field(rng, rest_vertices_m, 0.25, terms=16)
    redness = 0.02 * smooth_field(rng, rest_vertices_m, 0.15, terms=16)
    albedo = base[None, :] * tone[:, None]
    albedo[:, 0] *= 1.0 + redness
    albedo[:, 2] *= 1.0 - redness
    return np.clip(albedo, 0.0, 1.0)


def garment_albedo(rng: np.random.Generator) -> np.ndarray:
    """A random garment colour (3,) linear RGB."""
    srgb = GARMENT_SRGB[rng.integers(len(GARMENT_SRGB))] * rng.uniform(0.85, 1.1) + rng.normal(0, 8, 3)
    return srgb_to_linear(np.clip(srgb, 0, 255) / 255.0)


@dataclass(frozen=True)
class Surface:
    """What the body is made of, per vertex: skin reflectance `skin` (V, 3) linear RGB and cover layers
    (garments, hair) as (coverage (V,) in [0, 1], albedo (3,)) pairs, later layers on top. Coverage is
    thresholded at one half per pixel, so a hem is a smooth sharp line rather than a triangle staircase."""

    skin: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]

    def vertex_attributes(self) -> np.ndarray:
        """(V, 3 + layers) array to interpolate over the raster: skin RGB then each layer's coverage."""
        return np.column_stack([self.skin, *[coverage for coverage, _ in self.layers]])

    def albedo(self, interpolated: np.ndarray) -> np.ndarray:
        """Per-pixel albedo (P, 3) from interpolated `vertex_attributes` (P, 3 + layers)."""
        albedo = interpolated[:, :3].copy()
        for index, (_, colour) in enumerate(self.layers):
            cover = np.clip((interpolated[:, 3 + index] - 0.5) * 30 + 0.5, 0, 1)[:, None]
            albedo = albedo * (1 - cover) + colour[None, :] * cover
        return albedo


@dataclass(frozen=True)
class Lighting:
    """Ambient plus directional lights. `directions` (L, 3) unit vectors pointing towards each light (world);
    `intensities` (L, 3) linear RGB; `ambient` (3,) linear RGB, brighter from above (sky term)."""

    directions: np.ndarray
    intensities: np.ndarray
    ambient: np.ndarray

    @classmethod
    def random(cls, rng: np.random.Generator, camera_position_m: np.ndarray) -> Lighting:
        """One to three lights: a key light roughly from the camera side or a window, fills, a ceiling lamp."""
        count = int(rng.integers(1, 4))
        toward_camera = camera_position_m / np.linalg.norm(camera_position_m)
        directions, intensities = [], []
        for index in range(count):
            if index == 0:
                direction = toward_camera + rng.normal(0, 0.6, 3) + [0, 0, rng.uniform(0.2, 1.2)]
            else:
                direction = rng.normal(0, 1, 3) + [0, -0.5, 0.8]
            directions.append(direction / np.linalg.norm(direction))
            warmth = rng.uniform(-0.08, 0.08)
            strength = rng.uniform(0.45, 0.8) if index == 0 else rng.uniform(0.1, 0.35)
            intensities.append(strength * np.array([1 + warmth, 1.0, 1 - warmth]))
        ambient = rng.uniform(0.2, 0.4) * np.array([1.0, 1.0, 1.0 + rng.uniform(-0.05, 0.08)])
        return cls(np.array(directions), np.array(intensities), ambient)

    def shade(self, normals: np.ndarray, albedo: np.ndarray, key_light: np.ndarray | None = None) -> np.ndarray:
        """Lambertian radiance (P, 3) for unit normals (P, 3) and albedo (P, 3), both linear RGB;
        `key_light` (P,) in [0, 1] is how much of the first light reaches each point (shadows)."""
        sky = 0.75 + 0.25 * normals[:, 2:3]
        direct = np.clip(normals @ self.directions.T, 0, None)
        if key_light is not None:
            direct[:, 0] *= key_light
        irradiance = sky * self.ambient[None, :] + direct @ self.intensities
        return albedo * irradiance


def vertex_normals(vertices_m: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted unit vertex normals (N, 3) of a mesh with outward (counter-clockwise) faces."""
    corners = vertices_m[faces]
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    normals = np.zeros_like(vertices_m)
    for k in range(3):
        np.add.at(normals, faces[:, k], face_normals)
    return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)
