"""BlazePose landmark model on a rotated region of interest: 33 landmarks, world landmarks and a mask.

Re-implements MediaPipe's static-image `pose_landmark_by_roi` path: ROI from the detector's hip-centre and
scale keypoints (rotation so the body is upright, side ×1.25), warp to 256×256 with BORDER_REPLICATE,
decode, refine with the 64×64 heatmaps, and project back to the image.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from tapeless.vision.detector import PersonDetection
from tapeless.vision.sessions import LANDMARK_MODELS, session

CROP_PX = 256
NUM_LANDMARKS = 33
ROI_SCALE = 1.25
HEATMAP_KERNEL = 7
HEATMAP_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class RegionOfInterest:
    """A rotated square in image pixels: centre (x, y), side length and rotation (radians, clockwise on screen)."""

    centre_px: np.ndarray
    side_px: float
    rotation_rad: float

    def crop_to_image(self) -> np.ndarray:
        """(2, 3) float64 affine from 256×256 crop px to image px (crop corners at 0 and 256)."""
        cos, sin = np.cos(self.rotation_rad), np.sin(self.rotation_rad)
        linear = self.side_px / CROP_PX * np.array([[cos, -sin], [sin, cos]])
        offset = self.centre_px - linear @ np.array([CROP_PX / 2, CROP_PX / 2])
        return np.hstack([linear, offset[:, None]])


@dataclass(frozen=True)
class LandmarkResult:
    """Model outputs in image coordinates.

    landmarks_px: (33, 2) float32 image px; depth_px: (33,) float32 relative depth (hip-centred, px scale);
    visibility, presence: (33,) float32 in [0, 1]; world_landmarks_m: (33, 3) float32 metres, hip-centred,
    x right, y down, z towards the camera negative (MediaPipe's convention, rotated by the ROI);
    mask_logits: (H, W) float32 segmentation logits in the image frame; pose_score: the model's pose flag.
    """

    landmarks_px: np.ndarray
    depth_px: np.ndarray
    visibility: np.ndarray
    presence: np.ndarray
    world_landmarks_m: np.ndarray
    mask_logits: np.ndarray
    pose_score: float
    roi: RegionOfInterest


def roi_from_detection(detection: PersonDetection) -> RegionOfInterest:
    """MediaPipe's alignment: centre on the hip centre, side 2·|kp1 − kp0|·1.25, upright rotation."""
    hip, top = detection.keypoints_px[0].astype(np.float64), detection.keypoints_px[1].astype(np.float64)
    side_px = 2.0 * float(np.linalg.norm(top - hip)) * ROI_SCALE
    rotation = np.pi / 2 - np.arctan2(-(top[1] - hip[1]), top[0] - hip[0])
    rotation = (rotation + np.pi) % (2 * np.pi) - np.pi
    return RegionOfInterest(hip, side_px, float(rotation))


def crop_input(image_rgb: np.ndarray, roi: RegionOfInterest) -> np.ndarray:
    """(1, 256, 256, 3) float32 in [0, 1]: the ROI warped upright, edges replicated."""
    crop = cv2.warpAffine(image_rgb, roi.crop_to_image(), (CROP_PX, CROP_PX),
                          flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
    return (crop.astype(np.float32) / 255.0)[None]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def refine_with_heatmaps(xy_norm: np.ndarray, heatmaps: np.ndarray) -> np.ndarray:
    """MediaPipe's RefineLandmarksFromHeatmap: confidence-weighted mean in a 7×7 window.

    xy_norm: (33, 2) crop-normalised [0, 1]; heatmaps: (64, 64, 39) logits. Returns refined (33, 2).
    """
    rows, cols = heatmaps.shape[:2]
    refined = xy_norm.copy()
    half = (HEATMAP_KERNEL - 1) // 2
    for index, (x, y) in enumerate(xy_norm):
        col, row = int(x * cols), int(y * rows)
        if not (0 <= col < cols and 0 <= row < rows):
            continue
        window = _sigmoid(heatmaps[max(0, row - half):min(rows, row + half + 1),
                                   max(0, col - half):min(cols, col + half + 1), index])
        if window.max() < HEATMAP_MIN_CONFIDENCE or window.sum() <= 0:
            continue
        win_rows, win_cols = np.mgrid[max(0, row - half):min(rows, row + half + 1),
                                      max(0, col - half):min(cols, col + half + 1)]
        refined[index] = ((win_cols * window).sum() / window.sum() / cols,
                          (win_rows * window).sum() / window.sum() / rows)
    return refined


def run_landmarks(image_rgb: np.ndarray, roi: RegionOfInterest, model: str = "full") -> LandmarkResult:
    """Run the landmark model ("lite", "full" or "heavy") on the ROI of an (H, W, 3) uint8 RGB image."""
    landmark_session = session(LANDMARK_MODELS[model])
    outputs = landmark_session.run(None, {landmark_session.get_inputs()[0].name: crop_input(image_rgb, roi)})
    raw, pose_flag, mask_logits_crop, heatmaps, world = (np.asarray(o[0]) for o in outputs)
    values = raw.reshape(-1, 5)[:NUM_LANDMARKS]
    xy_norm = refine_with_heatmaps(values[:, :2] / CROP_PX, heatmaps)
    crop_to_image = roi.crop_to_image()
    landmarks_px = xy_norm * CROP_PX @ crop_to_image[:, :2].T + crop_to_image[:, 2]
    cos, sin = np.cos(roi.rotation_rad), np.sin(roi.rotation_rad)
    world_m = world.reshape(-1, 3)[:NUM_LANDMARKS].copy()
    world_m[:, :2] = world_m[:, :2] @ np.array([[cos, sin], [-sin, cos]])
    height_px, width_px = image_rgb.shape[:2]
    # Warping logits (not probabilities) keeps the 0.5 level a smooth sub-pixel curve at full resolution.
    mask_logits = cv2.warpAffine(mask_logits_crop[..., 0], crop_to_image, (width_px, height_px),
                                 flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=-50.0)
    return LandmarkResult(
        landmarks_px=landmarks_px.astype(np.float32),
        depth_px=(values[:, 2] * roi.side_px / CROP_PX).astype(np.float32),
        visibility=_sigmoid(values[:, 3]).astype(np.float32),
        presence=_sigmoid(values[:, 4]).astype(np.float32),
        world_landmarks_m=world_m.astype(np.float32),
        mask_logits=mask_logits.astype(np.float32),
        pose_score=float(pose_flag.ravel()[0]),
        roi=roi,
    )
