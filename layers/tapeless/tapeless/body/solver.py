"""A small bounded Levenberg–Marquardt with a soft-L1 robust loss (iteratively reweighted).

The fit has a few dozen parameters and a few thousand residuals: the normal equations (P × P) are tiny,
so this is much faster than a general trust-region solver that factorises the whole Jacobian.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Solution:
    x: np.ndarray
    cost: float
    iterations: int
    evaluations: int


def robust_cost(residuals: np.ndarray, f_scale: float, robust: np.ndarray | slice = slice(None)) -> float:
    """Soft-L1 cost 0.5 f² Σ 2(√(1 + (r/f)²) − 1) (quadratic for small r, linear for outliers) over the
    `robust` residuals, plain 0.5 Σ r² over the others (priors and exact constraints)."""
    plain = np.ones(len(residuals), dtype=bool)
    plain[robust] = False
    z = (residuals[~plain] / f_scale) ** 2
    return float(f_scale**2 * np.sum(np.sqrt(1.0 + z) - 1.0) + 0.5 * np.sum(residuals[plain] ** 2))


def _weights(residuals: np.ndarray, f_scale: float, robust: np.ndarray | slice) -> np.ndarray:
    weights = np.ones(len(residuals))
    weights[robust] = 1.0 / np.sqrt(1.0 + (residuals[robust] / f_scale) ** 2)
    return weights


def levenberg_marquardt(
    fun: Callable[[np.ndarray], np.ndarray],
    jac: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    *,
    f_scale: float = 3.0,
    max_iterations: int = 15,
    tolerance: float = 1e-4,
    robust: np.ndarray | slice = slice(None),
) -> Solution:
    """Minimise the cost of `fun(x)` within [lower, upper] (steps are clipped to the box); `robust`
    selects the residuals under the soft-L1 loss (default: all)."""
    x = np.clip(np.asarray(x0, dtype=np.float64), lower, upper)
    residuals = fun(x)
    cost = robust_cost(residuals, f_scale, robust)
    damping = 1e-2
    evaluations = 1
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007 — reported after the loop
        jacobian = jac(x)
        weights = _weights(residuals, f_scale, robust)
        normal = jacobian.T @ (weights[:, None] * jacobian)
        gradient = jacobian.T @ (weights * residuals)
        diagonal = np.maximum(np.diag(normal), 1e-9)
        improved = False
        for _ in range(12):
            try:
                step = np.linalg.solve(normal + damping * np.diag(diagonal), -gradient)
            except np.linalg.LinAlgError:
                damping *= 10.0
                continue
            candidate = np.clip(x + step, lower, upper)
            candidate_residuals = fun(candidate)
            evaluations += 1
            candidate_cost = robust_cost(candidate_residuals, f_scale, robust)
            if candidate_cost < cost:
                relative_gain = (cost - candidate_cost) / max(cost, 1e-12)
                x, residuals, cost = candidate, candidate_residuals, candidate_cost
                damping = max(damping / 3.0, 1e-7)
                improved = True
                break
            damping *= 4.0
        if not improved or relative_gain < tolerance:
            break
    return Solution(x, cost, iteration, evaluations)
