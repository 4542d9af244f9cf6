import numpy as np
from tapeless_local.synth.raster import rasterize


def _inside(triangle: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Independent point-in-triangle test by the signs of the three edge cross products."""
    signs = []
    for k in range(3):
        a, b = triangle[k], triangle[(k + 1) % 3]
        signs.append((b[0] - a[0]) * (points[:, 1] - a[1]) - (b[1] - a[1]) * (points[:, 0] - a[0]))
    signs = np.stack(signs)
    return (signs >= 0).all(axis=0) | (signs <= 0).all(axis=0)


def test_triangles_cover_exactly_the_pixel_centres_inside_them():
    rng = np.random.default_rng(4)
    for _ in range(20):
        triangle = rng.uniform(-5, 45, (3, 2))
        raster = rasterize(triangle, np.ones(3), np.array([[0, 1, 2]]), 40, 30)
        yy, xx = np.mgrid[0:30, 0:40]
        expected = _inside(triangle, np.column_stack([xx.ravel(), yy.ravel()])).reshape(30, 40)
        assert np.array_equal(raster.covered, expected)


def test_the_nearer_triangle_wins_where_two_overlap():
    uv = np.array([[0, 0], [20, 0], [0, 20], [5, 5], [25, 5], [5, 25]], float)
    depth = np.array([2.0, 2.0, 2.0, 1.0, 1.0, 1.0])
    raster = rasterize(uv, depth, np.array([[0, 1, 2], [3, 4, 5]]), 30, 30)
    assert raster.triangle_id[8, 8] == 1
    assert raster.triangle_id[2, 2] == 0
    assert raster.depth_m[8, 8] == 1.0


def test_interpolation_is_perspective_correct():
    # A slanted 3-D triangle seen by a pinhole camera (focal 50 px, centre 32, 32): the interpolated
    # 3-D position at each pixel must lie on that pixel's ray.
    corners = np.array([[-1.0, -1.0, 2.0], [1.5, -0.5, 6.0], [-0.5, 1.5, 4.0]])
    uv = corners[:, :2] / corners[:, 2:] * 50 + 32
    raster = rasterize(uv, corners[:, 2], np.array([[0, 1, 2]]), 64, 64)
    position = raster.interpolate(corners, np.array([[0, 1, 2]]))
    rows, cols = np.nonzero(raster.covered)
    points = position[rows, cols]
    assert len(points) > 100
    assert np.allclose(points[:, 0] / points[:, 2] * 50 + 32, cols, atol=1e-3)
    assert np.allclose(points[:, 1] / points[:, 2] * 50 + 32, rows, atol=1e-3)
    assert np.allclose(points[:, 2], raster.depth_m[rows, cols], atol=1e-4)
