"""The numpy Anny runtime: shapes, batching, local sliders, posing, keypoints, the packaged file."""

import hashlib

import numpy as np
import pytest
from tapeless.body.model import MODEL_FILE, BodyModel, BodyModelError, default_model_path
from tapeless.body.posing import JointAngles, pose_body, posed_bone_heads, rest_joint_angles


def test_model_exposes_anny_topology_and_the_core_phenotypes(body_model):
    assert body_model.phenotype_names == ("gender", "age", "muscle", "weight", "height", "proportions")
    assert body_model.faces.shape == (27420, 3) and body_model.faces.dtype == np.int32
    assert body_model.vertex_count == 13718 and body_model.faces.max() == body_model.vertex_count - 1
    assert len(body_model.bone_labels) == len(body_model.bone_parents) == 104
    assert "measure-waist-circ-incr" in body_model.local_names
    assert len(body_model.keypoint_names) == 23


def test_load_returns_one_shared_instance_per_process():
    assert BodyModel.load() is BodyModel.load()


def test_packaged_model_file_matches_its_recorded_checksum():
    path = default_model_path()
    recorded = dict(line.split()[::-1] for line in (path.parent / "SHA256SUMS.txt").read_text().splitlines())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded[MODEL_FILE]


def test_batched_forward_equals_one_body_at_a_time(body_model):
    rng = np.random.default_rng(3)
    phenotypes = rng.uniform(0, 1, (4, 6))
    local = rng.uniform(-1, 1, (4, len(body_model.local_names)))
    batch = body_model.rest_vertices(phenotypes, local)
    assert batch.shape == (4, body_model.vertex_count, 3) and batch.dtype == np.float32
    for i in range(4):
        np.testing.assert_allclose(batch[i], body_model.rest_vertices(phenotypes[i], local[i])[0], atol=1e-6)


def test_body_stands_in_anny_frame_with_feet_down_and_face_towards_minus_y(body_model):
    vertices = body_model.rest_vertices(body_model.phenotype_vector(age=0.75))[0]
    keypoints = dict(zip(body_model.keypoint_names, body_model.keypoints(vertices)[0], strict=True))
    assert keypoints["nose"][2] > keypoints["left_hip"][2] > keypoints["left_ankle"][2]
    assert keypoints["nose"][1] < keypoints["left_ear"][1]  # the face is on the -Y side
    assert keypoints["left_shoulder"][0] > 0 > keypoints["right_shoulder"][0]


def test_local_slider_changes_only_its_own_region(body_model):
    phenotype = body_model.phenotype_vector(age=0.75)
    plain = body_model.rest_vertices(phenotype)[0]
    wider = body_model.rest_vertices(phenotype, body_model.local_vector(measure_calf_circ_incr=1.0))[0]
    moved = np.linalg.norm(wider - plain, axis=1) > 1e-4
    assert moved.any()
    assert plain[moved, 2].max() < 0.0  # only below the pelvis: the calves


def test_unknown_parameter_names_and_bad_shapes_are_rejected(body_model):
    with pytest.raises(BodyModelError):
        body_model.phenotype_vector(shoe_size=0.3)
    with pytest.raises(BodyModelError):
        body_model.rest_vertices(np.zeros(5))


def test_identity_rotations_reproduce_the_rest_mesh(body_model):
    skeleton = body_model.rest_skeleton(body_model.phenotype_vector(weight=0.8))
    posed = body_model.pose(skeleton, np.broadcast_to(np.eye(3), (104, 3, 3)))
    np.testing.assert_allclose(posed, skeleton.vertices, atol=1e-5)


def test_named_joint_angles_are_reached_exactly(body_model):
    skeleton = body_model.rest_skeleton(body_model.phenotype_vector(gender=1.0, age=0.8))
    angles = JointAngles(arm_abduction_left_deg=15.0, arm_abduction_right_deg=80.0, leg_spread_left_deg=12.0)
    measured = rest_joint_angles(body_model, posed_bone_heads(body_model, skeleton, angles))
    rest = rest_joint_angles(body_model, skeleton.bone_heads)
    assert measured["arm_abduction_left_deg"][0] == pytest.approx(15.0, abs=1e-6)
    assert measured["arm_abduction_right_deg"][0] == pytest.approx(80.0, abs=1e-6)
    assert measured["leg_spread_left_deg"][0] == pytest.approx(12.0, abs=1e-6)
    assert measured["leg_spread_right_deg"][0] == pytest.approx(rest["leg_spread_right_deg"][0], abs=1e-9)


def test_raising_an_arm_moves_the_hand_up_and_leaves_the_other_side_alone(body_model):
    skeleton = body_model.rest_skeleton(body_model.phenotype_vector())
    posed = pose_body(body_model, skeleton, JointAngles(arm_abduction_left_deg=90.0))
    before = body_model.keypoints(skeleton.vertices)[0]
    after = body_model.keypoints(posed)[0]
    names = body_model.keypoint_names
    assert after[names.index("left_wrist"), 2] > before[names.index("left_wrist"), 2] + 0.2
    np.testing.assert_allclose(after[names.index("right_wrist")], before[names.index("right_wrist")], atol=1e-6)


def test_positive_head_pitch_nods_the_chin_down_and_the_crown_forward(body_model):
    skeleton = body_model.rest_skeleton(body_model.phenotype_vector())
    posed = pose_body(body_model, skeleton, JointAngles(head_pitch_deg=25.0))
    nose = body_model.keypoint_names.index("nose")
    assert body_model.keypoints(posed)[0, nose, 2] < body_model.keypoints(skeleton.vertices)[0, nose, 2]
    crown = int(np.argmax(skeleton.vertices[0, :, 2]))
    assert posed[0, crown, 1] < skeleton.vertices[0, crown, 1] - 0.02
