"""The ONNX models and the numpy pipeline against the original MediaPipe models and graph.

Reference outputs come from LiteRT on the original .tflite files and from MediaPipe's own static-image
Pose graph (scripts/mediapipe_reference.py), on two real photos.
"""

import numpy as np
import pytest
from tapeless.vision.detector import detect_people
from tapeless.vision.landmarks import roi_from_detection, run_landmarks
from tapeless.vision.sessions import session

IMAGES = ("basketball1", "basketball2")


def _run(model: str, tensor: np.ndarray) -> dict[str, np.ndarray]:
    model_session = session(model)
    outputs = model_session.run(None, {model_session.get_inputs()[0].name: tensor[None]})
    return {o.name: value[0] for o, value in zip(model_session.get_outputs(), outputs, strict=True)}


@pytest.mark.parametrize("name", IMAGES)
def test_onnx_detector_matches_the_tflite_detector(reference, name):
    tensor = reference[f"{name}_detector_input"].astype(np.float32) / 127.5 - 1
    outputs = _run("pose_detection", tensor)
    assert np.abs(outputs["Identity"] - reference[f"{name}_detector_boxes"]).max() < 0.02
    assert np.abs(outputs["Identity_1"][:, 0] - reference[f"{name}_detector_scores"]).max() < 0.02


@pytest.mark.parametrize("name", IMAGES)
def test_onnx_landmark_model_matches_the_tflite_model(reference, name):
    outputs = _run("pose_landmark_full", reference[f"{name}_landmark_input"].astype(np.float32) / 255)
    assert np.abs(outputs["Identity"] - reference[f"{name}_landmark_raw"]).max() < 0.05  # 256-px crop units
    assert np.abs(outputs["Identity_4"] - reference[f"{name}_landmark_world"]).max() < 1e-3  # metres
    logits = outputs["Identity_2"][::4, ::4, 0]
    assert np.mean((logits > 0) == (reference[f"{name}_landmark_mask_logits_every4"] > 0)) > 0.999


@pytest.mark.parametrize("name", IMAGES)
def test_onnx_selfie_segmenter_matches_the_tflite_segmenter(reference, name):
    outputs = _run("selfie_segmentation", reference[f"{name}_selfie_input"].astype(np.float32) / 255)
    assert np.abs(outputs["activation_10"][::4, ::4, 0] - reference[f"{name}_selfie_mask_every4"]).max() < 1e-3


@pytest.mark.parametrize("name", IMAGES)
def test_pipeline_landmarks_match_mediapipe_pose_graph_within_a_few_pixels(reference, name, request):
    image = request.getfixturevalue(name)
    result = run_landmarks(image, roi_from_detection(detect_people(image)[0]), "full")
    error_px = np.linalg.norm(result.landmarks_px - reference[f"{name}_graph_landmarks_px"], axis=1)
    assert error_px.mean() < 1.5 and error_px.max() < 5.0
    assert np.abs(result.visibility - reference[f"{name}_graph_visibility"]).max() < 0.1
    assert np.abs(result.world_landmarks_m - reference[f"{name}_graph_world_m"]).max() < 0.05

