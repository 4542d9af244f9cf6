"""Fit body model: the scale (the stature given, else the card found on the person) and Anny fitted
to both views' silhouettes and landmarks."""

from tapeless.body.estimate import fit_body as fit_views
from tapeless.body.estimate import scale_for
from tapeless.pipeline.analyses import FIT_FILE, SCALE_FILE, load_views
from tapeless.pipeline.context import PipelineContext


def fit_body(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    user, capture_id = capture.user_id, capture.capture_id
    views = load_views(ctx, user, capture_id, with_photos=capture.stature_cm is None)
    scale = scale_for(views["front"], capture.stature_cm)
    ctx.put_work(user, capture_id, SCALE_FILE, scale.to_dict())
    fit = fit_views(views["front"], views["side"], scale, weight_kg=capture.weight_kg, gender=capture.gender)
    ctx.put_work(user, capture_id, FIT_FILE, fit.to_state())
    return {"scale_source": scale.source, "seconds": round(fit.seconds, 2),
            **{f"rms_px_{view}": round(rms, 2) for view, rms in fit.to_dict()["silhouette_rms_px"].items()}}
