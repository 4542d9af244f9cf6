"""A small HTTP client of the Tapeless API: what a mobile app does, for the CLI, demo, bench and tests."""

import mimetypes
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

TERMINAL_STATUSES = ("done", "failed")


class ApiError(RuntimeError):
    def __init__(self, status: int, body: dict | str):
        self.status = status
        self.body = body
        error = body.get("error", {}) if isinstance(body, dict) else {}
        super().__init__(f"HTTP {status}: {error.get('code', '')} {error.get('message', body)}")


class CaptureTimedOut(RuntimeError):
    pass


@dataclass
class TapelessClient:
    api_url: str
    token: str | None = None
    timeout_s: float = 30.0

    def _request(self, method: str, path: str, **kwargs) -> dict:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = requests.request(method, self.api_url.rstrip("/") + path, headers=headers,
                                    timeout=self.timeout_s, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = response.text
        if response.status_code >= 400:
            raise ApiError(response.status_code, body)
        return body

    def create_capture(self, **options) -> dict:
        return self._request("POST", "/captures", json=options)

    def upload(self, upload: dict, data: bytes, filename: str) -> None:
        """Sends one photo with its presigned POST (what a browser form would do)."""
        content_type = mimetypes.guess_type(filename)[0] or "image/jpeg"
        fields = {**upload["fields"], "Content-Type": content_type}
        response = requests.post(upload["url"], data=fields, files={"file": (filename, data, content_type)},
                                 timeout=self.timeout_s)
        if response.status_code >= 300:
            raise ApiError(response.status_code, response.text)

    def status(self, capture_id: str) -> dict:
        return self._request("GET", f"/captures/{capture_id}")

    def results(self, capture_id: str) -> dict:
        return self._request("GET", f"/captures/{capture_id}/results")

    def history(self, limit: int = 20) -> dict:
        return self._request("GET", f"/users/me/captures?limit={limit}")

    def wait(self, capture_id: str, on_status: Callable[[dict], None] | None = None,
             timeout_s: float = 300.0, poll_s: float = 0.2) -> dict:
        """Polls until the capture is done or failed (either is returned); raises on the deadline."""
        deadline = time.monotonic() + timeout_s
        while True:
            status = self.status(capture_id)
            if on_status:
                on_status(status)
            if status["status"] in TERMINAL_STATUSES:
                return status
            if time.monotonic() > deadline:
                raise CaptureTimedOut(f"capture {capture_id} still {status['status']} after {timeout_s:.0f} s")
            time.sleep(poll_s)

    def capture(self, front: Path, side: Path, on_status: Callable[[dict], None] | None = None,
                **options) -> tuple[str, dict]:
        """The whole client journey: create, upload both photos, wait. Returns (capture_id, final status)."""
        created = self.create_capture(**options)
        for view, path in (("front", front), ("side", side)):
            self.upload(created["uploads"][view], Path(path).read_bytes(), Path(path).name)
        return created["capture_id"], self.wait(created["capture_id"], on_status)
