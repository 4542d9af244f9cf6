"""onnxruntime sessions for the shipped MediaPipe models, created once per process, lazily and thread-safely."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import onnxruntime as ort

MODELS_DIR = Path(__file__).resolve().parents[1] / "models" / "mediapipe"
LANDMARK_MODELS = {"lite": "pose_landmark_lite", "full": "pose_landmark_full", "heavy": "pose_landmark_heavy"}

_lock = threading.Lock()


def _options(intra_op_threads: int) -> ort.SessionOptions:
    options = ort.SessionOptions()
    options.intra_op_num_threads = intra_op_threads
    options.inter_op_num_threads = 1
    # Spinning worker threads starve OpenCV on small machines (3-6x slower end to end on 2 cores).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return options


@cache
def _cached_session(model_name: str, intra_op_threads: int) -> ort.InferenceSession:
    path = MODELS_DIR / f"{model_name}.onnx"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run scripts/convert_mediapipe.py (add --heavy for heavy)")
    return ort.InferenceSession(str(path), _options(intra_op_threads), providers=["CPUExecutionProvider"])


def session(model_name: str, intra_op_threads: int = 2) -> ort.InferenceSession:
    """The one session of models/mediapipe/<model_name>.onnx (e.g. "pose_detection")."""
    with _lock:
        return _cached_session(model_name, intra_op_threads)
