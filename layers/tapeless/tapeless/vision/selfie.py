"""MediaPipe's selfie segmenter: an alternative person mask, run on the person's ROI crop.

Made for people near the camera: on a whole full-body photo stretched to 256×256 it misses small
people, so it sees the same rotated 256×256 crop as the landmark model and its probability is warped
back into the image (zero outside the crop).
"""

from __future__ import annotations

import cv2
import numpy as np

from tapeless.vision.landmarks import CROP_PX, RegionOfInterest, crop_input
from tapeless.vision.sessions import session


def selfie_mask(image_rgb: np.ndarray, roi: RegionOfInterest) -> np.ndarray:
    """(H, W) float32 person probability in the image from the selfie segmenter on the ROI crop."""
    segmenter = session("selfie_segmentation")
    (probability,) = segmenter.run(None, {segmenter.get_inputs()[0].name: crop_input(image_rgb, roi)})
    height_px, width_px = image_rgb.shape[:2]
    return cv2.warpAffine(probability[0, :CROP_PX, :CROP_PX, 0], roi.crop_to_image(), (width_px, height_px),
                          flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)
