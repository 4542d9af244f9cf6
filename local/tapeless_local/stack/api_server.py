"""Serves the Chalice API locally, and compares its routes with the template's.

moto's API Gateway does not invoke Lambda proxy integrations, so the local API is Chalice's own
`LocalDevServer` in a thread, serving the very `app` object Lambda runs (`Handler: app.app`), imported
by the in-process Lambda runtime with the function's environment.

Chalice routes by the API Gateway `resourcePath`, so every route must be declared in the template
(a catch-all `/{proxy+}` gets 405): `template_routes` and `chalice_routes` let a test prove both
declare the same set.
"""

import threading
from typing import Any

from chalice.config import Config
from chalice.local import LocalDevServer

Route = tuple[str, str]  # (HTTP method, path), e.g. ("GET", "/captures/{capture_id}")

_IGNORED_METHODS = {"OPTIONS"}


def template_routes(sam_template: dict[str, Any], function_logical_id: str) -> set[Route]:
    """The `(method, path)` pairs of the function's `Api` events in the SAM template."""
    function = sam_template["Resources"][function_logical_id]
    events = (function.get("Properties") or {}).get("Events") or {}
    return {
        (event["Properties"]["Method"].upper(), event["Properties"]["Path"])
        for event in events.values()
        if event.get("Type") == "Api"
    }


def chalice_routes(app: Any) -> set[Route]:
    """The `(method, path)` pairs a Chalice app declares (CORS preflight `OPTIONS` left out)."""
    return {
        (method.upper(), path)
        for path, methods in app.routes.items()
        for method in methods
        if method.upper() not in _IGNORED_METHODS
    }


def api_function_logical_id(sam_template: dict[str, Any]) -> str | None:
    """The function serving the REST API: the one with `Api` events (None if there is none)."""
    for logical_id, resource in sam_template.get("Resources", {}).items():
        events = (resource.get("Properties") or {}).get("Events") or {}
        if resource.get("Type") == "AWS::Serverless::Function" and any(
            e.get("Type") == "Api" for e in events.values()
        ):
            return logical_id
    return None


class LocalApiServer:
    """Chalice's local server on a daemon thread."""

    def __init__(self, app: Any, *, host: str, port: int, timeout_s: int, memory_mb: int, function_name: str):
        config = Config.create(
            chalice_stage="local",
            app_name=getattr(app, "app_name", function_name),
            lambda_timeout=timeout_s,
            lambda_memory_size=memory_mb,
            function_name=function_name,
        )
        self._server = LocalDevServer(app, config, host, port)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.server.serve_forever, name="local-api", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
