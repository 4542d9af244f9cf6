"""The CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), vectorised over (..., 3) CIELAB arrays."""

import numpy as np


def delta_e_2000(lab_1: np.ndarray, lab_2: np.ndarray, k_l: float = 1.0, k_c: float = 1.0, k_h: float = 1.0):
    """ΔE00 between CIELAB colours `lab_1` and `lab_2` ((..., 3), broadcastable) → (...) float64."""
    lab_1, lab_2 = np.asarray(lab_1, dtype=np.float64), np.asarray(lab_2, dtype=np.float64)
    l_1, a_1, b_1 = lab_1[..., 0], lab_1[..., 1], lab_1[..., 2]
    l_2, a_2, b_2 = lab_2[..., 0], lab_2[..., 1], lab_2[..., 2]

    chroma_mean = (np.hypot(a_1, b_1) + np.hypot(a_2, b_2)) / 2
    g = 0.5 * (1 - np.sqrt(chroma_mean**7 / (chroma_mean**7 + 25.0**7)))
    a_1p, a_2p = (1 + g) * a_1, (1 + g) * a_2
    c_1p, c_2p = np.hypot(a_1p, b_1), np.hypot(a_2p, b_2)
    h_1p = np.degrees(np.arctan2(b_1, a_1p)) % 360
    h_2p = np.degrees(np.arctan2(b_2, a_2p)) % 360

    delta_l = l_2 - l_1
    delta_c = c_2p - c_1p
    chroma_product = c_1p * c_2p
    dh = h_2p - h_1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(chroma_product == 0, 0.0, dh)
    delta_h = 2 * np.sqrt(chroma_product) * np.sin(np.radians(dh) / 2)

    l_mean = (l_1 + l_2) / 2
    c_mean = (c_1p + c_2p) / 2
    h_sum = h_1p + h_2p
    h_mean = np.where(
        np.abs(h_1p - h_2p) <= 180, h_sum / 2, np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2)
    )
    h_mean = np.where(chroma_product == 0, h_sum, h_mean)

    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    delta_theta = 30 * np.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_t = -np.sin(np.radians(2 * delta_theta)) * r_c

    term_l = delta_l / (k_l * s_l)
    term_c = delta_c / (k_c * s_c)
    term_h = delta_h / (k_h * s_h)
    return np.sqrt(term_l**2 + term_c**2 + term_h**2 + r_t * term_c * term_h)
