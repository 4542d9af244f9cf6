"""check_photo / check_pair: orientation, metadata stripping, fingerprints, limits and error shape."""

import io

import cv2
import numpy as np
import pytest
from PIL import Image
from tapeless.photos import PhotoLimits, check_pair, check_photo
from tapeless.photos.errors import DuplicatePhoto, ImageTooDark, ImageTooSmall


def _scene(seed: int = 0, width_px: int = 640, height_px: int = 800) -> np.ndarray:
    rng = np.random.default_rng(seed)
    scene = np.full((height_px, width_px, 3), 120, np.uint8)
    for _ in range(30):
        x, y = rng.integers(0, width_px - 40), rng.integers(0, height_px - 40)
        colour = tuple(int(c) for c in rng.integers(30, 230, size=3))
        cv2.rectangle(scene, (int(x), int(y)), (int(x) + 80, int(y) + 50), colour, -1)
    return scene


def _jpeg(rgb: np.ndarray, **extra) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=95, **extra)
    return buffer.getvalue()


def _png(rgb: np.ndarray, **extra) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG", **extra)
    return buffer.getvalue()


def test_exif_orientation_is_applied_so_the_person_stands_upright():
    upright = _scene()
    stored = np.ascontiguousarray(np.rot90(upright, 1))  # what a phone held sideways writes
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = check_photo(_png(stored, exif=exif.tobytes()), "front")
    assert photo.rgb.shape == upright.shape
    assert np.array_equal(photo.rgb, upright)


def test_the_stored_copy_carries_no_metadata_at_all():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS
    photo = check_photo(_jpeg(_scene(), exif=exif.tobytes()), "front")
    stored = Image.open(io.BytesIO(photo.clean_jpeg_bytes))
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info and "icc_profile" not in stored.info
    assert b"PhoneMaker" not in photo.clean_jpeg_bytes
    assert stored.size == (photo.width_px, photo.height_px)


def test_the_pixel_hash_ignores_the_container_and_metadata():
    scene = _scene()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    plain, tagged = check_photo(_png(scene), "front"), check_photo(_png(scene, exif=exif.tobytes()), "side")
    assert plain.sha256_hex == tagged.sha256_hex
    other = scene.copy()
    other[0, 0] ^= 1
    assert check_photo(_png(other), "side").sha256_hex != plain.sha256_hex


def test_two_different_photos_pass_the_duplicate_check_and_the_same_one_twice_does_not():
    front, side = check_photo(_png(_scene(1)), "front"), check_photo(_png(_scene(2)), "side")
    check_pair(front, side)
    with pytest.raises(DuplicatePhoto, match="The side photo"):
        check_pair(front, check_photo(_png(_scene(1)), "side"))


def test_a_slightly_brighter_copy_still_counts_as_a_duplicate():
    scene = _scene(1)
    brighter = np.clip(scene.astype(np.int16) + 12, 0, 255).astype(np.uint8)
    with pytest.raises(DuplicatePhoto):
        check_pair(check_photo(_png(scene), "front"), check_photo(_jpeg(brighter), "side"))


def test_limits_can_be_tightened_by_the_caller():
    with pytest.raises(ImageTooSmall, match="at least 1000×700"):
        check_photo(_png(_scene()), "front", PhotoLimits(min_long_side_px=1000, min_short_side_px=700))


def test_quality_problems_can_be_reported_without_refusing():
    dark = (_scene() * 0.1).astype(np.uint8)
    with pytest.raises(ImageTooDark):
        check_photo(_png(dark), "side")
    photo = check_photo(_png(dark), "side", enforce_quality=False)
    assert photo.quality.problems[0] == "too_dark" and not photo.quality.ok


def test_errors_serialise_to_code_message_and_advice():
    with pytest.raises(ImageTooDark) as caught:
        check_photo(_png(np.zeros((800, 640, 3), np.uint8)), "side")
    as_dict = caught.value.to_dict()
    assert as_dict["code"] == "image_too_dark"
    assert as_dict["message"] == "The side photo is too dark: turn on a light or face a window."
    assert as_dict["advice"] == "Turn on a light or face a window."
