"""The JSON documents the API returns, built from stored items."""

from tapeless.store.models import Capture


def capture_status(capture: Capture) -> dict:
    """`GET /captures/{id}`: where the capture is, and why it failed if it did."""
    document = {
        "capture_id": capture.capture_id,
        "kind": capture.kind,
        "status": capture.status,
        "stage": capture.stage,
        "progress": int(capture.progress or 0),
        "created_at": capture.created_at,
        "updated_at": capture.updated_at,
        "started_at": capture.started_at,
        "finished_at": capture.finished_at,
        "uploads_received": sorted(capture.uploads.as_dict()) if capture.uploads else [],
        "uploads_required": list(capture.required_views),
        "store_images": capture.store_images,
        "stage_seconds": capture.stage_timings.as_dict() if capture.stage_timings else {},
    }
    if capture.status == "awaiting_upload":
        document["upload_deadline"] = capture.upload_deadline
    if capture.failure is not None:
        document["failure"] = {
            "code": capture.failure.code,
            "message": capture.failure.message,
            "advice": capture.failure.advice,
            "stage": capture.failure.stage,
        }
    return document


def capture_summary(capture: Capture) -> dict:
    """One line of a user's history."""
    return {
        "capture_id": capture.capture_id,
        "kind": capture.kind,
        "status": capture.status,
        "created_at": capture.created_at,
        "finished_at": capture.finished_at,
    }
