"""Where a capture's objects live in S3. One place, so nobody builds keys by hand."""

from dataclasses import dataclass
from urllib.parse import unquote_plus

from tapeless.captures.errors import UnknownUpload


def raw_prefix(user_id: str, capture_id: str) -> str:
    return f"raw/{user_id}/{capture_id}/"


def raw_key(user_id: str, capture_id: str, view: str) -> str:
    return f"{raw_prefix(user_id, capture_id)}{view}"


def artifacts_prefix(user_id: str, capture_id: str) -> str:
    return f"artifacts/{user_id}/{capture_id}/"


def work_prefix(user_id: str, capture_id: str) -> str:
    return f"work/{user_id}/{capture_id}/"


@dataclass(frozen=True)
class RawPhotoKey:
    user_id: str
    capture_id: str
    view: str


def parse_raw_key(key: str) -> RawPhotoKey:
    """Reads user, capture and view from an S3 key, URL-encoded or not (S3 events encode keys)."""
    parts = unquote_plus(key).split("/")
    if len(parts) != 4 or parts[0] != "raw" or not all(parts[1:]):
        raise UnknownUpload(f"Not a raw photo key: {key!r}")
    return RawPhotoKey(user_id=parts[1], capture_id=parts[2], view=parts[3])
