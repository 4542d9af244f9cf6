"""Signed distance to a silhouette's boundary, sampled at sub-pixel positions.

The fit pulls projected outline vertices onto the person's outline; this field tells each one how far
(pixels, positive outside the person) and in which direction it is off. Soft masks (per-pixel person
coverage in [0, 1], as a refined matte gives) place the boundary inside the edge pixels, which matters:
each pixel of outline error costs 1–1.5 cm of girth.
"""

from dataclasses import dataclass

import cv2
import numpy as np

CROP_MARGIN_PX = 48


@dataclass(frozen=True)
class ContourField:
    """Signed distance field over a crop of the photo.

    `distance_px`: (H, W) float32, pixels, negative inside the person; `origin_px`: (x, y) of the crop's
    top-left pixel in the photo.
    """

    distance_px: np.ndarray
    origin_px: tuple[int, int]

    @classmethod
    def from_mask(cls, mask: np.ndarray) -> "ContourField":
        """From a (H, W) person mask: bool/uint8 (0 or nonzero) or float coverage in [0, 1]."""
        coverage = _coverage(mask)
        rows, cols = np.nonzero(coverage > 0.5)
        if rows.size == 0:
            raise ValueError("the silhouette mask is empty")
        height, width = coverage.shape
        y0, y1 = max(rows.min() - CROP_MARGIN_PX, 0), min(rows.max() + CROP_MARGIN_PX + 1, height)
        x0, x1 = max(cols.min() - CROP_MARGIN_PX, 0), min(cols.max() + CROP_MARGIN_PX + 1, width)
        crop = coverage[y0:y1, x0:x1]
        inside = (crop > 0.5).astype(np.uint8)
        # Distance from each pixel centre to the nearest pixel centre of the other class, minus half a
        # pixel: the boundary of a hard mask lies half-way between the two centres.
        outside_px = cv2.distanceTransform(1 - inside, cv2.DIST_L2, cv2.DIST_MASK_PRECISE) - 0.5
        inside_px = cv2.distanceTransform(inside, cv2.DIST_L2, cv2.DIST_MASK_PRECISE) - 0.5
        distance = np.where(inside > 0, -inside_px, outside_px).astype(np.float32)
        # Partial coverage on the edge band: a pixel c covered is (0.5 − c) px from a straight boundary.
        band = (crop > 0.02) & (crop < 0.98) & (np.abs(distance) < 1.0)
        distance[band] = 0.5 - crop[band]
        return cls(distance, (int(x0), int(y0)))

    def sample(self, points_px: np.ndarray) -> np.ndarray:
        """(N, 2) photo pixel coordinates (u, v) → (N,) float64 signed distances in pixels (bilinear).

        Points beyond the crop are clamped to its border and their excess distance is added, which keeps
        the field monotone far outside the person.
        """
        height, width = self.distance_px.shape
        local = points_px - np.asarray(self.origin_px, dtype=float)
        clamped = np.clip(local, 0.0, [width - 1.000001, height - 1.000001])
        excess = np.linalg.norm(local - clamped, axis=1)
        x0 = np.floor(clamped[:, 0]).astype(int)
        y0 = np.floor(clamped[:, 1]).astype(int)
        fx = clamped[:, 0] - x0
        fy = clamped[:, 1] - y0
        d = self.distance_px
        top = d[y0, x0] * (1 - fx) + d[y0, x0 + 1] * fx
        bottom = d[y0 + 1, x0] * (1 - fx) + d[y0 + 1, x0 + 1] * fx
        return (top * (1 - fy) + bottom * fy).astype(np.float64) + excess


def _coverage(mask: np.ndarray) -> np.ndarray:
    if mask.dtype == bool or np.issubdtype(mask.dtype, np.integer):
        return (mask > 0).astype(np.float32) if mask.max() <= 1 else mask.astype(np.float32) / 255.0
    return np.clip(mask.astype(np.float32), 0.0, 1.0)
