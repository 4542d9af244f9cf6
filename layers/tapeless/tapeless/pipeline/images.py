"""Encoding and decoding of the images stages hand to each other through S3 work files."""

import io

import cv2
import numpy as np


def decode_rgb(jpeg_or_png: bytes) -> np.ndarray:
    """(H, W, 3) uint8 RGB from already-checked image bytes."""
    bgr = cv2.imdecode(np.frombuffer(jpeg_or_png, np.uint8), cv2.IMREAD_COLOR)
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def encode_mask_png(mask: np.ndarray) -> bytes:
    """(H, W) bool or [0, 1] float mask → 8-bit PNG bytes (lossless, small)."""
    values = mask.astype(np.float32)
    ok, png = cv2.imencode(".png", np.round(np.clip(values, 0, 1) * 255).astype(np.uint8))
    if not ok:
        raise ValueError("could not encode mask")
    return png.tobytes()


def decode_mask_png(png: bytes) -> np.ndarray:
    """8-bit PNG → (H, W) float32 in [0, 1]."""
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255.0


def array_to_npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npy_to_array(data: bytes) -> np.ndarray:
    return np.load(io.BytesIO(data), allow_pickle=False)
