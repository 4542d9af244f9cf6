"""Rough card outlines in a downscaled grey image: several binarisations, contours, four-cornered hulls.

Each way of binarising catches cards another misses (a white card on a white shirt has edges but no
threshold; a dark card on skin has both), so all are tried and the refinement step judges the results.
"""

import cv2
import numpy as np

from tapeless.calibration.card_geometry import CARD_ASPECT

_MIN_AREA_FRACTION = 0.0002  # of the searched image: a card is small in a full-body photo, but not tiny
_MAX_AREA_FRACTION = 0.25
_MIN_AREA_PX2 = 300.0
_APPROX_EPSILONS = (0.015, 0.025, 0.04)
_ASPECT_RANGE = (CARD_ASPECT / 1.35, CARD_ASPECT * 1.35)
_MAX_ANGLE_DEVIATION_DEG = 35.0


def binary_maps(grey: np.ndarray) -> list[np.ndarray]:
    """Binary images (uint8 0/255, same shape as `grey` (h, w) uint8) whose contours may trace the card."""
    smooth = cv2.GaussianBlur(grey, (5, 5), 0)
    median = float(np.median(smooth))
    maps = []
    for low, high in ((0.5 * median, 1.2 * median), (20, 60), (50, 150)):
        edges = cv2.Canny(smooth, max(5.0, low), max(15.0, high), L2gradient=True)
        maps.append(cv2.dilate(edges, np.ones((3, 3), np.uint8)))
    short_side = min(grey.shape)
    for fraction in (0.05, 0.2):
        block = max(11, int(short_side * fraction) | 1)
        for kind, offset in ((cv2.THRESH_BINARY, -6), (cv2.THRESH_BINARY_INV, 6)):
            maps.append(cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, kind, block, offset))
    _, otsu = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    maps.extend([otsu, 255 - otsu])
    return maps


def quads_in(binary: np.ndarray) -> list[np.ndarray]:
    """Convex four-cornered outlines ((4, 2) float64 px) of card-like shape among the contours of `binary`."""
    image_area = binary.shape[0] * binary.shape[1]
    min_area = max(_MIN_AREA_PX2, _MIN_AREA_FRACTION * image_area)
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if not min_area <= area <= _MAX_AREA_FRACTION * image_area:
            continue
        hull = cv2.convexHull(contour)
        if area < 0.85 * cv2.contourArea(hull):
            continue
        quad = _four_corners(hull)
        if quad is not None and is_card_shaped(quad):
            quads.append(quad)
    return quads


def _four_corners(hull: np.ndarray) -> np.ndarray | None:
    perimeter = cv2.arcLength(hull, True)
    for epsilon in _APPROX_EPSILONS:
        approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float64)
        if len(approx) < 4:
            return None
    return None


def is_card_shaped(quad: np.ndarray) -> bool:
    """True when the convex quad (4, 2) has a card's aspect (tolerant to tilt) and no very skewed angle."""
    return bool(_ASPECT_RANGE[0] <= aspect_ratio(quad) <= _ASPECT_RANGE[1] and max_angle_deviation_deg(quad)
                <= _MAX_ANGLE_DEVIATION_DEG)


def aspect_ratio(quad: np.ndarray) -> float:
    """Mean of the longer pair of opposite sides over the mean of the shorter pair (1 = square)."""
    lengths = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
    pair_a, pair_b = lengths[0] + lengths[2], lengths[1] + lengths[3]
    return float(max(pair_a, pair_b) / max(min(pair_a, pair_b), 1e-9))


def max_angle_deviation_deg(quad: np.ndarray) -> float:
    """Largest deviation of an interior angle from 90° (infinite when the quad is not convex)."""
    deviations = []
    cross_signs = []
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cosine = u @ v / max(np.linalg.norm(u) * np.linalg.norm(v), 1e-9)
        deviations.append(abs(np.degrees(np.arccos(np.clip(cosine, -1, 1))) - 90.0))
        cross_signs.append(np.sign(u[0] * v[1] - u[1] * v[0]))
    return float(max(deviations)) if len(set(cross_signs)) == 1 else float("inf")
