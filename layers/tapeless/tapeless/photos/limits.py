"""The numbers a photo must stay within to be accepted; one frozen object so callers can tighten them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PhotoLimits:
    """Acceptance limits for one uploaded photo.

    Sizes are for the upright image. Brightness is the mean Rec. 601 luma on 0–255. Blur is the variance of
    the Laplacian after scaling the inspected region to `blur_region_long_side_px` (so it does not depend on
    the camera's resolution).
    """

    max_bytes: int = 25 * 1024 * 1024
    max_pixels: int = 50_000_000  # a 48 MP phone sensor fits; 200 MP modes must be downscaled by the app
    max_side_px: int = 10_000
    min_short_side_px: int = 480
    min_long_side_px: int = 640
    # A genuine camera file holds more than this many bytes per 1,000 pixels; far fewer means a crafted file.
    min_bytes_per_kilopixel_when_huge: float = 20.0
    min_mean_luma: float = 45.0
    max_shadow_fraction: float = 0.6  # pixels with luma <= 8
    max_mean_luma: float = 225.0
    max_highlight_fraction: float = 0.35  # pixels with luma >= 250
    min_blur_laplacian_var: float = 12.0
    warn_blur_laplacian_var: float = 40.0
    # Camera shake: detail in the weakest direction below this share of the strongest, and weak in absolute.
    min_motion_blur_ratio: float = 0.2
    motion_blur_max_weak_var: float = 5.0
    blur_region_long_side_px: int = 640
    duplicate_max_dhash_bits: int = 4  # of 64: re-encoded or resized copies of one picture differ by a few
