"""Validation of what clients send when they create a capture."""

from dataclasses import dataclass, field

from tapeless.captures.errors import InvalidRequest

REQUIRED_VIEWS = ("front", "side")
OPTIONAL_VIEWS = ("portrait", "card")
SOURCES = ("web", "mobile", "partner", "cli")
GENDERS = ("female", "male", "other")
STATURE_RANGE_CM = (120.0, 230.0)
WEIGHT_RANGE_KG = (30.0, 300.0)


@dataclass(frozen=True)
class CaptureRequest:
    """A validated `POST /captures` body for a photo capture."""

    stature_cm: float | None = None
    weight_kg: float | None = None
    gender: str | None = None
    store_images: bool = False
    source: str = "web"
    optional_views: tuple[str, ...] = field(default_factory=tuple)


def _number_in_range(body: dict, name: str, bounds: tuple[float, float]) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequest(f"`{name}` must be a number.")
    low, high = bounds
    if not low <= float(value) <= high:
        raise InvalidRequest(f"`{name}` must be between {low:g} and {high:g}.")
    return float(value)


def parse_capture_request(body: object) -> CaptureRequest:
    """Checks a photo-capture request body; raises InvalidRequest with what is wrong."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise InvalidRequest("The request body must be a JSON object.")
    known = {"stature_cm", "weight_kg", "gender", "store_images", "source", "views"}
    unknown = sorted(set(body) - known)
    if unknown:
        raise InvalidRequest(f"Unknown field(s): {', '.join(unknown)}.")
    store_images = body.get("store_images", False)
    if not isinstance(store_images, bool):
        raise InvalidRequest("`store_images` must be true or false (your consent to keep the photos).")
    source = body.get("source", "web")
    if source not in SOURCES:
        raise InvalidRequest(f"`source` must be one of {', '.join(SOURCES)}.")
    gender = body.get("gender")
    if gender is not None and gender not in GENDERS:
        raise InvalidRequest(f"`gender` must be one of {', '.join(GENDERS)}.")
    views = body.get("views", [])
    if not isinstance(views, list) or any(v not in OPTIONAL_VIEWS for v in views):
        raise InvalidRequest(f"`views` may list the optional photos {', '.join(OPTIONAL_VIEWS)}.")
    return CaptureRequest(
        stature_cm=_number_in_range(body, "stature_cm", STATURE_RANGE_CM),
        weight_kg=_number_in_range(body, "weight_kg", WEIGHT_RANGE_KG),
        gender=gender,
        store_images=store_images,
        source=source,
        optional_views=tuple(dict.fromkeys(views)),
    )


@dataclass(frozen=True)
class MetricsRequest:
    """A metrics-only capture: the client measured on the device and sends the numbers."""

    metrics: dict[str, float]
    capture_meta: dict


def parse_metrics_request(body: dict) -> MetricsRequest:
    metrics = body.get("metrics")
    if not isinstance(metrics, dict) or not metrics:
        raise InvalidRequest("`metrics` must be a non-empty object of name → centimetres.")
    clean: dict[str, float] = {}
    for name, value in metrics.items():
        if not isinstance(name, str) or not name.endswith("_cm"):
            raise InvalidRequest(f"Metric `{name}` must be named with its unit, e.g. `waist_girth_cm`.")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 300:
            raise InvalidRequest(f"Metric `{name}` must be a number of centimetres between 0 and 300.")
        clean[name] = float(value)
    meta = body.get("capture_meta", {})
    if not isinstance(meta, dict):
        raise InvalidRequest("`capture_meta` must be an object.")
    return MetricsRequest(metrics=clean, capture_meta=meta)
