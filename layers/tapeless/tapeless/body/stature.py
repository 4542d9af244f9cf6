"""Stature (cm) -> Anny's `height` phenotype: Anny's `height` is a shape parameter, not a length.

Stature is measured as ISO 8559-1 does on a standing body: the vertical distance from the floor (the
lowest point of the soles) to the top of the head, i.e. the Z extent of the rest mesh. It grows
monotonically with `height` once the other phenotypes are fixed, so the solver samples `height` on a
grid in one batched forward pass, interpolates, and refines by the secant method.
"""

from __future__ import annotations

import numpy as np

from tapeless.body.model import BodyModel
from tapeless.errors import TapelessError

# Adults only: statures outside this range are rejected rather than extrapolated.
ADULT_STATURE_RANGE_CM = (130.0, 215.0)
# Age 0.75 lies between Anny's "young" (2/3) and "old" (1) anchors: a grown adult.
ADULT_DEFAULTS = {"gender": 0.5, "age": 0.75, "muscle": 0.5, "weight": 0.5, "proportions": 0.5}
_GRID = np.linspace(0.0, 1.0, 11)


class StatureOutOfRange(TapelessError):
    """The stature is outside the adult range, or not reachable with the given phenotypes."""

    code = "stature_out_of_range"


def stature_cm(rest_vertices: np.ndarray) -> np.ndarray:
    """(B, V, 3) or (V, 3) rest vertices (metres, Z up) -> (B,) or () stature in cm (Z extent)."""
    z = np.asarray(rest_vertices)[..., 2]
    return (z.max(axis=-1) - z.min(axis=-1)) * 100.0


def solve_phenotype_for_stature(
    target_stature_cm: float,
    model: BodyModel | None = None,
    local: np.ndarray | None = None,
    tolerance_cm: float = 0.01,
    **other_phenotypes: float,
) -> np.ndarray:
    """(P,) phenotype whose rest mesh has `target_stature_cm`, the others as given (adult defaults).

    Raises StatureOutOfRange if the stature is outside ADULT_STATURE_RANGE_CM or cannot be reached with
    `height` in [0, 1] for these phenotypes.
    """
    low_cm, high_cm = ADULT_STATURE_RANGE_CM
    if not low_cm <= target_stature_cm <= high_cm:
        raise StatureOutOfRange(
            f"stature {target_stature_cm:.1f} cm is outside the supported adult range {low_cm:.0f}-{high_cm:.0f} cm",
            advice="check the entered height and its unit (centimetres)",
        )
    model = model or BodyModel.load()
    if "height" in other_phenotypes:
        raise TypeError("`height` is what this function solves for; do not pass it")
    base = model.phenotype_vector(**{**ADULT_DEFAULTS, **other_phenotypes})
    height_index = model.phenotype_names.index("height")

    def statures(heights: np.ndarray) -> np.ndarray:
        phenotypes = np.repeat(base[None], len(heights), axis=0)
        phenotypes[:, height_index] = heights
        return stature_cm(model.rest_vertices(phenotypes, local))

    grid_cm = statures(_GRID)
    if not grid_cm[0] <= target_stature_cm <= grid_cm[-1]:
        raise StatureOutOfRange(
            f"stature {target_stature_cm:.1f} cm is not reachable for these phenotypes "
            f"({grid_cm[0]:.1f}-{grid_cm[-1]:.1f} cm)",
        )
    k = int(np.clip(np.searchsorted(grid_cm, target_stature_cm), 1, len(_GRID) - 1))
    a, b = _GRID[k - 1], _GRID[k]
    sa, sb = grid_cm[k - 1], grid_cm[k]
    height = a + (target_stature_cm - sa) * (b - a) / (sb - sa)
    for _ in range(4):
        s = statures(np.array([height]))[0]
        if abs(s - target_stature_cm) <= tolerance_cm:
            break
        # Secant step against the nearer bracket end, then keep the bracket.
        if s < target_stature_cm:
            a, sa = height, s
        else:
            b, sb = height, s
        height = a + (target_stature_cm - sa) * (b - a) / (sb - sa)
    base = base.copy()
    base[height_index] = height
    return base
