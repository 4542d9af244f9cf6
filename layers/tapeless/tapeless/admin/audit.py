"""The audit trail: who read or changed what, when. Written before the thing it records is handed out."""

import json
import time
import uuid

from tapeless.captures.errors import InvalidRequest
from tapeless.store.models import AuditLog, utc_now_iso

# Audit events outlive the captures they describe (400 days) so a late question can still be answered.
AUDIT_RETENTION_DAYS = 3 * 365


def audit_event(item: AuditLog) -> dict:
    """One audit event as the API returns it."""
    return {"subject_id": item.subject_id, "event_id": item.event_id, "at": item.event_id.split("#")[0],
            "actor_id": item.actor_id, "action": item.action, "detail": item.detail or {}}


class AuditTrail:
    def record(self, actor_id: str, action: str, subject_id: str, detail: dict) -> AuditLog:
        """Stores one event; the id starts with the time so a subject's events sort by time."""
        item = AuditLog(subject_id, f"{utc_now_iso()}#{uuid.uuid4().hex}", actor_id=actor_id, action=action,
                        detail=detail, expires_at=int(time.time()) + AUDIT_RETENTION_DAYS * 86400)
        item.save(condition=AuditLog.event_id.does_not_exist())
        return item

    def list(self, subject_id: str, limit: int = 50, cursor: str | None = None) -> tuple[list[AuditLog], str | None]:
        """A subject's events, newest first. Returns (events, next_cursor)."""
        try:
            start = json.loads(cursor) if cursor else None
        except ValueError:
            raise InvalidRequest("`cursor` is not one this API returned.") from None
        page = AuditLog.query(subject_id, scan_index_forward=False, limit=limit, last_evaluated_key=start,
                              consistent_read=True)
        items = list(page)
        next_key = page.last_evaluated_key
        return items, (json.dumps(next_key) if next_key else None)
