"""Silhouette refinement: sub-pixel outline and snapping onto image edges."""

import cv2
import numpy as np
from tapeless.vision.silhouette import largest_component, refined_silhouette, subpixel_contour

CENTRE_PX = np.array([100.0, 100.0])


def _disc(radius_px: float, size_px: int = 200) -> np.ndarray:
    """(size, size) float32 coverage of a disc centred on pixel (100, 100), by 16× supersampling."""
    scale = 16
    big = np.zeros((size_px * scale, size_px * scale), np.uint8)
    centre = int((CENTRE_PX[0] + 0.5) * scale)
    cv2.circle(big, (centre, centre), int(round(radius_px * scale)), 255, -1)
    return cv2.resize(big, (size_px, size_px), interpolation=cv2.INTER_AREA).astype(np.float32) / 255


def _radii(contour_px: np.ndarray) -> np.ndarray:
    return np.linalg.norm(contour_px - CENTRE_PX, axis=1)


def test_outline_of_a_smooth_probability_lies_on_its_half_level_to_a_fifth_of_a_pixel():
    probability = cv2.GaussianBlur(_disc(50.3), (0, 0), 1.5)
    radii = _radii(subpixel_contour(probability, largest_component(probability > 0.5)))
    assert abs(np.median(radii) - 50.3) < 0.2 and radii.std() < 0.25


def test_outline_too_large_by_three_pixels_snaps_back_onto_the_image_edge():
    coverage = _disc(50.0)
    image = np.repeat((40 + 160 * coverage)[..., None], 3, axis=2).astype(np.uint8)
    coarse = cv2.GaussianBlur(_disc(53.0), (0, 0), 3.0)  # the model's mask: 3 px too big and soft
    before_silhouette, before = refined_silhouette(image, coarse, search_px=5.0, snap=False)
    after_silhouette, after = refined_silhouette(image, coarse, search_px=5.0, snap=True)
    assert abs(np.median(_radii(before)) - 53.0) < 0.3
    assert abs(np.median(_radii(after)) - 50.0) < 0.3
    truth = coverage > 0.5
    iou = [(s & truth).sum() / (s | truth).sum() for s in (before_silhouette, after_silhouette)]
    assert iou[1] > 0.98 and iou[0] < 0.9


def test_outline_stays_where_the_image_has_no_edge():
    image = np.full((200, 200, 3), 90, np.uint8)
    coarse = cv2.GaussianBlur(_disc(50.0), (0, 0), 2.0)
    _, contour = refined_silhouette(image, coarse, search_px=5.0, snap=True)
    assert abs(np.median(_radii(contour)) - 50.0) < 0.3
