"""Where to read skin: small discs on the forehead, cheeks, neck and forearms placed from the 33 BlazePose
landmarks, kept inside the person mask, with highlights, shadows and non-skin colours removed."""

from dataclasses import dataclass

import numpy as np

from tapeless.calibration.colour_space import srgb8_to_lab

# MediaPipe Pose landmark indices.
NOSE, LEFT_EYE, RIGHT_EYE, MOUTH_LEFT, MOUTH_RIGHT = 0, 2, 5, 9, 10
LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_ELBOW, RIGHT_ELBOW, LEFT_WRIST, RIGHT_WRIST = 11, 12, 13, 14, 15, 16

FACE_REGIONS = ("forehead", "left_cheek", "right_cheek")
_MIN_VISIBILITY = 0.5
_MIN_PIXELS_PER_REGION = 12
# Skin in CIELAB: lightness off the extremes, reddish-to-yellow hue, a little chroma (very light and very
# dark skin keep only a few units). Excludes blue/green/purple clothing and grey walls; red clothing passes
# this gate and is caught later by its distance from the face's colour.
_SKIN_HUE_DEG = (5.0, 110.0)
_SKIN_CHROMA = (1.5, 60.0)
_SKIN_LIGHTNESS = (8.0, 97.0)


@dataclass
class SkinRegion:
    """name: "forehead", "left_cheek", …; lab: (N, 3) CIELAB of the kept pixels; n_candidates: pixels in
    the disc before filtering."""

    name: str
    lab: np.ndarray
    n_candidates: int

    @property
    def on_face(self) -> bool:
        return self.name in FACE_REGIONS


def skin_regions(
    rgb: np.ndarray, landmarks_px: np.ndarray, visibility: np.ndarray, person_mask: np.ndarray | None = None
) -> list[SkinRegion]:
    """Skin samples from `rgb` ((H, W, 3) uint8, white-balanced sRGB), `landmarks_px` ((33, 2) px, MediaPipe
    order), `visibility` ((33,) 0–1) and `person_mask` ((H, W) bool). Regions without enough skin are left
    out."""
    regions = []
    for name, centre, radius in _region_discs(landmarks_px, visibility):
        disc = _disc_pixels(rgb, centre, radius, person_mask)
        if len(disc) == 0:
            continue
        lab = srgb8_to_lab(disc)
        kept = lab[_skin_like(lab) & _not_clipped(disc)]
        kept = _drop_highlights_and_shadows(kept)
        if len(kept) >= _MIN_PIXELS_PER_REGION:
            regions.append(SkinRegion(name, kept, len(disc)))
    return regions


def _region_discs(landmarks_px: np.ndarray, visibility: np.ndarray):
    """(name, centre (2,), radius px) of each sampling disc whose landmarks are visible."""
    points = np.asarray(landmarks_px, dtype=np.float64)[:, :2]

    def visible(*indices):
        return all(visibility[i] >= _MIN_VISIBILITY for i in indices)

    discs = []
    if visible(LEFT_EYE, RIGHT_EYE, MOUTH_LEFT, MOUTH_RIGHT):
        eyes = (points[LEFT_EYE] + points[RIGHT_EYE]) / 2
        mouth = (points[MOUTH_LEFT] + points[MOUTH_RIGHT]) / 2
        up = eyes - mouth  # face height unit, pointing to the top of the head
        face_unit = float(np.linalg.norm(up))
        if face_unit > 2:
            eye_span = points[LEFT_EYE] - points[RIGHT_EYE]
            discs.append(("forehead", eyes + 0.75 * up, 0.35 * face_unit))
            for name, eye, mouth_corner, sign in (
                ("left_cheek", LEFT_EYE, MOUTH_LEFT, 1.0), ("right_cheek", RIGHT_EYE, MOUTH_RIGHT, -1.0)
            ):
                centre = 0.5 * (points[eye] + points[mouth_corner]) + sign * 0.12 * eye_span
                discs.append((name, centre, 0.22 * face_unit))
            if visible(LEFT_SHOULDER, RIGHT_SHOULDER):
                shoulders = (points[LEFT_SHOULDER] + points[RIGHT_SHOULDER]) / 2
                discs.append(("neck", mouth + 0.45 * (shoulders - mouth), 0.22 * face_unit))
    for name, elbow, wrist in (("left_forearm", LEFT_ELBOW, LEFT_WRIST), ("right_forearm", RIGHT_ELBOW, RIGHT_WRIST)):
        if visible(elbow, wrist):
            length = float(np.linalg.norm(points[wrist] - points[elbow]))
            discs.append((name, 0.55 * points[elbow] + 0.45 * points[wrist], 0.12 * length))
    return discs


def _disc_pixels(rgb, centre, radius, mask) -> np.ndarray:
    height_px, width_px = rgb.shape[:2]
    radius = max(2.0, radius)
    x0, x1 = int(max(0, centre[0] - radius)), int(min(width_px, centre[0] + radius + 1))
    y0, y1 = int(max(0, centre[1] - radius)), int(min(height_px, centre[1] + radius + 1))
    if x1 <= x0 or y1 <= y0:
        return np.empty((0, 3), np.uint8)
    ys, xs = np.mgrid[y0:y1, x0:x1]
    inside = (xs - centre[0]) ** 2 + (ys - centre[1]) ** 2 <= radius**2
    if mask is not None:
        inside &= mask[y0:y1, x0:x1].astype(bool)
    return rgb[y0:y1, x0:x1][inside]


def _skin_like(lab: np.ndarray) -> np.ndarray:
    chroma = np.hypot(lab[:, 1], lab[:, 2])
    hue = np.degrees(np.arctan2(lab[:, 2], lab[:, 1])) % 360
    return (
        (lab[:, 0] >= _SKIN_LIGHTNESS[0]) & (lab[:, 0] <= _SKIN_LIGHTNESS[1])
        & (chroma >= _SKIN_CHROMA[0]) & (chroma <= _SKIN_CHROMA[1])
        & (hue >= _SKIN_HUE_DEG[0]) & (hue <= _SKIN_HUE_DEG[1])
    )


def _not_clipped(rgb8: np.ndarray) -> np.ndarray:
    return np.all((rgb8 > 3) & (rgb8 < 252), axis=-1)


def _drop_highlights_and_shadows(lab: np.ndarray) -> np.ndarray:
    """Keep the middle of the lightness distribution (specular shine on top, shading underneath)."""
    if len(lab) < _MIN_PIXELS_PER_REGION:
        return lab
    low, high = np.quantile(lab[:, 0], [0.15, 0.85])
    return lab[(lab[:, 0] >= low) & (lab[:, 0] <= high)]
