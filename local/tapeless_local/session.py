"""Connects the CLI to a Tapeless API: a running local stack (`tapeless local up`) or any deployment."""

import json
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

from tapeless_local.client import TapelessClient
from tapeless_local.stack.cognito_users import create_user, sign_in

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUTS_FILE = REPO_ROOT / ".local-stack" / "outputs.json"
CLI_USER = "cli@tapeless.local"
CLI_PASSWORD = "Tapeless-Local-1"


class NoStackRunning(RuntimeError):
    pass


@dataclass(frozen=True)
class Connection:
    api_url: str
    token: str

    def client(self) -> TapelessClient:
        return TapelessClient(self.api_url, self.token)


def local_user_token(outputs: dict, username: str = CLI_USER, password: str = CLI_PASSWORD) -> str:
    """Signs in (creating on first use) a user of the local stack's pool; returns its ID token."""
    cognito = boto3.client("cognito-idp", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"],
                           aws_access_key_id="local", aws_secret_access_key="local")
    pool, client = outputs["UserPoolId"], outputs["UserPoolClientId"]
    try:
        tokens = sign_in(cognito, client_id=client, username=username, password=password)
    except ClientError:
        tokens = create_user(cognito, user_pool_id=pool, client_id=client, username=username, password=password)
    return tokens["IdToken"]


def connect(api_url: str | None, token: str | None) -> Connection:
    """An explicit `--api-url/--token`, else the running local stack with the CLI's own user."""
    if api_url:
        if not token:
            raise NoStackRunning("--token is required with --api-url (a Cognito ID token).")
        return Connection(api_url, token)
    if not OUTPUTS_FILE.exists():
        raise NoStackRunning("No local stack is running: start one with `tapeless local up`, "
                             "or pass --api-url and --token.")
    outputs = json.loads(OUTPUTS_FILE.read_text())
    return Connection(outputs["ApiUrl"], token or local_user_token(outputs))
