"""Find the ID-1 card in a photo: rough outlines at working resolution, sub-pixel refinement at full
resolution, then a score from edge support, shape and size; the best one gives the scale."""

from dataclasses import dataclass

import cv2
import numpy as np

from tapeless.calibration.card_candidates import (
    aspect_ratio,
    binary_maps,
    is_card_shaped,
    max_angle_deviation_deg,
    quads_in,
    rectified_aspect_ratio,
)
from tapeless.calibration.card_geometry import (
    CARD_ASPECT,
    homography_px_to_mm,
    local_scale_mm_per_px,
    order_card_corners,
)
from tapeless.calibration.card_refine import corner_roundness, edge_sidedness, refine_quad
from tapeless.calibration.errors import CardNotFound

_WORKING_LONG_SIDES_PX = (960, 1600)  # two scales: a far card is tiny at the first, noisy edges fool the second
_MAX_CANDIDATES_REFINED = 200
_MIN_CONFIDENCE = 0.45
_FOCAL_LENGTH_GUESSES = (0.5, 0.7, 1.0, 1.4)  # × the image's long side: ultra-wide to 2× tele
_UNSEEN_CORNER_TERM = 0.6
_TILT_ASPECT_TOLERANCE = 0.1  # log-aspect change of a card tilted ~25° about one axis
_CARD_SHARE_OF_PERSON_HEIGHT = (0.03, 0.075)  # 85.6 mm tilted up to ~40°, over 2.1 m … 1.15 m
_IMPLAUSIBLE_SIZE_TERM = 0.3
_MIN_SIDE_CONTRAST = 12.0  # colour levels between the card's face and what is behind it


@dataclass
class CardDetection:
    """The card found in a photo.

    corners_px: (4, 2) float64 image px in `order_card_corners` order (the intersections of the straight
    edges). homography_px_to_mm: (3, 3) image px → card plane mm (corner 0 at the origin, x along edge 0→1).
    scale_mm_per_px: card-plane millimetres per pixel at the card centre. confidence: 0–1.
    region_box_px: (x0, y0, x1, y1) int bounding box of the card, exclusive ends.
    """

    corners_px: np.ndarray
    homography_px_to_mm: np.ndarray
    scale_mm_per_px: float
    confidence: float
    edge_residual_px: float
    region_box_px: tuple[int, int, int, int]

    def to_dict(self) -> dict:
        return {
            "corners_px": np.round(self.corners_px, 3).tolist(),
            "scale_mm_per_px": round(self.scale_mm_per_px, 6),
            "confidence": round(self.confidence, 3),
            "region_box_px": list(self.region_box_px),
        }

    def mask(self, shape: tuple[int, ...]) -> np.ndarray:
        """(H, W) bool mask of the card's pixels for an image of `shape`."""
        mask = np.zeros(shape[:2], np.uint8)
        cv2.fillConvexPoly(mask, np.round(self.corners_px * 16).astype(np.int32), 1, cv2.LINE_AA, shift=4)
        return mask.astype(bool)

    def interior_mask(self, shape: tuple[int, ...], margin_fraction: float = 0.15) -> np.ndarray:
        """(H, W) bool mask of the card shrunk towards its centre by `margin_fraction` (clear of its edges)."""
        centre = self.corners_px.mean(axis=0)
        shrunk = centre + (1.0 - margin_fraction) * (self.corners_px - centre)
        mask = np.zeros(shape[:2], np.uint8)
        cv2.fillConvexPoly(mask, np.round(shrunk).astype(np.int32), 1)
        return mask.astype(bool)


