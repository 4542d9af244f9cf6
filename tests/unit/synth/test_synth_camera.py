import numpy as np
import pytest
from tapeless_local.synth.camera import Camera


@pytest.fixture
def camera() -> Camera:
    return Camera.look_at(
        width_px=600, height_px=800, hfov_deg=68.0, position_m=np.array([0.2, -3.0, 1.4]),
        target_m=np.array([0.0, 0.0, 0.9]), roll_deg=0.0,
    )  # fmt: skip


def test_the_aimed_at_point_projects_to_the_principal_point(camera):
    uv = camera.project(np.array([[0.0, 0.0, 0.9]]))[0]
    assert uv == pytest.approx([camera.cx_px, camera.cy_px], abs=1e-9)


def test_higher_points_appear_higher_in_the_portrait_image(camera):
    low, high = camera.project(np.array([[0.0, 0.0, 0.2], [0.0, 0.0, 1.8]]))
    assert high[1] < low[1]
    assert camera.height_px > camera.width_px


def test_field_of_view_round_trips_through_the_focal_length(camera):
    assert camera.hfov_deg == pytest.approx(68.0)
    edge_ray = camera.pixel_rays()[0, -1]
    forward = camera.rotation[2]
    # the last pixel centre is half a pixel inside the image edge
    half_width_px = camera.width_px / 2 - 0.5
    expected = np.rad2deg(np.arctan(half_width_px / camera.focal_px))
    horizontal = np.rad2deg(np.arctan2(edge_ray @ camera.rotation[0], edge_ray @ forward))
    assert horizontal == pytest.approx(expected, abs=1e-6)


def test_camera_dict_round_trips(camera):
    again = Camera.from_dict(camera.to_dict())
    points = np.random.default_rng(0).uniform(-1, 1, (20, 3)) + [0, 0, 1]
    assert np.allclose(again.project(points), camera.project(points))


def test_roll_turns_the_image_about_the_principal_point():
    rolled = Camera.look_at(
        width_px=600, height_px=800, hfov_deg=68.0, position_m=np.array([0.0, -3.0, 0.9]),
        target_m=np.array([0.0, 0.0, 0.9]), roll_deg=10.0,
    )  # fmt: skip
    u, v = rolled.project(np.array([[0.0, 0.0, 1.5]]))[0]
    angle_deg = np.rad2deg(np.arctan2(u - rolled.cx_px, rolled.cy_px - v))
    assert abs(angle_deg) == pytest.approx(10.0, abs=1e-6)
