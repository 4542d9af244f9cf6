"""Calibrated 90 % intervals for every measurement (split-conformal, scaled by fit quality).

`scripts/calibrate_uncertainty.py` runs the whole estimate on synthetic captures that were not used to
tune the fit (nor by the accuracy bench) and stores, per scale condition ("stature" or "card") and per
measurement:
- `bias_cm`: the mean signed error on the even seeds (removed from the estimate);
- `score_q90`: σ_m (the measurement's mean absolute error after the bias, even seeds) times the
  split-conformal 90 % quantile, on the odd seeds, of |error − bias| / (σ_m · u) pooled over the
  measurement's family, where u = sqrt(0.5 + 0.5 (fit_rms_mm / reference_fit_rms_mm)²) grows with the
  capture's outline residual.
The interval is (estimate − bias) ± score_q90 · u: ≥ 90 % coverage per family, marginally over captures
like the calibration ones.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from math import erf, sqrt
from pathlib import Path

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "uncertainty_v1.json"
Z_90 = 1.6449
# Without calibration constants: generous relative half-widths by family (used only by tests/dev).
UNCALIBRATED_RELATIVE_HALF_WIDTH = {"girth": 0.05, "length": 0.03, "breadth": 0.05, "other": 0.08}


def measurement_family(name: str) -> str:
    """`girth`, `length` (lengths, heights, stature) or `breadth` (widths, breadths) from the name."""
    if "girth" in name:
        return "girth"
    if any(word in name for word in ("length", "height", "stature", "waist_to", "to_waist")):
        return "length"
    if any(word in name for word in ("breadth", "width", "shoulder")):
        return "breadth"
    return "other"


def quality_factor(fit_rms_mm: float, reference_fit_rms_mm: float) -> float:
    """u ≥ 0.7: 1 at the calibration set's median outline error, growing linearly for poor fits."""
    ratio = fit_rms_mm / reference_fit_rms_mm
    return sqrt(0.5 + 0.5 * ratio * ratio)


def tolerance_cm(name: str, value_cm: float) -> float:
    """The tolerance a tailor works to: 2 % of the value, at least 1 cm (0.5 cm for breadths/lengths
    under 50 cm)."""
    floor_cm = 1.0 if value_cm >= 50 else 0.5
    return max(0.02 * value_cm, floor_cm)


@dataclass(frozen=True)
class Interval:
    value_cm: float
    low_cm: float
    high_cm: float
    confidence: float


@dataclass(frozen=True)
class UncertaintyModel:
    """Constants per condition: {"reference_fit_rms_mm": float, "measurements": {name: {"bias_cm",
    "score_q90"}}}; `calibrated` is False for the built-in fallback."""

    conditions: dict
    calibrated: bool

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL_PATH) -> "UncertaintyModel":
        return _load_cached(str(path))

    def interval(self, name: str, value_cm: float, condition: str, fit_rms_mm: float) -> Interval:
        """Bias-corrected value and 90 % interval (cm) for one measurement of one capture."""
        constants = self.conditions.get(condition, {})
        per_name = constants.get("measurements", {}).get(name)
        if per_name is None:
            relative = UNCALIBRATED_RELATIVE_HALF_WIDTH[measurement_family(name)]
            value = value_cm
            half_width = relative * value_cm * (1.5 if condition == "card" else 1.0)
        else:
            value = value_cm - per_name["bias_cm"]
            u = quality_factor(fit_rms_mm, constants["reference_fit_rms_mm"])
            half_width = per_name["score_q90"] * u
        sigma = max(half_width / Z_90, 1e-6)
        confidence = erf(tolerance_cm(name, value) / (sigma * sqrt(2)))
        return Interval(value, value - half_width, value + half_width, confidence)


@lru_cache(maxsize=4)
def _load_cached(path: str) -> UncertaintyModel:
    file = Path(path)
    if not file.exists():
        return UncertaintyModel(conditions={}, calibrated=False)
    data = json.loads(file.read_text())
    return UncertaintyModel(conditions=data["conditions"], calibrated=True)
