"""Sub-pixel card edges at full resolution: search each side's edge along its normal, fit straight lines to
the four sides away from the rounded corners, and intersect them.

Corner detectors cannot work here: the rounded corner (r = 3.18 mm) has no corner point; the card's
nominal corners are where its straight edges meet, which is what this computes.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from tapeless.calibration.card_candidates import intersect_lines

_SIDE_SPAN = (0.15, 0.85)  # skip the rounded ends of each side (radius ≈ 4–6 % of a side)
_SAMPLES_PER_SIDE = 32
_MIN_EDGE_STEP = 6.0  # colour levels per pixel: weaker steps are not counted as the card's edge


@dataclass
class RefinedQuad:
    """corners_px: (4, 2) float64 full-resolution px; edge_support: share of side samples with a clear,
    consistently signed edge (0–1); edge_residual_px: RMS distance of edge samples to the fitted lines."""

    corners_px: np.ndarray
    edge_support: float
    edge_residual_px: float
    edge_contrast: float


def refine_quad(image: np.ndarray, quad_px: np.ndarray, search_px: float) -> RefinedQuad | None:
    """Refine `quad_px` ((4, 2), full-res px, consecutive corners) on `image` ((H, W, 3) float32 RGB, lightly
    smoothed) by searching ±search_px along each side's normal. None when a side has no usable edge.
    Edge strength is the colour step (Euclidean over channels), so isoluminant edges count too."""
    lines, supports, residuals, contrasts = [], [], [], []
    for i in range(4):
        fitted = _fit_side(image, quad_px[i], quad_px[(i + 1) % 4], search_px, quad_px.mean(axis=0))
        if fitted is None:
            return None
        line, support, residual, contrast = fitted
        lines.append(line)
        supports.append(support)
        residuals.append(residual)
        contrasts.append(contrast)
    corners = []
    for i in range(4):
        corner = intersect_lines(lines[i - 1], lines[i])
        if corner is None:
            return None
        corners.append(corner)
    return RefinedQuad(np.array(corners), float(np.mean(supports)), float(np.sqrt(np.mean(np.square(residuals)))),
                       float(np.median(contrasts)))


def _fit_side(image, start, end, search_px, centre_px):
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
        image, points[..., 0].astype(np.float32), points[..., 1].astype(np.float32), cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    steps = np.linalg.norm(np.gradient(profiles, 0.5, axis=1).reshape(len(ts), len(offsets), -1), axis=2)
    # Either sign: the background behind one side can be lighter at one end and darker at the other. Of the
    # strong steps, take the outermost: printed lines and embossed digits near the border can be stronger
    # than the border itself, but they are all inside it.
    peaks = steps >= np.maximum(_MIN_EDGE_STEP, 0.2 * steps.max(axis=1, keepdims=True))
    peaks[:, 1:-1] &= (steps[:, 1:-1] >= steps[:, :-2]) & (steps[:, 1:-1] >= steps[:, 2:])
    outwardness = offsets if (base.mean(axis=0) - centre_px) @ normal > 0 else -offsets
    best = np.where(peaks, outwardness[None, :], -np.inf).argmax(axis=1)
    strength = steps[np.arange(len(ts)), best]
    signed = steps
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
