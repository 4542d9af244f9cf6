"""Decode an uploaded photo into upright 8-bit sRGB pixels, refusing anything unsafe or unmeasurable.

Order matters for safety: the format and the declared size are checked from the header before any pixel is
decoded, so a decompression bomb is refused without allocating it.
"""

import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from tapeless.photos.errors import (
    DecompressionBomb,
    ImageTooLarge,
    ImageTooSmall,
    ImageUnreadable,
    UnsupportedColourMode,
    UnsupportedImageType,
)
from tapeless.photos.limits import PhotoLimits

try:  # HEIC is what iPhones save; the decoder is optional so the layer still works without it.
    import pillow_heif

    pillow_heif.register_heif_opener()
    _HEIF_FORMATS = ("HEIF",)
except ImportError:  # pragma: no cover - depends on the installed wheels
    _HEIF_FORMATS = ()

# Pillow's own bomb guard, as a backstop behind the explicit header check below: it warns above this many
# pixels and raises above twice as many. Both are turned into DecompressionBomb.
Image.MAX_IMAGE_PIXELS = PhotoLimits().max_pixels

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", *_HEIF_FORMATS)

# Leading bytes of files that are recognisably something other than an accepted photo.
_KNOWN_OTHER_TYPES = (
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"8BPS", "Photoshop"),
)
_TEXT_MARKERS = ((b"<svg", "SVG"), (b"<?xml", "XML"), (b"<!doctype html", "HTML"), (b"<html", "HTML"))

_EXIF_ORIENTATION_TAG = 0x0112
_DIRECT_RGB_MODES = {"RGB", "CMYK", "YCbCr", "LAB", "HSV"}


@dataclass
class DecodedPhoto:
    """Upright pixels of one photo.

    rgb: (H, W, 3) uint8, sRGB (converted from the embedded ICC profile when there is one), row 0 at the top.
    source_format: the container, e.g. "JPEG". notes: what was converted on the way ("CMYK converted").
    """

    rgb: np.ndarray
    source_format: str
    is_greyscale: bool
    notes: list[str] = field(default_factory=list)


def decode_photo(data: bytes, view: str, limits: PhotoLimits = PhotoLimits()) -> DecodedPhoto:
    """Decode `data` (the uploaded bytes) for the `view` ("front"/"side"); raise a PhotoRejected subclass."""
    if not data:
        raise ImageUnreadable(view, "the file is empty")
    if len(data) > limits.max_bytes:
        raise ImageTooLarge(view, f"{len(data) / 2**20:.0f} MB; the limit is {limits.max_bytes / 2**20:.0f} MB")
    image = _open_accepted(data, view)
    _check_declared_size(image, len(data), view, limits)
    if getattr(image, "n_frames", 1) > 1:
        raise UnsupportedImageType(view, "it is animated")
    _load_pixels(image, view)
    notes: list[str] = []
    orientation = image.getexif().get(_EXIF_ORIENTATION_TAG, 1)
    upright = ImageOps.exif_transpose(image)
    if orientation != 1:
        notes.append(f"turned upright from EXIF orientation {orientation}")
    rgb, is_greyscale = _to_srgb_array(upright, view, notes)
    _check_dimensions(rgb.shape[1], rgb.shape[0], view, limits)
    return DecodedPhoto(rgb=rgb, source_format=image.format or "unknown", is_greyscale=is_greyscale, notes=notes)


def _open_accepted(data: bytes, view: str) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError:
        other = _recognise_other_type(data)
        if other:
            raise UnsupportedImageType(view, f"it is {_with_article(other)} file") from None
        raise ImageUnreadable(view, "the file is damaged or not a picture") from None
    except Image.DecompressionBombError:
        raise DecompressionBomb(view) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageUnreadable(view, "the file is damaged") from exc


def _recognise_other_type(data: bytes) -> str | None:
    for magic, name in _KNOWN_OTHER_TYPES:
        if data.startswith(magic):
            return name
    head = data[:512].lstrip().lower()
    for marker, name in _TEXT_MARKERS:
        if head.startswith(marker) or (name == "SVG" and marker in head):
            return name
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "AVIF"
    return None


