"""Where the capture's metric size comes from: the stature the person gave, or the card.

The card lies on the body's front surface, centimetres nearer the camera than the silhouette's edges, so
its own mm-per-pixel scale would make the body ~4 % too small at 3 m. Instead its 3-D pose (solvePnP on
the sub-pixel corners, with the photo's intrinsics) gives its distance, and the fit places the body's
front surface under the card at that distance (fit_problem.py); the focal length cancels to first order.
"""

from dataclasses import dataclass

import numpy as np

from tapeless.body.camera import PinholeCamera
from tapeless.errors import TapelessError

MIN_CARD_CONFIDENCE = 0.3
# An ID-1 card's 85.6 mm is 4–7 % of an adult's height; 10 % leaves room for perspective.
MAX_CARD_TO_PERSON_HEIGHT = 0.10


class ScaleUnknown(TapelessError):
    code = "scale_unknown"

    def __init__(self, detail: str = ""):
        super().__init__(
            f"Cannot tell the body's size without a height: {detail.rstrip('.')}." if detail
            else "Cannot tell the body's size: no height was given and no bank card was found in the front photo.",
            advice="Enter your height, or hold a bank card flat against your chest in the front photo.",
        )


@dataclass(frozen=True)
class Scale:
    """`source` is "stature" or "card"; card fields: centre (px), depth along the optical axis (m),
    size in the photo (px, the card's long edge) and detector confidence."""

    source: str
    stature_cm: float | None = None
    card_centre_px: tuple[float, float] | None = None
    card_depth_m: float | None = None
    card_long_edge_px: float | None = None
    card_confidence: float | None = None

    def to_dict(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict) -> "Scale":
        return cls(**{**data, "card_centre_px": tuple(data["card_centre_px"]) if data.get("card_centre_px") else None})


def scale_from_card(rgb: np.ndarray, camera: PinholeCamera, person_mask: np.ndarray) -> Scale:
    """Find the card held on the person in the front photo and turn it into a `Scale`.

    The search is limited to the person's bounding box, and a card must lie on the person's silhouette
    and be small beside them (its long edge under MAX_CARD_TO_PERSON_HEIGHT of their height): posters,
    frames and tiles in the room are not cards. Raises ScaleUnknown otherwise.
    """
    from tapeless.calibration.card_detect import find_card
    from tapeless.calibration.card_geometry import card_pose

    rows, cols = np.nonzero(person_mask)
    if rows.size == 0:
        raise ScaleUnknown("no person to look for a card on")
    person_box = (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)
    try:
        card = find_card(rgb, search_box_px=person_box)
    except TapelessError:
        try:
            # The box crop changes the detector's working scale; a small card missed there can show
            # up on the whole photo, and the on-the-body checks below still apply to it.
            card = find_card(rgb)
        except TapelessError as error:
            raise ScaleUnknown(error.message) from error
    if card.confidence < MIN_CARD_CONFIDENCE:
        raise ScaleUnknown(f"the card found is too uncertain (confidence {card.confidence:.2f})")
    corners = np.asarray(card.corners_px, dtype=np.float64)
    centre = corners.mean(axis=0)
    edges = np.linalg.norm(np.roll(corners, -1, axis=0) - corners, axis=1)
    person_height_px = rows.max() - rows.min()
    column, row = np.clip(np.round(centre).astype(int), 0, [person_mask.shape[1] - 1, person_mask.shape[0] - 1])
    if not person_mask[row, column] or edges.max() > MAX_CARD_TO_PERSON_HEIGHT * person_height_px:
        raise ScaleUnknown("the card-like shape found is not a card held on the body")
    pose = card_pose(corners, camera.matrix())
    return Scale(
        source="card",
        card_centre_px=tuple(centre.tolist()),
        card_depth_m=float(pose.translation_mm[2]) / 1000.0,
        card_long_edge_px=float(edges.max()),
        card_confidence=float(card.confidence),
    )
