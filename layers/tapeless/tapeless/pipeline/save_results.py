"""Save results: the result document (the immutable original), the 3D body and the debug overlays."""

import json

from tapeless import __version__
from tapeless.body.export import glb_bytes, obj_text, sidecar
from tapeless.body.model import BodyModel
from tapeless.captures import keys
from tapeless.pipeline.analyses import SCALE_FILE, VIEWS
from tapeless.pipeline.calibrate import CALIBRATION_FILE
from tapeless.pipeline.check_photos import CHECKED_FILE
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.images import npy_to_array
from tapeless.pipeline.measure import ESTIMATE_FILE, REST_VERTICES_FILE, overlay_name
from tapeless.pipeline.skin_and_shape import SKIN_AND_SHAPE_FILE
from tapeless.results.service import ResultService
from tapeless.store.models import utc_now_iso

MODEL_VERSIONS = {
    "tapeless": __version__,
    "body_model": "anny_body_v1 (Anny 0.6.2, int16 blendshapes)",
    "pose": "MediaPipe BlazePose full (ONNX)",
    "measurements": "ISO 8559-1:2017 definitions, tapeless.body.definitions",
}


def result_document(capture, estimate: dict, skin_and_shape: dict, calibration: dict, checked: dict,
                    scale: dict) -> dict:
    """The seed design's result JSON, extended: measurements with intervals, shape, skin, quality."""
    return {
        "capture_id": capture.capture_id,
        "created_at": utc_now_iso(),
        "measurements": estimate["measurements"],
        "confidence": estimate["confidence"],
        "shape": skin_and_shape["shape"],
        "skin": skin_and_shape["skin"],
        "quality": {**estimate["quality"], "overall_confidence": estimate["confidence"],
                    "advice": [a["message"] for a in estimate["advice"]],
                    "photos": {view: checked[view]["quality"] for view in VIEWS}},
        "scale": scale,
        "calibration": {"card": calibration["card"],
                        "white_balance": {v: {k: w[k] for k in ("method", "cct_k", "confidence")}
                                          for v, w in calibration["white_balance"].items()}},
        "parameters": estimate["parameters"],
        "inputs": {"stature_cm": capture.stature_cm, "weight_kg": capture.weight_kg, "gender": capture.gender},
        "model_versions": MODEL_VERSIONS,
    }


def save_results(ctx: PipelineContext, event: dict) -> dict:
    capture = ctx.captures.get(event["capture_id"])
    user, capture_id = capture.user_id, capture.capture_id
    estimate = ctx.get_work(user, capture_id, ESTIMATE_FILE)
    document = result_document(capture, estimate, ctx.get_work(user, capture_id, SKIN_AND_SHAPE_FILE),
                               ctx.get_work(user, capture_id, CALIBRATION_FILE),
                               ctx.get_work(user, capture_id, CHECKED_FILE),
                               ctx.get_work(user, capture_id, SCALE_FILE))
    rest = npy_to_array(ctx.get_work_bytes(user, capture_id, REST_VERTICES_FILE))
    faces = BodyModel.load().faces
    params = sidecar(estimate["parameters"], {n: m["value_cm"] for n, m in estimate["measurements"].items()},
                     capture_id=capture_id)
    artifacts = {
        "body.glb": ctx.put_artifact(user, capture_id, "body.glb", glb_bytes(rest, faces, extras=params),
                                     "model/gltf-binary"),
        "body.obj": ctx.put_artifact(user, capture_id, "body.obj", obj_text(rest, faces).encode(), "text/plain"),
        "params.json": ctx.put_artifact(user, capture_id, "params.json", json.dumps(params).encode(),
                                        "application/json"),
    }
    for view in VIEWS:
        name = overlay_name(view)
        if ctx.objects.exists(ctx.settings.artifacts_bucket, keys.work_prefix(user, capture_id) + name):
            artifacts[name] = ctx.put_artifact(user, capture_id, name,
                                               ctx.get_work_bytes(user, capture_id, name), "image/jpeg")
    created = ResultService(ctx.settings, ctx.objects).save_original(capture, document, artifacts)
    return {"saved": created, "artifacts": sorted(artifacts), "measurements": len(document["measurements"])}
