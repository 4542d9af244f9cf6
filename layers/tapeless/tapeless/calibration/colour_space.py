"""Colorimetry shared by colour calibration and skin measurement: sRGB ↔ linear RGB ↔ CIE XYZ ↔ CIELAB.

Everything is D65 unless a white point is passed. Arrays broadcast over leading axes: (..., 3).
"""

import numpy as np

# IEC 61966-2-1 linear sRGB → CIE XYZ (D65, Y of white = 1).
LINEAR_SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
XYZ_TO_LINEAR_SRGB = np.linalg.inv(LINEAR_SRGB_TO_XYZ)
D65_WHITE_XYZ = LINEAR_SRGB_TO_XYZ @ np.ones(3)  # (0.95047, 1.0, 1.08883)

_LAB_EPSILON = 216 / 24389
_LAB_KAPPA = 24389 / 27


def srgb_to_linear(srgb: np.ndarray) -> np.ndarray:
    """sRGB in [0, 1] → linear RGB in [0, 1]."""
    srgb = np.asarray(srgb, dtype=np.float64)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: np.ndarray) -> np.ndarray:
    """Linear RGB (clipped to [0, 1]) → sRGB in [0, 1]."""
    linear = np.clip(np.asarray(linear, dtype=np.float64), 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def srgb8_to_linear(rgb8: np.ndarray) -> np.ndarray:
    """uint8 sRGB (..., 3) → float64 linear RGB in [0, 1], via a 256-entry table (fast on whole photos)."""
    return _SRGB8_TO_LINEAR[np.asarray(rgb8, dtype=np.uint8)]


def linear_to_srgb8(linear: np.ndarray) -> np.ndarray:
    """Linear RGB (..., 3) → uint8 sRGB, rounded and clipped."""
    return np.round(linear_to_srgb(linear) * 255.0).astype(np.uint8)


def xyz_to_lab(xyz: np.ndarray, white_xyz: np.ndarray = D65_WHITE_XYZ) -> np.ndarray:
    """CIE XYZ (..., 3) → CIELAB (..., 3) (L* 0–100) relative to `white_xyz`."""
    ratio = np.asarray(xyz, dtype=np.float64) / white_xyz
    f = np.where(ratio > _LAB_EPSILON, np.cbrt(ratio), (_LAB_KAPPA * ratio + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def lab_to_xyz(lab: np.ndarray, white_xyz: np.ndarray = D65_WHITE_XYZ) -> np.ndarray:
    """CIELAB (..., 3) → CIE XYZ (..., 3) relative to `white_xyz`."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], -1)
    ratio = np.where(f**3 > _LAB_EPSILON, f**3, (116 * f - 16) / _LAB_KAPPA)
    return ratio * white_xyz


def srgb8_to_lab(rgb8: np.ndarray) -> np.ndarray:
    """uint8 sRGB (..., 3) → CIELAB D65 (..., 3)."""
    return xyz_to_lab(srgb8_to_linear(rgb8) @ LINEAR_SRGB_TO_XYZ.T)


def lab_to_srgb8(lab: np.ndarray) -> np.ndarray:
    """CIELAB D65 (..., 3) → uint8 sRGB (..., 3), clipped to the gamut."""
    return linear_to_srgb8(lab_to_xyz(lab) @ XYZ_TO_LINEAR_SRGB.T)


def hex_to_srgb8(hex_colour: str) -> np.ndarray:
    """'#rrggbb' → (3,) uint8."""
    value = hex_colour.lstrip("#")
    return np.array([int(value[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.uint8)


def srgb8_to_hex(rgb8: np.ndarray) -> str:
    return "#" + "".join(f"{int(c):02x}" for c in rgb8)


def xyz_to_xy(xyz: np.ndarray) -> np.ndarray:
    """CIE XYZ (..., 3) → chromaticity xy (..., 2)."""
    xyz = np.asarray(xyz, dtype=np.float64)
    return xyz[..., :2] / np.maximum(xyz.sum(axis=-1, keepdims=True), 1e-12)


def correlated_colour_temperature_k(xyz: np.ndarray) -> float:
    """McCamy's approximation of the correlated colour temperature (K) of a white `xyz` (3,); good to a few
    tens of kelvin between 2,000 and 12,500 K."""
    x, y = xyz_to_xy(xyz)
    n = (x - 0.3320) / (0.1858 - y)
    return float(449 * n**3 + 3525 * n**2 + 6823.3 * n + 5520.33)


_SRGB8_TO_LINEAR = srgb_to_linear(np.arange(256) / 255.0)
