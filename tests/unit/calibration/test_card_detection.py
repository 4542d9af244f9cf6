"""find_card on synthetic photos of a designed, rounded ID-1 card in perspective over clutter."""

import cv2
import numpy as np
import pytest
from tapeless.calibration.card_detect import find_card
from tapeless.calibration.card_geometry import CARD_CORNERS_MM, order_card_corners
from tapeless.calibration.errors import CardNotFound
from unit.calibration.card_scenes import render_card_scene

SCENES = [  # (seed, design, distance mm, tilt about x, y, in-plane (deg))
    (0, "printed", 500, (15, -20, 10)),
    (1, "white", 900, (-25, 10, -15)),
    (2, "grey", 1500, (5, 30, 20)),
    (3, "printed", 1200, (30, 0, 95)),  # held upright (portrait)
    (4, "printed", 700, (-10, -35, -25)),
    (5, "white", 1700, (0, 0, 0)),
]


@pytest.mark.parametrize(("seed", "design", "distance_mm", "tilt_deg"), SCENES)
def test_the_card_corners_are_found_to_half_a_pixel_and_the_scale_to_a_third_of_a_percent(
    seed, design, distance_mm, tilt_deg
):
    scene = render_card_scene(seed, design, distance_mm=distance_mm, tilt_deg=tilt_deg)
    found = find_card(scene.rgb)
    truth = order_card_corners(scene.corners_px)
    assert np.linalg.norm(found.corners_px - truth, axis=1).max() < 0.5
    assert abs(found.scale_mm_per_px / scene.scale_mm_per_px - 1) < 0.003
    assert found.confidence > 0.5
    assert found.to_dict()["scale_mm_per_px"] == pytest.approx(found.scale_mm_per_px, abs=1e-6)


def test_the_homography_maps_the_corners_onto_the_card_in_millimetres():
    found = find_card(render_card_scene(0).rgb)
    corners = np.column_stack([found.corners_px, np.ones(4)]) @ found.homography_px_to_mm.T
    np.testing.assert_allclose(corners[:, :2] / corners[:, 2:], CARD_CORNERS_MM, atol=1e-4)


def test_the_search_box_limits_where_the_card_is_looked_for():
    scene = render_card_scene(1, "white", distance_mm=900)
    x0, y0 = scene.corners_px.min(axis=0) - 60
    x1, y1 = scene.corners_px.max(axis=0) + 60
    inside = find_card(scene.rgb, search_box_px=(x0, y0, x1, y1))
    assert np.abs(inside.corners_px - order_card_corners(scene.corners_px)).max() < 0.5
    elsewhere = (0, 0, 300, 300) if x0 > 350 or y0 > 350 else (1200, 800, 1600, 1200)
    with pytest.raises(CardNotFound):
        find_card(scene.rgb, search_box_px=elsewhere)


def _room_with_person_and_no_card() -> np.ndarray:
    """A wall, a floor, a person in a plain top, a lamp and a plant: round and long shapes, no card."""
    rng = np.random.default_rng(3)
    image = np.zeros((1200, 900, 3), np.float32)
    image[:850] = (190, 180, 160)
    image[850:] = (110, 90, 70)
    cv2.ellipse(image, (450, 260), (55, 70), 0, 0, 360, (200, 160, 130), -1)  # head
    cv2.ellipse(image, (450, 560), (150, 260), 0, 0, 360, (60, 90, 140), -1)  # body in a blue top
    cv2.line(image, (330, 420), (220, 700), (200, 160, 130), 40)  # arms
    cv2.line(image, (570, 420), (680, 700), (200, 160, 130), 40)
    cv2.circle(image, (130, 300), 60, (240, 230, 150), -1)  # lamp shade
    cv2.line(image, (130, 360), (130, 850), (40, 40, 40), 6)
    cv2.ellipse(image, (770, 760), (70, 110), 0, 0, 360, (50, 120, 60), -1)  # plant
    image += rng.normal(0, 2.0, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)


def test_a_photo_without_a_card_raises_card_not_found_with_advice():
    with pytest.raises(CardNotFound) as caught:
        find_card(_room_with_person_and_no_card())
    assert caught.value.code == "card_not_found" and "height" in caught.value.advice


def test_a_small_rectangle_of_implausible_size_for_the_person_is_discounted():
    scene = render_card_scene(5, "white", distance_mm=1700, tilt_deg=(0, 0, 0))
    found = find_card(scene.rgb)
    card_long_side_px = np.linalg.norm(found.corners_px[1] - found.corners_px[0])
    plausible = find_card(scene.rgb, person_height_px=card_long_side_px / 0.05)
    implausible_confidence = None
    try:
        implausible_confidence = find_card(scene.rgb, person_height_px=card_long_side_px / 0.005).confidence
    except CardNotFound:
        implausible_confidence = 0.0
    assert plausible.confidence == pytest.approx(found.confidence)
    assert implausible_confidence < 0.5 * found.confidence


def test_the_card_masks_cover_the_card_and_the_interior_stays_clear_of_its_edges():
    scene = render_card_scene(0, "white", distance_mm=600, tilt_deg=(0, 0, 0))
    found = find_card(scene.rgb)
    mask, interior = found.mask(scene.rgb.shape), found.interior_mask(scene.rgb.shape)
    card_area_px = np.prod(np.linalg.norm(found.corners_px[[1, 3]] - found.corners_px[0], axis=1))
    assert abs(mask.sum() / card_area_px - 1) < 0.03
    assert interior.sum() < mask.sum() and not np.any(interior & ~mask)
    x0, y0, x1, y1 = found.region_box_px
    assert mask[y0:y1, x0:x1].sum() == mask.sum()
