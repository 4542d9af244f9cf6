"""BlazePose's 33 landmark indices and left/right label handling."""

from __future__ import annotations

import numpy as np

# BlazePose landmark indices
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_HIP, RIGHT_HIP = 23, 24
FOOT_LANDMARKS = (27, 28, 29, 30, 31, 32)  # ankles, heels, toes
HEAD_LANDMARKS = tuple(range(0, 11))

# BlazePose left/right landmark pairs (eyes, ears, mouth, arms, hands, legs, feet)
MIRROR_PAIRS = ((1, 4), (2, 5), (3, 6), (7, 8), (9, 10), (11, 12), (13, 14), (15, 16), (17, 18), (19, 20),
                (21, 22), (23, 24), (25, 26), (27, 28), (29, 30), (31, 32))


def front_labels_mirrored(landmarks_px: np.ndarray) -> bool:
    """Whether a person facing the camera got BlazePose's back-view labels: facing the camera, their left
    shoulder and hip are on the image's right. (Seen on 1 of 20 synthetic front photos.)"""
    return bool(landmarks_px[LEFT_SHOULDER, 0] < landmarks_px[RIGHT_SHOULDER, 0]
                and landmarks_px[LEFT_HIP, 0] < landmarks_px[RIGHT_HIP, 0])


def mirror_labels(values: np.ndarray) -> np.ndarray:
    """Swap the left/right rows of a (33, ...) landmark array."""
    swapped = values.copy()
    for left, right in MIRROR_PAIRS:
        swapped[[left, right]] = values[[right, left]]
    return swapped
