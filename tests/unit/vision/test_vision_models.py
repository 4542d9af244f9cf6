"""The shipped ONNX files are the ones the conversion script recorded, with their licence."""

import hashlib
import json

from tapeless.vision.sessions import MODELS_DIR, session

SHIPPED = ("pose_detection.onnx", "pose_landmark_lite.onnx", "pose_landmark_full.onnx", "selfie_segmentation.onnx")


def test_every_shipped_model_matches_its_recorded_checksum():
    checksums = json.loads((MODELS_DIR / "checksums.json").read_text())
    for name in SHIPPED:
        assert hashlib.sha256((MODELS_DIR / name).read_bytes()).hexdigest() == checksums[name]["sha256"], name


def test_models_ship_with_the_apache_licence_and_mediapipe_attribution():
    licence = (MODELS_DIR / "LICENSE").read_text()
    assert "Apache License" in licence and "MediaPipe" in licence


def test_sessions_are_created_once_and_do_not_spin():
    first = session("pose_landmark_lite")
    assert session("pose_landmark_lite") is first
    assert [i.shape for i in first.get_inputs()] == [[1, 256, 256, 3]]
