"""The Monk Skin Tone scale (Monk 2019, CC-BY 4.0): ten swatches, lightest (1) to darkest (10), and the
nearest-swatch classification by CIEDE2000 (ITA° alone cannot separate Monk 1–4, which differ in hue)."""

import numpy as np

from tapeless.calibration.colour_space import hex_to_srgb8, srgb8_to_lab
from tapeless.skin.ciede2000 import delta_e_2000

MONK_SWATCHES_HEX = (
    "#f6ede4", "#f3e7db", "#f7ead0", "#eadaba", "#d7bd96",
    "#a07e56", "#825c43", "#604134", "#3a312a", "#292420",
)  # fmt: skip

MONK_SWATCHES_LAB = srgb8_to_lab(np.stack([hex_to_srgb8(h) for h in MONK_SWATCHES_HEX]))  # (10, 3) D65


def monk_distances(lab: np.ndarray) -> np.ndarray:
    """ΔE00 from one CIELAB colour (3,) to each of the ten swatches → (10,)."""
    return delta_e_2000(np.asarray(lab, dtype=np.float64)[None, :], MONK_SWATCHES_LAB)


def monk_bucket(lab: np.ndarray) -> int:
    """The Monk Skin Tone number 1–10 nearest (CIEDE2000) to the CIELAB colour `lab` (3,)."""
    return int(np.argmin(monk_distances(lab))) + 1
