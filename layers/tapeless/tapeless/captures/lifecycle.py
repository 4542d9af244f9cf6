"""The capture lifecycle the API and the pipeline handlers call.

awaiting_upload → queued → processing → done | failed. Every transition is a conditional write,
so duplicate S3 events, retried steps and racing uploads cannot start a capture twice or move it
backwards.
"""

import contextlib
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import DoesNotExist, UpdateError

from tapeless.captures import keys
from tapeless.captures.errors import CaptureNotFound, InvalidRequest, UploadExpired
from tapeless.captures.requests import REQUIRED_VIEWS, CaptureRequest
from tapeless.config import Settings
from tapeless.store.clients import AwsClients
from tapeless.store.models import Capture, Failure, Upload, utc_now_iso

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
RECORD_RETENTION_DAYS = 400

# Progress shown to the user when a stage starts (0-100).
STAGE_PROGRESS = {
    "Check photos": 10,
    "Calibrate": 20,
    "Find body": 30,
    "Fit body model": 50,
    "Measure": 75,
    "Skin and shape": 85,
    "Save results": 92,
    "Notify": 96,
    "Clean up": 98,
}


@dataclass(frozen=True)
class PresignedUpload:
    view: str
    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class UploadOutcome:
    start: Capture | None = None
    discard: bool = False


def _ttl_epoch(days: int) -> int:
    return int(time.time()) + days * 86400


