"""White balance as a Bradford chromatic adaptation to D65, estimated from the card when its face is plain
and near-neutral, else from the background (white patch, falling back to gray world).

All estimation happens in linear sRGB; the correction is one 3×3 matrix applied to linear RGB.
"""

from dataclasses import dataclass

import cv2
import numpy as np

from tapeless.calibration.colour_space import (
    D65_WHITE_XYZ,
    LINEAR_SRGB_TO_XYZ,
    XYZ_TO_LINEAR_SRGB,
    correlated_colour_temperature_k,
    linear_to_srgb8,
    srgb8_to_linear,
    xyz_to_xy,
)

BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])

_CLIPPED = 0.97  # linear value: channels at or above it are saturated and carry no colour information
_CARD_MAX_RELATIVE_SPREAD = 0.08  # a plain card face: pixel std / mean in every channel below this
_CARD_MIN_LUMINANCE = 0.08
_MAX_ILLUMINANT_DISTANCE = 0.06  # xy distance from the daylight/Planckian region beyond which it is not light
_WHITE_PATCH_TOP_FRACTION = 0.02
_SCENE_ADAPTATION_DEGREE = 0.5
_SCENE_TRUSTED_CCT_RANGE_K = (4300.0, 8500.0)  # casts milder than this are left to the phone


@dataclass
class WhiteBalance:
    """An estimated illuminant and the correction to D65.

    method: "card", "white_patch", "gray_world" or "none". illuminant_xyz: (3,) estimated white, Y = 1.
    cct_k: its correlated colour temperature (K). matrix_linear_rgb: (3, 3) applied to linear RGB column
    vectors. confidence: 0–1 (low when the estimate is far from any plausible light).
    """

    method: str
    illuminant_xyz: np.ndarray
    cct_k: float
    matrix_linear_rgb: np.ndarray
    confidence: float

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "illuminant_xy": [round(float(v), 4) for v in xyz_to_xy(self.illuminant_xyz)],
            "cct_k": round(self.cct_k),
            "confidence": round(self.confidence, 3),
        }


def bradford_matrix(source_white_xyz: np.ndarray, target_white_xyz: np.ndarray = D65_WHITE_XYZ) -> np.ndarray:
    """(3, 3) XYZ → XYZ von Kries adaptation in the Bradford cone space from one white to another."""
    source_cone = BRADFORD @ source_white_xyz
    target_cone = BRADFORD @ target_white_xyz
    return np.linalg.inv(BRADFORD) @ np.diag(target_cone / source_cone) @ BRADFORD


def white_balance_from_linear_white(white_linear_rgb: np.ndarray, method: str, degree: float = 1.0) -> WhiteBalance:
    """The correction that maps the linear RGB `white_linear_rgb` (3,) of a neutral surface to D65 white.

    degree: how much of the way to adapt (1 = fully, as from a known-neutral card; less for guesses from
    the scene, where part of the apparent cast is the colour of the walls, not of the light)."""
    white_xyz = LINEAR_SRGB_TO_XYZ @ white_linear_rgb
    white_xyz = white_xyz / white_xyz[1]
    d65 = D65_WHITE_XYZ / D65_WHITE_XYZ[1]
    adaptation = bradford_matrix(degree * white_xyz + (1.0 - degree) * d65, d65)
    matrix = XYZ_TO_LINEAR_SRGB @ adaptation @ LINEAR_SRGB_TO_XYZ
    confidence = float(np.clip(1.0 - _distance_from_daylight(white_xyz) / _MAX_ILLUMINANT_DISTANCE, 0.0, 1.0))
    return WhiteBalance(method, white_xyz, correlated_colour_temperature_k(white_xyz), matrix, confidence)


def no_white_balance() -> WhiteBalance:
    return WhiteBalance("none", D65_WHITE_XYZ / D65_WHITE_XYZ[1], 6504.0, np.eye(3), 0.0)


def estimate_white_balance(
    rgb: np.ndarray, card_interior_mask: np.ndarray | None = None, exclude_mask: np.ndarray | None = None
) -> WhiteBalance:
    """Estimate the correction for `rgb` ((H, W, 3) uint8 sRGB).

    card_interior_mask: (H, W) bool pixels of the card face clear of its edges, when a card was found.
    exclude_mask: (H, W) bool pixels not to use for the background estimate (the person, the card).
    """
    linear = _to_linear_f32(np.ascontiguousarray(rgb[::2, ::2]))  # every other pixel: plenty for a mean
    if card_interior_mask is not None:
        card_white = _neutral_card_white(linear, card_interior_mask[::2, ::2])
        if card_white is not None:
            return white_balance_from_linear_white(card_white.astype(np.float64), "card")
    usable = np.all(linear < _CLIPPED, axis=-1) & (linear.sum(axis=-1) > 0.03)
    if exclude_mask is not None:
        usable &= ~exclude_mask[::2, ::2]
    pixels = linear[usable]
    if len(pixels) < 100:
        return no_white_balance()
    brightness = pixels.sum(axis=-1)
    n_top = max(1, int(len(brightness) * _WHITE_PATCH_TOP_FRACTION))
    top = pixels[np.argpartition(brightness, -n_top)[-n_top:]]
    patch = _scene_white_balance(top.mean(axis=0), "white_patch")
    if patch.confidence >= 0.5:
        return patch
    world = _scene_white_balance(pixels.mean(axis=0), "gray_world")
    return world if world.confidence > patch.confidence else patch


