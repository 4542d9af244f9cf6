"""Geometry of the ID-1 card (ISO/IEC 7810: 85.60 × 53.98 mm): corner order, homography to the card plane,
local scale and the card's 3-D pose for a known camera."""

from dataclasses import dataclass

import cv2
import numpy as np

CARD_WIDTH_MM = 85.60
CARD_HEIGHT_MM = 53.98
CARD_ASPECT = CARD_WIDTH_MM / CARD_HEIGHT_MM
CARD_CORNER_RADIUS_MM = 3.18

# The card's corners in its own plane (mm, x along the long edge, y along the short edge), in the order of
# `order_card_corners`: the corners are the intersections of the straight edges (not the rounded arcs).
CARD_CORNERS_MM = np.array(
    [[0.0, 0.0], [CARD_WIDTH_MM, 0.0], [CARD_WIDTH_MM, CARD_HEIGHT_MM], [0.0, CARD_HEIGHT_MM]]
)


def order_card_corners(corners_px: np.ndarray) -> np.ndarray:
    """Put four corners ((4, 2), image px) in the fixed order used everywhere: clockwise on screen, corner 0→1
    along a long edge, that edge being the upper one (card held landscape) or the left one (portrait)."""
    corners = np.asarray(corners_px, dtype=np.float64).reshape(4, 2)
    centre = corners.mean(axis=0)
    corners = corners[np.argsort(np.arctan2(corners[:, 1] - centre[1], corners[:, 0] - centre[0]))]
    lengths = np.linalg.norm(corners - np.roll(corners, -1, axis=0), axis=1)
    if lengths[0] + lengths[2] < lengths[1] + lengths[3]:
        corners = np.roll(corners, -1, axis=0)
    edge = corners[1] - corners[0]
    axis = 1 if abs(edge[0]) >= abs(edge[1]) else 0  # compare y for a horizontal edge, x for a vertical one
    if corners[2:4, axis].mean() < corners[0:2, axis].mean():
        corners = np.roll(corners, -2, axis=0)
    return corners


def homography_px_to_mm(corners_px: np.ndarray) -> np.ndarray:
    """(3, 3) homography from image px to card-plane mm, for corners in `order_card_corners` order."""
    return cv2.getPerspectiveTransform(corners_px.astype(np.float32), CARD_CORNERS_MM.astype(np.float32)).astype(
        np.float64
    )


def local_scale_mm_per_px(homography: np.ndarray, point_px: np.ndarray) -> float:
    """Millimetres per pixel on the card plane at `point_px` (2,): the square root of the area scale of the
    homography's Jacobian there (a geometric mean over directions)."""
    x, y = float(point_px[0]), float(point_px[1])
    h = homography
    w = h[2, 0] * x + h[2, 1] * y + h[2, 2]
    u = (h[0, 0] * x + h[0, 1] * y + h[0, 2]) / w
    v = (h[1, 0] * x + h[1, 1] * y + h[1, 2]) / w
    jacobian = np.array(
        [[h[0, 0] - u * h[2, 0], h[0, 1] - u * h[2, 1]], [h[1, 0] - v * h[2, 0], h[1, 1] - v * h[2, 1]]]
    ) / w
    return float(np.sqrt(abs(np.linalg.det(jacobian))))


@dataclass
class CardPose:
    """The card's pose in the camera frame (OpenCV: x right, y down, z forward), millimetres.

    rotation: (3, 3) card plane → camera; translation_mm: (3,) card centre in camera coordinates;
    normal: (3,) unit normal of the card facing the camera; reprojection_error_px: RMS over the corners.
    """

    rotation: np.ndarray
    translation_mm: np.ndarray
    normal: np.ndarray
    reprojection_error_px: float

    @property
    def distance_mm(self) -> float:
        return float(np.linalg.norm(self.translation_mm))

    @property
    def tilt_deg(self) -> float:
        """Angle between the card's normal and the line of sight to its centre."""
        sight = -self.translation_mm / np.linalg.norm(self.translation_mm)
        return float(np.degrees(np.arccos(np.clip(abs(self.normal @ sight), -1.0, 1.0))))


def card_pose(corners_px: np.ndarray, camera_matrix: np.ndarray, dist_coeffs: np.ndarray | None = None) -> CardPose:
    """Pose of the card from its four ordered corners ((4, 2) px) and the intrinsic matrix K (3, 3), with
    OpenCV's IPPE solver for planar squares/rectangles."""
    object_points = np.column_stack([CARD_CORNERS_MM - CARD_CORNERS_MM.mean(axis=0), np.zeros(4)])
    image_points = np.asarray(corners_px, dtype=np.float64).reshape(4, 1, 2)
    ok, rvec, tvec = cv2.solvePnP(
        object_points, image_points, camera_matrix, dist_coeffs, flags=cv2.SOLVEPNP_IPPE
    )
    if not ok:
        raise ValueError("solvePnP found no pose for the card corners")
    rotation, _ = cv2.Rodrigues(rvec)
    projected, _ = cv2.projectPoints(object_points, rvec, tvec, camera_matrix, dist_coeffs)
    error = float(np.sqrt(np.mean(np.sum((projected.reshape(4, 2) - image_points.reshape(4, 2)) ** 2, axis=1))))
    normal = rotation[:, 2]
    if normal @ tvec.ravel() > 0:  # make it point back towards the camera
        normal = -normal
    return CardPose(rotation, tvec.ravel(), normal, error)
