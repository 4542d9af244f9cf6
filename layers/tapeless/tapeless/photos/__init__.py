"""Photo checks: decode, limits, quality and duplicates. Entry points: `check_photo`, `check_pair`."""

from tapeless.photos.limits import PhotoLimits
from tapeless.photos.precheck import CheckedPhoto, check_pair, check_photo
from tapeless.photos.quality import QualityReport, assess_quality

__all__ = ["CheckedPhoto", "PhotoLimits", "QualityReport", "assess_quality", "check_pair", "check_photo"]
