"""Fit body model: Anny fitted to both views' silhouettes and landmarks at the calibrated scale."""

from tapeless.body.estimate import fit_body as fit_views
from tapeless.pipeline.analyses import FIT_FILE, fit_to_bytes, load_scale, load_views
from tapeless.pipeline.context import PipelineContext


def fit_body(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    views = load_views(ctx, capture.user_id, capture.capture_id, with_photos=False)
    fit = fit_views(views["front"], views["side"], load_scale(ctx, capture.user_id, capture.capture_id),
                    weight_kg=capture.weight_kg, gender=capture.gender)
    ctx.put_work_bytes(capture.user_id, capture.capture_id, FIT_FILE, fit_to_bytes(fit), "application/octet-stream")
    return {"seconds": round(fit.seconds, 2), **{f"rms_px_{view}": round(rms, 2)
                                                for view, rms in fit.to_dict()["silhouette_rms_px"].items()}}
