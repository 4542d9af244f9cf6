"""The debug artefact: the fitted body's outline and the landmarks drawn over the photo (JPEG)."""

import cv2
import numpy as np

OVERLAY_MAX_SIDE_PX = 960
PERSON_OUTLINE_BGR = (60, 200, 60)
MODEL_OUTLINE_BGR = (40, 40, 230)
LANDMARK_BGR = (230, 160, 30)


def draw_fit_overlay(
    rgb: np.ndarray,
    person_mask: np.ndarray | None,
    model_outline_px: np.ndarray,
    landmarks_px: np.ndarray | None = None,
    *,
    jpeg_quality: int = 85,
) -> bytes:
    """JPEG bytes of the photo with the person's outline (green), the fitted body's outline points
    (red) and the landmarks (orange), shrunk so its longer side is at most OVERLAY_MAX_SIDE_PX.

    `rgb`: (H, W, 3) uint8; `person_mask`: (H, W) mask or coverage, or None; `model_outline_px` and
    `landmarks_px`: (N, 2) float pixel coordinates (u, v) in the photo (NaN rows are skipped).
    """
    height, width = rgb.shape[:2]
    scale = min(1.0, OVERLAY_MAX_SIDE_PX / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    canvas = cv2.resize(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), size, interpolation=cv2.INTER_AREA)
    if person_mask is not None:
        small = cv2.resize((np.asarray(person_mask, dtype=np.float32) > 0.5).astype(np.uint8), size)
        contours, _ = cv2.findContours(small, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        cv2.drawContours(canvas, contours, -1, PERSON_OUTLINE_BGR, 1, cv2.LINE_AA)
    for points, colour, radius in ((model_outline_px, MODEL_OUTLINE_BGR, 1), (landmarks_px, LANDMARK_BGR, 3)):
        if points is None:
            continue
        for u, v in np.asarray(points, dtype=float) * scale:
            if np.isfinite(u) and np.isfinite(v):
                cv2.circle(canvas, (round(u), round(v)), radius, colour, -1, cv2.LINE_AA)
    ok, encoded = cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
    if not ok:
        raise RuntimeError("OpenCV could not encode the overlay JPEG")
    return encoded.tobytes()
