import json

import numpy as np
from tapeless.body.result import Advice, BodyEstimate, MeasurementEstimate, Quality, error_document
from tapeless.body.scale import ScaleUnknown
from tapeless.body.uncertainty import UncertaintyModel, measurement_family, quality_factor
from tapeless.shape import classify_body_shape

CONSTANTS = {
    "stature": {
        "reference_fit_rms_mm": 4.0,
        "measurements": {"waist_girth_cm": {"bias_cm": 0.5, "score_q90": 2.0}},
    }
}


def test_calibrated_interval_removes_the_bias_and_widens_with_a_poor_fit():
    model = UncertaintyModel(CONSTANTS, calibrated=True)
    good = model.interval("waist_girth_cm", 80.0, "stature", fit_rms_mm=4.0)
    poor = model.interval("waist_girth_cm", 80.0, "stature", fit_rms_mm=12.0)
    assert good.value_cm == 79.5
    assert (good.low_cm, good.high_cm) == (77.5, 81.5)
    assert poor.high_cm - poor.low_cm > 2 * (good.high_cm - good.low_cm)
    assert poor.confidence < good.confidence


def test_a_measurement_without_constants_gets_a_wider_interval_under_the_card():
    model = UncertaintyModel({}, calibrated=False)
    stature = model.interval("hip_girth_cm", 100.0, "stature", 4.0)
    card = model.interval("hip_girth_cm", 100.0, "card", 4.0)
    assert stature.low_cm < 100.0 < stature.high_cm
    assert card.high_cm - card.low_cm > stature.high_cm - stature.low_cm


def test_families_follow_the_measurement_names():
    assert [measurement_family(n) for n in ("calf_girth_cm", "inside_leg_length_cm", "stature_cm",
                                            "shoulder_breadth_cm")] == ["girth", "length", "length", "breadth"]


def test_quality_factor_is_one_at_the_reference_and_grows_with_the_residual():
    assert quality_factor(5.0, 5.0) == 1.0
    assert quality_factor(1.0, 5.0) < 1.0 < quality_factor(10.0, 5.0)


def test_shipped_constants_cover_both_conditions_when_present():
    model = UncertaintyModel.load()
    if model.calibrated:  # the file is produced by scripts/calibrate_uncertainty.py
        assert {"stature", "card"} <= set(model.conditions)
        assert all(c["reference_fit_rms_mm"] > 0 for c in model.conditions.values())


def test_result_document_is_json_with_the_issue_fields():
    estimate = BodyEstimate(
        measurements={"waist_girth_cm": MeasurementEstimate(80.04, 78.0, 82.1, 0.81)},
        confidence=0.7,
        quality=Quality(("scale_from_stature",), {"front": 1.2}, {"rms": 4.0}, "stature", 3.0),
        advice=[Advice("side", "Turn fully sideways.")],
        shape=classify_body_shape(92.0, 72.0, 98.0),
        parameters={"phenotype": np.array([0.5, 0.7])},
        artifacts={"rest_vertices": np.zeros((3, 3))},
    )
    document = json.loads(json.dumps(estimate.to_dict()))
    assert document["measurements"]["waist_girth_cm"] == {"value_cm": 80.0, "low_cm": 78.0, "high_cm": 82.1,
                                                          "confidence": 0.81}
    assert {"shape", "skin", "quality"} <= set(document)
    assert document["quality"]["advice"] == ["side: Turn fully sideways."]
    assert "rest_vertices" not in json.dumps(document)


def test_failure_document_carries_code_message_and_advice():
    document = error_document(ScaleUnknown())
    assert document["error"]["code"] == "scale_unknown"
    assert "height" in document["error"]["message"]
    assert "card" in document["error"]["advice"]
