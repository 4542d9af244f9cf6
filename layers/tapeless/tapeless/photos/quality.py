"""Image quality scores of one photo: sharpness (variance of the Laplacian) and exposure.

Thresholds live in PhotoLimits; this module only measures and lists reasons, the caller decides.
"""

from dataclasses import dataclass, field

import cv2
import numpy as np

from tapeless.photos.limits import PhotoLimits

_SHADOW_LUMA = 8
_HIGHLIGHT_LUMA = 250


@dataclass
class QualityReport:
    """Quality of one photo.

    blur_laplacian_var: variance of the Laplacian of the grey region scaled to a fixed size (higher = sharper).
    motion_blur_ratio: weakest over strongest directional second-derivative variance (0–1; near 0 when the
    camera moved: a shake smears detail along one direction only, which the Laplacian alone can miss).
    mean_luma: mean Rec. 601 luma, 0–255. shadow_fraction / highlight_fraction: share of pixels with luma <= 8
    / >= 250. problems: machine names of failed checks ("too_dark", "too_bright", "blurred"), worst first;
    warnings: human notes that do not refuse the photo.
    """

    blur_laplacian_var: float
    motion_blur_ratio: float
    mean_luma: float
    shadow_fraction: float
    highlight_fraction: float
    region_box_px: tuple[int, int, int, int]
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def assess_quality(
    rgb: np.ndarray,
    limits: PhotoLimits = PhotoLimits(),
    person_box_px: tuple[int, int, int, int] | None = None,
    person_mask: np.ndarray | None = None,
) -> QualityReport:
    """Score `rgb` ((H, W, 3) uint8). Blur is measured on the person (mask or box (x0, y0, x1, y1) px,
    exclusive ends) when given, else on the central region where a person stands in a framed photo."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    box = _inspection_box(grey.shape, person_box_px, person_mask)
    region = _scaled_region(grey, box, limits.blur_region_long_side_px)
    blur = blur_laplacian_variance(region, _scaled_mask(person_mask, box, region.shape))
    weakest_var, strongest_var = directional_detail_variances(region)
    motion_ratio = weakest_var / strongest_var if strongest_var > 0 else 0.0
    mean_luma = float(grey.mean())
    shadow_fraction = float(np.count_nonzero(grey <= _SHADOW_LUMA)) / grey.size
    highlight_fraction = float(np.count_nonzero(grey >= _HIGHLIGHT_LUMA)) / grey.size
    report = QualityReport(blur, motion_ratio, mean_luma, shadow_fraction, highlight_fraction, box)
    if mean_luma < limits.min_mean_luma or shadow_fraction > limits.max_shadow_fraction:
        report.problems.append("too_dark")
    if mean_luma > limits.max_mean_luma or highlight_fraction > limits.max_highlight_fraction:
        report.problems.append("too_bright")
    shaken = motion_ratio < limits.min_motion_blur_ratio and weakest_var < limits.motion_blur_max_weak_var
    if blur < limits.min_blur_laplacian_var or shaken:
        report.problems.append("blurred")
    elif blur < limits.warn_blur_laplacian_var:
        report.warnings.append("slightly blurred: measurements may be less precise")
    if highlight_fraction > limits.max_highlight_fraction / 3 and "too_bright" not in report.problems:
        report.warnings.append("some areas are burnt out")
    return report


def blur_laplacian_variance(region: np.ndarray, mask: np.ndarray | None = None) -> float:
    """Variance of the 3×3 Laplacian of `region` ((h, w) uint8 grey), only inside `mask` ((h, w) bool) when
    given (eroded, so the step at the person's outline does not count as detail)."""
    laplacian = cv2.Laplacian(region.astype(np.float32), cv2.CV_32F, ksize=3)
    if mask is None:
        return float(laplacian.var())
    inside = cv2.erode(mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return float(laplacian[inside].var()) if np.count_nonzero(inside) > 100 else float(laplacian.var())


def directional_detail_variances(region: np.ndarray) -> tuple[float, float]:
    """(weakest, strongest) variance of the second derivative of `region` ((h, w) uint8) along the four
    directions 0°, 45°, 90°, 135°."""
    grey = region.astype(np.float32)
    kernels = (
        np.array([[1, -2, 1]], np.float32),
        np.array([[1], [-2], [1]], np.float32),
        np.array([[1, 0, 0], [0, -2, 0], [0, 0, 1]], np.float32),
        np.array([[0, 0, 1], [0, -2, 0], [1, 0, 0]], np.float32),
    )
    variances = [float(cv2.filter2D(grey, cv2.CV_32F, kernel).var()) for kernel in kernels]
    return min(variances), max(variances)


def _scaled_region(grey: np.ndarray, box_px: tuple[int, int, int, int], long_side_px: int) -> np.ndarray:
    """The box of `grey` scaled so its long side is `long_side_px`: scores then do not grow with resolution."""
    x0, y0, x1, y1 = box_px
    crop = grey[y0:y1, x0:x1]
    factor = long_side_px / max(crop.shape)
    size = (max(1, round(crop.shape[1] * factor)), max(1, round(crop.shape[0] * factor)))
    return cv2.resize(crop, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR)


def _scaled_mask(
    mask: np.ndarray | None, box_px: tuple[int, int, int, int], shape: tuple[int, ...]
) -> np.ndarray | None:
    if mask is None:
        return None
    x0, y0, x1, y1 = box_px
    crop = mask[y0:y1, x0:x1].astype(np.uint8)
    return cv2.resize(crop, (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST) > 0


def _inspection_box(
    shape: tuple[int, ...],
    person_box_px: tuple[int, int, int, int] | None,
    person_mask: np.ndarray | None,
) -> tuple[int, int, int, int]:
    height_px, width_px = shape[:2]
    if person_mask is not None and np.any(person_mask):
        ys, xs = np.nonzero(person_mask)
        return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
    if person_box_px is not None:
        x0, y0, x1, y1 = (int(v) for v in person_box_px)
        x0, x1 = np.clip([x0, x1], 0, width_px)
        y0, y1 = np.clip([y0, y1], 0, height_px)
        if x1 - x0 >= 8 and y1 - y0 >= 8:
            return int(x0), int(y0), int(x1), int(y1)
    # Central half of the width and 80 % of the height: where the person stands in a framed photo.
    return width_px // 4, height_px // 10, width_px - width_px // 4, height_px - height_px // 10
