"""Rough card outlines in a downscaled grey image: several binarisations, contours, four-cornered hulls.

Each way of binarising catches cards another misses (a white card on a white shirt has edges but no
threshold; a dark card on skin has both), so all are tried and the refinement step judges the results.
"""

import cv2
import numpy as np

from tapeless.calibration.card_geometry import CARD_ASPECT

_MIN_AREA_FRACTION = 0.0002  # of the searched image: a card is small in a full-body photo, but not tiny
_MAX_AREA_FRACTION = 0.25
_MIN_SOLIDITY = 0.6  # printed designs touching the border bite into the outline; the hull still fits
_MIN_AREA_PX2 = 120.0  # a 15 × 9 px card: what a full-body photo from 3 m away shows
_APPROX_EPSILONS = (0.015, 0.025, 0.04)
_ASPECT_RANGE = (CARD_ASPECT / 1.35, CARD_ASPECT * 1.35)
_MAX_ANGLE_DEVIATION_DEG = 35.0


def binary_maps(rgb: np.ndarray) -> list[np.ndarray]:
    """Binary images (uint8 0/255, (h, w)) whose contours may trace the card in `rgb` ((h, w, 3) uint8)."""
    smooth_rgb = cv2.GaussianBlur(rgb, (5, 5), 0)
    smooth = cv2.cvtColor(smooth_rgb, cv2.COLOR_RGB2GRAY)
    maps = [cv2.dilate(edges, np.ones((3, 3), np.uint8)) for edges in colour_edges(smooth_rgb)]
    short_side = min(smooth.shape)
    for fraction in (0.05, 0.2):
        block = max(11, int(short_side * fraction) | 1)
        for kind, offset in ((cv2.THRESH_BINARY, -6), (cv2.THRESH_BINARY_INV, 6)):
            maps.append(cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, kind, block, offset))
    _, otsu = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    maps.extend([otsu, 255 - otsu])
    return maps


def colour_edges(rgb: np.ndarray) -> list[np.ndarray]:
    """Canny edges of any colour channel, at two thresholds: these also find a grey card on a green shirt,
    which has no edge at all in the grey image."""
    channels = cv2.split(rgb)
    maps = []
    for low, high in ((15, 45), (40, 120)):
        edges = cv2.Canny(channels[0], low, high, L2gradient=True)
        for channel in channels[1:]:
            edges |= cv2.Canny(channel, low, high, L2gradient=True)
        maps.append(edges)
    return maps


def quads_in(binary: np.ndarray) -> list[np.ndarray]:
    """Convex four-cornered outlines ((4, 2) float64 px) of card-like shape among the contours of `binary`."""
    image_area = binary.shape[0] * binary.shape[1]
    min_area = max(_MIN_AREA_PX2, _MIN_AREA_FRACTION * image_area)
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    quads = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if not min_area <= area <= _MAX_AREA_FRACTION * image_area:
            continue
        hull = cv2.convexHull(contour)
        if area < _MIN_SOLIDITY * cv2.contourArea(hull):
            continue
        quad = _four_corners(hull)
        if quad is None:  # a small, blurred outline rarely simplifies to four vertices: start from its box
            quad = cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float64)
        quad = _fit_sides(contour.reshape(-1, 2).astype(np.float64), quad)
        if quad is not None and is_card_shaped(quad):
            quads.append(quad)
    return quads


def _fit_sides(points: np.ndarray, quad: np.ndarray) -> np.ndarray | None:
    """Re-fit each side of the rough `quad` (4, 2) as a line through the contour `points` (N, 2) along its
    middle 70 % (clear of the rounded corners), and intersect neighbouring lines."""
    lines = []
    for i in range(4):
        start, end = quad[i], quad[(i + 1) % 4]
        length = np.linalg.norm(end - start)
        direction = (end - start) / max(length, 1e-9)
        normal = np.array([-direction[1], direction[0]])
        along = (points - start) @ direction / max(length, 1e-9)
        across = np.abs((points - start) @ normal)
        near = points[(along > 0.15) & (along < 0.85) & (across < max(2.0, 0.03 * length))]
        if len(near) < 5:
            return None
        lines.append(cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel())
    corners = [intersect_lines(lines[i - 1], lines[i]) for i in range(4)]
    if any(corner is None for corner in corners):
        return None
    return np.array(corners)


def intersect_lines(line_a: np.ndarray, line_b: np.ndarray) -> np.ndarray | None:
    """Intersection of two lines given as (vx, vy, x0, y0); None when they are (nearly) parallel."""
    line_a, line_b = np.asarray(line_a, np.float64), np.asarray(line_b, np.float64)
    matrix = np.array([[line_a[0], -line_b[0]], [line_a[1], -line_b[1]]])
    if abs(np.linalg.det(matrix)) < 1e-6:
        return None
    t, _ = np.linalg.solve(matrix, line_b[2:] - line_a[2:])
    return line_a[2:] + t * line_a[:2]


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


def rectified_aspect_ratio(quad: np.ndarray, focal_px: float, centre_px: np.ndarray) -> float:
    """Long-over-short side ratio of the real rectangle imaged as the convex `quad` ((4, 2) px, consecutive
    corners), for a pinhole camera of focal length `focal_px` and principal point `centre_px` (Zhang & He,
    "Whiteboard scanning", 2007). Falls back to the image ratio when the quad is a parallelogram."""
    m1, m2, m4, m3 = (np.array([p[0], p[1], 1.0]) for p in quad)
    k2 = np.cross(m1, m4) @ m3 / (np.cross(m2, m4) @ m3)
    k3 = np.cross(m1, m4) @ m2 / (np.cross(m3, m4) @ m2)
    n2, n3 = k2 * m2 - m1, k3 * m3 - m1
    intrinsics = np.array([[focal_px, 0, centre_px[0]], [0, focal_px, centre_px[1]], [0, 0, 1.0]])
    metric = np.linalg.inv(intrinsics @ intrinsics.T)
    ratio_squared = (n2 @ metric @ n2) / (n3 @ metric @ n3)
    if not np.isfinite(ratio_squared) or ratio_squared <= 0:
        return aspect_ratio(quad)
    ratio = float(np.sqrt(ratio_squared))
    return max(ratio, 1.0 / ratio)


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
