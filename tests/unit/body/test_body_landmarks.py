"""The landmark table is what the documented rules pick, and the landmarks sit where anatomy says."""

import importlib.util
from pathlib import Path

import numpy as np
from tapeless.body.landmarks import LANDMARK_VERTICES, landmark

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


def test_paired_landmarks_mirror_each_other_and_sit_in_anatomical_order(body_model):
    v = body_model.rest_vertices(body_model.phenotype_vector(gender=0.8, age=0.9, weight=0.7))[0]
    for name in LANDMARK_VERTICES:
        if name.endswith("_left"):
            left, right = landmark(v, name), landmark(v, name.replace("_left", "_right"))
            assert left[0] > 0
            np.testing.assert_allclose(left * [-1, 1, 1], right, atol=1e-4)
    z = {name: landmark(v, name)[2] for name in LANDMARK_VERTICES}
    assert z["glabella"] > z["neck_back"] > z["cervicale"] > z["front_neck_point"]
    assert z["acromion_left"] > z["armpit_left"] > z["bust_point_left"] > z["underbust_left"]
    assert z["underbust_left"] > z["crotch"] > z["patella_left"] > z["malleolus_left"]
    assert landmark(v, "cervicale")[1] > landmark(v, "front_neck_point")[1]  # back is +Y
