import pytest
from tapeless.shape import SHAPE_CLASSES, classify_body_shape

INCH_CM = 2.54


def shape_of(bust_in, waist_in, hip_in, **kwargs):
    return classify_body_shape(bust_in * INCH_CM, waist_in * INCH_CM, hip_in * INCH_CM, **kwargs)


@pytest.mark.parametrize(
    ("girths_in", "expected"),
    [
        ((36, 26, 37), "hourglass"),
        ((34, 32, 40), "pear"),
        ((42, 34, 36), "inverted_triangle"),
        ((36, 30, 37), "rectangle"),
        ((44, 43, 42), "apple"),
    ],
)
def test_textbook_figures_fall_in_their_class(girths_in, expected):
    assert shape_of(*girths_in).shape == expected


def test_a_wide_hip_with_a_small_waist_is_a_bottom_hourglass_unless_the_high_hip_is_full():
    low_high_hip = shape_of(34, 28, 40, high_hip_cm=30 * INCH_CM)
    full_high_hip = shape_of(34, 28, 40, high_hip_cm=36 * INCH_CM)
    assert (low_high_hip.ffit_shape, low_high_hip.shape) == ("bottom_hourglass", "hourglass")
    assert (full_high_hip.ffit_shape, full_high_hip.shape) == ("spoon", "pear")


def test_a_body_on_a_rule_threshold_gets_less_confidence_than_a_clear_one():
    clear = shape_of(36, 30, 37)
    on_threshold = shape_of(36, 27, 36.5)  # bust − waist is exactly FFIT's 9-inch hourglass limit
    assert clear.confidence > 0.9
    assert on_threshold.confidence < 0.8


def test_probabilities_cover_every_class_and_sum_to_one():
    result = shape_of(38, 31, 39)
    assert set(result.probabilities) == set(SHAPE_CLASSES)
    assert sum(result.probabilities.values()) == pytest.approx(1.0)
    assert result.confidence == result.probabilities[result.shape]


def test_larger_girth_uncertainty_lowers_confidence():
    sure = shape_of(36, 28, 37.5, sigma_cm=(0.3, 0.3, 0.3))
    unsure = shape_of(36, 28, 37.5, sigma_cm=(4.0, 4.0, 4.0))
    assert sure.shape == unsure.shape
    assert unsure.confidence < sure.confidence


def test_classification_is_deterministic_for_a_seed():
    assert shape_of(37, 29, 38, seed=3) == shape_of(37, 29, 38, seed=3)


def test_non_positive_girth_is_rejected():
    with pytest.raises(ValueError, match="waist"):
        classify_body_shape(90.0, 0.0, 95.0)


def test_result_document_names_the_rule_set():
    document = shape_of(36, 26, 37).to_dict()
    assert document["class"] == "hourglass"
    assert "FFIT" in document["rule_set"]
