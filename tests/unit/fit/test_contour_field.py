import numpy as np
import pytest
from tapeless.body.contour_field import ContourField

CENTRE = np.array([150.3, 140.7])
RADIUS_PX = 80.25


def antialiased_disc(size: int = 300, supersample: int = 8) -> np.ndarray:
    coords = (np.arange(size * supersample) + 0.5) / supersample - 0.5
    xx, yy = np.meshgrid(coords, coords)
    inside = (xx - CENTRE[0]) ** 2 + (yy - CENTRE[1]) ** 2 < RADIUS_PX**2
    return inside.reshape(size, supersample, size, supersample).mean(axis=(1, 3))


def ring(offset_px: float) -> np.ndarray:
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    return CENTRE + (RADIUS_PX + offset_px) * np.stack([np.cos(angles), np.sin(angles)], axis=1)


@pytest.mark.parametrize("offset_px", [-0.4, 0.0, 0.3])
def test_soft_mask_places_the_boundary_to_a_tenth_of_a_pixel(offset_px):
    field = ContourField.from_mask(antialiased_disc())
    distances = field.sample(ring(offset_px))
    assert np.abs(distances - offset_px).max() < 0.25
    assert abs(np.mean(distances) - offset_px) < 0.1


def test_hard_mask_is_unbiased_on_average_at_the_boundary():
    field = ContourField.from_mask(antialiased_disc() > 0.5)
    assert abs(np.mean(field.sample(ring(0.0)))) < 0.1


def test_distance_is_negative_inside_and_grows_far_outside_the_crop():
    field = ContourField.from_mask(antialiased_disc())
    inside, far = field.sample(np.array([CENTRE, CENTRE + [0.0, 400.0]]))
    assert inside < -RADIUS_PX + 2
    assert far > 400.0 - RADIUS_PX - 5


def test_empty_mask_is_refused():
    with pytest.raises(ValueError, match="empty"):
        ContourField.from_mask(np.zeros((20, 20), bool))
