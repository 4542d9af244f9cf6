"""Fixtures shared by the unit tests."""

import boto3
import pytest
from moto import mock_aws
from support.moto_resources import create_resources
from tapeless.pipeline.context import PipelineContext


@pytest.fixture
def ctx(monkeypatch):
    """A PipelineContext on moto's in-process AWS with the template's tables and buckets."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
                        "TAPELESS_STAGE": "unit", "UPLOAD_EXPIRY_SECONDS": "900"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        env = create_resources(boto3.client("dynamodb"), boto3.client("s3"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        yield PipelineContext.from_env()