def find_card(
    rgb: np.ndarray,
    search_box_px: tuple[int, int, int, int] | None = None,
    person_height_px: float | None = None,
) -> CardDetection:
    """Find the ID-1 card in `rgb` ((H, W, 3) uint8), optionally only inside `search_box_px` (x0, y0, x1, y1,
    e.g. the person's box: the card is held against the body). With `person_height_px` (head to feet in
    the photo), outlines of implausible size for a card held by that person count for less: a far card is
    only a few dozen pixels, and so are many small rectangles. Raises CardNotFound."""
    x0, y0, x1, y1 = _clip_box(search_box_px, rgb.shape)
    region = rgb[y0:y1, x0:x1]
    offset = np.array([x0, y0], np.float64)
    candidates = []
    for long_side_px in _WORKING_LONG_SIDES_PX:
        factor = min(1.0, long_side_px / max(region.shape[:2]))
        small = cv2.resize(region, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else region
        for binary in binary_maps(small):
            candidates.extend((quad / factor + offset, 1.0 / factor) for quad in quads_in(binary))
        if factor == 1.0:
            break
    if not candidates:
        raise CardNotFound()
    height_px, width_px = rgb.shape[:2]
    camera = (float(max(height_px, width_px)), np.array([width_px / 2, height_px / 2]))
    best = _best_refined(rgb, _distinct(candidates), camera, person_height_px)
    if best is None or best[0] < _MIN_CONFIDENCE:
        raise CardNotFound("card-like outlines were too unclear" if best else "no outline had four straight edges")
    confidence, refined = best
    corners = order_card_corners(refined.corners_px)
    homography = homography_px_to_mm(corners)
    scale = local_scale_mm_per_px(homography, corners.mean(axis=0))
    lo = np.floor(corners.min(axis=0)).astype(int)
    hi = np.ceil(corners.max(axis=0)).astype(int) + 1
    box = (int(max(lo[0], 0)), int(max(lo[1], 0)), int(min(hi[0], width_px)), int(min(hi[1], height_px)))
    return CardDetection(corners, homography, scale, confidence, refined.edge_residual_px, box)


def _best_refined(rgb: np.ndarray, candidates: list[tuple[np.ndarray, float]], camera: tuple[float, np.ndarray],
                  person_height_px: float | None):
    """(confidence, RefinedQuad) of the best candidate, preferring an outer outline over a printed frame."""
    scored = []
    for quad, px_per_working_px in sorted(candidates, key=lambda c: _aspect_misfit(c[0]))[:_MAX_CANDIDATES_REFINED]:
        for confidence, refined in _refine_candidate(rgb, quad, px_per_working_px, camera):
            scored.append((confidence * _size_term(refined.corners_px, person_height_px), refined))
    if not scored:
        return None
    top_confidence, top = max(scored, key=lambda item: item[0])
    centre = tuple(float(v) for v in top.corners_px.mean(axis=0))
    enclosing = [
        item for item in scored
        if item[0] >= 0.9 * top_confidence
        and cv2.pointPolygonTest(item[1].corners_px.astype(np.float32), centre, False) > 0
    ]
    return max(enclosing or [(top_confidence, top)], key=lambda item: _rough_area(item[1].corners_px))


def _size_term(corners_px: np.ndarray, person_height_px: float | None) -> float:
    """1 when the card's long side is a plausible share of the person's height (85.6 mm of 1.4–2.1 m, with
    room for tilt), less otherwise; 1 when the person's height is unknown."""
    if person_height_px is None:
        return 1.0
    long_side_px = float(np.linalg.norm(corners_px - np.roll(corners_px, -1, axis=0), axis=1).max())
    low, high = _CARD_SHARE_OF_PERSON_HEIGHT
    share = long_side_px / person_height_px
    return 1.0 if low <= share <= high else _IMPLAUSIBLE_SIZE_TERM


def _refine_candidate(rgb: np.ndarray, quad: np.ndarray, px_per_working_px: float, camera):
    """[(confidence, RefinedQuad in image px)] for one rough outline (empty when it has no clear edges).
    Works on a smoothed float crop around the outline only: a 12 MP photo is never converted whole."""
    # The rough outline is good to about a working pixel: search a little wider than that, then polish.
    search_px = 3.0 + 4.0 * px_per_working_px
    # Room for the search, and for the corner and side checks that look a little outside the card.
    margin_px = search_px + 8.0 + 0.12 * float(np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1).max())
    height_px, width_px = rgb.shape[:2]
    x0, y0 = np.maximum(np.floor(quad.min(axis=0) - margin_px).astype(int), 0)
    x1, y1 = np.minimum(np.ceil(quad.max(axis=0) + margin_px).astype(int), [width_px, height_px])
    crop = cv2.GaussianBlur(rgb[y0:y1, x0:x1].astype(np.float32), (0, 0), 1.0)
    offset = np.array([x0, y0], np.float64)
    camera_in_crop = (camera[0], camera[1] - offset)
    results = []
    for rough in refine_quad(crop, quad - offset, search_px):
        polished = refine_quad(crop, rough.corners_px, 2.5, polish=True)
        if not polished or not is_card_shaped(polished[0].corners_px):
            continue
        refined = polished[0]
        confidence = _confidence(refined, camera_in_crop, corner_roundness(crop, refined.corners_px))
        # Four crossing lines also make a quad with sharp edges: the card's sides must separate two colours.
        confidence *= float(np.clip(edge_sidedness(crop, refined.corners_px) / _MIN_SIDE_CONTRAST, 0.1, 1.0))
        refined.corners_px = refined.corners_px + offset
        results.append((confidence, refined))
    return results


