"""Metrics-only captures: the client measured on the device; we store its numbers as a result."""

from tapeless.captures.requests import MetricsRequest
from tapeless.pipeline.context import PipelineContext
from tapeless.results.service import ResultService
from tapeless.store.models import Capture, utc_now_iso


def save_metrics_capture(ctx: PipelineContext, results: ResultService, user_id: str,
                         request: MetricsRequest) -> Capture:
    source = str(request.capture_meta.get("source", "mobile"))
    capture = ctx.captures.create_metrics_capture(user_id, source if source in ("web", "mobile") else "mobile")
    document = {
        "capture_id": capture.capture_id,
        "kind": "metrics",
        "created_at": utc_now_iso(),
        "measurements": {name: {"value_cm": value, "low_cm": None, "high_cm": None, "confidence": None,
                                "source": "client"} for name, value in request.metrics.items()},
        "capture_meta": request.capture_meta,
    }
    results.save_original(capture, document, artifacts={})
    return capture
