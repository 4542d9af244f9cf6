import numpy as np
from tapeless.body.solver import levenberg_marquardt


def test_fits_an_exponential_decay_and_respects_bounds():
    t = np.linspace(0, 4, 50)
    observed = 3.0 * np.exp(-0.7 * t)

    def residuals(x):
        return x[0] * np.exp(-x[1] * t) - observed

    def jacobian(x):
        return np.stack([np.exp(-x[1] * t), -x[0] * t * np.exp(-x[1] * t)], axis=1)

    free = levenberg_marquardt(residuals, jacobian, np.array([1.0, 0.1]), np.array([0, 0]), np.array([10, 10]),
                               max_iterations=50, tolerance=1e-12)
    bounded = levenberg_marquardt(residuals, jacobian, np.array([1.0, 0.1]), np.array([0, 0]), np.array([2.0, 10]),
                                  max_iterations=50, tolerance=1e-12)
    np.testing.assert_allclose(free.x, [3.0, 0.7], atol=1e-4)
    assert bounded.x[0] <= 2.0
    assert bounded.cost > free.cost


def test_outliers_barely_move_the_robust_fit():
    rng = np.random.default_rng(0)
    x = np.linspace(0, 1, 200)
    y = 2.0 * x + 1.0 + rng.normal(0, 0.01, x.size)
    y[::20] += 5.0  # 5 % gross outliers

    design = np.stack([x, np.ones_like(x)], axis=1)
    solution = levenberg_marquardt(lambda p: design @ p - y, lambda p: design, np.zeros(2), np.full(2, -10.0),
                                   np.full(2, 10.0), f_scale=0.05, max_iterations=100, tolerance=1e-12)
    np.testing.assert_allclose(solution.x, [2.0, 1.0], atol=0.05)
