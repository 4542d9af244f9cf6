"""A phone camera as a pinhole: intrinsics, the body-to-camera rigid transform, projection.

Frames: the camera frame is OpenCV's (x right, y down, z forward, metres); image points are pixels,
pixel centres at integer coordinates as in OpenCV. The body frame is Anny's (metres, Z up, the body faces −Y).
"""

from dataclasses import dataclass

import numpy as np

# Phones in portrait take 3:4 photos with a 60–75° horizontal field of view; without EXIF we assume
# the middle of that range. A wrong guess mostly cancels (see fit.py): sizes come from stature or card.
DEFAULT_HORIZONTAL_FOV_DEG = 67.5
FULL_FRAME_DIAGONAL_MM = 43.27


@dataclass(frozen=True)
class PinholeCamera:
    """Intrinsics of one photo: focal length and principal point in pixels, image size in pixels."""

    focal_px: float
    cx_px: float
    cy_px: float
    width_px: int
    height_px: int

    @classmethod
    def from_image_size(
        cls, width_px: int, height_px: int, *, focal_35mm_mm: float | None = None
    ) -> "PinholeCamera":
        """Intrinsics from EXIF's 35 mm-equivalent focal length (diagonal convention) or a default FOV."""
        if focal_35mm_mm:
            focal_px = focal_35mm_mm / FULL_FRAME_DIAGONAL_MM * float(np.hypot(width_px, height_px))
        else:
            focal_px = 0.5 * width_px / np.tan(np.radians(DEFAULT_HORIZONTAL_FOV_DEG) / 2)
        return cls(float(focal_px), (width_px - 1) / 2, (height_px - 1) / 2, int(width_px), int(height_px))

    def matrix(self) -> np.ndarray:
        """(3, 3) float64 intrinsic matrix K."""
        return np.array([[self.focal_px, 0, self.cx_px], [0, self.focal_px, self.cy_px], [0, 0, 1.0]])

    def project(self, points_cam_m: np.ndarray) -> np.ndarray:
        """(N, 3) camera-frame points (metres, z > 0) → (N, 2) float64 pixel coordinates (u, v)."""
        z = points_cam_m[:, 2]
        return np.stack(
            [self.focal_px * points_cam_m[:, 0] / z + self.cx_px, self.focal_px * points_cam_m[:, 1] / z + self.cy_px],
            axis=1,
        )

    def to_dict(self) -> dict:
        return {
            "focal_px": self.focal_px,
            "cx_px": self.cx_px,
            "cy_px": self.cy_px,
            "width_px": self.width_px,
            "height_px": self.height_px,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "PinholeCamera":
        return cls(**data)


def rotation_matrix(rotvec: np.ndarray) -> np.ndarray:
    """Axis-angle (3,) radians → (3, 3) rotation matrix (Rodrigues)."""
    angle = float(np.linalg.norm(rotvec))
    if angle < 1e-12:
        return np.eye(3)
    axis = rotvec / angle
    cross = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * cross + (1 - np.cos(angle)) * cross @ cross


# Body frame (Z up, facing −Y) seen by a level camera in front of the body (looking along +Y):
# camera x = body x, camera y (down) = −body z, camera z (forward) = body y.
BODY_TO_FRONT_CAMERA = np.array([[1.0, 0, 0], [0, 0, -1.0], [0, 1.0, 0]])


def view_rotation(yaw_deg: float) -> np.ndarray:
    """(3, 3) rotation body → camera for a level camera, the body turned `yaw_deg` counter-clockwise
    (seen from above) about its vertical axis; 0 = facing the camera."""
    yaw = np.radians(yaw_deg)
    turn = np.array([[np.cos(yaw), -np.sin(yaw), 0], [np.sin(yaw), np.cos(yaw), 0], [0, 0, 1.0]])
    return BODY_TO_FRONT_CAMERA @ turn