def _scene_white_balance(white_linear_rgb: np.ndarray, method: str) -> WhiteBalance:
    """A correction guessed from the scene. The phone has already white-balanced the photo, and much of a
    mild apparent cast is the colour of the walls, not of the light: only a strong cast (the phone's
    balance clearly failed, e.g. under tungsten light) is corrected, and then half-way."""
    estimate = white_balance_from_linear_white(white_linear_rgb, method)
    low_k, high_k = _SCENE_TRUSTED_CCT_RANGE_K
    degree = 0.0 if low_k <= estimate.cct_k <= high_k else _SCENE_ADAPTATION_DEGREE
    corrected = white_balance_from_linear_white(white_linear_rgb, method, degree)
    corrected.confidence = estimate.confidence
    return corrected


def apply_white_balance(rgb: np.ndarray, correction: WhiteBalance) -> np.ndarray:
    """Apply `correction` to `rgb` ((H, W, 3) uint8 sRGB) → (H, W, 3) uint8 sRGB under D65."""
    if np.abs(correction.matrix_linear_rgb - np.eye(3)).max() < 1e-4:
        return rgb.copy()
    linear = cv2.transform(_to_linear_f32(rgb), correction.matrix_linear_rgb.astype(np.float32))
    # Back to sRGB through a fine table instead of a power function per pixel (12 MP in well under 1 s).
    index = np.clip(linear * (_ENCODE_STEPS - 1) + 0.5, 0, _ENCODE_STEPS - 1).astype(np.uint16)
    return _LINEAR_TO_SRGB8_TABLE[index]


def _to_linear_f32(rgb: np.ndarray) -> np.ndarray:
    """uint8 sRGB (H, W, 3) → float32 linear RGB through a 256-entry table."""
    return cv2.LUT(rgb, _SRGB8_TO_LINEAR_F32)


def _neutral_card_white(linear: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """Mean linear RGB of the card face when it is plain (uniform), bright enough, unclipped and of a colour
    a light source could give a white surface; otherwise None (a printed or coloured card)."""
    pixels = linear[mask]
    if len(pixels) < 50 or np.any(pixels >= _CLIPPED):
        return None
    mean = pixels.mean(axis=0)
    if (LINEAR_SRGB_TO_XYZ @ mean)[1] < _CARD_MIN_LUMINANCE:
        return None
    if np.any(pixels.std(axis=0) / np.maximum(mean, 1e-6) > _CARD_MAX_RELATIVE_SPREAD):
        return None
    xyz = LINEAR_SRGB_TO_XYZ @ mean
    if _distance_from_daylight(xyz / xyz[1]) > _MAX_ILLUMINANT_DISTANCE / 2:
        return None
    return mean


def _distance_from_daylight(white_xyz: np.ndarray) -> float:
    """xy distance from the Planckian locus (2,000–12,000 K), sampled with Kim et al.'s approximation."""
    return float(np.min(np.linalg.norm(_PLANCKIAN_XY - xyz_to_xy(white_xyz), axis=1)))


def _planckian_xy(temperatures_k: np.ndarray) -> np.ndarray:
    """Kim et al. (2002) cubic spline of the Planckian locus in CIE 1931 xy, 1,667–25,000 K."""
    t = temperatures_k
    x = np.where(
        t <= 4000,
        -0.2661239e9 / t**3 - 0.2343589e6 / t**2 + 0.8776956e3 / t + 0.179910,
        -3.0258469e9 / t**3 + 2.1070379e6 / t**2 + 0.2226347e3 / t + 0.240390,
    )
    y = np.where(
        t <= 2222,
        -1.1063814 * x**3 - 1.34811020 * x**2 + 2.18555832 * x - 0.20219683,
        np.where(
            t <= 4000,
            -0.9549476 * x**3 - 1.37418593 * x**2 + 2.09137015 * x - 0.16748867,
            3.0817580 * x**3 - 5.87338670 * x**2 + 3.75112997 * x - 0.37001483,
        ),
    )
    return np.stack([x, y], axis=-1)


_PLANCKIAN_XY = _planckian_xy(np.linspace(2000.0, 12000.0, 200))
_ENCODE_STEPS = 65536
_LINEAR_TO_SRGB8_TABLE = linear_to_srgb8(np.linspace(0.0, 1.0, _ENCODE_STEPS))
_SRGB8_TO_LINEAR_F32 = srgb8_to_linear(np.arange(256)).astype(np.float32).reshape(256, 1)
