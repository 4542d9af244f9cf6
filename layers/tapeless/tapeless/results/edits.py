"""User corrections of a result and their approval, kept as history: the original (v0000) never changes.

Each edit, and each admin approval of the edited values, is a new Result version (v0001, v0002, …)
holding the whole document, so the newest version is what `GET …/results` returns; its `revision`
says who made it, when and what changed. A version is written only if its number is still free: two
writers racing for the same number cannot both take it; the loser re-reads the newest version and
applies its change on top of it. An edit after an approval makes the result unapproved again.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from pynamodb.exceptions import PutError

from tapeless.body.definitions import BY_NAME, NAMES
from tapeless.captures.errors import InvalidRequest
from tapeless.errors import TapelessError
from tapeless.results.service import ORIGINAL_VERSION, ResultService
from tapeless.store.models import Capture, Result, utc_now_iso

MAX_NOTE_CHARS = 500
MAX_WRITE_ATTEMPTS = 5
# Plausible values per unit: refuses typos such as 820 for 82.0; every real body fits inside.
PLAUSIBLE_RANGE = {"cm": (1.0, 300.0), "l": (5.0, 400.0), "kg": (10.0, 400.0), "kg/m²": (8.0, 100.0)}


class TooManyConcurrentEdits(TapelessError):
    """Other edits of the same capture kept winning the race for the next version number."""

    code = "unavailable"


@dataclass(frozen=True)
class EditRequest:
    """New values by registry name, each in the unit its name carries (`waist_girth_cm` → cm)."""

    values: dict[str, float]
    note: str | None


def parse_edit_request(body: object) -> EditRequest:
    """Reads `{"measurements": {name: value | {"value", "unit"}}, "note": "…"}`; InvalidRequest says why not."""
    if not isinstance(body, dict):
        raise InvalidRequest('Send a JSON object: {"measurements": {"waist_girth_cm": 82.0}, "note": "…"}.')
    unexpected = sorted(set(body) - {"measurements", "note"})
    if unexpected:
        raise InvalidRequest(f"Unexpected field(s): {', '.join(unexpected)}.")
    measurements = body.get("measurements")
    if not isinstance(measurements, dict) or not measurements:
        raise InvalidRequest("`measurements` must be an object of at least one name → value.")
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE_CHARS):
        raise InvalidRequest(f"`note` must be text of at most {MAX_NOTE_CHARS} characters.")
    values = {name: _checked_value(name, raw) for name, raw in measurements.items()}
    return EditRequest(values=values, note=(note or "").strip() or None)


def parse_approval_request(body: object) -> str:
    """Reads `{"version": "v0002"}`: the version the admin reviewed."""
    version = body.get("version") if isinstance(body, dict) else None
    if not isinstance(version, str) or not re.fullmatch(r"v\d{4}", version):
        raise InvalidRequest('Name the version you reviewed: {"version": "v0002"}.')
    return version


def _checked_value(name: str, raw: object) -> float:
    definition = BY_NAME.get(name)
    if definition is None:
        raise InvalidRequest(f"`{name}` is not a measurement name.",
                             advice="Use a registry name with its unit, e.g. `waist_girth_cm` (docs/measurements.md).")
    if isinstance(raw, dict):
        if raw.get("unit") != definition.unit:
            raise InvalidRequest(f"`{name}` is measured in {definition.unit}, not {raw.get('unit')!r}.")
        raw = raw.get("value")
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise InvalidRequest(f"`{name}` must be a number in {definition.unit}.")
    low, high = PLAUSIBLE_RANGE[definition.unit]
    if not low <= raw <= high:
        raise InvalidRequest(f"`{name}` = {raw} is outside {low:g}–{high:g} {definition.unit}.")
    return float(raw)


def measurement_value(entry: dict | None) -> float | None:
    """The value of a result document's measurement entry, whatever its unit."""
    if not entry:
        return None
    return entry.get("value_cm", entry.get("value"))


def _user_entry(name: str, value: float) -> dict:
    """A measurement the user gave: no interval or model confidence, since nothing estimated it."""
    unit = BY_NAME[name].unit
    if unit == "cm":
        return {"value_cm": value, "low_cm": None, "high_cm": None, "confidence": None, "source": "user"}
    return {"value": value, "unit": unit, "source": "user"}


