"""Named reasons a photo cannot be used for body measurement, and the checks that raise them."""

from __future__ import annotations

import numpy as np

from tapeless.errors import TapelessError
from tapeless.vision.labels import (
    FOOT_LANDMARKS,
    HEAD_LANDMARKS,
    LEFT_HIP,
    LEFT_SHOULDER,
    LEFT_WRIST,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    RIGHT_WRIST,
)

SECOND_PERSON_MIN_RELATIVE_SIZE = 0.3  # a second detection this large relative to the first is a person
FRAME_MARGIN_FRACTION = 0.005
BORDER_TOUCH_FRACTION = 0.02  # mask along the top/bottom edge wider than this share of the width: cut off
FRONT_MIN_WIDTH_RATIO = 0.42  # max(shoulder, hip) width / torso length: front ≈ 0.6–0.9, side ≈ 0.05–0.3
SIDE_MAX_WIDTH_RATIO = 0.42
ARMS_APART_MIN_DEG = 12.0  # A-pose asks ~30–45°; arms hanging straight down are ~3–8° from the torso


class NoPersonFound(TapelessError):
    code = "no_person_found"


class MultiplePeople(TapelessError):
    code = "multiple_people"


class PersonCutOff(TapelessError):
    code = "person_cut_off"


class WrongView(TapelessError):
    code = "wrong_view"


class ArmsNotApart(TapelessError):
    code = "arms_not_apart"


def check_single_person(roi_sides_px: list[float]) -> None:
    """roi_sides_px: full-body ROI size of every detection, best score first."""
    if not roi_sides_px:
        raise NoPersonFound("No person was found in the photo.",
                            advice="Stand fully in the frame, facing the camera, in good light.")
    others = [s for s in roi_sides_px[1:] if s >= SECOND_PERSON_MIN_RELATIVE_SIZE * roi_sides_px[0]]
    if others:
        raise MultiplePeople(f"{1 + len(others)} people are in the photo; only one person can be measured.",
                             advice="Ask everyone else to step out of the picture and take it again.")


def check_in_frame(landmarks_px: np.ndarray, silhouette: np.ndarray) -> None:
    """Head and feet must be inside the image; the person must not run off the top or bottom edge."""
    height_px, width_px = silhouette.shape
    margin = FRAME_MARGIN_FRACTION * max(height_px, width_px)

    def outside(indices: tuple[int, ...]) -> bool:
        points = landmarks_px[list(indices)]
        return bool(((points < margin) | (points > np.array([width_px, height_px]) - 1 - margin)).any())

    touch = BORDER_TOUCH_FRACTION * width_px
    if outside(HEAD_LANDMARKS) or silhouette[0].sum() > touch:
        raise PersonCutOff("The top of the head is outside the photo.",
                           advice="Step back or hold the phone lower so the whole body, head to feet, is visible.")
    if outside(FOOT_LANDMARKS) or silhouette[-1].sum() > touch:
        raise PersonCutOff("The feet are outside the photo.",
                           advice="Step back or tilt the phone down so both feet are fully visible.")


def body_width_ratio(landmarks_px: np.ndarray) -> float:
    """max(shoulder width, hip width) / torso length, from image landmarks: large facing the camera."""
    shoulders = landmarks_px[[LEFT_SHOULDER, RIGHT_SHOULDER]]
    hips = landmarks_px[[LEFT_HIP, RIGHT_HIP]]
    torso_px = float(np.linalg.norm(shoulders.mean(0) - hips.mean(0)))
    width_px = max(float(np.linalg.norm(np.diff(shoulders, axis=0))), float(np.linalg.norm(np.diff(hips, axis=0))))
    return width_px / max(torso_px, 1e-6)


def check_view(landmarks_px: np.ndarray, view: str) -> None:
    """view: "front" or "side". A side photo in the front slot (or the reverse) is rejected."""
    ratio = body_width_ratio(landmarks_px)
    if view == "front" and ratio < FRONT_MIN_WIDTH_RATIO:
        raise WrongView("This looks like a side photo, but the front photo was expected.",
                        advice="For the front photo, face the camera squarely.")
    if view == "side" and ratio > SIDE_MAX_WIDTH_RATIO:
        raise WrongView("This looks like a front photo, but the side photo was expected.",
                        advice="For the side photo, turn 90° so your shoulder points at the camera.")


def arm_angles_deg(landmarks_px: np.ndarray) -> tuple[float, float]:
    """Angle (degrees) between each arm (shoulder→wrist) and the torso's downward axis, left then right."""
    shoulders_mid = landmarks_px[[LEFT_SHOULDER, RIGHT_SHOULDER]].mean(0)
    down = landmarks_px[[LEFT_HIP, RIGHT_HIP]].mean(0) - shoulders_mid
    down /= max(float(np.linalg.norm(down)), 1e-6)
    angles = []
    for shoulder, wrist in ((LEFT_SHOULDER, LEFT_WRIST), (RIGHT_SHOULDER, RIGHT_WRIST)):
        arm = landmarks_px[wrist] - landmarks_px[shoulder]
        cosine = float(arm @ down) / max(float(np.linalg.norm(arm)), 1e-6)
        angles.append(float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))))
    return angles[0], angles[1]


def check_arms_apart(landmarks_px: np.ndarray) -> None:
    """Front view: both arms must be held away from the body (A-pose) so the torso outline is visible."""
    left_deg, right_deg = arm_angles_deg(landmarks_px)
    if min(left_deg, right_deg) < ARMS_APART_MIN_DEG:
        raise ArmsNotApart("The arms are touching or too close to the body in the front photo.",
                           advice="Hold both arms slightly away from your sides, like an 'A', and take it again.")

