"""Sub-pixel card edges at full resolution: search each side's edge along its normal, fit straight lines to
the four sides away from the rounded corners, and intersect them.

Corner detectors cannot work here: the rounded corner (r = 3.18 mm) has no corner point; the card's
nominal corners are where its straight edges meet, which is what this computes.
"""

import itertools
from dataclasses import dataclass

import cv2
import numpy as np

from tapeless.calibration.card_candidates import intersect_lines
from tapeless.calibration.card_geometry import CARD_CORNER_RADIUS_MM, CARD_WIDTH_MM

_SIDE_SPAN = (0.15, 0.85)  # skip the rounded ends of each side (radius ≈ 4–6 % of a side)
_SAMPLES_PER_SIDE = 32
_RANSAC_TRIALS = 120
_RANSAC_TOLERANCE_PX = 0.75
# Big enough to see, yet no corner shows a clean two-colour rounding: more likely a composite of shapes.
_UNREADABLE_CORNERS_ROUNDNESS = 0.2
_SIDEDNESS_OFFSET_FRACTION = 0.08  # of the short side: past a drawn line's width, still on the card
_MIN_EDGE_STEP = 6.0  # colour levels per pixel: weaker steps are not counted as the card's edge


@dataclass
class RefinedQuad:
    """corners_px: (4, 2) float64 full-resolution px; edge_support: mean share of side samples on the fitted
    edges (0–1); edge_residual_px: RMS distance of edge samples to the fitted lines; edge_contrast: median
    colour step across the edges (levels per px)."""

    corners_px: np.ndarray
    edge_support: float
    edge_residual_px: float
    edge_contrast: float


@dataclass
class _SideFit:
    line: np.ndarray  # (vx, vy, x0, y0)
    support: float
    residual_px: float
    contrast: float


def refine_quad(image: np.ndarray, quad_px: np.ndarray, search_px: float, polish: bool = False) -> list[RefinedQuad]:
    """Refined versions of `quad_px` ((4, 2), px, consecutive corners) on `image` ((H, W, 3) float32 RGB,
    lightly smoothed), searching ±search_px along each side's normal; empty when a side has no usable edge.

    Edge strength is the colour step (Euclidean over channels), so isoluminant edges count too. A side can
    see two parallel straight edges (a printed line inside the card, or a background edge just outside
    it): both are kept and every combination is returned, for the caller's shape score to choose. A `polish`
    pass, started from a refined quad, keeps only the edge nearest to each side.
    """
    centre = quad_px.mean(axis=0)
    per_side = [_side_fits(image, quad_px[i], quad_px[(i + 1) % 4], search_px, centre, polish) for i in range(4)]
    if not all(per_side):
        return []
    quads = []
    for choice in itertools.product(*per_side):
        corners = [intersect_lines(choice[i - 1].line, choice[i].line) for i in range(4)]
        if any(corner is None for corner in corners):
            continue
        quads.append(RefinedQuad(
            np.array(corners),
            float(np.mean([fit.support for fit in choice])),
            float(np.sqrt(np.mean([fit.residual_px**2 for fit in choice]))),
            float(np.median([fit.contrast for fit in choice])),
        ))
    return quads


def _side_fits(image, start, end, search_px, centre_px, polish) -> list[_SideFit]:
    direction = end - start
    length = float(np.linalg.norm(direction))
    if length < 8:
        return []
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
    gradient = np.gradient(profiles, 0.5, axis=1).reshape(len(ts), len(offsets), -1)
    # The step is measured along the colour change across each row (outer end minus inner end): the card's
    # edge then counts positive whatever the background behind that row, while the overshoot halos of an
    # in-camera sharpening filter, of opposite sign, do not count as edges.
    across = (profiles[:, -1] - profiles[:, 0]).reshape(len(ts), -1)
    across_norm = np.linalg.norm(across, axis=1, keepdims=True)
    direction_of_change = np.where(across_norm > _MIN_EDGE_STEP, across / np.maximum(across_norm, 1e-9), 0.0)
    # A step whose colour change is not the row's overall one (the inner end can land on printing) still
    # counts, at half weight: enough to be found, too little for a halo to compete with the main step.
    steps = np.maximum(np.einsum("roc,rc->ro", gradient, direction_of_change),
                       0.5 * np.linalg.norm(gradient, axis=2))
    unsigned_rows = across_norm[:, 0] <= _MIN_EDGE_STEP
    steps[unsigned_rows] = np.linalg.norm(gradient[unsigned_rows], axis=2)
    peaks = steps >= np.maximum(_MIN_EDGE_STEP, 0.2 * steps.max(axis=1, keepdims=True))
    peaks[:, 1:-1] &= (steps[:, 1:-1] >= steps[:, :-2]) & (steps[:, 1:-1] >= steps[:, 2:])
    outward_sign = 1.0 if (base.mean(axis=0) - centre_px) @ normal > 0 else -1.0
    fits = []
    for best in _edge_hypotheses(peaks, offsets, ts * length, outward_sign, polish):
        fit = _fit_line(steps, best, base, offsets, normal)
        if fit is not None:
            fits.append(fit)
    return fits


