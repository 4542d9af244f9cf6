"""Check photos: decode every uploaded view, refuse bad ones with a reason, keep a clean copy.

The clean copy (upright, metadata stripped, JPEG) is what later stages read; raw uploads are never
read again and go at clean-up unless the user consented to keep them.
"""

from dataclasses import asdict

from tapeless.body.views import focal_35mm_from_exif
from tapeless.captures import keys
from tapeless.captures.requests import REQUIRED_VIEWS
from tapeless.photos.precheck import CheckedPhoto, check_pair, check_photo
from tapeless.pipeline.context import PipelineContext

CHECKED_FILE = "checked.json"


def clean_photo_name(view: str) -> str:
    return f"{view}.jpg"


def photo_summary(photo: CheckedPhoto, focal_35mm_mm: float | None) -> dict:
    """What later stages need to know of a photo; the EXIF focal length survives only here, since the
    stored clean copy has no metadata."""
    quality = asdict(photo.quality)
    quality["region_box_px"] = list(quality["region_box_px"])
    return {"view": photo.view, "sha256": photo.sha256_hex, "width_px": photo.width_px,
            "height_px": photo.height_px, "source_format": photo.source_format,
            "greyscale": photo.is_greyscale, "notes": photo.notes, "quality": quality,
            "focal_35mm_mm": focal_35mm_mm}


def check_photos(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    uploaded = capture.uploads.as_dict()
    views = [v for v in list(REQUIRED_VIEWS) + list(capture.optional_views) if v in uploaded]
    photos: dict[str, CheckedPhoto] = {}
    focal_35mm: dict[str, float | None] = {}
    for view in views:
        data = ctx.objects.get_bytes(ctx.settings.photos_bucket, keys.raw_key(capture.user_id, capture.capture_id, view))
        # Optional views (portrait, card close-up) are judged only by decoding: their framing differs.
        photos[view] = check_photo(data, view, enforce_quality=view in REQUIRED_VIEWS)
        focal_35mm[view] = focal_35mm_from_exif(data)
    check_pair(photos["front"], photos["side"])
    for view, photo in photos.items():
        ctx.put_work_bytes(capture.user_id, capture.capture_id, clean_photo_name(view), photo.clean_jpeg_bytes,
                           "image/jpeg")
    summaries = {view: photo_summary(photo, focal_35mm[view]) for view, photo in photos.items()}
    ctx.put_work(capture.user_id, capture.capture_id, CHECKED_FILE, summaries)
    return {"views": views, "warnings": sum((p.quality.warnings for p in photos.values()), [])}
