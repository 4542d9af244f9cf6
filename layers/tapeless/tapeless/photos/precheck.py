"""The photo check the pipeline runs on each upload: decode, quality verdict, fingerprint, clean copy."""

import hashlib
import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from tapeless.photos.decode import decode_photo
from tapeless.photos.errors import DuplicatePhoto, ImageBlurred, ImageTooBright, ImageTooDark
from tapeless.photos.limits import PhotoLimits
from tapeless.photos.quality import QualityReport, assess_quality

_PROBLEM_ERRORS = {"too_dark": ImageTooDark, "too_bright": ImageTooBright, "blurred": ImageBlurred}
_CLEAN_JPEG_QUALITY = 92


@dataclass
class CheckedPhoto:
    """One accepted photo.

    rgb: (H, W, 3) uint8 upright sRGB. sha256_hex: SHA-256 of the pixel bytes (shape-prefixed), equal for
    identical pictures whatever their container or metadata. dhash: 64-bit difference hash of the picture,
    close for re-encoded or resized copies. clean_jpeg_bytes: the upright picture re-encoded as JPEG without
    any metadata (no EXIF, GPS, ICC, XMP) — the only form that is stored.
    """

    view: str
    rgb: np.ndarray
    sha256_hex: str
    dhash: int
    quality: QualityReport
    source_format: str
    is_greyscale: bool
    notes: list[str]
    clean_jpeg_bytes: bytes

    @property
    def height_px(self) -> int:
        return int(self.rgb.shape[0])

    @property
    def width_px(self) -> int:
        return int(self.rgb.shape[1])


def check_photo(
    data: bytes,
    view: str,
    limits: PhotoLimits = PhotoLimits(),
    *,
    person_box_px: tuple[int, int, int, int] | None = None,
    enforce_quality: bool = True,
) -> CheckedPhoto:
    """Check the uploaded `data` for `view` ("front" or "side").

    Raises a PhotoRejected subclass (ImageUnreadable, ImageTooSmall, DecompressionBomb, ImageTooDark, …) with
    a message naming the view. With enforce_quality=False, quality problems are only reported in `quality`.
    """
    decoded = decode_photo(data, view, limits)
    quality = assess_quality(decoded.rgb, limits, person_box_px=person_box_px)
    if enforce_quality and quality.problems:
        raise _PROBLEM_ERRORS[quality.problems[0]](view)
    return CheckedPhoto(
        view=view,
        rgb=decoded.rgb,
        sha256_hex=pixel_sha256_hex(decoded.rgb),
        dhash=difference_hash(decoded.rgb),
        quality=quality,
        source_format=decoded.source_format,
        is_greyscale=decoded.is_greyscale,
        notes=decoded.notes,
        clean_jpeg_bytes=encode_clean_jpeg(decoded.rgb),
    )


def check_pair(front: CheckedPhoto, side: CheckedPhoto, limits: PhotoLimits = PhotoLimits()) -> None:
    """Raise DuplicatePhoto (naming the side view) when both uploads are the same picture, exactly or as a
    re-encoded/resized copy."""
    if front.sha256_hex == side.sha256_hex:
        raise DuplicatePhoto(side.view)
    if hamming_distance(front.dhash, side.dhash) <= limits.duplicate_max_dhash_bits:
        raise DuplicatePhoto(side.view, "or a copy of it")


def pixel_sha256_hex(rgb: np.ndarray) -> str:
    """SHA-256 over the shape and the raw bytes of `rgb` ((H, W, 3) uint8)."""
    digest = hashlib.sha256(f"{rgb.shape[0]}x{rgb.shape[1]}x{rgb.shape[2]}:".encode())
    digest.update(np.ascontiguousarray(rgb).tobytes())
    return digest.hexdigest()


def difference_hash(rgb: np.ndarray) -> int:
    """64-bit dHash: the picture in grey at 9×8 px, one bit per horizontal neighbour comparison."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (9, 8), interpolation=cv2.INTER_AREA).astype(np.int16)
    bits = (small[:, 1:] > small[:, :-1]).ravel()
    return int(sum(1 << i for i, bit in enumerate(bits) if bit))


def hamming_distance(hash_a: int, hash_b: int) -> int:
    return (hash_a ^ hash_b).bit_count()


def encode_clean_jpeg(rgb: np.ndarray, quality: int = _CLEAN_JPEG_QUALITY) -> bytes:
    """Re-encode `rgb` ((H, W, 3) uint8 sRGB) as a baseline JPEG carrying no metadata at all."""
    buffer = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()
