"""One photo analysed for the fit ("Find body" → "Fit body model"): intrinsics, landmarks and outline.

`ViewAnalysis.to_dict()` is small and JSON-serialisable (landmarks, the outline every other boundary
pixel, the intrinsics), so the pipeline can store it between Lambdas; `mask()` rebuilds the silhouette
from the outline with anti-aliased edges when the in-process mask is not at hand.
"""

from dataclasses import dataclass
from io import BytesIO

import cv2
import numpy as np
from PIL import Image

from tapeless.body.camera import PinholeCamera
from tapeless.body.fit import ViewObservation

EXIF_IFD = 0x8769
FOCAL_LENGTH_35MM_TAG = 0xA405
SUPERSAMPLE = 4


def focal_35mm_from_exif(data: bytes) -> float | None:
    """EXIF FocalLengthIn35mmFilm (mm) of an encoded image, or None."""
    try:
        value = Image.open(BytesIO(data)).getexif().get_ifd(EXIF_IFD).get(FOCAL_LENGTH_35MM_TAG)
    except Exception:  # noqa: BLE001 — a photo without readable EXIF simply has no focal length
        return None
    return float(value) if value else None


@dataclass
class ViewAnalysis:
    """`landmarks_px` (33, 2) and `visibility` (33,) BlazePose; `contour_px` (N, 2) the person's outer
    outline (px); `silhouette` (H, W) bool, only in process; `rgb` kept in process for the overlay."""

    view: str
    camera: PinholeCamera
    landmarks_px: np.ndarray
    visibility: np.ndarray
    contour_px: np.ndarray
    silhouette: np.ndarray | None = None
    rgb: np.ndarray | None = None

    def mask(self) -> np.ndarray:
        """(H, W) float32 person coverage in [0, 1]."""
        if self.silhouette is not None:
            return self.silhouette.astype(np.float32)
        size = (self.camera.width_px * SUPERSAMPLE, self.camera.height_px * SUPERSAMPLE)
        canvas = np.zeros((size[1], size[0]), np.uint8)
        points = np.round((self.contour_px + 0.5) * SUPERSAMPLE - 0.5).astype(np.int32)
        cv2.fillPoly(canvas, [points], 255)
        coverage = cv2.resize(canvas, (self.camera.width_px, self.camera.height_px), interpolation=cv2.INTER_AREA)
        return coverage.astype(np.float32) / 255.0

    def observation(self) -> ViewObservation:
        return ViewObservation(self.camera, self.mask(), self.landmarks_px.astype(np.float64),
                               self.visibility.astype(np.float64))

    def to_dict(self) -> dict:
        return {
            "view": self.view,
            "camera": self.camera.to_dict(),
            "landmarks_px": np.round(self.landmarks_px, 2).tolist(),
            "visibility": np.round(self.visibility, 3).tolist(),
            "contour_px": np.round(self.contour_px[::2], 2).tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ViewAnalysis":
        return cls(
            view=data["view"],
            camera=PinholeCamera.from_dict(data["camera"]),
            landmarks_px=np.asarray(data["landmarks_px"], dtype=np.float64),
            visibility=np.asarray(data["visibility"], dtype=np.float64),
            contour_px=np.asarray(data["contour_px"], dtype=np.float64),
        )


def analyse_view(rgb: np.ndarray, view: str, *, focal_35mm_mm: float | None = None) -> ViewAnalysis:
    """Run `tapeless.vision.find_body` on an upright (H, W, 3) uint8 RGB photo (raises its named errors)."""
    from tapeless.vision import find_body

    body = find_body(rgb, view=view)
    height, width = rgb.shape[:2]
    return ViewAnalysis(
        view=view,
        camera=PinholeCamera.from_image_size(width, height, focal_35mm_mm=focal_35mm_mm),
        landmarks_px=np.asarray(body.landmarks_px, dtype=np.float64),
        visibility=np.asarray(body.visibility, dtype=np.float64),
        contour_px=np.asarray(body.contour_px, dtype=np.float64),
        silhouette=np.asarray(body.silhouette, dtype=bool),
        rgb=rgb,
    )
