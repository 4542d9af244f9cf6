"""Images for the vision tests: real photos from Debian's opencv-doc and committed synthetic captures."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parents[3]
REAL = REPO / "tests/data/real"
SYNTH_SAMPLE = REPO / "samples/captures/synth-a"


def load_rgb(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(ImageOps.exif_transpose(image).convert("RGB"))


@pytest.fixture(scope="session")
def basketball1() -> np.ndarray:
    """640×480 grey photo: one man standing, his shoe touching the bottom edge, a second man cut off at right."""
    return load_rgb(REAL / "basketball1.png")


@pytest.fixture(scope="session")
def basketball2() -> np.ndarray:
    """The next video frame: the man at right is now in view enough to be detected too."""
    return load_rgb(REAL / "basketball2.png")


@pytest.fixture(scope="session")
def basketball1_with_floor(basketball1: np.ndarray) -> np.ndarray:
    """basketball1 with 48 rows of floor-grey below, so the whole of the left man is in frame."""
    return cv2.copyMakeBorder(basketball1, 0, 48, 0, 0, cv2.BORDER_CONSTANT, value=(110, 110, 110))


@pytest.fixture(scope="session")
def reference() -> dict[str, np.ndarray]:
    """Outputs of the original MediaPipe models and graph (scripts/mediapipe_reference.py)."""
    return dict(np.load(REAL / "mediapipe_reference.npz"))


@pytest.fixture(scope="session")
def synth_front() -> tuple[np.ndarray, np.ndarray]:
    return load_rgb(SYNTH_SAMPLE / "front.jpg"), np.asarray(Image.open(SYNTH_SAMPLE / "front_mask.png")) > 127


@pytest.fixture(scope="session")
def synth_side() -> tuple[np.ndarray, np.ndarray]:
    return load_rgb(SYNTH_SAMPLE / "side.jpg"), np.asarray(Image.open(SYNTH_SAMPLE / "side_mask.png")) > 127
