"""Loads what earlier stages stored for a capture, as the domain objects the fit needs."""

import json

import numpy as np

from tapeless.body.fit import FitResult
from tapeless.body.scale import Scale
from tapeless.body.views import ViewAnalysis
from tapeless.pipeline.check_photos import clean_photo_name
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.find_body import analysis_name, silhouette_name
from tapeless.pipeline.images import arrays_to_npz, decode_mask_png, decode_rgb, npz_to_arrays

FIT_FILE = "fit.npz"
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


def fit_to_bytes(fit: FitResult) -> bytes:
    """The fit as a compressed npz of plain arrays (no pickle)."""
    arrays = {"phenotype": fit.phenotype, "local": fit.local, "seconds": np.array(fit.seconds),
              "stages_json": np.array(json.dumps(fit.stages, default=float))}
    for view in fit.poses:
        arrays[f"pose_{view}"] = fit.poses[view]
        arrays[f"residuals_{view}"] = fit.silhouette_residuals_px[view]
        arrays[f"outline_{view}"] = fit.outline_px[view]
        arrays[f"depth_{view}"] = np.array(fit.depth_m[view])
    return arrays_to_npz(**arrays)


def fit_from_bytes(data: bytes) -> FitResult:
    arrays = npz_to_arrays(data)
    views = [name.removeprefix("pose_") for name in arrays if name.startswith("pose_")]
    return FitResult(
        phenotype=arrays["phenotype"],
        local=arrays["local"],
        poses={v: arrays[f"pose_{v}"] for v in views},
        silhouette_residuals_px={v: arrays[f"residuals_{v}"] for v in views},
        outline_px={v: arrays[f"outline_{v}"] for v in views},
        depth_m={v: float(arrays[f"depth_{v}"]) for v in views},
        seconds=float(arrays["seconds"]),
        stages=json.loads(str(arrays["stages_json"])),
    )
