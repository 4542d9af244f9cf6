"""Sub-pixel card edges at full resolution: search each side's edge along its normal, fit straight lines to
the four sides away from the rounded corners, and intersect them.

Corner detectors cannot work here: the rounded corner (r = 3.18 mm) has no corner point; the card's
nominal corners are where its straight edges meet, which is what this computes.
"""

from dataclasses import dataclass

import cv2
import numpy as np

_SIDE_SPAN = (0.15, 0.85)  # skip the rounded ends of each side (radius ≈ 4–6 % of a side)
_SAMPLES_PER_SIDE = 32
_MIN_EDGE_STEP = 6.0  # grey levels per pixel: weaker steps are not counted as the card's edge


@dataclass
class RefinedQuad:
    """corners_px: (4, 2) float64 full-resolution px; edge_support: share of side samples with a clear,
    consistently signed edge (0–1); edge_residual_px: RMS distance of edge samples to the fitted lines."""

    corners_px: np.ndarray
    edge_support: float
    edge_residual_px: float
    edge_contrast: float


def refine_quad(grey: np.ndarray, quad_px: np.ndarray, search_px: float) -> RefinedQuad | None:
    """Refine `quad_px` ((4, 2), full-res px, consecutive corners) on `grey` ((H, W) float32, lightly
    smoothed) by searching ±search_px along each side's normal. None when a side has no usable edge."""
    lines, supports, residuals, contrasts = [], [], [], []
    for i in range(4):
        fitted = _fit_side(grey, quad_px[i], quad_px[(i + 1) % 4], search_px)
        if fitted is None:
            return None
        line, support, residual, contrast = fitted
        lines.append(line)
        supports.append(support)
        residuals.append(residual)
        contrasts.append(contrast)
    corners = []
    for i in range(4):
        corner = _intersect(lines[i - 1], lines[i])
        if corner is None:
            return None
        corners.append(corner)
    return RefinedQuad(np.array(corners), float(np.mean(supports)), float(np.sqrt(np.mean(np.square(residuals)))),
                       float(np.median(contrasts)))


def _fit_side(grey, start, end, search_px):
    direction = end - start
    length = float(np.linalg.norm(direction))
    if length < 8:
        return None
    direction /= length
    normal = np.array([-direction[1], direction[0]])
    ts = np.linspace(*_SIDE_SPAN, _SAMPLES_PER_SIDE)
    base = start[None, :] + ts[:, None] * (end - start)[None, :]
    offsets = np.arange(-search_px, search_px + 0.5, 0.5)
    points = base[:, None, :] + offsets[None, :, None] * normal[None, None, :]
    profiles = cv2.remap(
        grey, points[..., 0].astype(np.float32), points[..., 1].astype(np.float32), cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    steps = np.gradient(profiles, 0.5, axis=1)
    # The card's edge has one sign along the whole side (card lighter or darker than what is behind it).
    sign = np.sign(np.sum(np.take_along_axis(steps, np.abs(steps).argmax(axis=1)[:, None], axis=1)))
    signed = steps * (sign if sign != 0 else 1.0)
    best = signed.argmax(axis=1)
    strength = signed[np.arange(len(ts)), best]
    valid = (strength >= _MIN_EDGE_STEP) & (best > 0) & (best < len(offsets) - 1)
    if np.count_nonzero(valid) < 6:
        return None
    rows = np.nonzero(valid)[0]
    left, centre, right = signed[rows, best[rows] - 1], signed[rows, best[rows]], signed[rows, best[rows] + 1]
    denominator = left - 2 * centre + right
    shift = np.where(np.abs(denominator) > 1e-9, 0.5 * (left - right) / denominator, 0.0)
    offset_px = offsets[best[rows]] + 0.5 * np.clip(shift, -1, 1)
    edge_points = base[rows] + offset_px[:, None] * normal[None, :]
    line = cv2.fitLine(edge_points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel().astype(np.float64)
    line_normal = np.array([-line[1], line[0]])
    distances = (edge_points - line[2:]) @ line_normal
    inliers = np.abs(distances) < 1.5
    if np.count_nonzero(inliers) < 6:
        return None
    line = cv2.fitLine(edge_points[inliers].astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    line = line.astype(np.float64)
    line_normal = np.array([-line[1], line[0]])
    distances = (edge_points[inliers] - line[2:]) @ line_normal
    support = np.count_nonzero(inliers) / len(ts)
    return line, support, float(np.sqrt(np.mean(distances**2))), float(np.median(strength[valid]))


def _intersect(line_a: np.ndarray, line_b: np.ndarray) -> np.ndarray | None:
    """Intersection of two lines given as (vx, vy, x0, y0)."""
    matrix = np.array([[line_a[0], -line_b[0]], [line_a[1], -line_b[1]]])
    if abs(np.linalg.det(matrix)) < 1e-6:
        return None
    t, _ = np.linalg.solve(matrix, line_b[2:] - line_a[2:])
    return line_a[2:] + t * line_a[:2]
