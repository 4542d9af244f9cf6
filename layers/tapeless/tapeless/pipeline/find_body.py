"""Find body: landmarks, refined silhouette and intrinsics for one view (the two views run in parallel)."""

from tapeless.body.views import analyse_view
from tapeless.pipeline.check_photos import CHECKED_FILE, clean_photo_name
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.images import decode_rgb, encode_mask_png


def analysis_name(view: str) -> str:
    return f"body_{view}.json"


def silhouette_name(view: str) -> str:
    return f"silhouette_{view}.png"


def find_body(ctx: PipelineContext, event: dict) -> dict:
    view = event["view"]
    capture = ctx.captures.get(event["capture_id"])
    checked = ctx.get_work(capture.user_id, capture.capture_id, CHECKED_FILE)
    rgb = decode_rgb(ctx.get_work_bytes(capture.user_id, capture.capture_id, clean_photo_name(view)))
    analysis = analyse_view(rgb, view, focal_35mm_mm=checked[view].get("focal_35mm_mm"))
    ctx.put_work(capture.user_id, capture.capture_id, analysis_name(view), analysis.to_dict())
    ctx.put_work_bytes(capture.user_id, capture.capture_id, silhouette_name(view),
                       encode_mask_png(analysis.silhouette), "image/png")
    return {"view": view, "mean_visibility": round(float(analysis.visibility.mean()), 3),
            "outline_points": int(len(analysis.contour_px))}
