import gzip
import json
from pathlib import Path

import boto3
import jwt
import moto
import pytest
from chalice.test import Client
from moto import mock_aws
from support.functions import load_function_module
from support.moto_resources import create_resources
from tapeless.auth import JwksCache
from tapeless.captures.keys import raw_key

MOTO_JWKS = Path(moto.__file__).parent / "cognitoidp" / "resources" / "jwks-public.json.gz"
PASSWORD = "Tapeless-Test-1"
GROUPS = ("admin", "partner")
PHOTO_BYTES = b"\xff\xd8\xff\xe0 stands in for a JPEG \xff\xd9"


class Api:
    """The Chalice app on moto in-process, with a Cognito pool that signs real RS256 tokens."""

    photo_bytes = PHOTO_BYTES  # what `finished_capture` uploads as each photo

    def __init__(self, module, cognito, pool_id: str, client_id: str):
        self.module = module
        self.client = Client(module.app)
        self.cognito = cognito
        self.pool_id = pool_id
        self.client_id = client_id

    def token_for(self, email: str, groups: tuple[str, ...] = ()) -> str:
        """Creates the user (in `groups`, each one of GROUPS) and signs them in: their ID token."""
        self.cognito.admin_create_user(UserPoolId=self.pool_id, Username=email, MessageAction="SUPPRESS",
                                       UserAttributes=[{"Name": "email", "Value": email}])
        for group in groups:
            self.cognito.admin_add_user_to_group(UserPoolId=self.pool_id, Username=email, GroupName=group)
        self.cognito.admin_set_user_password(UserPoolId=self.pool_id, Username=email, Password=PASSWORD,
                                             Permanent=True)
        auth = self.cognito.initiate_auth(ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                          AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD})
        return auth["AuthenticationResult"]["IdToken"]

    def user_id(self, token: str) -> str:
        return jwt.decode(token, options={"verify_signature": False})["sub"]

    def finished_capture(self, token: str, measurements: dict, store_images: bool = False) -> str:
        """A photo capture of the token's user, its photos uploaded (PHOTO_BYTES) and finished by the pipeline
        with `measurements`: its id."""
        response = self.request("POST", "/captures", token, {"store_images": store_images})
        capture_id = json.loads(response.body)["capture_id"]
        captures = self.module.context.captures
        for view in ("front", "side"):
            key = raw_key(self.user_id(token), capture_id, view)
            self.module.context.objects.put_bytes(self.module.context.settings.photos_bucket, key,
                                                  PHOTO_BYTES, "image/jpeg")
            captures.record_upload(key, len(PHOTO_BYTES))
        captures.mark_stage(capture_id, "Check photos")
        captures.mark_done(capture_id)
        document = {"capture_id": capture_id, "measurements": measurements, "confidence": 0.8}
        self.module.results.save_original(captures.get(capture_id), document, artifacts={})
        return capture_id

    def request(self, method: str, path: str, token: str | None = None, body: dict | None = None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        kwargs = {"headers": headers}
        if body is not None:
            kwargs["body"] = json.dumps(body)
        return getattr(self.client.http, method.lower())(path, **kwargs)


@pytest.fixture
def api(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
                        "TAPELESS_STAGE": "unit", "POWERTOOLS_TRACE_DISABLED": "true",
                        "POWERTOOLS_METRICS_NAMESPACE": "Tapeless", "POWERTOOLS_SERVICE_NAME": "tapeless"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        env = create_resources(boto3.client("dynamodb"), boto3.client("s3"))
        cognito = boto3.client("cognito-idp")
        pool_id = cognito.create_user_pool(PoolName="unit", UsernameAttributes=["email"])["UserPool"]["Id"]
        client_id = cognito.create_user_pool_client(
            UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
        )["UserPoolClient"]["ClientId"]
        for group in GROUPS:
            cognito.create_group(UserPoolId=pool_id, GroupName=group)
        env.update(USER_POOL_ID=pool_id, USER_POOL_CLIENT_ID=client_id)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        module = load_function_module("api")
        # moto in-process does not serve the JWKS over HTTP: read the keys it signs with.
        module.jwks = JwksCache(fetch=lambda url: json.loads(gzip.decompress(MOTO_JWKS.read_bytes())))
        yield Api(module, cognito, pool_id, client_id)
