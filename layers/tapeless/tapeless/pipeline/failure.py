"""Turns a state machine error into a reason a person can act on, and records it."""

import json

from tapeless.pipeline.context import PipelineContext

GENERIC_ADVICE = "Please try again in a few minutes; if it keeps failing, contact support with the capture id."


def describe_state_error(error: dict) -> tuple[str, str]:
    """Returns (error name, message) from Step Functions' {"Error", "Cause"} pair."""
    name = error.get("Error") or "InternalError"
    cause = error.get("Cause") or ""
    try:
        parsed = json.loads(cause)
        message = parsed.get("errorMessage") or cause
    except (ValueError, AttributeError):
        message = cause
    return name, message


def record_failure(ctx: PipelineContext, event: dict) -> dict:
    """Notes why the capture failed. The failing stage usually noted a precise reason already (kept as
    is); otherwise an internal error is described without leaking internals. With `final` (clean-up
    itself failed) the capture is also ended as failed here."""
    name, detail = describe_state_error(event.get("error") or {})
    capture = ctx.captures.get(event["capture_id"])
    if capture.failure is None:
        ctx.captures.note_failure(
            capture.capture_id,
            code="internal_error",
            message=f"Processing stopped unexpectedly at '{capture.stage or 'start'}' ({name}).",
            advice=GENERIC_ADVICE,
            stage=capture.stage,
        )
    if event.get("final"):
        ctx.captures.mark_failed(capture.capture_id, "internal_error", "Processing failed.", GENERIC_ADVICE,
                                 capture.stage)
    return {"error": name, "detail": detail[:200]}
