"""MediaPipe's selfie segmenter: an alternative whole-image person mask (no detector or ROI needed).

Made for people near the camera; on small full-body figures it misses limbs, so the landmark model's
ROI mask is the default and this one a cross-check.
"""

from __future__ import annotations

import cv2
import numpy as np

from tapeless.vision.sessions import session

SELFIE_INPUT_PX = 256


def selfie_mask(image_rgb: np.ndarray) -> np.ndarray:
    """(H, W) float32 person probability from the selfie segmenter (image stretched to 256×256)."""
    stretched = cv2.resize(image_rgb, (SELFIE_INPUT_PX, SELFIE_INPUT_PX), interpolation=cv2.INTER_AREA)
    segmenter = session("selfie_segmentation")
    (probability,) = segmenter.run(None, {segmenter.get_inputs()[0].name: (stretched.astype(np.float32) / 255)[None]})
    height_px, width_px = image_rgb.shape[:2]
    return cv2.resize(probability[0, :, :, 0], (width_px, height_px), interpolation=cv2.INTER_LINEAR)
