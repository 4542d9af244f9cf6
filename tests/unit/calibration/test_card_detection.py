"""find_card on synthetic photos of a designed, rounded ID-1 card in perspective over clutter."""

import numpy as np
import pytest
from tapeless.calibration.card_detect import find_card
from tapeless.calibration.card_geometry import CARD_CORNERS_MM, order_card_corners
from tapeless.calibration.errors import CardNotFound
from unit.calibration.card_scenes import clutter, render_card_scene

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


def test_a_photo_without_a_card_raises_card_not_found_with_advice():
    background = clutter(np.random.default_rng(7), 1200, 900, avoid_rgb=np.zeros(3))
    with pytest.raises(CardNotFound) as caught:
        find_card(background)
    assert caught.value.code == "card_not_found" and "height" in caught.value.advice


def test_the_card_masks_cover_the_card_and_the_interior_stays_clear_of_its_edges():
    scene = render_card_scene(0, "white", distance_mm=600, tilt_deg=(0, 0, 0))
    found = find_card(scene.rgb)
    mask, interior = found.mask(scene.rgb.shape), found.interior_mask(scene.rgb.shape)
    card_area_px = np.prod(np.linalg.norm(found.corners_px[[1, 3]] - found.corners_px[0], axis=1))
    assert abs(mask.sum() / card_area_px - 1) < 0.03
    assert interior.sum() < mask.sum() and not np.any(interior & ~mask)
    x0, y0, x1, y1 = found.region_box_px
    assert mask[y0:y1, x0:x1].sum() == mask.sum()
