"""HTTP status for each domain error code; anything unknown is a 500 with a generic message."""

HTTP_STATUS_BY_CODE = {
    "invalid_request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "not_ready": 409,
    "payload_too_large": 413,
    "unavailable": 503,
}


def http_status_for(code: str) -> int:
    return HTTP_STATUS_BY_CODE.get(code, 500)
