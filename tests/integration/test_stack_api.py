"""The Chalice API served by the stack: same routes as the template, tokens verified for real."""

import json
import urllib.error
import urllib.request
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from tapeless_local.stack.api_server import api_function_logical_id, chalice_routes, template_routes

pytestmark = pytest.mark.integration


def _get(url, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_template_and_chalice_app_declare_the_same_routes(local_stack):
    logical_id = api_function_logical_id(local_stack.sam_template)
    app = local_stack.runtime.handler(local_stack.physical_id(logical_id))
    assert template_routes(local_stack.sam_template, logical_id) == chalice_routes(app)


def test_api_is_served_locally(local_stack):
    status, body = _get(local_stack.api_url + "/health/live")
    assert status == 200, body


def test_forged_token_gets_401(local_stack):
    tokens = local_stack.create_user(f"eve-{uuid.uuid4().hex[:8]}@example.org", "Correct-Horse-9-Battery")
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, other_key, algorithm="RS256", headers=jwt.get_unverified_header(tokens["IdToken"]))
    status, _ = _get(local_stack.api_url + "/users/me/captures", forged)
    assert status == 401


def test_genuine_token_is_accepted(local_stack):
    tokens = local_stack.create_user(f"ada-{uuid.uuid4().hex[:8]}@example.org", "Correct-Horse-9-Battery")
    status, body = _get(local_stack.api_url + "/users/me/captures", tokens["IdToken"])
    assert status == 200, body
