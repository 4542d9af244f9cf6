"""Cognito token verification against a JWKS, with keys made here (no network, no emulator)."""

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from tapeless.auth import Claims, InvalidToken, JwksCache, jwks_url, verify_token
from tapeless.errors import TapelessError

POOL_ID = "eu-west-1_TestPool"
REGION = "eu-west-1"
CLIENT_ID = "test-client"
ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"


def _rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def pool_key():
    return _rsa_key()


@pytest.fixture(scope="module")
def jwks(pool_key):
    public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(pool_key.public_key()))
    return JwksCache(fetch=lambda url: {"keys": [{**public_jwk, "kid": "pool-key", "alg": "RS256", "use": "sig"}]})


def _claims(**overrides):
    now = int(time.time())
    claims = {
        "sub": "user-123",
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "token_use": "id",
        "exp": now + 600,
        "iat": now,
        "cognito:username": "ada",
        "cognito:groups": ["user", "labeler"],
        "email": "ada@example.org",
    }
    claims.update(overrides)
    return claims


def _sign(claims, key, kid="pool-key", algorithm="RS256"):
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


def _verify(token, jwks):
    return verify_token(token, user_pool_id=POOL_ID, region=REGION, client_id=CLIENT_ID, jwks_fetcher=jwks)


def test_genuine_id_token_yields_the_users_claims(pool_key, jwks):
    claims = _verify(_sign(_claims(), pool_key), jwks)
    assert claims == Claims(user_id="user-123", username="ada", groups=("user", "labeler"), email="ada@example.org")


def test_genuine_access_token_for_the_client_verifies(pool_key, jwks):
    access = _claims(token_use="access", client_id=CLIENT_ID, username="ada")
    del access["aud"], access["cognito:username"]
    assert _verify(_sign(access, pool_key), jwks).username == "ada"


def test_token_signed_with_another_key_is_rejected(jwks):
    with pytest.raises(InvalidToken, match="does not verify"):
        _verify(_sign(_claims(), _rsa_key()), jwks)


def test_unsigned_alg_none_token_is_rejected(jwks):
    unsigned = jwt.encode(_claims(), None, algorithm="none", headers={"kid": "pool-key"})
    with pytest.raises(InvalidToken, match="not RS256"):
        _verify(unsigned, jwks)


def test_hmac_token_keyed_with_the_public_key_is_rejected(pool_key, jwks):
    forged = jwt.encode(_claims(), "the-public-key-used-as-an-hmac-secret", algorithm="HS256", headers={"kid": "pool-key"})
    with pytest.raises(InvalidToken, match="not RS256"):
        _verify(forged, jwks)


def test_tampered_payload_is_rejected(pool_key, jwks):
    header, _, signature = _sign(_claims(), pool_key).split(".")
    payload = base64.urlsafe_b64encode(json.dumps(_claims(**{"cognito:groups": ["admin"]})).encode())
    tampered = ".".join([header, payload.decode().rstrip("="), signature])
    with pytest.raises(InvalidToken, match="does not verify"):
        _verify(tampered, jwks)


def test_expired_token_is_rejected(pool_key, jwks):
    with pytest.raises(InvalidToken, match="expired"):
        _verify(_sign(_claims(exp=int(time.time()) - 10), pool_key), jwks)


def test_token_of_another_pool_is_rejected(pool_key, jwks):
    other_issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_OtherPool"
    with pytest.raises(InvalidToken, match="does not verify"):
        _verify(_sign(_claims(iss=other_issuer), pool_key), jwks)


def test_token_for_another_app_client_is_rejected(pool_key, jwks):
    with pytest.raises(InvalidToken, match="another app client"):
        _verify(_sign(_claims(aud="someone-else"), pool_key), jwks)


def test_refresh_like_token_use_is_rejected(pool_key, jwks):
    with pytest.raises(InvalidToken, match="not an ID or access token"):
        _verify(_sign(_claims(token_use="refresh"), pool_key), jwks)


def test_unknown_key_id_is_rejected_after_one_refetch(pool_key):
    fetches = []
    cache = JwksCache(fetch=lambda url: fetches.append(url) or {"keys": []})
    with pytest.raises(InvalidToken, match="not one of the user pool's keys"):
        _verify(_sign(_claims(), pool_key), cache)
    assert len(fetches) == 2


def test_garbage_is_rejected_as_not_a_jwt(jwks):
    with pytest.raises(InvalidToken, match="not a JWT"):
        _verify("not-a-token", jwks)


def test_invalid_token_is_a_tapeless_error_with_code_unauthorized():
    assert issubclass(InvalidToken, TapelessError)
    assert InvalidToken("x").code == "unauthorized"


def test_jwks_cache_fetches_each_url_once():
    fetched = []
    cache = JwksCache(fetch=lambda url: fetched.append(url) or {"keys": [url]})
    assert cache("https://a") == cache("https://a") == {"keys": ["https://a"]}
    cache("https://b")
    assert fetched == ["https://a", "https://b"]


def test_jwks_comes_from_the_endpoint_when_one_is_configured(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566/")
    assert jwks_url(POOL_ID, REGION) == f"http://127.0.0.1:4566/{POOL_ID}/.well-known/jwks.json"


def test_jwks_comes_from_cognito_without_an_endpoint(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    assert jwks_url(POOL_ID, REGION) == f"{ISSUER}/.well-known/jwks.json"
