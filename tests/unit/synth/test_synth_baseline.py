"""The seed design's width→ellipse baseline used by bench/accuracy.py."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

_SPEC = importlib.util.spec_from_file_location("baseline", Path(__file__).resolve().parents[3] / "bench" / "baseline.py")
baseline = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(baseline)


def test_ellipse_perimeter_is_exact_for_a_circle_and_close_for_an_ellipse():
    assert baseline.ellipse_perimeter(3.0, 3.0) == pytest.approx(2 * np.pi * 3.0)
    # a = 2, b = 1: the exact perimeter is 9.6884482205…
    assert baseline.ellipse_perimeter(2.0, 1.0) == pytest.approx(9.68844822, rel=1e-5)


def _slab_mask(width_px: int, top: int = 50, bottom: int = 449) -> np.ndarray:
    """A person-shaped stand-in: a vertical slab with two thin 'arms' a few pixels away."""
    mask = np.zeros((500, 300), bool)
    mask[top : bottom + 1, 150 - width_px // 2 : 150 - width_px // 2 + width_px] = True
    mask[150:300, 150 - width_px // 2 - 12 : 150 - width_px // 2 - 6] = True
    mask[150:300, 150 + width_px // 2 + 6 : 150 + width_px // 2 + 12] = True
    return mask


def test_girths_are_ellipses_of_the_trunk_widths_scaled_by_the_stature():
    front, side = _slab_mask(60), _slab_mask(40)
    result = baseline.baseline_measurements(front, side, stature_cm=180.0)
    cm_per_px = 180.0 / 400
    expected = baseline.ellipse_perimeter(60 * cm_per_px / 2, 40 * cm_per_px / 2)
    for name in ("chest_girth_cm", "waist_girth_cm", "hip_girth_cm"):
        assert result[name] == pytest.approx(expected)


def test_card_scale_gives_the_stature_and_the_same_girths():
    front, side = _slab_mask(60), _slab_mask(40)
    result = baseline.baseline_measurements(front, side, front_mm_per_px=4.5)
    assert result["stature_cm"] == pytest.approx(180.0)
    assert result["waist_girth_cm"] == pytest.approx(baseline.ellipse_perimeter(13.5, 9.0))
