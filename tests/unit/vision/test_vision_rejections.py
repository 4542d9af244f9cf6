"""Named rejections from landmark geometry and the detections."""

import numpy as np
import pytest
from tapeless.errors import TapelessError
from tapeless.vision import find_body
from tapeless.vision.labels import front_labels_mirrored, mirror_labels
from tapeless.vision.rejections import (
    ArmsNotApart,
    MultiplePeople,
    NoPersonFound,
    PersonCutOff,
    WrongView,
    check_arms_apart,
    check_in_frame,
    check_single_person,
    check_view,
)


def _skeleton(shoulder_half_width_px: float, arm_angle_deg: float) -> np.ndarray:
    """(33, 2) a standing person centred at x=500: head at y≈100, shoulders y=200, hips y=500, feet y=900."""
    points = np.tile([500.0, 100.0], (33, 1))
    points[11], points[12] = [500 + shoulder_half_width_px, 200], [500 - shoulder_half_width_px, 200]
    points[23], points[24] = [500 + 0.7 * shoulder_half_width_px, 500], [500 - 0.7 * shoulder_half_width_px, 500]
    angle = np.radians(arm_angle_deg)
    points[15] = points[11] + 300 * np.array([np.sin(angle), np.cos(angle)])
    points[16] = points[12] + 300 * np.array([-np.sin(angle), np.cos(angle)])
    points[25:33] = [500, 900]
    return points


def test_every_rejection_is_a_tapeless_error_with_code_and_advice():
    for error_type in (NoPersonFound, MultiplePeople, PersonCutOff, WrongView, ArmsNotApart):
        error = error_type("message", advice="do this")
        assert isinstance(error, TapelessError) and error.to_dict()["code"] == error_type.code


def test_no_detection_means_no_person_and_a_small_second_detection_is_ignored():
    with pytest.raises(NoPersonFound):
        check_single_person([])
    check_single_person([800.0, 100.0])
    with pytest.raises(MultiplePeople, match="2 people"):
        check_single_person([800.0, 500.0])


def test_front_photo_in_side_slot_and_side_photo_in_front_slot_are_wrong_views():
    front, side = _skeleton(110, 35), _skeleton(15, 8)
    check_view(front, "front")
    check_view(side, "side")
    with pytest.raises(WrongView, match="side photo"):
        check_view(side, "front")
    with pytest.raises(WrongView, match="front photo"):
        check_view(front, "side")


def test_arms_hanging_down_are_rejected_and_an_a_pose_passes():
    check_arms_apart(_skeleton(110, 30))
    with pytest.raises(ArmsNotApart):
        check_arms_apart(_skeleton(110, 4))


def test_feet_below_the_frame_or_mask_running_off_the_top_are_cut_off():
    inside = np.zeros((1000, 1000), bool)
    inside[90:910, 400:600] = True
    check_in_frame(_skeleton(110, 35), inside)
    feet_out = _skeleton(110, 35)
    feet_out[27:33, 1] = 1010
    with pytest.raises(PersonCutOff, match="feet"):
        check_in_frame(feet_out, inside)
    touching_top = inside.copy()
    touching_top[0:90, 450:550] = True
    with pytest.raises(PersonCutOff, match="head"):
        check_in_frame(_skeleton(110, 35), touching_top)


def test_an_empty_room_has_no_person():
    with pytest.raises(NoPersonFound):
        find_body(np.full((480, 360, 3), 128, np.uint8))


def test_front_photo_with_back_view_labels_is_detected_and_mirrored_back():
    facing = _skeleton(110, 35)  # the person's left shoulder (11) at image right (x = 610)
    assert not front_labels_mirrored(facing)
    mirrored = mirror_labels(facing)
    assert front_labels_mirrored(mirrored)
    assert np.array_equal(mirror_labels(mirrored), facing)
    assert np.array_equal(mirrored[15], facing[16]) and np.array_equal(mirrored[0], facing[0])
