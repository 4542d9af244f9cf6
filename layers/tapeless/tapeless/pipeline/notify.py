"""Notify: tells the operator's webhook (partners, push services) that a capture finished.

The webhook is configured per deployment (`NOTIFY_WEBHOOK_URL`, optional `NOTIFY_WEBHOOK_SECRET`);
the body is signed with HMAC-SHA256 in `X-Tapeless-Signature` so receivers can check it came from us.
Without a webhook the stage only records that there was nobody to tell. Photos are never sent.
"""

import hashlib
import hmac
import json
import os
import urllib.error
import urllib.request

from tapeless.captures.errors import TransientError
from tapeless.pipeline.context import PipelineContext
from tapeless.store.models import utc_now_iso

TIMEOUT_S = 5.0


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def notify(ctx: PipelineContext, event: dict) -> dict:
    url = os.environ.get("NOTIFY_WEBHOOK_URL", "")
    if not url:
        return {"notified": False, "reason": "no webhook configured"}
    capture = ctx.captures.get(event["capture_id"])
    body = json.dumps({"type": "capture.finished", "capture_id": capture.capture_id, "user_id": capture.user_id,
                       "at": utc_now_iso()}).encode()
    headers = {"Content-Type": "application/json"}
    secret = os.environ.get("NOTIFY_WEBHOOK_SECRET", "")
    if secret:
        headers["X-Tapeless-Signature"] = sign(body, secret)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        if error.code >= 500 or error.code == 429:
            raise TransientError(f"The webhook answered {error.code}; retrying.") from error
        return {"notified": False, "reason": f"webhook refused with {error.code}"}
    except (urllib.error.URLError, TimeoutError) as error:
        raise TransientError(f"The webhook could not be reached: {error}") from error
    return {"notified": True, "status": status}
