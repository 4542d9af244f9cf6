"""Skin and shape: calibrated skin-tone metrics from the front photo and the body-shape class."""

import numpy as np

from tapeless.body.report import body_shape
from tapeless.body.result import MeasurementEstimate
from tapeless.calibration.white_balance import WhiteBalance, apply_white_balance, estimate_white_balance
from tapeless.errors import TapelessError
from tapeless.pipeline.analyses import load_views
from tapeless.pipeline.calibrate import CALIBRATION_FILE
from tapeless.pipeline.check_photos import CHECKED_FILE
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.measure import ESTIMATE_FILE
from tapeless.skin.tone import measure_skin_tone

SKIN_AND_SHAPE_FILE = "skin_and_shape.json"


def _front_white_balance(calibration: dict, front_rgb: np.ndarray, person: np.ndarray) -> WhiteBalance:
    """The card's white balance when it was used (measured on a known neutral), else the scene's
    with the person left out (skin must not pull the estimate towards itself)."""
    stored = calibration["white_balance"].get("card") or calibration["white_balance"]["front"]
    if stored["method"] == "card":
        return WhiteBalance(
            method="card",
            illuminant_xyz=np.array([*_xy_to_xyz(stored["illuminant_xy"])]),
            cct_k=float(stored["cct_k"]),
            matrix_linear_rgb=np.asarray(stored["matrix_linear_rgb"]),
            confidence=float(stored["confidence"]),
        )
    return estimate_white_balance(front_rgb, exclude_mask=person)


def _xy_to_xyz(xy: list[float]) -> tuple[float, float, float]:
    x, y = xy
    return x / y, 1.0, (1.0 - x - y) / y


def skin_and_shape(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    user, capture_id = capture.user_id, capture.capture_id
    front = load_views(ctx, user, capture_id, with_photos=True)["front"]
    calibration = ctx.get_work(user, capture_id, CALIBRATION_FILE)
    checked = ctx.get_work(user, capture_id, CHECKED_FILE)
    balance = _front_white_balance(calibration, front.rgb, front.silhouette)
    try:
        skin = measure_skin_tone(apply_white_balance(front.rgb, balance), front.landmarks_px, front.visibility,
                                 person_mask=front.silhouette, white_balance=balance,
                                 exposure_problems=checked["front"]["quality"]["problems"]).to_dict()
    except TapelessError as error:
        skin = {"error": error.to_dict()}  # skin never fails a capture: the measurements still stand
    measurements = {name: MeasurementEstimate(**values)
                    for name, values in ctx.get_work(user, capture_id, ESTIMATE_FILE)["measurements"].items()}
    shape = body_shape(measurements)
    document = {"skin": skin, "shape": shape.to_dict() if shape else None}
    ctx.put_work(user, capture_id, SKIN_AND_SHAPE_FILE, document)
    return {"monk_bucket": skin.get("monk_bucket"), "shape": shape.shape if shape else None}
