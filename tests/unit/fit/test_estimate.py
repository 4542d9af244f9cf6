import json
from io import BytesIO

import numpy as np
import pytest
from PIL import Image
from tapeless.body.estimate import analyse_photo, estimate, fit_body, measure_fit, scale_for
from tapeless.body.fit import FitResult
from tapeless.body.scale import Scale, ScaleUnknown
from tapeless.body.views import ViewAnalysis
from tapeless.errors import TapelessError


@pytest.fixture(scope="module")
def estimates(sample_capture):
    results = {}
    for name in ("synth-a", "synth-b"):
        capture = sample_capture(name)
        results[name] = (capture, estimate(capture.front_jpeg, capture.side_jpeg, stature_cm=capture.truth["stature_cm"]))
    return results


def test_sample_captures_lie_within_their_own_intervals_for_most_measurements(estimates):
    inside, total = 0, 0
    for capture, result in estimates.values():
        for name, measurement in result.measurements.items():
            truth_cm = capture.truth["measurements"].get(name)
            if truth_cm is None:
                continue
            total += 1
            inside += measurement.low_cm <= truth_cm <= measurement.high_cm
    assert total > 40
    assert inside / total >= 0.7


def test_the_given_stature_is_what_the_fitted_body_measures(estimates):
    for capture, result in estimates.values():
        assert abs(result.measurements["stature_cm"].value_cm - capture.truth["stature_cm"]) < 1.5


def test_estimate_reports_shape_quality_overlays_and_the_rest_mesh(estimates):
    _, result = estimates["synth-a"]
    document = result.to_dict()
    assert document["shape"]["class"] in {"hourglass", "pear", "inverted_triangle", "rectangle", "apple"}
    assert "scale_from_stature" in document["quality"]["flags"]
    assert result.artifacts["rest_vertices"].shape == (13718, 3)
    assert result.artifacts["overlay_front_jpeg"][:2] == b"\xff\xd8"
    assert all(0 <= m["confidence"] <= 1 and m["low_cm"] <= m["value_cm"] <= m["high_cm"]
               for m in document["measurements"].values())


def test_without_stature_or_card_the_estimate_fails_with_scale_unknown(sample_capture):
    capture = sample_capture("synth-c")  # rendered without a card
    with pytest.raises(ScaleUnknown) as raised:
        estimate(capture.front_jpeg, capture.side_jpeg)
    assert "height" in raised.value.message


def test_a_photo_without_a_person_fails_with_a_named_reason(sample_capture):
    capture = sample_capture("synth-a")
    rng = np.random.default_rng(0)
    empty_room = rng.integers(90, 110, size=(960, 720, 3), dtype=np.uint8)
    buffer = BytesIO()
    Image.fromarray(empty_room).save(buffer, format="JPEG")
    with pytest.raises(TapelessError) as raised:
        estimate(buffer.getvalue(), capture.side_jpeg, stature_cm=170.0)
    assert raised.value.code == "no_person_found"


@pytest.fixture(scope="module")
def analysed_b(sample_capture):
    capture = sample_capture("synth-b")
    front = analyse_photo(capture.front_jpeg, "front")
    side = analyse_photo(capture.side_jpeg, "side")
    scale = scale_for(front, capture.truth["stature_cm"])
    return front, side, scale, fit_body(front, side, scale)


def test_the_fit_is_deterministic(analysed_b):
    front, side, scale, first = analysed_b
    second = fit_body(front, side, scale)
    np.testing.assert_array_equal(first.phenotype, second.phenotype)
    np.testing.assert_array_equal(first.local, second.local)


def test_a_fit_handed_over_as_json_measures_the_same(analysed_b):
    front, side, scale, fit = analysed_b
    in_process = measure_fit(fit, front, side, scale)
    handed_over = measure_fit(
        FitResult.from_state(json.loads(json.dumps(fit.to_state()))),
        ViewAnalysis.from_dict(json.loads(json.dumps(front.to_dict()))),
        ViewAnalysis.from_dict(json.loads(json.dumps(side.to_dict()))),
        Scale.from_dict(json.loads(json.dumps(scale.to_dict()))),
    )
    for name, measurement in in_process.measurements.items():
        assert abs(handed_over.measurements[name].value_cm - measurement.value_cm) < 0.01
    assert "overlay_front_jpeg" not in handed_over.artifacts  # the photos stay behind
