"""measure_skin_tone on drawn people: the right bucket, clothing ignored, casts flagged or corrected."""

import cv2
import numpy as np
import pytest
from tapeless.calibration.colour_space import hex_to_srgb8, linear_to_srgb8, srgb8_to_lab, srgb8_to_linear
from tapeless.calibration.white_balance import apply_white_balance, estimate_white_balance
from tapeless.skin.ciede2000 import delta_e_2000
from tapeless.skin.monk import MONK_SWATCHES_HEX
from tapeless.skin.tone import NoSkinVisible, measure_skin_tone


def _person(skin_hex: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A frontal person drawn with skin on the face, neck and forearms, a blue shirt, on a grey wall.
    Returns rgb (H, W, 3), landmarks (33, 2) px, visibility (33,), person mask (H, W)."""
    rng = np.random.default_rng(seed)
    rgb = np.full((900, 600, 3), 128, np.uint8)
    skin = tuple(int(c) for c in hex_to_srgb8(skin_hex))
    landmarks = np.zeros((33, 2))
    landmarks[[0, 2, 5, 7, 8, 9, 10]] = [[300, 150], [320, 130], [280, 130], [340, 140], [260, 140], [315, 180],
                                         [285, 180]]
    landmarks[[11, 12, 13, 14, 15, 16]] = [[360, 260], [240, 260], [420, 380], [180, 380], [450, 480], [150, 480]]
    mask = np.zeros(rgb.shape[:2], np.uint8)
    cv2.ellipse(mask, (300, 150), (55, 75), 0, 0, 360, 1, -1)
    cv2.rectangle(mask, (275, 200), (325, 262), 1, -1)
    cv2.rectangle(mask, (235, 255), (365, 600), 2, -1)
    for shoulder, elbow, wrist in ((11, 13, 15), (12, 14, 16)):
        cv2.line(mask, tuple(int(v) for v in landmarks[shoulder]), tuple(int(v) for v in landmarks[elbow]), 2, 40)
        cv2.line(mask, tuple(int(v) for v in landmarks[elbow]), tuple(int(v) for v in landmarks[wrist]), 1, 34)
    rgb[mask == 1] = skin
    rgb[mask == 2] = (40, 60, 160)  # a blue shirt with short sleeves
    noisy = rgb.astype(np.float32) + rng.normal(0, 2.0, rgb.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8), landmarks, np.ones(33), mask > 0


@pytest.mark.parametrize("bucket", [1, 3, 5, 6, 8, 10])
def test_the_monk_bucket_of_a_drawn_person_is_recovered(bucket):
    rgb, landmarks, visibility, mask = _person(MONK_SWATCHES_HEX[bucket - 1], seed=bucket)
    tone = measure_skin_tone(rgb, landmarks, visibility, mask, estimate_white_balance(rgb, exclude_mask=mask))
    assert tone.monk_bucket == bucket
    assert {"forehead", "left_cheek", "neck", "left_forearm"} <= set(tone.regions)
    assert len(tone.palette) == 5 and all(colour.reason for colour in tone.palette)


def test_a_colour_cast_corrected_by_a_white_card_restores_the_bucket():
    rgb, landmarks, visibility, mask = _person(MONK_SWATCHES_HEX[5])
    card = np.zeros(mask.shape, bool)
    card[650:720, 60:170] = True
    rgb[card] = (200, 200, 200)  # a light grey card face
    warm_light = np.array([1.0, 0.78, 0.52])  # a tungsten-like cast, at the same exposure:
    warm_light /= warm_light @ [0.2126, 0.7152, 0.0722]
    cast = linear_to_srgb8(srgb8_to_linear(rgb) * warm_light)
    uncorrected = measure_skin_tone(cast, landmarks, visibility, mask)
    balance = estimate_white_balance(cast, card_interior_mask=card, exclude_mask=mask)
    corrected = measure_skin_tone(apply_white_balance(cast, balance), landmarks, visibility, mask, balance)
    truth = srgb8_to_lab(hex_to_srgb8(MONK_SWATCHES_HEX[5]))
    assert balance.method == "card" and balance.cct_k < 5500  # warmer than daylight
    assert delta_e_2000(uncorrected.lab, truth) > 4 and uncorrected.unreliable_lighting
    assert delta_e_2000(corrected.lab, truth) < 2 and corrected.monk_bucket == 6
    assert not corrected.unreliable_lighting


def test_invisible_face_and_arms_raise_no_skin_visible():
    rgb, landmarks, _, mask = _person(MONK_SWATCHES_HEX[4])
    with pytest.raises(NoSkinVisible):
        measure_skin_tone(rgb, landmarks, np.zeros(33), mask)


def test_clothing_colour_under_the_sampling_discs_is_ignored():
    rgb, landmarks, visibility, mask = _person(MONK_SWATCHES_HEX[6])
    rgb[200:262, 270:330] = (40, 60, 160)  # a blue scarf over the neck
    tone = measure_skin_tone(rgb, landmarks, visibility, mask)
    assert "neck" not in tone.regions and tone.monk_bucket == 7
