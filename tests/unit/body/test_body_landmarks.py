"""The landmark table is what the documented rules pick, and the landmarks sit where anatomy says."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from tapeless.body.landmarks import LANDMARK_BLENDS, LANDMARK_VERTICES, landmark

FINDER = Path(__file__).resolve().parents[3] / "scripts" / "find_body_landmarks.py"


def test_landmark_table_matches_the_rules_in_the_finder_script():
    spec = importlib.util.spec_from_file_location("find_body_landmarks", FINDER)
    finder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(finder)
    found = finder.left_landmarks()
    vertices, _, _ = finder.reference()
    for name in list(found):
        if name.endswith("_left"):
            found[name.replace("_left", "_right")] = finder.mirrored(found[name], vertices)
    assert found == LANDMARK_VERTICES
    assert finder.mirrored_blends(finder.left_blends(), vertices) == LANDMARK_BLENDS


def test_paired_landmarks_mirror_each_other_and_sit_in_anatomical_order(body_model):
    v = body_model.rest_vertices(body_model.phenotype_vector(gender=0.8, age=0.9, weight=0.7))[0]
    for name in [*LANDMARK_VERTICES, *LANDMARK_BLENDS]:
        if name.endswith("_left"):
            left, right = landmark(v, name), landmark(v, name.replace("_left", "_right"))
            assert left[0] > 0
            np.testing.assert_allclose(left * [-1, 1, 1], right, atol=1e-4)
    z = {name: landmark(v, name)[2] for name in [*LANDMARK_VERTICES, *LANDMARK_BLENDS]}
    assert z["glabella"] > z["neck_back"] >= z["cervicale"] > z["front_neck_point"]
    assert z["cervicale"] > z["acromion_left"]
    assert z["acromion_left"] > z["armpit_left"] > z["bust_point_left"] > z["underbust_left"]
    assert z["underbust_left"] > z["crotch"] > z["patella_left"] > z["malleolus_left"]
    assert landmark(v, "cervicale")[1] > landmark(v, "front_neck_point")[1]  # back is +Y


def test_back_and_shoulder_landmarks_sit_at_adult_proportions(reference_bodies):
    # ANSUR II means: cervicale height 0.862 (men) / 0.856 (women) x stature, acromion 0.82,
    # biacromial breadth 0.226 / 0.217.
    for name in ("average_male", "average_female"):
        v = reference_bodies[name]
        floor, stature = v[:, 2].min(), np.ptp(v[:, 2])
        assert 0.85 < (landmark(v, "cervicale")[2] - floor) / stature < 0.875, name
        assert 0.81 < (landmark(v, "acromion_left")[2] - floor) / stature < 0.84, name
        breadth = np.linalg.norm(landmark(v, "acromion_left") - landmark(v, "acromion_right"))
        assert 0.21 < breadth / stature < 0.235, name


def test_blended_landmark_lies_between_its_vertices(body_model):
    v = body_model.rest_vertices(body_model.phenotype_vector(age=0.8))[0]
    (a, weight_a), (b, weight_b) = LANDMARK_BLENDS["acromion_left"]
    assert weight_a + weight_b == pytest.approx(1.0)
    np.testing.assert_allclose(landmark(v, "acromion_left"), weight_a * v[a] + weight_b * v[b], atol=1e-6)
