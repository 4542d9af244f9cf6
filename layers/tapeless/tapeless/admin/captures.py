"""What an admin sees of any user's capture: its status plus whose it is and where it came from."""

from tapeless.api.documents import capture_status
from tapeless.store.models import Capture


def admin_capture_status(capture: Capture) -> dict:
    return {**capture_status(capture), "user_id": capture.user_id, "source": capture.source,
            "uploads": {view: upload.get("received_at") for view, upload in
                        (capture.uploads.as_dict() if capture.uploads else {}).items()}}
