"""Monk buckets, ITA° classes and undertone on known colours."""

import numpy as np
import pytest
from tapeless.calibration.colour_space import hex_to_srgb8, srgb8_to_lab
from tapeless.skin.monk import MONK_SWATCHES_HEX, MONK_SWATCHES_LAB, monk_bucket
from tapeless.skin.tone import individual_typology_angle_deg, ita_class, undertone_from_hue


def test_srgb_red_has_the_published_cielab_coordinates():
    # Published values use the rounded IEC matrix (Y of red 0.2126); ours keeps more digits (0.2126729).
    np.testing.assert_allclose(srgb8_to_lab(np.array([255, 0, 0])), [53.2371, 80.0901, 67.2033], atol=5e-3)
    np.testing.assert_allclose(srgb8_to_lab(np.array([255, 255, 255])), [100, 0, 0], atol=1e-3)


@pytest.mark.parametrize("bucket", range(1, 11))
def test_each_monk_swatch_falls_in_its_own_bucket(bucket):
    assert monk_bucket(srgb8_to_lab(hex_to_srgb8(MONK_SWATCHES_HEX[bucket - 1]))) == bucket


def test_the_monk_swatches_darken_from_one_to_ten():
    assert np.all(np.diff(MONK_SWATCHES_LAB[:, 0][[0, 3, 4, 5, 6, 7, 8, 9]]) < 0)


def test_ita_follows_its_definition_and_the_standard_class_limits():
    assert individual_typology_angle_deg(np.array([50.0, 10.0, 20.0])) == 0.0
    assert individual_typology_angle_deg(np.array([70.0, 10.0, 20.0])) == pytest.approx(45.0)
    assert [ita_class(v) for v in (60, 50, 30, 20, 0, -40)] == [
        "very light", "light", "intermediate", "tan", "brown", "dark"
    ]


def test_ita_cannot_separate_light_monk_tones_but_the_bucket_does():
    itas = [individual_typology_angle_deg(lab) for lab in MONK_SWATCHES_LAB[:4]]
    assert {ita_class(v) for v in itas} == {"very light"}
    assert [monk_bucket(lab) for lab in MONK_SWATCHES_LAB[:4]] == [1, 2, 3, 4]


def test_undertone_is_warm_for_yellow_skin_and_cool_for_pink_skin():
    assert undertone_from_hue(70.0) == "warm"
    assert undertone_from_hue(40.0) == "cool"
    assert undertone_from_hue(57.0) == "neutral"
