"""Corner order, local scale and the card's 3-D pose."""

import numpy as np
import pytest
from tapeless.calibration.card_geometry import (
    card_pose,
    homography_px_to_mm,
    local_scale_mm_per_px,
    order_card_corners,
)
from unit.calibration.card_scenes import render_card_scene


def test_a_landscape_card_starts_at_its_top_left_corner_and_runs_clockwise():
    corners = np.array([[300.0, 250.0], [100.0, 100.0], [300.0, 100.0], [100.0, 250.0]])
    np.testing.assert_array_equal(order_card_corners(corners), [[100, 100], [300, 100], [300, 250], [100, 250]])


def test_a_portrait_card_starts_its_first_long_edge_on_the_left():
    corners = np.array([[100.0, 100.0], [250.0, 100.0], [250.0, 400.0], [100.0, 400.0]])
    ordered = order_card_corners(corners)
    np.testing.assert_array_equal(ordered, [[100, 400], [100, 100], [250, 100], [250, 400]])


def test_the_order_does_not_depend_on_the_input_order():
    corners = np.array([[10.0, 20.0], [180.0, 40.0], [170.0, 150.0], [5.0, 130.0]])
    for shift in range(4):
        np.testing.assert_array_equal(order_card_corners(np.roll(corners, shift, axis=0)),
                                      order_card_corners(corners))


def test_local_scale_of_a_fronto_parallel_card_is_the_ratio_of_sizes():
    corners = np.array([[100.0, 100.0], [100.0 + 856.0, 100.0], [956.0, 100.0 + 539.8], [100.0, 639.8]])
    homography = homography_px_to_mm(corners)
    assert local_scale_mm_per_px(homography, np.array([500.0, 400.0])) == pytest.approx(0.1, rel=1e-6)


def test_card_pose_recovers_the_rendered_position_and_orientation():
    scene = render_card_scene(4, tilt_deg=(20.0, -30.0, 10.0), distance_mm=800.0)
    pose = card_pose(order_card_corners(scene.corners_px), scene.camera_matrix)
    np.testing.assert_allclose(pose.translation_mm, scene.translation_mm, rtol=1e-6)
    true_normal = scene.rotation[:, 2] * -np.sign(scene.rotation[:, 2] @ scene.translation_mm)
    assert np.degrees(np.arccos(np.clip(pose.normal @ true_normal, -1, 1))) < 0.01
    assert pose.reprojection_error_px < 1e-6
    assert 25 < pose.tilt_deg < 45
