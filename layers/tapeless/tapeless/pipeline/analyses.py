"""Loads what earlier stages stored for a capture, as the domain objects the fit needs."""

from tapeless.body.scale import Scale
from tapeless.body.views import ViewAnalysis
from tapeless.pipeline.check_photos import clean_photo_name
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.find_body import analysis_name, silhouette_name
from tapeless.pipeline.images import decode_mask_png, decode_rgb

FIT_FILE = "fit.json"
SCALE_FILE = "scale.json"
VIEWS = ("front", "side")


def load_views(ctx: PipelineContext, user_id: str, capture_id: str, *, with_photos: bool) -> dict[str, ViewAnalysis]:
    """Both views' analyses with their refined silhouettes (and the photos, for overlays and skin)."""
    views = {}
    for view in VIEWS:
        analysis = ViewAnalysis.from_dict(ctx.get_work(user_id, capture_id, analysis_name(view)))
        analysis.silhouette = decode_mask_png(ctx.get_work_bytes(user_id, capture_id, silhouette_name(view))) > 0.5
        if with_photos:
            analysis.rgb = decode_rgb(ctx.get_work_bytes(user_id, capture_id, clean_photo_name(view)))
        views[view] = analysis
    return views


def load_scale(ctx: PipelineContext, user_id: str, capture_id: str) -> Scale:
    return Scale.from_dict(ctx.get_work(user_id, capture_id, SCALE_FILE))
