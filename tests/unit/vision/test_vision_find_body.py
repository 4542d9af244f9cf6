"""find_body end to end on real photos (Debian opencv-doc) and a committed synthetic capture."""

import numpy as np
import pytest
from tapeless.vision import MultiplePeople, NoPersonFound, PersonCutOff, WrongView, find_body

BODY_LANDMARKS = list(range(11, 33))  # shoulders to toes


def test_real_photo_gives_33_landmarks_on_the_person_and_a_mask_around_them(basketball1_with_floor):
    body = find_body(basketball1_with_floor)
    assert body.landmarks_px.shape == (33, 2) and body.visibility.shape == (33,)
    assert body.detections == 1 and body.detection_scores[0] > 0.5
    x, y = np.round(body.landmarks_px[BODY_LANDMARKS]).astype(int).T
    assert body.silhouette[y, x].mean() > 0.85
    # The left man stands at x < 200 and spans most of the height; his feet are near the original bottom.
    rows, cols = np.nonzero(body.silhouette)
    assert cols.max() < 220 and rows.min() < 100 and rows.max() > 440
    assert body.mask_prob.shape == body.silhouette.shape == basketball1_with_floor.shape[:2]


def test_outline_follows_the_silhouette_edge(basketball1_with_floor):
    body = find_body(basketball1_with_floor)
    x, y = np.round(body.contour_px).astype(int).T
    inside = body.silhouette[np.clip(y, 0, None), np.clip(x, 0, None)]
    assert len(body.contour_px) > 500 and 0.2 < inside.mean() < 0.9  # points sit on the boundary, not in it


def test_real_photo_with_a_shoe_on_the_bottom_edge_is_cut_off(basketball1):
    with pytest.raises(PersonCutOff, match="feet"):
        find_body(basketball1)


def test_real_photo_with_a_second_person_is_rejected(basketball2):
    with pytest.raises(MultiplePeople):
        find_body(basketball2)


def test_synthetic_front_capture_matches_its_true_mask(synth_front):
    image, true_mask = synth_front
    body = find_body(image, view="front")
    iou = (body.silhouette & true_mask).sum() / (body.silhouette | true_mask).sum()
    assert iou > 0.93
    x, y = np.round(body.landmarks_px[BODY_LANDMARKS]).astype(int).T
    assert true_mask[y, x].mean() > 0.9


def test_synthetic_side_capture_is_a_side_view_and_not_a_front_view(synth_side):
    image, _ = synth_side
    find_body(image, view="side")
    with pytest.raises(WrongView):
        find_body(image, view="front")


def test_synthetic_front_capture_in_the_side_slot_is_a_wrong_view(synth_front):
    with pytest.raises(WrongView):
        find_body(synth_front[0], view="side")


def test_selfie_mask_alternative_covers_the_same_person_not_the_bystander(basketball1_with_floor):
    landmark_mask = find_body(basketball1_with_floor).silhouette
    selfie = find_body(basketball1_with_floor, mask_source="selfie").silhouette
    assert (landmark_mask & selfie).sum() / (landmark_mask | selfie).sum() > 0.6
    assert not selfie[:, 300:].any()  # the man at right is outside the person's region


def test_upside_down_person_is_not_taken_for_a_standing_one(basketball1_with_floor):
    with pytest.raises(NoPersonFound):
        find_body(np.ascontiguousarray(basketball1_with_floor[::-1]))
