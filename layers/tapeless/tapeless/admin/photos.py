"""Admin access to a capture's raw photos: only with the user's consent, and never without an audit event."""

from tapeless.admin.audit import AuditTrail
from tapeless.captures import keys
from tapeless.config import Settings
from tapeless.errors import TapelessError
from tapeless.store.models import Capture
from tapeless.store.objects import ObjectStore

PHOTO_LINK_SECONDS = 60  # long enough to open the photo, too short to pass the link around


class PhotoNotAvailable(TapelessError):
    code = "not_found"


class AdminPhotos:
    def __init__(self, settings: Settings, objects: ObjectStore, audit: AuditTrail):
        self.settings = settings
        self.objects = objects
        self.audit = audit

    def link(self, capture: Capture, view: str, actor_id: str) -> dict:
        """A short-lived download link of one raw photo; the read is audited before the link exists."""
        if not capture.store_images:
            raise PhotoNotAvailable("The user did not consent to keeping their photos; none are stored.")
        if view not in (capture.uploads.as_dict() if capture.uploads else {}):
            raise PhotoNotAvailable(f"This capture has no {view!r} photo.")
        key = keys.raw_key(capture.user_id, capture.capture_id, view)
        if not self.objects.exists(self.settings.photos_bucket, key):
            raise PhotoNotAvailable(f"The {view} photo is no longer stored (deleted after retention or on request).")
        event = self.audit.record(actor_id, "read_photo", capture.capture_id,
                                  {"view": view, "user_id": capture.user_id, "expires_in_seconds": PHOTO_LINK_SECONDS})
        return {
            "capture_id": capture.capture_id,
            "view": view,
            "url": self.objects.presign_get(self.settings.photos_bucket, key, PHOTO_LINK_SECONDS),
            "expires_in_seconds": PHOTO_LINK_SECONDS,
            "audit_event_id": event.event_id,
        }
