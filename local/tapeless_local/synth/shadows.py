"""The person's shadows: a shadow map for the key light (on the room and on the body itself) and contact
darkening of the floor under the feet.

The key light is directional; its shadow map is an orthographic z-buffer of the body seen from the light
(1 cm texels). A room point is in shadow when the body lies between it and the light.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from tapeless_local.synth.raster import rasterize

_TEXEL_M = 0.01
_BIAS_M = 0.03
# The rasteriser interpolates 1/depth; a large constant offset makes that interpolation linear enough.
_DEPTH_OFFSET_M = 1000.0


class KeyLightShadow:
    """Shadow map of a mesh (vertices (V, 3) metres, faces (F, 3)) for a light in unit direction
    `towards_light` (3,) (pointing from the scene to the light)."""

    def __init__(self, vertices_m: np.ndarray, faces: np.ndarray, towards_light: np.ndarray):
        light = towards_light / np.linalg.norm(towards_light)
        helper = np.array([0.0, 0.0, 1.0]) if abs(light[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
        u = np.cross(light, helper)
        u /= np.linalg.norm(u)
        self._basis = np.stack([u, np.cross(light, u)])
        self._light = light
        plane = vertices_m @ self._basis.T
        self._origin = plane.min(axis=0) - 2 * _TEXEL_M
        texels = (plane - self._origin) / _TEXEL_M
        width, height = (np.ceil(texels.max(axis=0)) + 3).astype(int)
        depth = _DEPTH_OFFSET_M - vertices_m @ light
        self._depth = rasterize(texels, depth, faces, int(width), int(height)).depth_m

    def shadowed(self, points_m: np.ndarray) -> np.ndarray:
        """(P, 3) points → (P,) float32 in [0, 1]: how much the mesh blocks the light (bilinear over the
        four nearest texels, so shadow edges are smooth rather than 1 cm steps)."""
        texels = (points_m @ self._basis.T - self._origin) / _TEXEL_M
        receiver = _DEPTH_OFFSET_M - points_m @ self._light
        base = np.floor(texels).astype(np.int64)
        fraction = texels - base
        height, width = self._depth.shape
        result = np.zeros(len(points_m), np.float32)
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
            x, y = base[:, 0] + dx, base[:, 1] + dy
            inside = (x >= 0) & (x < width) & (y >= 0) & (y < height)
            weight = (fraction[:, 0] if dx else 1 - fraction[:, 0]) * (fraction[:, 1] if dy else 1 - fraction[:, 1])
            blocked = np.zeros(len(points_m), bool)
            blocked[inside] = self._depth[y[inside], x[inside]] < receiver[inside] - _BIAS_M
            result += (weight * blocked).astype(np.float32)
        return result


def contact_occlusion(floor_points_m: np.ndarray, body_vertices_m: np.ndarray) -> np.ndarray:
    """(P,) ambient factor in (0, 1] for floor points: darker within a few centimetres of the soles."""
    soles = body_vertices_m[body_vertices_m[:, 2] < 0.02]
    factor = np.ones(len(floor_points_m))
    lo, hi = soles[:, :2].min(axis=0) - 0.15, soles[:, :2].max(axis=0) + 0.15
    near = ((floor_points_m[:, :2] > lo) & (floor_points_m[:, :2] < hi)).all(axis=1)
    distance, _ = cKDTree(soles[:, :2]).query(floor_points_m[near, :2])
    factor[near] = 1.0 - 0.55 * np.exp(-0.5 * (distance / 0.035) ** 2)
    return factor
