"""Verification of Cognito JSON Web Tokens against the user pool's published keys."""

from tapeless.auth.jwks import JwksCache, jwks_url
from tapeless.auth.tokens import Claims, InvalidToken, verify_token

__all__ = ["Claims", "InvalidToken", "JwksCache", "jwks_url", "verify_token"]
