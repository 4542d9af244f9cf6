"""Users with passwords and groups in the local user pool, for tests and the demo."""

from typing import Any


def create_user(
    cognito: Any,
    *,
    user_pool_id: str,
    client_id: str,
    username: str,
    password: str,
    groups: tuple[str, ...] = ("user",),
    email: str | None = None,
) -> dict[str, str]:
    """Create a confirmed user in `groups` and sign in; returns `IdToken`, `AccessToken`, `RefreshToken`.

    If the pool uses e-mail as username, pass an e-mail address as `username`.
    """
    address = email or (username if "@" in username else None)
    attributes = [{"Name": "email", "Value": address}, {"Name": "email_verified", "Value": "true"}] if address else []
    cognito.admin_create_user(
        UserPoolId=user_pool_id, Username=username, UserAttributes=attributes, MessageAction="SUPPRESS"
    )
    cognito.admin_set_user_password(UserPoolId=user_pool_id, Username=username, Password=password, Permanent=True)
    for group in groups:
        cognito.admin_add_user_to_group(UserPoolId=user_pool_id, Username=username, GroupName=group)
    return sign_in(cognito, client_id=client_id, username=username, password=password)


def sign_in(cognito: Any, *, client_id: str, username: str, password: str) -> dict[str, str]:
    """USER_PASSWORD_AUTH sign-in; returns the three tokens."""
    result = cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )["AuthenticationResult"]
    return {key: result[key] for key in ("IdToken", "AccessToken", "RefreshToken")}
