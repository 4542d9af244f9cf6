"""Calibrate: the card's scale and pose (front photo) and the white balance of each photo."""

import numpy as np

from tapeless.calibration.card_detect import find_card
from tapeless.calibration.errors import CardNotFound
from tapeless.calibration.white_balance import estimate_white_balance
from tapeless.pipeline.check_photos import clean_photo_name
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.images import decode_rgb

CALIBRATION_FILE = "calibration.json"


def card_document(card) -> dict:
    return {
        "corners_px": np.asarray(card.corners_px).round(3).tolist(),
        "homography_px_to_mm": np.asarray(card.homography_px_to_mm).tolist(),
        "scale_mm_per_px": float(card.scale_mm_per_px),
        "confidence": float(card.confidence),
        "edge_residual_px": float(card.edge_residual_px),
    }


def white_balance_document(correction) -> dict:
    return {**correction.to_dict(), "matrix_linear_rgb": np.asarray(correction.matrix_linear_rgb).tolist()}


def calibrate(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    front = decode_rgb(ctx.get_work_bytes(capture.user_id, capture.capture_id, clean_photo_name("front")))
    try:
        card = find_card(front)
    except CardNotFound:
        card = None  # stature alone can set the scale; the fit decides whether it has enough
    card_view = "card" if "card" in capture.uploads.as_dict() else None
    corrections = {"front": estimate_white_balance(front, card.interior_mask(front.shape) if card else None)}
    side = decode_rgb(ctx.get_work_bytes(capture.user_id, capture.capture_id, clean_photo_name("side")))
    corrections["side"] = estimate_white_balance(side)
    if card_view:
        close_up = decode_rgb(ctx.get_work_bytes(capture.user_id, capture.capture_id, clean_photo_name("card")))
        try:
            close_card = find_card(close_up)
            corrections["card"] = estimate_white_balance(close_up, close_card.interior_mask(close_up.shape))
        except CardNotFound:
            corrections["card"] = estimate_white_balance(close_up)
    document = {
        "card": card_document(card) if card else None,
        "white_balance": {view: white_balance_document(c) for view, c in corrections.items()},
    }
    ctx.put_work(capture.user_id, capture.capture_id, CALIBRATION_FILE, document)
    return {"card_found": card is not None,
            "card_confidence": round(float(card.confidence), 3) if card else None,
            "white_balance": corrections["front"].method}
