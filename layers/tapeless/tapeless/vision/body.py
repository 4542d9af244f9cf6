"""Find the one person in a photo: landmarks, world landmarks, model mask and a refined silhouette."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from tapeless.vision import labels, rejections
from tapeless.vision.detector import PersonDetection, detect_people, detect_people_in_tiles
from tapeless.vision.landmarks import CROP_PX, roi_from_detection, run_landmarks
from tapeless.vision.selfie import selfie_mask
from tapeless.vision.silhouette import refined_silhouette

MIN_POSE_SCORE = 0.5
MAX_TILT_DEG = 45.0


@dataclass(frozen=True)
class BodyDetection:
    """Everything later stages need about the person in one (H, W) image.

    landmarks_px: (33, 2) float32 BlazePose landmarks, image px (x right, y down, pixel centres at integers).
    visibility: (33,) float32 in [0, 1]; world_landmarks_m: (33, 3) float32 metres, hip-centred (MediaPipe).
    mask_prob: (H, W) float32 model person probability; silhouette: (H, W) bool refined person mask;
    contour_px: (N, 2) float32 sub-pixel outer outline of the silhouette, image px.
    detection_scores: detector scores of every person found (best first); roi_side_px: ROI size of the person.
    timings_ms: wall time per stage ("detect", "landmarks", "refine").
    """

    landmarks_px: np.ndarray
    visibility: np.ndarray
    world_landmarks_m: np.ndarray
    mask_prob: np.ndarray
    silhouette: np.ndarray
    contour_px: np.ndarray
    detection_scores: tuple[float, ...]
    roi_side_px: float
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def detections(self) -> int:
        return len(self.detection_scores)


def _standing(people: list[PersonDetection]) -> list[PersonDetection]:
    """Detections whose body axis is within MAX_TILT_DEG of upright. Photos arrive upright (EXIF applied)
    and people stand; a steeper axis is a wrong detection (seen: hip at the chest, head point below it)."""
    return [p for p in people if abs(np.degrees(roi_from_detection(p).rotation_rad)) <= MAX_TILT_DEG]


def _milliseconds_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def find_body(image_rgb: np.ndarray, *, view: str | None = None, model: str = "full",
              refine: bool = True, mask_source: str = "landmark") -> BodyDetection:
    """Detect exactly one whole person in an (H, W, 3) uint8 RGB upright image.

    view: "front" or "side" also checks the view and, for the front, that the arms are apart and that the
    left/right labels are those of a person facing the camera (swapped if not); None skips all three.
    model: landmark model "lite", "full" or "heavy" (heavy only if converted with --heavy).
    mask_source: "landmark" (the landmark model's ROI mask, default) or "selfie" (the selfie segmenter).
    Raises NoPersonFound, MultiplePeople, PersonCutOff, WrongView, ArmsNotApart (tapeless.vision.rejections).
    """
    if image_rgb.ndim != 3 or image_rgb.shape[2] != 3 or image_rgb.dtype != np.uint8:
        raise ValueError(f"expected (H, W, 3) uint8 RGB, got {image_rgb.shape} {image_rgb.dtype}")
    if view not in (None, "front", "side") or mask_source not in ("landmark", "selfie"):
        raise ValueError(f"unknown view {view!r} or mask_source {mask_source!r}")
    timings: dict[str, float] = {}
    start = time.perf_counter()
    people = _standing(detect_people(image_rgb)) or _standing(detect_people_in_tiles(image_rgb))
    rois = [roi_from_detection(p) for p in people]
    timings["detect"] = _milliseconds_since(start)
    rejections.check_single_person([roi.side_px for roi in rois])

    start = time.perf_counter()
    result = run_landmarks(image_rgb, rois[0], model)
    timings["landmarks"] = _milliseconds_since(start)
    if result.pose_score < MIN_POSE_SCORE:
        raise rejections.NoPersonFound("No whole person was found in the photo.",
                                       advice="Stand fully in the frame, facing the camera, in good light.")

    start = time.perf_counter()
    if mask_source == "selfie":
        mask_prob = selfie_mask(image_rgb, result.roi)
    else:
        mask_prob = (1.0 / (1.0 + np.exp(-np.clip(result.mask_logits, -50, 50)))).astype(np.float32)
    # One model pixel spans side/256 image px; the model's edge is within about one of them.
    search_px = max(2.0, 1.2 * result.roi.side_px / CROP_PX)
    silhouette, contour_px = refined_silhouette(image_rgb, mask_prob, search_px, snap=refine)
    timings["refine"] = _milliseconds_since(start)

    landmarks_px, visibility, world_m = result.landmarks_px, result.visibility, result.world_landmarks_m
    rejections.check_in_frame(landmarks_px, silhouette)
    if view is not None:
        rejections.check_view(landmarks_px, view)
    if view == "front":
        rejections.check_arms_apart(landmarks_px)
        if labels.front_labels_mirrored(landmarks_px):
            landmarks_px, visibility, world_m = (labels.mirror_labels(a) for a in (landmarks_px, visibility, world_m))
    return BodyDetection(
        landmarks_px=landmarks_px,
        visibility=visibility,
        world_landmarks_m=world_m,
        mask_prob=mask_prob,
        silhouette=silhouette,
        contour_px=contour_px,
        detection_scores=tuple(p.score for p in people),
        roi_side_px=result.roi.side_px,
        timings_ms=timings,
    )
