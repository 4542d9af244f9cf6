"""What happens when a raw photo lands in the bucket."""

from tapeless.captures.keys import parse_raw_key
from tapeless.pipeline.context import PipelineContext


def receive_upload(ctx: PipelineContext, key: str, size_bytes: int) -> str:
    """Records the upload; starts the pipeline when it completes the set. Returns the outcome:
    "started", "recorded" or "discarded" (a late or unexpected photo without consent to keep it)."""
    outcome = ctx.captures.record_upload(key, size_bytes)
    if outcome.discard:
        raw = parse_raw_key(key)
        ctx.objects.delete_prefix(ctx.settings.photos_bucket, f"raw/{raw.user_id}/{raw.capture_id}/{raw.view}")
        return "discarded"
    if outcome.start is not None:
        ctx.captures.start_pipeline(outcome.start)
        return "started"
    return "recorded"
