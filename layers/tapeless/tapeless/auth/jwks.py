"""Where a user pool publishes its signing keys, and a per-URL cache of them.

One configuration path serves AWS, the local emulator and tests: when `AWS_ENDPOINT_URL` is set
(the embedded stack sets it), the keys come from `{AWS_ENDPOINT_URL}/{pool_id}/.well-known/jwks.json`;
otherwise from Cognito's public address for the region.
"""

import json
import os
import threading
import urllib.request
from collections.abc import Callable

JwksFetcher = Callable[[str], dict]

_FETCH_TIMEOUT_S = 5.0


def jwks_url(user_pool_id: str, region: str, endpoint_url: str | None = None) -> str:
    """The JWKS address of a user pool; `endpoint_url` defaults to the `AWS_ENDPOINT_URL` variable."""
    endpoint_url = endpoint_url if endpoint_url is not None else os.environ.get("AWS_ENDPOINT_URL")
    if endpoint_url:
        return f"{endpoint_url.rstrip('/')}/{user_pool_id}/.well-known/jwks.json"
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}/.well-known/jwks.json"


def fetch_jwks_over_http(url: str) -> dict:
    """Download a JWKS document (`{"keys": [...]}`)."""
    with urllib.request.urlopen(url, timeout=_FETCH_TIMEOUT_S) as response:
        return json.loads(response.read())


class JwksCache:
    """Fetches each JWKS URL once and keeps it; safe to share between threads.

    A user pool's keys rotate rarely; an unknown key id triggers one refetch (`refresh`).
    """

    def __init__(self, fetch: JwksFetcher = fetch_jwks_over_http):
        self._fetch = fetch
        self._documents: dict[str, dict] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str, *, refresh: bool = False) -> dict:
        with self._lock:
            if refresh or url not in self._documents:
                self._documents[url] = self._fetch(url)
            return self._documents[url]
