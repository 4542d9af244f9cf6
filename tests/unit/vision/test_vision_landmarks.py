"""ROI geometry and heatmap refinement of the landmark stage."""

import numpy as np
from tapeless.vision.detector import PersonDetection
from tapeless.vision.landmarks import refine_with_heatmaps, roi_from_detection


def _detection(hip, top) -> PersonDetection:
    keypoints = np.array([hip, top, hip, hip], np.float32)
    return PersonDetection(0.9, np.zeros(4, np.float32), keypoints)


def test_upright_person_gives_unrotated_roi_of_two_and_a_half_half_heights():
    roi = roi_from_detection(_detection((100, 300), (100, 100)))
    assert np.isclose(roi.rotation_rad, 0.0) and np.isclose(roi.side_px, 2 * 200 * 1.25)
    crop_to_image = roi.crop_to_image()
    assert np.allclose(crop_to_image @ [128, 128, 1], [100, 300])
    assert np.allclose(crop_to_image @ [0, 0, 1], [100 - 250, 300 - 250])


def test_person_lying_with_head_to_the_right_is_rotated_upright():
    roi = roi_from_detection(_detection((100, 300), (300, 300)))
    assert np.isclose(roi.rotation_rad, np.pi / 2)
    # The top of the crop (above its centre) must land on the head side of the image.
    top_of_crop = roi.crop_to_image() @ [128, 0, 1]
    assert top_of_crop[0] > 100 and np.isclose(top_of_crop[1], 300)


def test_heatmap_peak_pulls_a_landmark_and_a_weak_heatmap_does_not():
    heatmaps = np.full((64, 64, 39), -10.0, np.float32)
    heatmaps[20, 30, 0] = 10.0  # confident peak at column 30, row 20
    heatmaps[20, 30, 1] = -1.0  # peak confidence 0.27 < 0.5: left alone
    start = np.array([[31.5 / 64, 21.5 / 64], [31.5 / 64, 21.5 / 64]] + [[0.5, 0.5]] * 31)
    refined = refine_with_heatmaps(start, heatmaps)
    assert np.allclose(refined[0], [30 / 64, 20 / 64], atol=0.2 / 64)
    assert np.allclose(refined[1], start[1])
