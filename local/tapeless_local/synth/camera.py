"""A phone-like pinhole camera: 3:4 portrait intrinsics from a horizontal field of view, look-at extrinsics.

Frames. World: metres, Z up, floor at z = 0; the body faces −Y (towards a camera standing at negative y).
Camera: OpenCV convention, x right, y down, z forward (optical axis), metres. Pixels: (u, v) with the
centre of pixel (0, 0) at coordinate (0, 0), u to the right, v down.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WORLD_UP = np.array([0.0, 0.0, 1.0])


@dataclass(frozen=True)
class Camera:
    """Intrinsics (pixels) and extrinsics (`rotation` maps world directions to camera axes).

    `position_m` (3,) float64 is the optical centre in world metres; `rotation` (3, 3) float64 has the
    camera's right, down and forward axes (in world coordinates) as its rows.
    """

    width_px: int
    height_px: int
    focal_px: float
    cx_px: float
    cy_px: float
    rotation: np.ndarray
    position_m: np.ndarray

    @classmethod
    def look_at(
        cls,
        *,
        width_px: int,
        height_px: int,
        hfov_deg: float,
        position_m: np.ndarray,
        target_m: np.ndarray,
        roll_deg: float = 0.0,
    ) -> Camera:
        """A camera at `position_m` whose optical axis passes through `target_m`, rolled by `roll_deg`."""
        forward = np.asarray(target_m, float) - np.asarray(position_m, float)
        forward /= np.linalg.norm(forward)
        right = np.cross(forward, WORLD_UP)
        right /= np.linalg.norm(right)
        down = np.cross(forward, right)
        roll = np.deg2rad(roll_deg)
        right, down = (np.cos(roll) * right + np.sin(roll) * down, -np.sin(roll) * right + np.cos(roll) * down)
        focal_px = 0.5 * width_px / np.tan(np.deg2rad(hfov_deg) / 2)
        return cls(
            width_px=int(width_px),
            height_px=int(height_px),
            focal_px=float(focal_px),
            cx_px=(width_px - 1) / 2,
            cy_px=(height_px - 1) / 2,
            rotation=np.stack([right, down, forward]),
            position_m=np.asarray(position_m, float).copy(),
        )

    @property
    def intrinsics(self) -> np.ndarray:
        """K, (3, 3) float64, pixels."""
        return np.array([[self.focal_px, 0, self.cx_px], [0, self.focal_px, self.cy_px], [0, 0, 1.0]])

    @property
    def translation_m(self) -> np.ndarray:
        """t in x_cam = R x_world + t, (3,) float64, metres."""
        return -self.rotation @ self.position_m

    @property
    def hfov_deg(self) -> float:
        return float(np.rad2deg(2 * np.arctan(0.5 * self.width_px / self.focal_px)))

    def to_camera(self, points_m: np.ndarray) -> np.ndarray:
        """(N, 3) world metres → (N, 3) camera-frame metres (z = depth along the optical axis)."""
        return (np.asarray(points_m, float) - self.position_m) @ self.rotation.T

    def project(self, points_m: np.ndarray) -> np.ndarray:
        """(N, 3) world metres → (N, 2) float64 pixel coordinates (u, v). Points must be in front (z > 0)."""
        cam = self.to_camera(points_m)
        return np.stack(
            [self.focal_px * cam[:, 0] / cam[:, 2] + self.cx_px, self.focal_px * cam[:, 1] / cam[:, 2] + self.cy_px],
            axis=1,
        )

    def pixel_rays(self, scale: float = 1.0) -> np.ndarray:
        """World-frame ray directions (not normalised) through every pixel centre, (H, W, 3) float64.

        `scale` < 1 samples a smaller grid covering the same image (pixel centres of the smaller grid).
        """
        height, width = round(self.height_px * scale), round(self.width_px * scale)
        u = (np.arange(width) + 0.5) / scale - 0.5
        v = (np.arange(height) + 0.5) / scale - 0.5
        uu, vv = np.meshgrid(u, v)
        cam = np.stack([(uu - self.cx_px) / self.focal_px, (vv - self.cy_px) / self.focal_px, np.ones_like(uu)], -1)
        return cam @ self.rotation

    def to_dict(self) -> dict:
        """JSON-ready: intrinsics K, world→camera R and t, position, field of view, image size."""
        return {
            "width_px": self.width_px,
            "height_px": self.height_px,
            "hfov_deg": self.hfov_deg,
            "K": self.intrinsics.tolist(),
            "R": self.rotation.tolist(),
            "t_m": self.translation_m.tolist(),
            "position_m": self.position_m.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Camera:
        K = np.asarray(data["K"], float)
        return cls(
            width_px=int(data["width_px"]),
            height_px=int(data["height_px"]),
            focal_px=float(K[0, 0]),
            cx_px=float(K[0, 2]),
            cy_px=float(K[1, 2]),
            rotation=np.asarray(data["R"], float),
            position_m=np.asarray(data["position_m"], float),
        )
