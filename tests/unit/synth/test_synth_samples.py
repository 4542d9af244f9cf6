"""The committed sample captures (scripts/make_samples.py) are complete, small and self-consistent."""

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps
from tapeless.body.stature import stature_cm

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "captures"
FOLDERS = sorted(p for p in SAMPLES.iterdir() if (p / "truth.json").exists())


def test_there_are_a_few_samples():
    assert 3 <= len(FOLDERS) <= 6


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_sample_is_complete_and_under_400_kb(folder):
    names = {"front.jpg", "side.jpg", "front_mask.png", "side_mask.png", "truth.json", "truth_vertices.npy"}
    assert names <= {p.name for p in folder.iterdir()}
    assert sum(p.stat().st_size for p in folder.iterdir()) < 400 * 1024


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_sample_masks_fit_the_upright_photos_and_vertices_give_the_stature(folder):
    truth = json.loads((folder / "truth.json").read_text())
    for view in ("front", "side"):
        upright = ImageOps.exif_transpose(Image.open(folder / f"{view}.jpg"))
        mask = cv2.imread(str(folder / f"{view}_mask.png"), cv2.IMREAD_GRAYSCALE)
        assert mask.shape == (upright.height, upright.width)
        assert (upright.width, upright.height) == (truth["views"][view]["camera"]["width_px"],
                                                   truth["views"][view]["camera"]["height_px"])  # fmt: skip
        assert 0.005 < (mask > 0).mean() < 0.5
    vertices = np.load(folder / "truth_vertices.npy").astype(np.float32)
    assert float(stature_cm(vertices)) == pytest.approx(truth["stature_cm"], abs=0.2)
    assert truth["measurements"]["stature_cm"] == pytest.approx(truth["stature_cm"], abs=0.01)
