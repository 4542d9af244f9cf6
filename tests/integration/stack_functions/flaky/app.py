"""Test function: raises `TransientError` until it has been called `FAIL_TIMES` times for one key."""

import os
import threading

FAIL_TIMES = int(os.environ.get("FAIL_TIMES", "2"))
_calls: dict[str, int] = {}
_lock = threading.Lock()


class TransientError(Exception):
    """A failure worth retrying."""


def lambda_handler(event, context):
    with _lock:
        _calls[event["key"]] = _calls.get(event["key"], 0) + 1
        calls = _calls[event["key"]]
    if calls <= FAIL_TIMES:
        raise TransientError(f"attempt {calls} of {event['key']} failed")
    return {"key": event["key"], "attempts": calls}
