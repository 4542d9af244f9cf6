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


class ScaleUnknown(TapelessError):
    code = "scale_unknown"

    def __init__(self, detail: str = ""):
        super().__init__(
            "Cannot tell the body's size: no height was given and no bank card was found in the front photo"
            + (f" ({detail})" if detail else "") + ".",
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


def scale_from_card(rgb: np.ndarray, camera: PinholeCamera, search_box_px=None) -> Scale:
    """Find the card in the front photo and turn it into a `Scale`; raises ScaleUnknown if it is absent."""
    from tapeless.calibration.card_detect import find_card
    from tapeless.calibration.card_geometry import card_pose

    try:
        card = find_card(rgb, search_box_px)
    except TapelessError as error:
        raise ScaleUnknown(error.message) from error
    if card.confidence < MIN_CARD_CONFIDENCE:
        raise ScaleUnknown(f"the card found is too uncertain (confidence {card.confidence:.2f})")
    pose = card_pose(card.corners_px, camera.matrix())
    corners = np.asarray(card.corners_px, dtype=np.float64)
    edges = np.linalg.norm(np.roll(corners, -1, axis=0) - corners, axis=1)
    return Scale(
        source="card",
        card_centre_px=tuple(corners.mean(axis=0).tolist()),
        card_depth_m=float(pose.translation_mm[2]) / 1000.0,
        card_long_edge_px=float(edges.max()),
        card_confidence=float(card.confidence),
    )
