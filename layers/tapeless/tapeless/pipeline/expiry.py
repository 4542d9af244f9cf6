"""Captures whose photos never all arrived fail with a reason, and their partial uploads go."""

from datetime import datetime

from tapeless.captures import keys
from tapeless.pipeline.context import PipelineContext


def expire_captures(ctx: PipelineContext, now: datetime) -> list[str]:
    expired = ctx.captures.expire_stale_uploads(now)
    for capture_id in expired:
        capture = ctx.captures.get(capture_id)
        ctx.objects.delete_prefix(ctx.settings.photos_bucket, keys.raw_prefix(capture.user_id, capture_id))
    return expired
