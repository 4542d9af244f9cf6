"""Calibrate: the white balance of each photo (from the card when it is neutral, else from the scene)
and a first look for the card.

The card's scale itself is settled by "Fit body model", which searches for the card on the person
found by "Find body" (the card is held against the body: searching there finds it more often and
rejects look-alike rectangles in the room). Here a capture with neither a stature nor any card-like
object fails early, before the expensive stages.
"""

import numpy as np

from tapeless.body.camera import PinholeCamera
from tapeless.body.scale import ScaleUnknown
from tapeless.calibration.card_detect import find_card
from tapeless.calibration.errors import CardNotFound
from tapeless.calibration.white_balance import WhiteBalance, estimate_white_balance
from tapeless.pipeline.check_photos import CHECKED_FILE, clean_photo_name
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.images import decode_rgb

CALIBRATION_FILE = "calibration.json"


def camera_for(photo_summary: dict) -> PinholeCamera:
    """Intrinsics from the photo's size and its EXIF 35 mm focal length when it had one."""
    return PinholeCamera.from_image_size(photo_summary["width_px"], photo_summary["height_px"],
                                         focal_35mm_mm=photo_summary.get("focal_35mm_mm"))


def white_balance_document(correction: WhiteBalance) -> dict:
    return {**correction.to_dict(), "matrix_linear_rgb": np.asarray(correction.matrix_linear_rgb).tolist()}


def calibrate(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    checked = ctx.get_work(capture.user_id, capture.capture_id, CHECKED_FILE)

    def photo(view: str) -> np.ndarray:
        return decode_rgb(ctx.get_work_bytes(capture.user_id, capture.capture_id, clean_photo_name(view)))

    front = photo("front")
    try:
        card = find_card(front)
    except CardNotFound:
        card = None  # fine when the stature is given; without it the scale below says so
    if card is None and capture.stature_cm is None:
        raise ScaleUnknown()
    corrections = {"front": estimate_white_balance(front, card.interior_mask(front.shape) if card else None),
                   "side": estimate_white_balance(photo("side"))}
    if "card" in checked:
        close_up = photo("card")
        try:
            close_card = find_card(close_up)
            corrections["card"] = estimate_white_balance(close_up, close_card.interior_mask(close_up.shape))
        except CardNotFound:
            corrections["card"] = estimate_white_balance(close_up)
    document = {
        "card": None if card is None else {
            "corners_px": np.asarray(card.corners_px).round(3).tolist(),
            "scale_mm_per_px": float(card.scale_mm_per_px),
            "confidence": float(card.confidence),
        },
        "white_balance": {view: white_balance_document(c) for view, c in corrections.items()},
    }
    ctx.put_work(capture.user_id, capture.capture_id, CALIBRATION_FILE, document)
    return {"stature_given": capture.stature_cm is not None, "card_found": card is not None,
            "white_balance": corrections["front"].method}