def _edge_hypotheses(peaks: np.ndarray, offsets: np.ndarray, along_px: np.ndarray, outward_sign: float,
                     polish: bool) -> list[np.ndarray]:
    """Per-row peak choices (indices into `offsets`, 0 = none), one array per straight-edge hypothesis.

    peaks: (rows, offsets) bool local maxima of the colour step. Straight edges are found by RANSAC in
    (along, offset) space. Among the edges seen by nearly as many rows as the best one, the outermost (the
    card's border lies outside its printing), the best-supported and the nearest (a background edge can run
    just outside the border) are returned when distinct; when polishing, only the nearest."""
    rows, columns = np.nonzero(peaks)
    if len(np.unique(rows)) < 6:
        return []
    along, offset = along_px[rows], offsets[columns]
    rng = np.random.default_rng(0)
    first, second = rng.integers(0, len(rows), (2, _RANSAC_TRIALS))
    usable = rows[first] != rows[second]
    first, second = first[usable], second[usable]
    slope = (offset[second] - offset[first]) / (along[second] - along[first])
    intercept = offset[first] - slope * along[first]
    distance = np.abs(offset[None, :] - (intercept[:, None] + slope[:, None] * along[None, :]))
    close = distance <= _RANSAC_TOLERANCE_PX
    support = np.array([len(np.unique(rows[hit])) for hit in close])
    if support.size == 0 or support.max() < 6:
        return []
    at_middle = intercept + slope * along_px.mean()
    strong = np.flatnonzero(support >= 0.8 * support.max())
    nearest = strong[np.argmin(np.abs(at_middle[strong]))]
    if polish:
        chosen = [nearest]
    else:
        chosen = []
        for line in (strong[np.argmax(outward_sign * at_middle[strong])], int(np.argmax(support)), nearest):
            if all(abs(at_middle[line] - at_middle[other]) > 2 * _RANSAC_TOLERANCE_PX for other in chosen):
                chosen.append(line)
    hypotheses = []
    for line in chosen:
        best = np.zeros(peaks.shape[0], dtype=int)
        order = np.argsort(distance[line])
        for index in order[close[line][order]]:
            if best[rows[index]] == 0:
                best[rows[index]] = columns[index]
        hypotheses.append(best)
    return hypotheses


