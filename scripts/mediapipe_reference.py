"""Reference outputs of the ORIGINAL MediaPipe models for tests/data/real/mediapipe_reference.npz.

Two levels, so unit tests can check the ONNX files and the numpy pipeline without tensorflow or mediapipe:
  - model level (LiteRT on the original .tflite): raw outputs of the detector, the full landmark model and
    the selfie segmenter on stored uint8 inputs (`<image>_detector_input`, `_landmark_input`, `_selfie_input`);
  - pipeline level (MediaPipe's own static-image Pose graph, model_complexity=1, from the mediapipe wheel
    installed into a throwaway venv): landmarks in pixels, visibility and world landmarks.
Called by `convert_mediapipe.py --reference`; needs the conversion venv plus `python3.11 -m venv`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests/data/real/mediapipe_reference.npz"
IMAGES = ("basketball1", "basketball2")

MEDIAPIPE_GRAPH_SNIPPET = """
import sys, numpy as np, cv2, mediapipe as mp
out = {}
for path in sys.argv[2:]:
    image = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)
    key = path.rsplit('/', 1)[-1].split('.')[0]
    with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1, enable_segmentation=True) as pose:
        result = pose.process(image)
    h, w = image.shape[:2]
    marks = result.pose_landmarks.landmark
    out[key + '_graph_landmarks_px'] = np.array([[p.x * w, p.y * h] for p in marks], np.float32)
    out[key + '_graph_visibility'] = np.array([p.visibility for p in marks], np.float32)
    out[key + '_graph_world_m'] = np.array([[p.x, p.y, p.z] for p in result.pose_world_landmarks.landmark], np.float32)
np.savez(sys.argv[1], **out)
"""


def _load_rgb(name: str) -> np.ndarray:
    return cv2.cvtColor(cv2.imread(str(REPO / f"tests/data/real/{name}.png")), cv2.COLOR_BGR2RGB)


def _model_inputs(image_rgb: np.ndarray) -> dict[str, np.ndarray]:
    """uint8 model inputs: the letterboxed detector input, the pipeline's landmark crop, the stretched image."""
    sys.path.insert(0, str(REPO / "layers/tapeless"))
    from tapeless.vision.detector import INPUT_SIZE_PX, detect_people, letterbox_matrix
    from tapeless.vision.landmarks import CROP_PX, roi_from_detection

    letterboxed = cv2.warpAffine(image_rgb, letterbox_matrix(*image_rgb.shape[:2]), (INPUT_SIZE_PX, INPUT_SIZE_PX))
    roi = roi_from_detection(detect_people(image_rgb)[0])
    crop = cv2.warpAffine(image_rgb, roi.crop_to_image(), (CROP_PX, CROP_PX),
                          flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
    stretched = cv2.resize(image_rgb, (256, 256), interpolation=cv2.INTER_AREA)
    return {"detector_input": letterboxed, "landmark_input": crop, "selfie_input": stretched}


def _model_outputs(sources: dict[str, Path], inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    from convert_mediapipe import run_litert

    detector = run_litert(sources["pose_detection"], inputs["detector_input"][None].astype(np.float32) / 127.5 - 1)[0]
    landmark = run_litert(sources["pose_landmark_full"], inputs["landmark_input"][None].astype(np.float32) / 255)[0]
    selfie = run_litert(sources["selfie_segmentation"], inputs["selfie_input"][None].astype(np.float32) / 255)[0]
    return {
        "detector_boxes": detector["Identity"][0], "detector_scores": detector["Identity_1"][0, :, 0],
        "landmark_raw": landmark["Identity"][0], "landmark_pose_flag": landmark["Identity_1"][0],
        "landmark_world": landmark["Identity_4"][0],
        "landmark_mask_logits_every4": landmark["Identity_2"][0, ::4, ::4, 0],
        "selfie_mask_every4": selfie["activation_10"][0, ::4, ::4, 0],
    }


def _graph_outputs(work_dir: Path) -> dict[str, np.ndarray]:
    venv = work_dir / "venv-mediapipe"
    subprocess.run(["python3.11", "-m", "venv", str(venv)], check=True)
    wheel = next(work_dir.glob("mediapipe-0.10.21-*.whl"))
    subprocess.run([str(venv / "bin/pip"), "install", "-q", str(wheel)], check=True)
    out = work_dir / "graph.npz"
    paths = [str(REPO / f"tests/data/real/{name}.png") for name in IMAGES]
    subprocess.run([str(venv / "bin/python"), "-c", MEDIAPIPE_GRAPH_SNIPPET, str(out), *paths], check=True)
    return dict(np.load(out))


def write_reference_fixture(work_dir: Path, sources: dict[str, Path]) -> None:
    arrays: dict[str, np.ndarray] = {}
    for name in IMAGES:
        inputs = _model_inputs(_load_rgb(name))
        arrays.update({f"{name}_{key}": value for key, value in inputs.items()})
        arrays.update({f"{name}_{key}": value for key, value in _model_outputs(sources, inputs).items()})
    arrays.update(_graph_outputs(work_dir))
    np.savez_compressed(FIXTURE, **arrays)
    print(f"reference fixture: {FIXTURE} ({FIXTURE.stat().st_size / 1e3:.0f} kB, {len(arrays)} arrays)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(Path(__file__).parent))
        from convert_mediapipe import SOURCES, fetch_sources

        work = Path(tmp)
        write_reference_fixture(work, fetch_sources(work, [n for n in SOURCES if n != "pose_landmark_heavy"]))
