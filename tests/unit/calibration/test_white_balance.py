"""Bradford white balance: exact on whites, card first, background estimates as fallbacks."""

import numpy as np
from tapeless.calibration.colour_space import (
    D65_WHITE_XYZ,
    LINEAR_SRGB_TO_XYZ,
    linear_to_srgb8,
    srgb8_to_linear,
    xyz_to_xy,
)
from tapeless.calibration.white_balance import (
    apply_white_balance,
    bradford_matrix,
    estimate_white_balance,
)

ILLUMINANT_A_XYZ = np.array([1.09850, 1.0, 0.35585])  # CIE standard illuminant A (tungsten, 2856 K)


def _scene_under(light_linear_rgb: np.ndarray, seed: int = 0) -> np.ndarray:
    """Random matte patches (reflectances 0.05–0.6) plus one white wall strip, lit by `light_linear_rgb`."""
    rng = np.random.default_rng(seed)
    reflectance = rng.uniform(0.05, 0.6, (12, 16, 3)).repeat(40, axis=0).repeat(40, axis=1)
    reflectance[:, :40] = 0.8
    return linear_to_srgb8(reflectance * light_linear_rgb)


def test_bradford_maps_the_source_white_onto_the_target_white():
    np.testing.assert_allclose(bradford_matrix(ILLUMINANT_A_XYZ) @ ILLUMINANT_A_XYZ, D65_WHITE_XYZ, atol=1e-9)
    np.testing.assert_allclose(bradford_matrix(D65_WHITE_XYZ), np.eye(3), atol=1e-12)


def test_a_plain_grey_card_under_tungsten_light_gives_a_card_correction_that_neutralises_it():
    light = np.array([1.0, 0.62, 0.25])
    rgb = _scene_under(light)
    card = np.zeros(rgb.shape[:2], bool)
    card[100:160, 200:300] = True
    rgb[card] = linear_to_srgb8(0.45 * light)
    balance = estimate_white_balance(rgb, card_interior_mask=card)
    assert balance.method == "card" and 2500 < balance.cct_k < 4000
    corrected = srgb8_to_linear(apply_white_balance(rgb, balance)[card]).mean(axis=0)
    assert np.ptp(corrected) / corrected.mean() < 0.02


def test_a_printed_card_is_not_trusted_and_the_white_wall_is_used_instead():
    light = np.array([0.8, 0.9, 1.0])  # a cool, shady daylight
    rgb = _scene_under(light)
    card = np.zeros(rgb.shape[:2], bool)
    card[100:160, 200:300] = True
    rgb[100:160, 200:300] = np.random.default_rng(1).integers(0, 255, (60, 100, 3))
    balance = estimate_white_balance(rgb, card_interior_mask=card)
    assert balance.method == "white_patch"
    light_xyz = LINEAR_SRGB_TO_XYZ @ light
    assert np.linalg.norm(xyz_to_xy(balance.illuminant_xyz) - xyz_to_xy(light_xyz)) < 0.005


def test_without_a_white_surface_gray_world_is_the_fallback():
    light = np.array([1.0, 0.75, 0.45])
    rng = np.random.default_rng(2)
    reflectance = rng.uniform(0.05, 0.5, (12, 16, 3)).repeat(40, axis=0).repeat(40, axis=1)
    reflectance[..., 2] *= 0.3  # everything in the room is yellowish: the brightest patch is not white
    rgb = linear_to_srgb8(reflectance * light)
    balance = estimate_white_balance(rgb)
    assert balance.method in ("gray_world", "white_patch")
    assert balance.cct_k < 5000  # it sees the warm light, even if it cannot separate it from the room


def test_the_person_mask_keeps_skin_out_of_the_background_estimate():
    light = np.array([1.0, 1.0, 1.0])
    rgb = _scene_under(light)
    person = np.zeros(rgb.shape[:2], bool)
    person[:, 300:500] = True
    rgb[person] = (255, 120, 60)  # a bright orange person would look like the light's colour
    with_mask = estimate_white_balance(rgb, exclude_mask=person)
    assert abs(with_mask.cct_k - 6504) < 300
