import numpy as np
from tapeless.body.fit import FitResult
from tapeless.body.report import advice_for, quality_of

FOCAL_PX = {"front": 1000.0, "side": 1000.0}


def fit_with_residuals(front_px: np.ndarray, side_px: np.ndarray) -> FitResult:
    return FitResult(
        phenotype=np.full(6, 0.5), local=np.zeros(3), poses={},
        silhouette_residuals_px={"front": front_px, "side": side_px},
        outline_px={}, depth_m={"front": 3.0, "side": 3.0},
    )


def test_a_close_fit_has_no_warning_flags_and_no_advice():
    rng = np.random.default_rng(1)
    quality = quality_of(fit_with_residuals(rng.normal(0, 1, 300), rng.normal(0, 1, 300)), FOCAL_PX, "stature", None)
    assert quality.flags == ("scale_from_stature",)
    assert advice_for(quality) == []
    assert 2.0 < quality.fit_error_mm["rms"] < 4.0  # 1 px at 3 m with f = 1000 px is 3 mm


def test_an_outline_far_outside_the_body_is_flagged_as_loose_clothing():
    quality = quality_of(fit_with_residuals(np.full(300, -4.0), np.full(300, -4.0)), FOCAL_PX, "stature", None)
    assert "loose_clothing" in quality.flags
    assert any("close-fitting" in advice.message for advice in advice_for(quality))


def test_a_poor_side_fit_asks_for_another_side_photo():
    rng = np.random.default_rng(2)
    quality = quality_of(fit_with_residuals(rng.normal(0, 1, 300), rng.normal(0, 8, 300)), FOCAL_PX, "stature", None)
    assert "poor_side_fit" in quality.flags and "poor_front_fit" not in quality.flags
    assert [advice.view for advice in advice_for(quality)] == ["side"]


def test_a_small_card_is_flagged():
    quality = quality_of(fit_with_residuals(np.zeros(10), np.zeros(10)), FOCAL_PX, "card", card_long_edge_px=30.0)
    assert {"scale_from_card", "small_card"} <= set(quality.flags)
