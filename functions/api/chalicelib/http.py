"""JSON responses, error shaping and bearer-token authentication for the Chalice routes."""

import json
from collections.abc import Callable
from functools import wraps

from chalice import Response
from tapeless.api.statuses import http_status_for
from tapeless.auth import Claims, InvalidToken, JwksCache, verify_token
from tapeless.captures.errors import InvalidRequest
from tapeless.config import Settings
from tapeless.errors import TapelessError

JSON_HEADERS = {"Content-Type": "application/json"}


def json_response(body: dict, status: int = 200) -> Response:
    return Response(body=json.dumps(body), status_code=status, headers=JSON_HEADERS)


def error_response(error: TapelessError) -> Response:
    status = http_status_for(error.code)
    message = error.message if status < 500 else "Something went wrong on our side. Please try again."
    body = {"error": {"code": error.code, "message": message}}
    if error.advice:
        body["error"]["advice"] = error.advice
    return json_response(body, status)


def handles_errors(route: Callable) -> Callable:
    """Turns domain errors raised by a route into `{"error": {"code", "message"}}` responses."""

    @wraps(route)
    def wrapper(*args, **kwargs):
        try:
            return route(*args, **kwargs)
        except TapelessError as error:
            return error_response(error)

    return wrapper


def json_body(raw_body: bytes | None) -> object:
    if not raw_body:
        return None
    try:
        return json.loads(raw_body)
    except ValueError:
        raise InvalidRequest("The request body is not valid JSON.") from None


def authenticate(headers: dict, settings: Settings, jwks: JwksCache) -> Claims:
    """Verifies the Cognito bearer token against the user pool's keys, on AWS and locally alike
    (API Gateway's own authorizer is a first gate; this check is the one the code relies on)."""
    header = headers.get("authorization") or ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise InvalidToken("Sign in first: send `Authorization: Bearer <token>`.")
    return verify_token(token.strip(), user_pool_id=settings.user_pool_id, region=settings.region,
                        client_id=settings.user_pool_client_id, jwks_fetcher=jwks)