def _confidence(refined, camera: tuple[float, np.ndarray], roundness: float | None) -> float:
    long_side_px, centre_px = camera
    # The focal length is unknown: take the best-fitting guess. A small card shows too little perspective
    # for that (half a pixel of corner noise swings it), so a tilt-tolerant plain aspect check also counts.
    rectified_misfit = min(
        abs(np.log(rectified_aspect_ratio(refined.corners_px, factor * long_side_px, centre_px) / CARD_ASPECT))
        for factor in _FOCAL_LENGTH_GUESSES
    )
    plain_misfit = max(0.0, abs(np.log(aspect_ratio(refined.corners_px) / CARD_ASPECT)) - _TILT_ASPECT_TOLERANCE)
    aspect_misfit = min(rectified_misfit, plain_misfit)
    shape_term = np.exp(-((aspect_misfit / 0.08) ** 2))
    angle_term = np.exp(-((max_angle_deviation_deg(refined.corners_px) / 35.0) ** 2))
    straightness = np.exp(-((refined.edge_residual_px / 1.0) ** 2))
    contrast = min(1.0, refined.edge_contrast / 15.0)
    # Rounded corners set a card apart from other rectangles (books, frames, phones, printed boxes). When
    # the corners are too small to see, the candidate gets the benefit of the doubt, but not all of it.
    corner_term = _UNSEEN_CORNER_TERM if roundness is None else 0.25 + 0.75 * np.clip(roundness / 0.6, 0, 1)
    return float(
        refined.edge_support * shape_term * angle_term * (0.5 + 0.5 * straightness) * (0.6 + 0.4 * contrast)
        * corner_term
    )


def _distinct(candidates: list[tuple[np.ndarray, float]]) -> list[tuple[np.ndarray, float]]:
    """Drop near-duplicate outlines (all corners within 0.5 % of the card's size of an earlier one)."""
    kept: list[tuple[np.ndarray, float]] = []
    for quad, px_per_working_px in candidates:
        ordered = order_card_corners(quad)
        tolerance = 0.005 * np.linalg.norm(ordered[0] - ordered[2])
        if not any(np.abs(ordered - other).max() < tolerance for other, _ in kept):
            kept.append((ordered, px_per_working_px))
    return kept


def _aspect_misfit(quad: np.ndarray) -> float:
    return abs(float(np.log(aspect_ratio(quad) / CARD_ASPECT)))


def _rough_area(quad: np.ndarray) -> float:
    return float(cv2.contourArea(quad.astype(np.float32)))


def _clip_box(box, shape) -> tuple[int, int, int, int]:
    height_px, width_px = shape[:2]
    if box is None:
        return 0, 0, width_px, height_px
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, x1 = max(0, x0), min(width_px, x1)
    y0, y1 = max(0, y0), min(height_px, y1)
    if x1 - x0 < 16 or y1 - y0 < 16:
        return 0, 0, width_px, height_px
    return x0, y0, x1, y1
