"""AWS clients built once per container and injected into the domain code."""

from dataclasses import dataclass, field
from functools import cached_property

import boto3
from botocore.config import Config

from tapeless.config import Settings


@dataclass
class AwsClients:
    """Lazily created boto3 clients; boto3 takes the endpoint from `AWS_ENDPOINT_URL` when set."""

    settings: Settings
    _session: boto3.session.Session = field(default_factory=boto3.session.Session)

    def _client(self, service: str, **config):
        return self._session.client(
            service,
            region_name=self.settings.region,
            config=Config(retries={"max_attempts": 4, "mode": "standard"}, **config),
        )

    @cached_property
    def s3(self):
        # SigV4 so presigned POSTs work in every region.
        return self._client("s3", signature_version="s3v4")

    @cached_property
    def stepfunctions(self):
        return self._client("stepfunctions")

    @cached_property
    def dynamodb(self):
        return self._client("dynamodb")