def _with_article(name: str) -> str:
    return f"{'an' if name[0] in 'AEFHILMNORSX' else 'a'} {name}"


def _check_declared_size(image: Image.Image, n_bytes: int, view: str, limits: PhotoLimits) -> None:
    width_px, height_px = image.size
    n_pixels = width_px * height_px
    if n_pixels > limits.max_pixels:
        bytes_per_kilopixel = 1000.0 * n_bytes / n_pixels
        detail = f"{width_px}×{height_px} pixels"
        if bytes_per_kilopixel < limits.min_bytes_per_kilopixel_when_huge:
            raise DecompressionBomb(view, detail)
        raise ImageTooLarge(view, f"{detail}; the limit is {limits.max_pixels / 1e6:.0f} megapixels")
    if max(width_px, height_px) > limits.max_side_px:
        raise ImageTooLarge(view, f"{width_px}×{height_px} pixels; the limit is {limits.max_side_px} per side")


def _load_pixels(image: Image.Image, view: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise DecompressionBomb(view) from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            reason = "the file is cut short" if "truncated" in str(exc) else "the file is damaged"
            raise ImageUnreadable(view, reason) from exc


def _to_srgb_array(image: Image.Image, view: str, notes: list[str]) -> tuple[np.ndarray, bool]:
    """Convert any accepted mode to (H, W, 3) uint8 sRGB; return it and whether the source was greyscale."""
    mode = image.mode
    is_greyscale = mode in ("L", "LA", "I;16", "I;16B", "I;16L", "I")
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        image = _drop_opaque_alpha(image, view, notes)
        mode = image.mode
    if mode == "P":
        palette_mode = image.palette.mode if image.palette else "RGB"
        is_greyscale = palette_mode == "L"
        image = image.convert("RGB")
        notes.append("palette colours expanded")
    elif mode.startswith("I;16") or mode == "I":
        grey16 = np.asarray(image, dtype=np.uint32)
        top = 65535 if grey16.max() > 255 else 255  # 'I' mode may hold 8-bit values
        image = Image.fromarray((grey16 * 255 // top).astype(np.uint8), "L")
        notes.append("16-bit greyscale reduced to 8 bits")
    if image.mode == "1" or image.mode == "F":
        raise UnsupportedColourMode(view, f"{'black-and-white' if image.mode == '1' else 'floating-point'} pixels")
    if image.mode == "CMYK":
        notes.append("CMYK converted to RGB")
    image = _convert_icc_to_srgb(image, notes)
    if image.mode not in _DIRECT_RGB_MODES | {"L"}:
        raise UnsupportedColourMode(view, f"colour mode {image.mode}")
    if image.mode == "L":
        notes.append("greyscale photo: skin tone cannot be measured")
    rgb = np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))
    return rgb, is_greyscale


def _drop_opaque_alpha(image: Image.Image, view: str, notes: list[str]) -> Image.Image:
    """A fully opaque alpha channel is dropped; real transparency (a cut-out) is refused."""
    with_alpha = image.convert("LA" if image.mode == "LA" else "RGBA")
    alpha = np.asarray(with_alpha.getchannel("A"))
    if alpha.min() < 250:
        raise UnsupportedColourMode(view, "it has transparent areas")
    notes.append("opaque alpha channel dropped")
    return with_alpha.convert("L" if with_alpha.mode == "LA" else "RGB")


def _convert_icc_to_srgb(image: Image.Image, notes: list[str]) -> Image.Image:
    """Convert from the embedded ICC profile (Display P3, Adobe RGB, CMYK profiles) to sRGB when present."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        notes.append("embedded colour profile unreadable: pixels taken as sRGB")
        return image
    notes.append("converted from the embedded colour profile to sRGB")
    return converted


def _check_dimensions(width_px: int, height_px: int, view: str, limits: PhotoLimits) -> None:
    short_px, long_px = sorted((width_px, height_px))
    if short_px < limits.min_short_side_px or long_px < limits.min_long_side_px:
        raise ImageTooSmall(
            view,
            f"{width_px}×{height_px} pixels; at least {limits.min_long_side_px}×{limits.min_short_side_px} are needed",
        )
