"""Tokens of the stack's user pool verify against its JWKS; forged ones do not."""

import base64
import json
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from tapeless.auth import InvalidToken, JwksCache, verify_token

pytestmark = pytest.mark.integration
PASSWORD = "Correct-Horse-9-Battery"


@pytest.fixture(scope="module")
def user_tokens(local_stack):
    username = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    return username, local_stack.create_user(username, PASSWORD, groups=("user", "labeler"))


def _verify(local_stack, token, client_id=None):
    return verify_token(
        token,
        user_pool_id=local_stack.outputs["UserPoolId"],
        region=local_stack.config.region,
        client_id=client_id or local_stack.outputs["UserPoolClientId"],
        jwks_fetcher=JwksCache(),
    )


def test_template_declares_the_four_groups(local_stack):
    groups = local_stack.client("cognito-idp").list_groups(UserPoolId=local_stack.outputs["UserPoolId"])["Groups"]
    assert {group["GroupName"] for group in groups} == {"user", "admin", "labeler", "partner"}


def test_id_token_from_the_stack_verifies_with_groups(local_stack, user_tokens):
    username, tokens = user_tokens
    claims = _verify(local_stack, tokens["IdToken"])
    assert claims.email == username
    assert set(claims.groups) == {"user", "labeler"}
    assert jwt.get_unverified_header(tokens["IdToken"])["alg"] == "RS256"


def test_access_token_from_the_stack_verifies(local_stack, user_tokens):
    _, tokens = user_tokens
    assert _verify(local_stack, tokens["AccessToken"]).user_id == _verify(local_stack, tokens["IdToken"]).user_id


def test_token_re_signed_with_another_key_is_rejected(local_stack, user_tokens):
    _, tokens = user_tokens
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    header = jwt.get_unverified_header(tokens["IdToken"])
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({**claims, "cognito:groups": ["admin"]}, other_key, algorithm="RS256", headers=header)
    with pytest.raises(InvalidToken):
        _verify(local_stack, forged)


def test_unsigned_token_is_rejected(local_stack, user_tokens):
    _, tokens = user_tokens
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, algorithm="none", headers={"kid": jwt.get_unverified_header(tokens["IdToken"])["kid"]})
    with pytest.raises(InvalidToken):
        _verify(local_stack, unsigned)


def test_token_with_tampered_groups_is_rejected(local_stack, user_tokens):
    _, tokens = user_tokens
    header, payload, signature = tokens["IdToken"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["cognito:groups"] = ["admin"]
    tampered_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(InvalidToken):
        _verify(local_stack, f"{header}.{tampered_payload}.{signature}")


def test_token_is_rejected_for_another_app_client(local_stack, user_tokens):
    _, tokens = user_tokens
    with pytest.raises(InvalidToken, match="another app client"):
        _verify(local_stack, tokens["IdToken"], client_id="some-other-client")
