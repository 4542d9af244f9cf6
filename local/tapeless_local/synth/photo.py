"""The phone's image pipeline applied to rendered linear radiance: auto-exposure, white-balance cast,
vignetting, sensor noise, tone curve, optics blur, sharpening, JPEG with EXIF (orientation, focal length).
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass

import cv2
import numpy as np
from PIL import Image

from tapeless_local.synth.appearance import linear_to_srgb_fast

FULL_FRAME_DIAGONAL_MM = 43.27
PHONE_CROP_FACTOR = 7.0
EXIF_ORIENTATION = 0x0112
EXIF_IFD = 0x8769
EXIF_FOCAL_LENGTH = 0x920A
EXIF_FOCAL_LENGTH_35MM = 0xA405
# Pixel data is stored turned by the inverse of what the Orientation tag tells a viewer to apply.
_STORE_TRANSPOSE = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


@dataclass(frozen=True)
class Finish:
    """Random camera-pipeline settings for one photo (recorded in truth.json)."""

    exposure_gain: float
    white_balance_gains: tuple[float, float, float]
    vignetting: float
    read_noise: float
    shot_noise: float
    blur_sigma_px: float
    sharpen_amount: float
    jpeg_quality: int
    orientation: int
    focal_35mm_mm: int | None

    @classmethod
    def random(cls, rng: np.random.Generator, focal_35mm_mm: int, rotated_share: float = 0.3) -> Finish:
        warmth, tint = rng.normal(0, 0.06), rng.normal(0, 0.02)
        orientation = int(rng.choice([6, 8, 3])) if rng.random() < rotated_share else 1
        return cls(
            exposure_gain=float(np.exp(rng.normal(0, 0.2))),
            white_balance_gains=(float(1 + warmth), float(1 + tint), float(1 - warmth)),
            vignetting=float(rng.uniform(0.0, 0.3)),
            read_noise=float(rng.uniform(0.001, 0.006)),
            shot_noise=float(rng.uniform(0.0003, 0.002)),
            blur_sigma_px=float(rng.uniform(0.3, 1.0)),
            sharpen_amount=float(rng.uniform(0.0, 0.7)),
            jpeg_quality=int(rng.integers(72, 96)),
            orientation=orientation,
            focal_35mm_mm=focal_35mm_mm if rng.random() < 0.8 else None,
        )

    def to_dict(self) -> dict:
        return asdict(self)


def develop(radiance: np.ndarray, finish: Finish, rng: np.random.Generator) -> np.ndarray:
    """Linear radiance (H, W, 3) float → upright sRGB (H, W, 3) uint8 as the phone would save it."""
    height, width = radiance.shape[:2]
    radiance = radiance.astype(np.float32)
    luminance = radiance[::4, ::4] @ np.array([0.2126, 0.7152, 0.0722], np.float32)
    exposure = 0.5 / max(float(np.percentile(luminance, 97)), 1e-4) * finish.exposure_gain
    gains = (exposure * np.asarray(finish.white_balance_gains)).astype(np.float32)
    x2 = ((np.arange(width, dtype=np.float32) - width / 2) ** 2)[None, :]
    y2 = ((np.arange(height, dtype=np.float32) - height / 2) ** 2)[:, None]
    falloff = 1 - finish.vignetting * (x2 + y2) / ((width / 2) ** 2 + (height / 2) ** 2)
    image = radiance * gains[None, None, :] * falloff[..., None]
    sigma = np.sqrt(finish.read_noise**2 + finish.shot_noise * np.clip(image, 0, None))
    image += sigma * rng.standard_normal(image.shape, dtype=np.float32)
    srgb = linear_to_srgb_fast(image)
    srgb = cv2.GaussianBlur(srgb, (0, 0), finish.blur_sigma_px)
    if finish.sharpen_amount > 0:
        detail = srgb - cv2.GaussianBlur(srgb, (0, 0), 1.5)
        srgb = srgb + finish.sharpen_amount * detail
    return np.clip(np.round(srgb * 255), 0, 255).astype(np.uint8)


def encode_jpeg(rgb: np.ndarray, finish: Finish) -> bytes:
    """Upright (H, W, 3) uint8 RGB → JPEG bytes, stored turned and tagged with `finish.orientation`,
    carrying the 35 mm-equivalent focal length (diagonal convention) when the finish has one."""
    image = Image.fromarray(rgb)
    if finish.orientation in _STORE_TRANSPOSE:
        image = image.transpose(_STORE_TRANSPOSE[finish.orientation])
    exif = Image.Exif()
    exif[0x010F] = "Tapeless"
    exif[0x0110] = "synthetic phone"
    exif[EXIF_ORIENTATION] = finish.orientation
    if finish.focal_35mm_mm is not None:
        exif_ifd = exif.get_ifd(EXIF_IFD)
        exif_ifd[EXIF_FOCAL_LENGTH_35MM] = int(finish.focal_35mm_mm)
        exif_ifd[EXIF_FOCAL_LENGTH] = round(finish.focal_35mm_mm / PHONE_CROP_FACTOR, 2)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=finish.jpeg_quality, exif=exif.tobytes())
    return buffer.getvalue()


def focal_35mm_equivalent(focal_px: float, width_px: int, height_px: int) -> int:
    """EXIF FocalLengthIn35mmFilm for a focal length in pixels, by the diagonal convention, rounded to mm."""
    return round(focal_px * FULL_FRAME_DIAGONAL_MM / float(np.hypot(width_px, height_px)))
