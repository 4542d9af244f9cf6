"""Body-shape class from bust/chest, waist and hip girths, with a confidence.

The five product classes group FFIT's figures (see `ffit.py`). The confidence is the share of
plausible bodies — the measured girths perturbed by their own measurement uncertainty — that fall in
the reported class, so a body near a rule's threshold gets a low confidence honestly.
"""

from dataclasses import dataclass

import numpy as np

from tapeless.shape.ffit import FFIT_SHAPES, ffit_shape_codes

SHAPE_CLASSES = ("hourglass", "pear", "inverted_triangle", "rectangle", "apple")
CLASS_OF_FFIT_SHAPE = {
    "apple": "apple",
    "hourglass": "hourglass",
    "bottom_hourglass": "hourglass",
    "top_hourglass": "hourglass",
    "spoon": "pear",
    "triangle": "pear",
    "inverted_triangle": "inverted_triangle",
    "rectangle": "rectangle",
}
# Girths with no interval of their own are taken as known to about a centimetre (one sigma).
DEFAULT_GIRTH_SIGMA_CM = 1.0
CONFIDENCE_SAMPLES = 2000


@dataclass(frozen=True)
class BodyShape:
    """A body-shape class: `shape` in SHAPE_CLASSES, FFIT's own figure name, and a 0–1 confidence."""

    shape: str
    ffit_shape: str
    confidence: float
    probabilities: dict[str, float]

    def to_dict(self) -> dict:
        return {
            "class": self.shape,
            "ffit_figure": self.ffit_shape,
            "confidence": round(self.confidence, 3),
            "probabilities": {name: round(p, 3) for name, p in self.probabilities.items()},
            "rule_set": "FFIT for Apparel (Simmons, Istook & Devarajan 2004) + apple rule",
        }


def _class_indices(codes: np.ndarray) -> np.ndarray:
    """FFIT codes (-1 = no rule) → index into SHAPE_CLASSES; FFIT's gaps count as rectangle."""
    lookup = np.array([SHAPE_CLASSES.index(CLASS_OF_FFIT_SHAPE[name]) for name in FFIT_SHAPES] + [3])
    return lookup[codes]


def classify_body_shape(
    bust_cm: float,
    waist_cm: float,
    hip_cm: float,
    *,
    high_hip_cm: float | None = None,
    sigma_cm: tuple[float, float, float] | None = None,
    seed: int = 0,
) -> BodyShape:
    """Classify one body from its bust (or chest), waist and hip girths in cm.

    `sigma_cm`: one-sigma uncertainty of (bust, waist, hip) in cm, used only for the confidence
    (default 1 cm each). Deterministic for a given `seed`.
    """
    for name, value in (("bust", bust_cm), ("waist", waist_cm), ("hip", hip_cm)):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name} girth must be a positive number of cm, got {value!r}")
    sigmas = np.asarray(sigma_cm if sigma_cm is not None else (DEFAULT_GIRTH_SIGMA_CM,) * 3, dtype=float)
    high_hip = None if high_hip_cm is None else np.array([high_hip_cm])
    code = int(ffit_shape_codes(np.array([bust_cm]), np.array([waist_cm]), np.array([hip_cm]), high_hip)[0])
    shape = SHAPE_CLASSES[int(_class_indices(np.array([code]))[0])]

    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((CONFIDENCE_SAMPLES, 3)) * sigmas
    samples = np.array([bust_cm, waist_cm, hip_cm]) + noise
    high_hip_samples = None if high_hip_cm is None else high_hip_cm + noise[:, 1]
    sample_classes = _class_indices(ffit_shape_codes(samples[:, 0], samples[:, 1], samples[:, 2], high_hip_samples))
    counts = np.bincount(sample_classes, minlength=len(SHAPE_CLASSES)) / CONFIDENCE_SAMPLES
    probabilities = {name: float(counts[i]) for i, name in enumerate(SHAPE_CLASSES)}
    return BodyShape(
        shape=shape,
        ffit_shape=FFIT_SHAPES[code] if code >= 0 else "unclassified",
        confidence=probabilities[shape],
        probabilities=probabilities,
    )
