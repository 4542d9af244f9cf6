"""The FFIT for Apparel figure rules (Simmons, Istook & Devarajan 2004, "Female Figure Identification
Technique (FFIT) for Apparel, Part I", J. Textile & Apparel Technology & Management 4(1)).

The rules work on girths in inches; they are vectorised so that the caller can push many noisy samples
of the same person through them at once. The published order matters: the first rule that holds wins.
FFIT leaves its "oval" and "diamond" figures unquantified; Tapeless adds one explicit rule in their
place, `apple`: the waist is at least 95 % of both the bust and the hip (a round middle), tested first
because FFIT's rectangle would otherwise take those bodies.
"""

import numpy as np

CM_PER_INCH = 2.54
APPLE_WAIST_TO_BUST_AND_HIP_MIN = 0.95
SPOON_HIGH_HIP_TO_WAIST_MIN = 1.193

FFIT_SHAPES = (
    "apple",
    "hourglass",
    "bottom_hourglass",
    "top_hourglass",
    "spoon",
    "triangle",
    "inverted_triangle",
    "rectangle",
)


def ffit_shape_codes(
    bust_cm: np.ndarray, waist_cm: np.ndarray, hip_cm: np.ndarray, high_hip_cm: np.ndarray | None
) -> np.ndarray:
    """Index into `FFIT_SHAPES` for each sample, or -1 when no rule holds.

    All inputs are (N,) float arrays of girths in cm. `high_hip_cm` (N,) or None: without it the
    high-hip condition that separates bottom hourglass from spoon cannot be tested, and the bottom
    hourglass (tested first in FFIT's order) is chosen whenever its other conditions hold.
    """
    bust_in, waist_in, hip_in = (np.asarray(v, dtype=float) / CM_PER_INCH for v in (bust_cm, waist_cm, hip_cm))
    if high_hip_cm is None:
        high_hip_ratio = np.full(bust_in.shape, np.nan)
    else:
        high_hip_ratio = np.asarray(high_hip_cm, dtype=float) / np.asarray(waist_cm, dtype=float)
    ratio_known = np.isfinite(high_hip_ratio)
    bust_minus_hip_in = bust_in - hip_in
    hip_minus_bust_in = hip_in - bust_in
    bust_minus_waist_in = bust_in - waist_in
    hip_minus_waist_in = hip_in - waist_in

    rules = [
        (waist_in >= APPLE_WAIST_TO_BUST_AND_HIP_MIN * bust_in) & (waist_in >= APPLE_WAIST_TO_BUST_AND_HIP_MIN * hip_in),
        (bust_minus_hip_in <= 1.0)
        & (hip_minus_bust_in < 3.6)
        & ((bust_minus_waist_in >= 9.0) | (hip_minus_waist_in >= 10.0)),
        (hip_minus_bust_in >= 3.6)
        & (hip_minus_bust_in < 10.0)
        & (hip_minus_waist_in >= 9.0)
        & (~ratio_known | (high_hip_ratio < SPOON_HIGH_HIP_TO_WAIST_MIN)),
        (bust_minus_hip_in > 1.0) & (bust_minus_hip_in < 10.0) & (bust_minus_waist_in >= 9.0),
        (hip_minus_bust_in > 2.0) & (hip_minus_waist_in >= 7.0) & (~ratio_known | (high_hip_ratio >= SPOON_HIGH_HIP_TO_WAIST_MIN)),
        (hip_minus_bust_in >= 3.6) & (hip_minus_waist_in < 9.0),
        (bust_minus_hip_in >= 3.6) & (bust_minus_waist_in < 9.0),
        (hip_minus_bust_in < 3.6) & (bust_minus_hip_in < 3.6) & (bust_minus_waist_in < 9.0) & (hip_minus_waist_in < 10.0),
    ]
    codes = np.full(bust_in.shape, -1, dtype=int)
    for index in reversed(range(len(rules))):
        codes = np.where(rules[index], index, codes)
    return codes
