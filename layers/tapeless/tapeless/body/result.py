"""What an estimate returns: measurements with 90 % intervals, the fitted body, quality and advice.

`BodyEstimate.to_dict()` is the JSON result document of the API and of `tapeless estimate --json`;
`error_document()` is its counterpart for failures. Heavy artefacts (mesh, overlay JPEGs) stay in
`artifacts` and are never part of the document.
"""

from dataclasses import dataclass, field

import numpy as np

from tapeless.errors import TapelessError
from tapeless.shape import BodyShape


@dataclass(frozen=True)
class MeasurementEstimate:
    """One measurement: value and 90 % interval in cm, and a 0–1 confidence."""

    value_cm: float
    low_cm: float
    high_cm: float
    confidence: float

    def to_dict(self) -> dict:
        return {
            "value_cm": round(self.value_cm, 1),
            "low_cm": round(self.low_cm, 1),
            "high_cm": round(self.high_cm, 1),
            "confidence": round(self.confidence, 2),
        }


@dataclass(frozen=True)
class Advice:
    """A "take another photo" hint: which view (front/side/both) and what to change."""

    view: str
    message: str

    def to_dict(self) -> dict:
        return {"view": self.view, "message": self.message}


@dataclass(frozen=True)
class Quality:
    """How well the fitted body explains the photos.

    `flags`: short machine names (`loose_clothing`, `poor_front_fit`, `scale_from_card`, …);
    `silhouette_rms_px`: per view, RMS outline distance after the fit; `fit_error_mm`: summary of the
    per-vertex outline error converted to millimetres at the body (`mean`, `p50`, `p95`, `max`).
    """

    flags: tuple[str, ...]
    silhouette_rms_px: dict[str, float]
    fit_error_mm: dict[str, float]
    scale_source: str
    clothing_offset_mm: float

    def to_dict(self) -> dict:
        return {
            "flags": list(self.flags),
            "silhouette_rms_px": {k: round(v, 2) for k, v in self.silhouette_rms_px.items()},
            "fit_error_mm": {k: round(v, 1) for k, v in self.fit_error_mm.items()},
            "scale_source": self.scale_source,
            "clothing_offset_mm": round(self.clothing_offset_mm, 1),
        }


@dataclass
class BodyEstimate:
    """The result of `tapeless.body.estimate.estimate`.

    `parameters`: the fitted body (phenotype and local sliders by name, per-view pose and camera), all
    JSON-serialisable; `artifacts`: `rest_vertices` ((V, 3) float32, metres, Anny order, Z up),
    `overlay_front_jpeg` / `overlay_side_jpeg` (bytes) — not in the document.
    """

    measurements: dict[str, MeasurementEstimate]
    confidence: float
    quality: Quality
    advice: list[Advice]
    shape: BodyShape | None
    parameters: dict
    skin: dict | None = None
    seconds: float = 0.0
    artifacts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "measurements": {name: m.to_dict() for name, m in self.measurements.items()},
            "confidence": round(self.confidence, 2),
            "shape": self.shape.to_dict() if self.shape else None,
            "skin": self.skin,
            "quality": {
                **self.quality.to_dict(),
                "overall_confidence": round(self.confidence, 2),
                "advice": [f"{a.view}: {a.message}" for a in self.advice],
            },
            "advice": [a.to_dict() for a in self.advice],
            "parameters": _jsonable(self.parameters),
            "seconds": round(self.seconds, 2),
        }


def error_document(error: TapelessError) -> dict:
    """The failure document: {"error": {"code", "message"[, "advice"]}}."""
    body = {"code": error.code, "message": error.message}
    if error.advice:
        body["advice"] = error.advice
    return {"error": body}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value
