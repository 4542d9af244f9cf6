import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from tapeless.captures.errors import TransientError
from tapeless.captures.requests import CaptureRequest
from tapeless.pipeline.notify import notify


class Receiver:
    """A real HTTP webhook receiver on loopback that answers with a chosen status."""

    def __init__(self, status: int):
        self.requests: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver_factory():
    receivers = []

    def make(status: int) -> Receiver:
        receivers.append(Receiver(status))
        return receivers[-1]

    yield make
    for receiver in receivers:
        receiver.close()


def test_without_a_webhook_nobody_is_told(ctx, monkeypatch):
    monkeypatch.delenv("NOTIFY_WEBHOOK_URL", raising=False)
    capture, _ = ctx.captures.create("u", CaptureRequest())
    assert notify(ctx, {"capture_id": capture.capture_id}) == {"notified": False, "reason": "no webhook configured"}


def test_the_webhook_gets_a_signed_message_without_photos(ctx, monkeypatch, receiver_factory):
    receiver = receiver_factory(204)
    monkeypatch.setenv("NOTIFY_WEBHOOK_URL", receiver.url)
    monkeypatch.setenv("NOTIFY_WEBHOOK_SECRET", "s3cret")
    capture, _ = ctx.captures.create("u", CaptureRequest())
    assert notify(ctx, {"capture_id": capture.capture_id})["notified"] is True
    headers, body = receiver.requests[0]
    assert json.loads(body)["capture_id"] == capture.capture_id
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Tapeless-Signature"] == expected


def test_a_failing_webhook_is_a_transient_error_to_retry(ctx, monkeypatch, receiver_factory):
    monkeypatch.setenv("NOTIFY_WEBHOOK_URL", receiver_factory(503).url)
    capture, _ = ctx.captures.create("u", CaptureRequest())
    with pytest.raises(TransientError):
        notify(ctx, {"capture_id": capture.capture_id})
