"""From a fitted body to the result: measurements with calibrated intervals, quality flags, advice, shape.

Quality comes from the outline residuals: their RMS per view converted to millimetres at the body
(`fit_error_mm`), and their median sign (an outline systematically outside the fitted body by more than
tight clothing explains means loose clothing).
"""

import numpy as np

from tapeless.body.fit import CLOTHING_THICKNESS_M, FitResult
from tapeless.body.result import Advice, MeasurementEstimate, Quality
from tapeless.body.uncertainty import UncertaintyModel
from tapeless.shape import BodyShape, classify_body_shape

POOR_FIT_RMS_MM = 12.0
LOOSE_CLOTHING_MEAN_MM = 6.0
KEY_MEASUREMENTS = ("stature_cm", "bust_girth_cm", "waist_girth_cm", "hip_girth_cm", "inside_leg_length_cm")
ADVICE = {
    "poor_front_fit": ("front", "Stand facing the camera with your arms held out from your sides, feet apart, "
                                "whole body in the frame against a plain background."),
    "poor_side_fit": ("side", "Turn fully sideways with your arms straight down, feet together, whole body in "
                              "the frame against a plain background."),
    "loose_clothing": ("both", "Wear close-fitting clothes (e.g. leggings and a fitted top): loose clothing hides "
                               "your shape."),
    "small_card": ("front", "Step closer to the camera or hold the card flatter: it is too small to read the "
                            "scale precisely."),
}


def fit_error_mm(fit: FitResult, focal_px: dict[str, float]) -> dict[str, np.ndarray]:
    """Per view: (N,) outline residuals converted from pixels to millimetres at the body's depth."""
    return {view: residual * fit.depth_m[view] / focal_px[view] * 1000.0
            for view, residual in fit.silhouette_residuals_px.items()}


def quality_of(fit: FitResult, focal_px: dict[str, float], scale_source: str,
               card_long_edge_px: float | None) -> Quality:
    errors_mm = fit_error_mm(fit, focal_px)
    everything = np.abs(np.concatenate(list(errors_mm.values())))
    flags = [f"scale_from_{scale_source}"]
    rms_mm = {view: float(np.sqrt(np.mean(e**2))) for view, e in errors_mm.items()}
    for view, value in rms_mm.items():
        if value > POOR_FIT_RMS_MM:
            flags.append(f"poor_{view}_fit")
    # Residuals are positive where the fitted body pokes out of the person's outline: an outline far
    # outside the body on the whole (negative median) is clothing that stands off the skin.
    if np.mean([np.median(e) for e in errors_mm.values()]) < -LOOSE_CLOTHING_MEAN_MM:
        flags.append("loose_clothing")
    if card_long_edge_px is not None and card_long_edge_px < 40:
        flags.append("small_card")
    return Quality(
        flags=tuple(flags),
        silhouette_rms_px={v: float(np.sqrt(np.mean(r**2))) for v, r in fit.silhouette_residuals_px.items()},
        fit_error_mm={
            "mean": float(everything.mean()),
            "p50": float(np.percentile(everything, 50)),
            "p95": float(np.percentile(everything, 95)),
            "max": float(everything.max()),
            "rms": float(np.sqrt(np.mean(everything**2))),
        },
        scale_source=scale_source,
        clothing_offset_mm=CLOTHING_THICKNESS_M * 1000.0,
    )


def measurement_estimates(values_cm: dict[str, float], condition: str, fit_rms_mm: float,
                          model: UncertaintyModel | None = None) -> dict[str, MeasurementEstimate]:
    """Bias-corrected values with calibrated 90 % intervals for every `_cm` measurement."""
    model = model or UncertaintyModel.load()
    estimates = {}
    for name, value in values_cm.items():
        if not name.endswith("_cm"):
            continue
        interval = model.interval(name, value, condition, fit_rms_mm)
        estimates[name] = MeasurementEstimate(interval.value_cm, interval.low_cm, interval.high_cm, interval.confidence)
    return estimates


def advice_for(quality: Quality) -> list[Advice]:
    return [Advice(*ADVICE[flag]) for flag in quality.flags if flag in ADVICE]


def overall_confidence(measurements: dict[str, MeasurementEstimate], quality: Quality) -> float:
    key = [measurements[name].confidence for name in KEY_MEASUREMENTS if name in measurements]
    penalty = 0.7 ** sum(flag in ADVICE for flag in quality.flags)
    return float(np.mean(key) * penalty) if key else 0.0


def body_shape(measurements: dict[str, MeasurementEstimate]) -> BodyShape | None:
    names = ("bust_girth_cm", "waist_girth_cm", "hip_girth_cm")
    if not all(name in measurements for name in names):
        return None
    sigmas = tuple((measurements[n].high_cm - measurements[n].low_cm) / (2 * 1.6449) for n in names)
    return classify_body_shape(*(measurements[n].value_cm for n in names), sigma_cm=sigmas)