class CaptureService:
    """Reads and writes captures; the single owner of their status."""

    def __init__(self, settings: Settings, clients: AwsClients):
        self.settings = settings
        self.clients = clients

    # ------------------------------------------------------------------ creation
    def create(self, user_id: str, request: CaptureRequest) -> tuple[Capture, list[PresignedUpload]]:
        capture_id = uuid.uuid4().hex
        deadline = datetime.now(UTC) + timedelta(seconds=2 * self.settings.upload_expiry_seconds)
        capture = Capture(
            capture_id,
            user_id=user_id,
            source=request.source,
            store_images=request.store_images,
            stature_cm=request.stature_cm,
            weight_kg=request.weight_kg,
            gender=request.gender,
            optional_views=list(request.optional_views),
            upload_deadline=deadline.isoformat(timespec="seconds").replace("+00:00", "Z"),
            expires_at=_ttl_epoch(RECORD_RETENTION_DAYS),
        )
        capture.save(condition=Capture.capture_id.does_not_exist())
        views = list(REQUIRED_VIEWS) + list(request.optional_views)
        return capture, [self._presign(user_id, capture_id, view) for view in views]

    def _presign(self, user_id: str, capture_id: str, view: str) -> PresignedUpload:
        post = self.clients.s3.generate_presigned_post(
            Bucket=self.settings.photos_bucket,
            Key=keys.raw_key(user_id, capture_id, view),
            Conditions=[
                ["content-length-range", 1, MAX_UPLOAD_BYTES],
                ["starts-with", "$Content-Type", "image/"],
            ],
            ExpiresIn=self.settings.upload_expiry_seconds,
        )
        return PresignedUpload(view=view, url=post["url"], fields=post["fields"])

    def create_metrics_capture(self, user_id: str, source: str) -> Capture:
        """A capture whose numbers the client measured itself: it is done on arrival."""
        capture = Capture(
            uuid.uuid4().hex,
            user_id=user_id,
            kind="metrics",
            source=source,
            status="done",
            progress=100,
            required_views=[],
            finished_at=utc_now_iso(),
            expires_at=_ttl_epoch(RECORD_RETENTION_DAYS),
        )
        capture.save(condition=Capture.capture_id.does_not_exist())
        return capture

    # ------------------------------------------------------------------ reads
    def get(self, capture_id: str) -> Capture:
        try:
            return Capture.get(capture_id, consistent_read=True)
        except DoesNotExist:
            raise CaptureNotFound("No such capture.") from None

    def get_for_user(self, capture_id: str, user_id: str) -> Capture:
        """Another user's capture is reported as missing, never as forbidden."""
        capture = self.get(capture_id)
        if capture.user_id != user_id:
            raise CaptureNotFound("No such capture.")
        return capture

    def list_for_user(self, user_id: str, limit: int = 20, cursor: str | None = None):
        """Newest first. Returns (captures, next_cursor)."""
        try:
            start = json.loads(cursor) if cursor else None
        except ValueError:
            raise InvalidRequest("`cursor` is not one this API returned.") from None
        page = Capture.by_user.query(user_id, scan_index_forward=False, limit=limit, last_evaluated_key=start)
        items = list(page)
        next_key = page.last_evaluated_key
        return items, (json.dumps(next_key) if next_key else None)

    # ------------------------------------------------------------------ uploads
    def record_upload(self, key: str, size_bytes: int) -> UploadOutcome:
        """Notes a received raw photo. `start` is the capture when this upload completed the set and won
        the right to start processing (exactly once, whatever the number of duplicate events);
        `discard` is true for a photo arriving after its capture finished without consent to keep it."""
        raw = keys.parse_raw_key(key)
        capture = self.get(raw.capture_id)
        if capture.user_id != raw.user_id:
            raise CaptureNotFound("The upload does not belong to this capture.")
        if capture.status in ("done", "failed"):
            return UploadOutcome(discard=not capture.store_images)
        expected = set(capture.required_views) | set(capture.optional_views)
        if raw.view not in expected:
            return UploadOutcome(discard=True)
        upload = Upload(key=keys.raw_key(raw.user_id, raw.capture_id, raw.view),
                        size_bytes=size_bytes, received_at=utc_now_iso())
        capture.update(actions=[Capture.uploads[raw.view].set(upload), Capture.updated_at.set(utc_now_iso())])
        capture.refresh(consistent_read=True)
        if not set(capture.required_views) <= set(capture.uploads.as_dict()):
            return UploadOutcome()
        try:
            capture.update(
                actions=[Capture.status.set("queued"), Capture.progress.set(5), Capture.updated_at.set(utc_now_iso())],
                condition=Capture.status == "awaiting_upload",
            )
        except UpdateError:
            return UploadOutcome()  # another event already queued it
        return UploadOutcome(start=capture)

    def start_pipeline(self, capture: Capture) -> str:
        """Starts the state machine, named after the capture (a second start cannot succeed)."""
        response = self.clients.stepfunctions.start_execution(
            stateMachineArn=self.settings.state_machine_arn,
            name=capture.capture_id,
            input=json.dumps({"capture_id": capture.capture_id, "user_id": capture.user_id}),
        )
        capture.update(actions=[Capture.execution_arn.set(response["executionArn"])])
        return response["executionArn"]

    # ------------------------------------------------------------------ processing
    def mark_stage(self, capture_id: str, stage: str) -> None:
        """Records the stage now running; a finished capture is never moved back."""
        now = utc_now_iso()
        with contextlib.suppress(UpdateError):
            Capture(capture_id).update(
                actions=[
                    Capture.status.set("processing"),
                    Capture.stage.set(stage),
                    Capture.progress.set(STAGE_PROGRESS.get(stage, 0)),
                    Capture.updated_at.set(now),
                    Capture.started_at.set(Capture.started_at | now),
                ],
                condition=Capture.status.is_in("queued", "processing"),
            )

    def record_stage_seconds(self, capture_id: str, stage: str, seconds: float) -> None:
        Capture(capture_id).update(actions=[Capture.stage_timings[stage].set(round(seconds, 3))])

    def mark_done(self, capture_id: str) -> None:
        now = utc_now_iso()
        Capture(capture_id).update(
            actions=[Capture.status.set("done"), Capture.stage.set("Done"), Capture.progress.set(100),
                     Capture.updated_at.set(now), Capture.finished_at.set(now)],
            condition=Capture.status.is_in("queued", "processing"),
        )

    def note_failure(self, capture_id: str, code: str, message: str, advice: str | None, stage: str | None) -> None:
        """Remembers why a stage failed, before the state machine routes to Record failure."""
        Capture(capture_id).update(
            actions=[Capture.failure.set(Failure(code=code, message=message, advice=advice, stage=stage))]
        )

    def mark_failed(self, capture_id: str, code: str, message: str, advice: str | None, stage: str | None) -> None:
        """Final failure. A reason noted earlier by the failing stage wins over a generic one."""
        capture = self.get(capture_id)
        failure = capture.failure or Failure(code=code, message=message, advice=advice, stage=stage)
        now = utc_now_iso()
        with contextlib.suppress(UpdateError):
            capture.update(
                actions=[Capture.status.set("failed"), Capture.failure.set(failure), Capture.progress.set(100),
                         Capture.updated_at.set(now), Capture.finished_at.set(now)],
                condition=Capture.status != "done",
            )

    # ------------------------------------------------------------------ expiry
    def expire_stale_uploads(self, now: datetime | None = None) -> list[str]:
        """Fails captures whose photos did not all arrive before their deadline."""
        now = now or datetime.now(UTC)
        stamp = now.isoformat(timespec="seconds").replace("+00:00", "Z")
        expired = []
        for capture in Capture.scan(
            (Capture.status == "awaiting_upload") & (Capture.upload_deadline < stamp)
        ):
            missing = sorted(set(capture.required_views) - set(capture.uploads.as_dict()))
            error = UploadExpired(
                f"The {' and '.join(missing)} photo{'s were' if len(missing) > 1 else ' was'} "
                "not uploaded in time.",
                advice="Start a new capture and upload both the front and the side photo within 15 minutes.",
            )
            try:
                capture.update(
                    actions=[Capture.status.set("failed"), Capture.progress.set(100),
                             Capture.failure.set(Failure(code=error.code, message=error.message,
                                                         advice=error.advice, stage="Upload")),
                             Capture.updated_at.set(utc_now_iso()), Capture.finished_at.set(utc_now_iso())],
                    condition=Capture.status == "awaiting_upload",
                )
            except UpdateError:
                continue
            expired.append(capture.capture_id)
        return expired



