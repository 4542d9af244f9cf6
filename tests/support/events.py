"""Sample events live in `events/`; tests load them here instead of pasting them inline."""

import copy
import json
from functools import cache
from pathlib import Path

EVENTS_DIR = Path(__file__).resolve().parents[2] / "events"


@cache
def _read(name: str) -> dict:
    return json.loads((EVENTS_DIR / f"{name}.json").read_text())


def load_event(name: str, **overrides) -> dict:
    """A fresh copy of `events/<name>.json` with top-level keys replaced by `overrides`."""
    event = copy.deepcopy(_read(name))
    event.update(overrides)
    return event
