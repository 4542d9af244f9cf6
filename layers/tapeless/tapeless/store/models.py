"""DynamoDB items as pynamodb models: Capture, Result, AuditLog.

Table names and the endpoint are bound at start-up by `bind_models(settings)`, so the same models
serve AWS, the embedded emulator and moto in-process.
"""

from datetime import UTC, datetime

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from tapeless.config import Settings


def utc_now_iso() -> str:
    """Current time as an ISO-8601 string with milliseconds, UTC (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CapturesByUser(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class Upload(MapAttribute):
    """One received raw photo: where it is and how big it is."""

    key = UnicodeAttribute()
    size_bytes = NumberAttribute()
    received_at = UnicodeAttribute()


class Failure(MapAttribute):
    code = UnicodeAttribute()
    message = UnicodeAttribute()
    advice = UnicodeAttribute(null=True)
    stage = UnicodeAttribute(null=True)


class Capture(Model):
    """A capture's lifecycle: awaiting_upload → queued → processing → done | failed."""

    class Meta:
        table_name = "tapeless-captures"

    capture_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    created_at = UnicodeAttribute(default=utc_now_iso)
    updated_at = UnicodeAttribute(default=utc_now_iso)
    status = UnicodeAttribute(default="awaiting_upload")
    stage = UnicodeAttribute(null=True)
    progress = NumberAttribute(default=0)
    kind = UnicodeAttribute(default="photos")  # photos | metrics
    source = UnicodeAttribute(default="web")
    store_images = BooleanAttribute(default=False)
    stature_cm = NumberAttribute(null=True)
    weight_kg = NumberAttribute(null=True)
    gender = UnicodeAttribute(null=True)
    required_views = JSONAttribute(default=lambda: ["front", "side"])
    optional_views = JSONAttribute(default=list)
    uploads = MapAttribute(default=dict)
    execution_arn = UnicodeAttribute(null=True)
    started_at = UnicodeAttribute(null=True)
    finished_at = UnicodeAttribute(null=True)
    upload_deadline = UnicodeAttribute(null=True)
    failure = Failure(null=True)
    stage_timings = MapAttribute(default=dict)  # stage -> seconds
    expires_at = NumberAttribute(null=True)  # TTL, epoch seconds
    by_user = CapturesByUser()


class Result(Model):
    """A capture's result document. Version "original" is written once and never changed;
    user edits are later versions ("edit-0001", …)."""

    class Meta:
        table_name = "tapeless-results"

    capture_id = UnicodeAttribute(hash_key=True)
    version = UnicodeAttribute(range_key=True)
    user_id = UnicodeAttribute()
    created_at = UnicodeAttribute(default=utc_now_iso)
    document = JSONAttribute()
    artifacts = JSONAttribute(default=dict)  # name -> {"key", "content_type", "size_bytes"}
    expires_at = NumberAttribute(null=True)


class AuditLog(Model):
    """Who read or changed what, when. Every admin read of a photo lands here."""

    class Meta:
        table_name = "tapeless-audit"

    subject_id = UnicodeAttribute(hash_key=True)
    event_id = UnicodeAttribute(range_key=True)  # "<iso time>#<uuid>"
    actor_id = UnicodeAttribute()
    action = UnicodeAttribute()
    detail = JSONAttribute(default=dict)
    expires_at = NumberAttribute(null=True)


def bind_models(settings: Settings) -> None:
    """Points every model at its table, region and endpoint from configuration."""
    for model, table in (
        (Capture, settings.captures_table),
        (Result, settings.results_table),
        (AuditLog, settings.audit_table),
    ):
        model.Meta.table_name = table
        model.Meta.region = settings.region
        model.Meta.host = settings.endpoint_url
        model._connection = None  # drop a connection cached for an earlier binding
    CapturesByUser.Meta.model = Capture
