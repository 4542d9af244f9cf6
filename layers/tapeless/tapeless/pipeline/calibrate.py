"""Calibrate: the body's scale (the stature given, else the card in the front photo) and the white
balance of each photo (from the card when it is neutral, else from the scene)."""

import numpy as np

from tapeless.body.camera import PinholeCamera
from tapeless.body.scale import Scale, scale_from_card
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
    if capture.stature_cm is not None:
        scale = Scale(source="stature", stature_cm=float(capture.stature_cm))
    else:
        scale = scale_from_card(front, camera_for(checked["front"]))  # raises ScaleUnknown with advice
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
        "scale": scale.to_dict(),
        "card": None if card is None else {
            "corners_px": np.asarray(card.corners_px).round(3).tolist(),
            "scale_mm_per_px": float(card.scale_mm_per_px),
            "confidence": float(card.confidence),
        },
        "white_balance": {view: white_balance_document(c) for view, c in corrections.items()},
    }
    ctx.put_work(capture.user_id, capture.capture_id, CALIBRATION_FILE, document)
    return {"scale_source": scale.source, "card_found": card is not None,
            "white_balance": corrections["front"].method}
