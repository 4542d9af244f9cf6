"""The last stage, on success and on failure: raw photos go unless the user consented."""

from tapeless.captures import keys
from tapeless.pipeline.context import PipelineContext


def clean_up(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    raw_deleted = 0
    if not capture.store_images:
        raw_deleted = ctx.objects.delete_prefix(ctx.settings.photos_bucket,
                                                keys.raw_prefix(capture.user_id, capture.capture_id))
    work_deleted = ctx.objects.delete_prefix(ctx.settings.artifacts_bucket,
                                             keys.work_prefix(capture.user_id, capture.capture_id))
    # The status changes last, so a client that sees done or failed also sees the photos gone.
    if event.get("failed"):
        ctx.captures.mark_failed(capture.capture_id, "internal_error", "Processing failed.", None, capture.stage)
    else:
        ctx.captures.mark_done(capture.capture_id)
    return {"raw_photos_deleted": raw_deleted, "work_files_deleted": work_deleted,
            "raw_photos_kept": capture.store_images}