def _fit_line(steps, best, base, offsets, normal) -> _SideFit | None:
    """Sub-pixel edge points from the chosen peaks (parabola through the step maxima), and a line fit."""
    n_rows = len(best)
    strength = steps[np.arange(n_rows), best]
    valid = (best > 0) & (best < len(offsets) - 1) & (strength >= _MIN_EDGE_STEP)
    if np.count_nonzero(valid) < 6:
        return None
    rows = np.nonzero(valid)[0]
    left, centre, right = steps[rows, best[rows] - 1], steps[rows, best[rows]], steps[rows, best[rows] + 1]
    denominator = left - 2 * centre + right
    shift = np.divide(0.5 * (left - right), denominator, out=np.zeros_like(denominator),
                      where=np.abs(denominator) > 1e-9)
    offset_px = offsets[best[rows]] + 0.5 * np.clip(shift, -1, 1)
    edge_points = base[rows] + offset_px[:, None] * normal[None, :]
    line = cv2.fitLine(edge_points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel().astype(np.float64)
    distances = (edge_points - line[2:]) @ np.array([-line[1], line[0]])
    inliers = np.abs(distances) < 1.5
    if np.count_nonzero(inliers) < 6:
        return None
    line = cv2.fitLine(edge_points[inliers].astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    line = line.astype(np.float64)
    distances = (edge_points[inliers] - line[2:]) @ np.array([-line[1], line[0]])
    return _SideFit(line, np.count_nonzero(inliers) / n_rows, float(np.sqrt(np.mean(distances**2))),
                    float(np.median(strength[valid])))


def corner_roundness(image: np.ndarray, corners_px: np.ndarray) -> float | None:
    """How rounded the quad's corners look (0 sharp – 1 rounded like a card's), or None when the corner
    radius is under 2.5 px and cannot be seen.

    image: (H, W, 3) float32 smoothed RGB; corners_px: (4, 2) consecutive corners where the straight edges
    meet. At that point a sharp rectangle still covers a quarter of the pixel's surroundings; a card, whose
    3.18 mm arc passes 0.41 r inside it, covers almost none.
    """
    lengths = np.linalg.norm(corners_px - np.roll(corners_px, -1, axis=0), axis=1)
    long_px = max(lengths[0] + lengths[2], lengths[1] + lengths[3]) / 2
    radius_px = CARD_CORNER_RADIUS_MM / CARD_WIDTH_MM * long_px
    if radius_px < 2.5:
        return None
    scores = []
    for i in range(4):
        corner = corners_px[i]
        towards_next = (corners_px[(i + 1) % 4] - corner) / lengths[i]
        towards_previous = (corners_px[i - 1] - corner) / lengths[i - 1]
        diagonal = radius_px * (towards_next + towards_previous)
        # Close references (inside past the arc, just outside the corner): far ones land on other things.
        samples = np.array([corner, corner + 1.0 * diagonal, corner - 0.6 * diagonal], np.float32)
        values = cv2.remap(image, samples[:, None, 0], samples[:, None, 1], cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE).reshape(3, -1)
        at_corner, inside, outside = values
        contrast = float(np.linalg.norm(inside - outside))
        if contrast < 10:
            continue
        covered = float((at_corner - outside) @ (inside - outside) / contrast**2)
        off_line = float(np.linalg.norm(at_corner - outside - covered * (inside - outside)))
        if off_line > 0.2 * contrast or covered < -0.15:
            continue  # a third colour at the corner (a line, another object): this corner cannot tell
        scores.append(1.0 - float(np.clip(covered / 0.25, 0.0, 1.0)))
    if not scores:
        return _UNREADABLE_CORNERS_ROUNDNESS
    # A card has four rounded corners; a notch where two rectangles overlap makes only one look rounded.
    scores.sort()
    return scores[1] if len(scores) >= 3 else scores[0]


def edge_sidedness(image: np.ndarray, corners_px: np.ndarray) -> float:
    """Smallest, over the four sides, of the mean colour difference between points just inside and just
    outside the side (levels). A card's sides separate its face from the background; a quad formed by four
    crossing lines or stripes has the same colour on both sides of its 'edges'.

    image: (H, W, 3) float32 smoothed RGB; corners_px: (4, 2) consecutive corners.
    """
    centre = corners_px.mean(axis=0)
    lengths = np.linalg.norm(corners_px - np.roll(corners_px, -1, axis=0), axis=1)
    step_px = max(3.0, _SIDEDNESS_OFFSET_FRACTION * float(lengths.min()))
    ts = np.linspace(0.2, 0.8, 16)[:, None]
    differences = []
    for i in range(4):
        start, end = corners_px[i], corners_px[(i + 1) % 4]
        direction = (end - start) / max(np.linalg.norm(end - start), 1e-9)
        normal = np.array([-direction[1], direction[0]])
        if (0.5 * (start + end) - centre) @ normal < 0:
            normal = -normal
        points = start + ts * (end - start)
        samples = np.concatenate([points - step_px * normal, points + step_px * normal]).astype(np.float32)
        values = cv2.remap(image, samples[:, None, 0], samples[:, None, 1], cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE).reshape(len(samples), -1)
        inside, outside = values[: len(points)], values[len(points):]
        differences.append(float(np.mean(np.linalg.norm(inside - outside, axis=1))))
    return min(differences)
