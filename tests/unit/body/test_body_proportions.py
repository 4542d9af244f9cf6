"""Measurements follow adult anthropometric proportions (ANSUR II / CAESAR / size-chart ratios to
stature), keep the order a tape measure finds on ordinary bodies, and move smoothly with the shape."""

import numpy as np
import pytest
from tapeless.body.landmarks import landmark
from tapeless.body.measure import measure

# Ratio to stature: published adult means lie inside (ANSUR II men/women: waist height at the natural
# waist ~0.61-0.63, crotch height 0.47-0.48, buttock height ~0.51, waist back length ~0.25, shoulder-
# wrist ~0.32-0.34, biacromial 0.22-0.23, shoulder-elbow 0.21 (Anny's humerus is shorter: 0.18-0.19)).
ADULT_RATIO_RANGES = {
    "waist_height_cm": (0.60, 0.645),
    "inside_leg_length_cm": (0.44, 0.50),
    "hip_height_cm": (0.49, 0.55),
    "back_length_cm": (0.23, 0.27),
    "front_neck_to_waist_cm": (0.18, 0.24),
    "arm_length_cm": (0.30, 0.35),
    "upper_arm_length_cm": (0.17, 0.22),
    "shoulder_breadth_cm": (0.21, 0.24),
    "across_back_width_cm": (0.19, 0.24),
    "back_shoulder_width_cm": (0.22, 0.27),
    "head_girth_cm": (0.30, 0.36),
}

# Orders a tape measure finds on any ordinary adult (not on extreme slider corners, where e.g. a
# belly makes the waist exceed the hips or a very thin upper arm is narrower than the elbow).
ORDINARY_ORDER = [
    ("ankle_girth_cm", "calf_girth_cm"), ("calf_girth_cm", "thigh_girth_cm"),
    ("knee_girth_cm", "thigh_girth_cm"), ("mid_thigh_girth_cm", "thigh_girth_cm"),
    ("neck_girth_cm", "neck_base_girth_cm"), ("wrist_girth_cm", "elbow_girth_cm"),
    ("waist_girth_cm", "hip_girth_cm"), ("waist_girth_cm", "chest_girth_cm"),
    ("shoulder_breadth_cm", "back_shoulder_width_cm"), ("across_back_width_cm", "back_shoulder_width_cm"),
    ("inside_leg_length_cm", "hip_height_cm"), ("hip_height_cm", "waist_height_cm"),
    ("waist_height_cm", "outside_leg_length_cm"), ("upper_arm_length_cm", "arm_length_cm"),
    ("back_length_cm", "waist_height_cm"),
]


@pytest.mark.parametrize("body", ["average_male", "average_female"])
def test_average_adults_have_published_proportions(reference_bodies, body):
    r = measure(reference_bodies[body])
    for name, (low, high) in ADULT_RATIO_RANGES.items():
        assert low < r[name] / r["stature_cm"] < high, (name, r[name] / r["stature_cm"])


def test_ordinary_bodies_keep_the_usual_order_of_measurements(body_model):
    rng = np.random.default_rng(23)
    for _ in range(10):
        phenotype = np.r_[rng.uniform(0, 1), rng.uniform(0.7, 0.95), rng.uniform(0.25, 0.75, 4)]
        local = np.zeros(len(body_model.local_names))
        chosen = rng.choice(len(local), 8, replace=False)
        local[chosen] = rng.uniform(-0.4, 0.4, 8)
        r = measure(body_model.rest_vertices(phenotype, local)[0])
        for smaller, larger in ORDINARY_ORDER:
            assert r[smaller] < r[larger], (smaller, r[smaller], larger, r[larger], phenotype.round(2))


def test_outside_leg_follows_the_hip_so_it_exceeds_waist_height_by_a_little(reference_bodies):
    for vertices in reference_bodies.values():
        r = measure(vertices)
        assert 0.3 < r["outside_leg_length_cm"] - r["waist_height_cm"] < 5.0


def test_back_length_follows_the_back_from_the_cervicale_down_to_the_waist(reference_bodies):
    for vertices in reference_bodies.values():
        r = measure(vertices)
        cervicale_height_cm = (landmark(vertices, "cervicale")[2] - vertices[:, 2].min()) * 100
        vertical_cm = cervicale_height_cm - r["waist_height_cm"]
        assert vertical_cm < r["back_length_cm"] < vertical_cm + 4.0


def test_upper_arm_length_is_taken_as_if_the_elbow_were_bent(reference_bodies):
    # The olecranon of a straight arm sits above the elbow joint; bent 90 degrees it lies beyond it.
    v = reference_bodies["average_male"]
    r = measure(v)
    straight_cm = np.linalg.norm(landmark(v, "olecranon_right") - landmark(v, "acromion_right")) * 100
    assert r["upper_arm_length_cm"] > straight_cm + 2.0


def test_waist_level_moves_smoothly_with_the_body_shape(body_model):
    # A fitting loop changes sliders in small steps: the waist must not jump between levels.
    heights = []
    for weight in np.linspace(0.3, 0.7, 9):
        phenotype = body_model.phenotype_vector(gender=0.5, age=0.8, weight=weight)
        heights.append(measure(body_model.rest_vertices(phenotype)[0])["waist_height_cm"])
    assert np.abs(np.diff(heights)).max() < 1.0


def test_neck_girth_leaves_out_the_trapezius_of_a_muscular_heavy_body(body_model):
    phenotype = body_model.phenotype_vector(gender=1.0, age=0.7, muscle=1.0, weight=1.0, proportions=0.0)
    r = measure(body_model.rest_vertices(phenotype)[0])
    assert r["neck_girth_cm"] < r["neck_base_girth_cm"]
