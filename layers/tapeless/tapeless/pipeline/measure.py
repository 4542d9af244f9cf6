"""Measure: ISO 8559-1 measurements on the fitted body in its rest pose, with calibrated 90 % intervals,
quality flags and advice; the rest-pose mesh and the fit overlays for Save results."""

import numpy as np

from tapeless.body.estimate import measure_fit
from tapeless.body.fit import FitResult
from tapeless.pipeline.analyses import FIT_FILE, load_scale, load_views
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.images import array_to_npy

ESTIMATE_FILE = "estimate.json"
REST_VERTICES_FILE = "rest_vertices.npy"


def overlay_name(view: str) -> str:
    return f"overlay_{view}.jpg"


def measure(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    user, capture_id = capture.user_id, capture.capture_id
    views = load_views(ctx, user, capture_id, with_photos=True)
    fit = FitResult.from_state(ctx.get_work(user, capture_id, FIT_FILE))
    estimate = measure_fit(fit, views["front"], views["side"], load_scale(ctx, user, capture_id))
    ctx.put_work(user, capture_id, ESTIMATE_FILE, estimate.to_dict())
    rest = np.asarray(estimate.artifacts["rest_vertices"], dtype=np.float32)
    ctx.put_work_bytes(user, capture_id, REST_VERTICES_FILE, array_to_npy(rest), "application/octet-stream")
    for view in views:
        overlay = estimate.artifacts.get(f"overlay_{view}_jpeg")
        if overlay is not None:
            ctx.put_work_bytes(user, capture_id, overlay_name(view), overlay, "image/jpeg")
    return {"measurements": len(estimate.measurements), "confidence": round(estimate.confidence, 2),
            "flags": list(estimate.quality.flags)}

