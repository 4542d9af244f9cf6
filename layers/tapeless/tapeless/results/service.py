"""Stores and reads result documents. The original (version v0000) is written exactly once."""

from pynamodb.exceptions import PutError

from tapeless.captures.errors import CaptureNotFound, CaptureNotReady
from tapeless.config import Settings
from tapeless.store.models import Capture, Result
from tapeless.store.objects import ObjectStore

ORIGINAL_VERSION = "v0000"
LINK_EXPIRY_SECONDS = 300


class ResultService:
    def __init__(self, settings: Settings, objects: ObjectStore):
        self.settings = settings
        self.objects = objects

    def save_original(self, capture: Capture, document: dict, artifacts: dict) -> bool:
        """Writes the original result; returns False when it already exists (a retried step)."""
        try:
            Result(capture.capture_id, ORIGINAL_VERSION, user_id=capture.user_id, document=document,
                   artifacts=artifacts, expires_at=capture.expires_at).save(
                condition=Result.version.does_not_exist())
        except PutError as error:
            if error.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def latest(self, capture: Capture) -> Result:
        if capture.status != "done":
            raise CaptureNotReady(f"The capture is {capture.status}; results exist once it is done.")
        results = list(Result.query(capture.capture_id, scan_index_forward=False, limit=1, consistent_read=True))
        if not results:
            raise CaptureNotFound("This capture has no results.")
        return results[0]

    def document_with_links(self, capture: Capture) -> dict:
        """The result document plus short-lived download links for its artifacts."""
        result = self.latest(capture)
        links = {
            name: {
                "url": self.objects.presign_get(self.settings.artifacts_bucket, meta["key"], LINK_EXPIRY_SECONDS),
                "content_type": meta["content_type"],
                "size_bytes": meta["size_bytes"],
                "expires_in_seconds": LINK_EXPIRY_SECONDS,
            }
            for name, meta in (result.artifacts or {}).items()
        }
        return {**result.document, "version": result.version, "links": links}

    def latest_body(self, user_id: str) -> dict:
        """The newest finished capture's result for a user (their current body)."""
        for capture in Capture.by_user.query(user_id, scan_index_forward=False,
                                             filter_condition=Capture.status == "done", page_size=25):
            return self.document_with_links(capture)
        raise CaptureNotFound("You have no finished capture yet.")
