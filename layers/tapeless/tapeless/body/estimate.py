"""Photos to measurements: `estimate(front, side, …) -> BodyEstimate`, and the same work as separate
stages the pipeline can run in different Lambdas (each stage's output is small and JSON-serialisable):

    analyse_photo(photo, view)             → ViewAnalysis     ("Find body")
    scale_for(front_analysis, stature_cm)  → Scale            ("Calibrate")
    fit_body(front, side, scale, …)        → FitResult        ("Fit body model")
    measure_fit(fit, front, side, scale)   → BodyEstimate     ("Measure")
"""

import time

import numpy as np
from threadpoolctl import threadpool_limits

from tapeless.body.fit import BodyFitter, CardObservation, FitFailed, FitResult
from tapeless.body.fit_model import SubsetBody
from tapeless.body.measure import measure
from tapeless.body.model import BodyModel
from tapeless.body.overlay import draw_fit_overlay
from tapeless.body.report import (
    advice_for,
    body_shape,
    measurement_estimates,
    overall_confidence,
    quality_of,
)
from tapeless.body.result import BodyEstimate
from tapeless.body.scale import Scale, ScaleUnknown, scale_from_card
from tapeless.body.stature import StatureOutOfRange
from tapeless.body.views import ViewAnalysis, analyse_view, focal_35mm_from_exif
from tapeless.errors import TapelessError

__all__ = ["FitFailed", "ScaleUnknown", "analyse_photo", "estimate", "fit_body", "measure_fit", "scale_for"]

GENDER_PHENOTYPE = {"female": 1.0, "f": 1.0, "woman": 1.0, "male": 0.0, "m": 0.0, "man": 0.0}


def analyse_photo(photo, view: str) -> ViewAnalysis:
    """`photo`: encoded image bytes (checked with `tapeless.photos.check_photo`) or a CheckedPhoto."""
    from tapeless.photos import check_photo

    focal_35mm = None
    if isinstance(photo, bytes | bytearray):
        focal_35mm = focal_35mm_from_exif(bytes(photo))
        photo = check_photo(bytes(photo), view)
    return analyse_view(photo.rgb, view, focal_35mm_mm=focal_35mm)


def scale_for(front: ViewAnalysis, stature_cm: float | None) -> Scale:
    """The stature when given (it is exact for the fit), else the card in the front photo."""
    if stature_cm is not None:
        return Scale(source="stature", stature_cm=float(stature_cm))
    if front.rgb is None:
        raise ScaleUnknown("the front photo is not available to look for a card")
    return scale_from_card(front.rgb, front.camera, front.mask() > 0.5)


def _gender_phenotype(gender) -> float | None:
    if gender is None:
        return None
    if isinstance(gender, int | float):
        return float(np.clip(gender, 0.0, 1.0))
    return GENDER_PHENOTYPE.get(str(gender).strip().lower())


def _weight_phenotype(weight_kg: float | None, stature_cm: float | None) -> float | None:
    """A soft start for Anny's weight phenotype from BMI (0.5 ≈ BMI 24; ±0.05 per BMI point)."""
    if weight_kg is None or stature_cm is None:
        return None
    bmi = weight_kg / (stature_cm / 100.0) ** 2
    return float(np.clip(0.5 + 0.05 * (bmi - 24.0), 0.05, 0.95))


def fit_body(front: ViewAnalysis, side: ViewAnalysis, scale: Scale, *, weight_kg: float | None = None,
             gender=None) -> FitResult:
    card = None
    if scale.source == "card":
        card = CardObservation(np.asarray(scale.card_centre_px), scale.card_depth_m)
    try:
        # The fit's matrix products are small: BLAS threads only spin against each other (10× slower
        # on a busy 2-core machine), so the whole fit runs single-threaded.
        with threadpool_limits(limits=1, user_api="blas"):
            return BodyFitter(
                BodyModel.load(),
                {"front": front.observation(), "side": side.observation()},
                stature_cm=scale.stature_cm,
                card=card,
                gender=_gender_phenotype(gender),
                weight_hint=_weight_phenotype(weight_kg, scale.stature_cm),
            ).run()
    except StatureOutOfRange as error:
        raise FitFailed(error.message, advice="Check the height you entered (in centimetres).") from error


def rest_vertices_of(fit: FitResult) -> np.ndarray:
    """(V, 3) float32 rest-pose vertices of the fitted body (metres, Anny frame and order)."""
    model = BodyModel.load()
    return model.rest_vertices(fit.phenotype, SubsetBody(model, np.arange(0)).local_vector(fit.local))[0]


def measure_fit(fit: FitResult, front: ViewAnalysis, side: ViewAnalysis, scale: Scale) -> BodyEstimate:
    rest = rest_vertices_of(fit)
    values = measure(rest).values
    focal_px = {"front": front.camera.focal_px, "side": side.camera.focal_px}
    quality = quality_of(fit, focal_px, scale.source, scale.card_long_edge_px)
    measurements = measurement_estimates(values, scale.source, quality.fit_error_mm["rms"])
    artifacts = {"rest_vertices": rest}
    for analysis in (front, side):
        if analysis.rgb is not None:
            artifacts[f"overlay_{analysis.view}_jpeg"] = draw_fit_overlay(
                analysis.rgb, analysis.silhouette, fit.outline_px[analysis.view], analysis.landmarks_px)
    return BodyEstimate(
        measurements=measurements,
        confidence=overall_confidence(measurements, quality),
        quality=quality,
        advice=advice_for(quality),
        shape=body_shape(measurements),
        parameters={**fit.to_dict(), "scale": scale.to_dict(), "stages": fit.stages,
                    "raw_measurements": dict(values)},
        artifacts=artifacts,
    )


def _skin(front: ViewAnalysis) -> dict | None:
    """Skin tone from the front photo, or None when it cannot be read (never fails the estimate)."""
    from tapeless.calibration.white_balance import apply_white_balance, estimate_white_balance
    from tapeless.skin.tone import measure_skin_tone

    try:
        balance = estimate_white_balance(front.rgb, exclude_mask=front.silhouette)
        tone = measure_skin_tone(apply_white_balance(front.rgb, balance), front.landmarks_px, front.visibility,
                                 person_mask=front.silhouette, white_balance=balance)
    except TapelessError:
        return None
    return tone.to_dict()


def estimate(front, side, stature_cm: float | None = None, weight_kg: float | None = None,
             gender=None) -> BodyEstimate:
    """Two photos (encoded bytes or CheckedPhotos) → measurements with 90 % intervals, shape, skin.

    Raises TapelessError subclasses with a reason: photo rejections, vision's NoPersonFound & co.,
    ScaleUnknown (no stature and no card), FitFailed.
    """
    started = time.perf_counter()
    front_analysis = analyse_photo(front, "front")
    side_analysis = analyse_photo(side, "side")
    scale = scale_for(front_analysis, stature_cm)
    fit = fit_body(front_analysis, side_analysis, scale, weight_kg=weight_kg, gender=gender)
    result = measure_fit(fit, front_analysis, side_analysis, scale)
    result.skin = _skin(front_analysis)
    result.seconds = time.perf_counter() - started
    return result
