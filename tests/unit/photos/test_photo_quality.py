"""Sharpness and exposure scores respond to blur, camera shake and light, and look at the person."""

import cv2
import numpy as np
from tapeless.photos import assess_quality


def _textured(seed: int = 0, size_px: int = 800) -> np.ndarray:
    rng = np.random.default_rng(seed)
    image = np.full((size_px, size_px, 3), 128, np.uint8)
    for _ in range(60):
        centre = tuple(int(v) for v in rng.integers(0, size_px, size=2))
        colour = tuple(int(c) for c in rng.integers(20, 235, size=3))
        cv2.circle(image, centre, int(rng.integers(5, 60)), colour, -1)
    return image


def test_sharpness_falls_monotonically_with_defocus():
    image = _textured()
    scores = [assess_quality(cv2.GaussianBlur(image, (0, 0), s) if s else image).blur_laplacian_var
              for s in (0, 1, 2, 4)]
    assert scores == sorted(scores, reverse=True)
    assert assess_quality(cv2.GaussianBlur(image, (0, 0), 10)).problems == ["blurred"]


def test_sharpness_does_not_depend_on_the_camera_resolution():
    image = _textured()
    double = cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    single, doubled = assess_quality(image).blur_laplacian_var, assess_quality(double).blur_laplacian_var
    assert 0.5 < doubled / single < 2.0


def test_camera_shake_along_one_direction_is_caught():
    kernel = np.zeros((41, 41), np.float32)
    kernel[:, 20] = 1 / 41  # vertical shake
    report = assess_quality(cv2.filter2D(_textured(), -1, kernel))
    assert report.motion_blur_ratio < 0.2 and "blurred" in report.problems


def test_blur_is_judged_on_the_person_not_the_background():
    image = cv2.GaussianBlur(_textured(1), (0, 0), 12)  # a soft background (portrait mode)...
    image[100:700, 0:180] = _textured(2)[100:700, 0:180]  # ...and a sharp person off-centre
    assert "blurred" in assess_quality(image).problems
    assert assess_quality(image, person_box_px=(0, 100, 180, 700)).ok
    mask = np.zeros(image.shape[:2], bool)
    mask[100:700, 0:180] = True
    assert assess_quality(image, person_mask=mask).ok


def test_exposure_problems_are_named():
    image = _textured()
    assert assess_quality((image * 0.15).astype(np.uint8)).problems[0] == "too_dark"
    burnt = np.clip(image.astype(np.int16) * 3, 0, 255).astype(np.uint8)
    assert assess_quality(burnt).problems[0] == "too_bright"
    report = assess_quality(image)
    assert report.ok and 100 < report.mean_luma < 160
