"""Verify a Cognito ID or access token: RS256 signature, expiry, issuer, audience and token use."""

from dataclasses import dataclass

import jwt

from tapeless.auth.jwks import JwksCache, jwks_url
from tapeless.errors import TapelessError

_ALLOWED_TOKEN_USES = ("id", "access")
_default_cache = JwksCache()


class InvalidToken(TapelessError):
    """The bearer token is missing, forged, expired or meant for another pool or client."""

    code = "unauthorized"


@dataclass(frozen=True)
class Claims:
    """Who the verified token speaks for."""

    user_id: str
    username: str
    groups: tuple[str, ...]
    email: str | None = None


def _issuer(user_pool_id: str, region: str) -> str:
    # Cognito (and the emulator) always name the public AWS address as issuer, wherever the keys live.
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"


def _signing_key(token: str, url: str, jwks: JwksCache) -> jwt.PyJWK:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise InvalidToken(f"The token is not a JWT: {exc}") from exc
    if header.get("alg") != "RS256":
        raise InvalidToken(f"The token is signed with {header.get('alg')!r}, not RS256.")
    kid = header.get("kid")
    for refresh in (False, True):
        for key in jwks(url, refresh=refresh).get("keys", []):
            if key.get("kid") == kid:
                return jwt.PyJWK(key, algorithm="RS256")
    raise InvalidToken(f"The token's key id {kid!r} is not one of the user pool's keys.")


def verify_token(
    token: str,
    *,
    user_pool_id: str,
    region: str,
    client_id: str,
    jwks_fetcher: JwksCache | None = None,
) -> Claims:
    """Check a Cognito token and return its claims, or raise `InvalidToken` saying why.

    The signature must verify against the pool's JWKS (RS256 only; `alg: none` and HMAC are refused),
    `exp` must lie in the future, `iss` must be the pool, `token_use` must be `id` or `access`, and
    the token must be issued to `client_id` (`aud` for ID tokens, `client_id` for access tokens).
    `jwks_fetcher` defaults to a process-wide cache that fetches each pool's keys once.
    """
    jwks = jwks_fetcher or _default_cache
    key = _signing_key(token, jwks_url(user_pool_id, region), jwks)
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=["RS256"],
            issuer=_issuer(user_pool_id, region),
            options={"require": ["exp", "iss", "sub", "token_use"], "verify_aud": False},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(f"The token does not verify: {exc}") from exc
    token_use = claims["token_use"]
    if token_use not in _ALLOWED_TOKEN_USES:
        raise InvalidToken(f"The token's use is {token_use!r}, not an ID or access token.")
    audience = claims.get("aud") if token_use == "id" else claims.get("client_id")
    if audience != client_id:
        raise InvalidToken("The token was issued to another app client.")
    return Claims(
        user_id=claims["sub"],
        username=claims.get("cognito:username") or claims.get("username") or claims["sub"],
        groups=tuple(claims.get("cognito:groups", ())),
        email=claims.get("email"),
    )
