"""The detector's numpy pre/post-processing: anchors, letterbox, decoding and weighted NMS."""

import numpy as np
from tapeless.vision.detector import decode_raw, letterbox_matrix, ssd_anchors, weighted_nms


def test_anchor_grid_has_mediapipe_size_and_spacing():
    anchors = ssd_anchors()
    assert anchors.shape == (2254, 2)
    # 28×28 cells of stride 8, two anchors each, then 14×14 and 7×7 (six per cell): 1568 + 392 + 294.
    assert np.allclose(anchors[0], [0.5 / 28, 0.5 / 28]) and np.allclose(anchors[1], anchors[0])
    assert np.allclose(anchors[1568], [0.5 / 14, 0.5 / 14])
    assert np.allclose(anchors[-1], [6.5 / 7, 6.5 / 7])


def test_letterbox_keeps_aspect_and_centres_a_portrait_image():
    matrix = letterbox_matrix(height_px=1000, width_px=500)
    corners = np.array([[0, 0, 1], [500, 1000, 1]], float) @ matrix.T
    assert np.allclose(corners, [[56, 0], [168, 224]])


def test_decoding_adds_anchor_and_keeps_only_confident_boxes():
    raw = np.zeros((2254, 12), np.float32)
    raw[0, :4] = [22.4, 0, 44.8, 22.4]  # +0.1 in x, 0.2 wide, 0.1 high
    raw[0, 4:6] = [0, 22.4]
    logits = np.full(2254, -10.0, np.float32)
    logits[0] = 3.0
    boxes, keypoints, scores = decode_raw(raw, logits)
    anchor = ssd_anchors()[0]
    assert boxes.shape == (1, 4) and np.isclose(scores[0], 1 / (1 + np.exp(-3.0)))
    assert np.allclose(boxes[0], [anchor[0] + 0.1 - 0.1, anchor[1] - 0.05, anchor[0] + 0.2, anchor[1] + 0.05])
    assert np.allclose(keypoints[0, 0], anchor + [0, 0.1])


def test_weighted_nms_averages_overlapping_boxes_by_score_and_keeps_distant_ones():
    boxes = np.array([[0, 0, 1, 1], [0.1, 0, 1.1, 1], [5, 5, 6, 6]], float)
    keypoints = np.zeros((3, 4, 2))
    keypoints[:, 0, 0] = [0.0, 1.0, 5.0]
    scores = np.array([0.9, 0.6, 0.7])
    merged = list(weighted_nms(boxes, keypoints, scores))
    assert [round(m[0], 2) for m in merged] == [0.9, 0.7]
    assert np.isclose(merged[0][1][0], 0.1 * 0.6 / 1.5)
    assert np.isclose(merged[0][2][0, 0], 0.6 / 1.5)
    assert np.allclose(merged[1][1], [5, 5, 6, 6])