def next_version(version: str) -> str:
    """v0000 → v0001 → v0002 …; zero-padded so versions sort as text."""
    return f"v{int(version[1:]) + 1:04d}"


def edited_document(previous: dict, request: EditRequest, user_id: str, at: str, version: str) -> dict:
    """`previous` with the request's values, marked as edited; `edit` says who changed what and why."""
    measurements = dict(previous.get("measurements") or {})
    changes = {}
    for name, value in request.values.items():
        changes[name] = {"from": measurement_value(measurements.get(name)), "to": value}
        measurements[name] = _user_entry(name, value)
    edited = set(previous.get("edited_measurements") or ()) | set(changes)
    return {
        **previous,
        "measurements": measurements,
        "edited": True,
        "edited_measurements": [name for name in NAMES if name in edited],
        "approved": None,
        "revision": {"version": version, "kind": "edit", "by": user_id, "at": at, "note": request.note,
                     "changes": changes},
    }


def approved_document(previous: dict, previous_version: str, admin_id: str, at: str, version: str) -> dict:
    """`previous` (an edited, not yet approved result) marked as approved by `admin_id`."""
    if not previous.get("edited"):
        raise InvalidRequest("Nothing to approve: the result has no user edits.")
    if previous.get("approved"):
        raise InvalidRequest(f"{previous_version} is already approved.")
    approval = {"version": previous_version, "by": admin_id, "at": at}
    return {**previous, "approved": approval,
            "revision": {"version": version, "kind": "approval", "by": admin_id, "at": at, "note": None,
                         "changes": {}}}


def with_edit_state(document: dict) -> dict:
    """A result document that says whether it was edited and approved (the original carries neither)."""
    return {"edited": False, "edited_measurements": [], "approved": None, **document}


class EditService:
    def __init__(self, results: ResultService):
        self.results = results

    def latest(self, capture: Capture) -> Result:
        return self.results.latest(capture)

    def apply(self, capture: Capture, user_id: str, request: EditRequest) -> Result:
        """Stores the edit as the next version; the capture must be done (else CaptureNotReady)."""
        return self._write_next(capture, lambda latest, version, at: edited_document(
            latest.document, request, user_id, at, version))

    def approve(self, capture: Capture, admin_id: str, reviewed_version: str) -> Result:
        """Approves the edited values the admin reviewed; refused if `reviewed_version` is not the newest."""
        def approval(latest: Result, version: str, at: str) -> dict:
            if latest.version != reviewed_version:
                raise InvalidRequest(f"Only the newest version ({latest.version}) can be approved; review it first.")
            return approved_document(latest.document, latest.version, admin_id, at, version)
        return self._write_next(capture, approval)

    def _write_next(self, capture: Capture, make_document: Callable[[Result, str, str], dict]) -> Result:
        for _ in range(MAX_WRITE_ATTEMPTS):
            latest = self.latest(capture)
            version = next_version(latest.version)
            document = make_document(latest, version, utc_now_iso())
            result = Result(capture.capture_id, version, user_id=capture.user_id, document=document,
                            artifacts=latest.artifacts, expires_at=capture.expires_at)
            try:
                result.save(condition=Result.version.does_not_exist())
            except PutError as error:
                if error.cause_response_code == "ConditionalCheckFailedException":
                    continue  # another writer took this number: apply ours on top of its version
                raise
            return result
        raise TooManyConcurrentEdits("Too many changes to this result at once. Please try again.")

    def history(self, capture: Capture) -> list[dict]:
        """Every version, oldest first: who made it, when, and what it changed."""
        return [_version_summary(item) for item in Result.query(capture.capture_id, consistent_read=True)]


def _version_summary(result: Result) -> dict:
    if result.version == ORIGINAL_VERSION:
        return {"version": result.version, "kind": "original", "by": None, "at": result.created_at,
                "note": None, "changes": {}}
    revision = result.document.get("revision") or {}
    return {"version": result.version, "kind": revision.get("kind", "edit"), "by": revision.get("by"),
            "at": revision.get("at", result.created_at), "note": revision.get("note"),
            "changes": revision.get("changes", {})}
