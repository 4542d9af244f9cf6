"""Test function: records every event it receives, for the test that invoked it to read."""

import threading

received: list[dict] = []
_lock = threading.Lock()


def lambda_handler(event, context):
    with _lock:
        received.append(event)
    return {"records": len(event.get("Records", []))}
