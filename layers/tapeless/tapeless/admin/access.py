"""Role checks on verified token claims (Cognito groups)."""

from tapeless.auth import Claims
from tapeless.errors import TapelessError

ADMIN_GROUP = "admin"
PARTNER_GROUP = "partner"


class Forbidden(TapelessError):
    """A signed-in user without the role a route needs (the API's only 403)."""

    code = "forbidden"


def require_group(claims: Claims, group: str) -> Claims:
    """The claims, if the token's `cognito:groups` include `group`; Forbidden otherwise."""
    if group not in claims.groups:
        raise Forbidden(f"This needs the `{group}` role.")
    return claims
