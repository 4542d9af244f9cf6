"""ISO 8559-1 measurements on Anny bodies: plausible values, ordering, symmetry, local sliders."""

import numpy as np
import pytest
from tapeless.body.definitions import BY_NAME, MEASUREMENTS, NAMES
from tapeless.body.measure import measure
from tapeless.body.model import BodyModelError

GIRTHS = [d.name for d in MEASUREMENTS if d.kind == "girth"]


def test_every_registry_measurement_is_computed_with_a_unit_in_its_name(reference_bodies):
    result = measure(reference_bodies["average_female"])
    assert tuple(result.values) == NAMES
    assert len([d for d in MEASUREMENTS if d.iso_clause.startswith("ISO")]) >= 27
    for name, value in result.values.items():
        assert name.endswith(("_cm", "_l", "_kg", "_kg_m2")), name
        assert np.isfinite(value) and value > 0, name


def test_stature_is_the_solved_one(reference_bodies):
    assert measure(reference_bodies["average_male"])["stature_cm"] == pytest.approx(178.0, abs=0.05)
    assert measure(reference_bodies["short_slim_female"])["stature_cm"] == pytest.approx(152.0, abs=0.05)


def test_a_tall_heavy_body_is_larger_everywhere_than_a_short_slim_one(reference_bodies):
    big = measure(reference_bodies["tall_heavy_male"])
    small = measure(reference_bodies["short_slim_female"])
    for name in GIRTHS + ["shoulder_breadth_cm", "arm_length_cm", "inside_leg_length_cm", "mass_kg"]:
        assert big[name] > small[name], name


@pytest.mark.parametrize("body", ["average_female", "average_male", "tall_heavy_male", "older_heavy_female"])
def test_adult_measurements_lie_in_human_ranges(reference_bodies, body):
    r = measure(reference_bodies[body])
    ranges = {"head_girth_cm": (48, 66), "neck_girth_cm": (28, 60), "chest_girth_cm": (75, 135),
              "waist_girth_cm": (60, 130), "hip_girth_cm": (80, 135), "thigh_girth_cm": (42, 80),
              "calf_girth_cm": (28, 52), "ankle_girth_cm": (18, 30), "wrist_girth_cm": (12, 22),
              "upper_arm_girth_cm": (20, 48), "shoulder_breadth_cm": (28, 48), "bmi_kg_m2": (15, 45)}
    for name, (low, high) in ranges.items():
        assert low < r[name] < high, (name, r[name])
    # Proportions a tailor would expect of any adult.
    assert r["hip_height_cm"] < r["waist_height_cm"] < r["stature_cm"] * 0.7
    assert r["inside_leg_length_cm"] < r["hip_height_cm"]
    assert r["upper_arm_length_cm"] < r["arm_length_cm"]
    assert r["neck_girth_cm"] < r["neck_base_girth_cm"]
    assert r["shoulder_breadth_cm"] < r["back_shoulder_width_cm"]
    assert r["ankle_girth_cm"] < r["calf_girth_cm"] < r["thigh_girth_cm"]
    assert r["wrist_girth_cm"] < r["elbow_girth_cm"]


def test_left_and_right_limbs_agree_within_two_millimetres(body_model):
    rng = np.random.default_rng(11)
    for _ in range(3):
        phenotype = np.r_[rng.uniform(0, 1), rng.uniform(0.7, 0.95), rng.uniform(0, 1, 4)]
        local = np.zeros(len(body_model.local_names))
        local[rng.choice(len(local), 10)] = rng.uniform(-0.8, 0.8, 10)
        for name in body_model.local_names:  # one-sided sliders would make the body asymmetric
            if name.startswith(("l-", "r-")):
                local[body_model.local_names.index(name)] = 0.0
        vertices = body_model.rest_vertices(phenotype, local)[0]
        right, left = measure(vertices, side="right"), measure(vertices, side="left")
        for name in NAMES:
            if BY_NAME[name].unit == "cm":
                assert abs(right[name] - left[name]) <= 0.2, name


@pytest.mark.parametrize(("slider", "grows"), [
    ("measure-waist-circ-incr", {"waist_girth_cm"}), ("measure-hips-circ-incr", {"hip_girth_cm"}),
    ("measure-bust-circ-incr", {"bust_girth_cm"}), ("measure-neck-circ-incr", {"neck_girth_cm"}),
    ("measure-thigh-circ-incr", {"thigh_girth_cm", "mid_thigh_girth_cm"}),
    ("measure-calf-circ-incr", {"calf_girth_cm"}), ("measure-upperarm-circ-incr", {"upper_arm_girth_cm"}),
    ("measure-wrist-circ-incr", {"wrist_girth_cm"}),
])
def test_each_circumference_slider_grows_its_own_girth_most(body_model, slider, grows):
    phenotype = body_model.phenotype_vector(age=0.8)
    before = measure(body_model.rest_vertices(phenotype)[0])
    after = measure(body_model.rest_vertices(phenotype, body_model.local_vector(**{slider: 1.0}))[0])
    relative = {n: after[n] / before[n] - 1 for n in GIRTHS}
    assert max(relative, key=relative.get) in grows
    assert all(relative[name] > 0.02 for name in grows)


def test_measure_refuses_a_mesh_of_another_topology():
    with pytest.raises(BodyModelError):
        measure(np.zeros((100, 3)))


def test_json_output_has_the_documented_shape(reference_bodies):
    document = measure(reference_bodies["average_male"]).to_json()
    assert set(document["measurements"]) == set(NAMES)
    assert set(document["measurements"]["waist_girth_cm"]) == {"value_cm"}
    assert document["measurements"]["mass_kg"]["unit"] == "kg"
