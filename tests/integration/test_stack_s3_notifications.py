"""S3 ObjectCreated notifications run the target function in-process, as moto delivers them."""

import uuid
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

pytestmark = pytest.mark.integration
FUNCTIONS = Path(__file__).parent / "stack_functions"


@pytest.fixture
def watched_bucket(local_stack):
    """A bucket whose `raw/` uploads notify the `record_event` test function; yields (bucket, events)."""
    runtime = local_stack.runtime
    name = f"record-{uuid.uuid4().hex[:8]}"
    arn = local_stack.add_function(name, FUNCTIONS / "record_event")
    bucket = f"watched-{uuid.uuid4().hex[:8]}"
    s3 = local_stack.client("s3")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "LambdaFunctionConfigurations": [
                {
                    "LambdaFunctionArn": arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "raw/"}]}},
                }
            ]
        },
    )
    return bucket, runtime.load_module(name).received


def _keys(events):
    return [record["s3"]["object"]["key"] for event in events for record in event["Records"]]


def test_upload_under_the_prefix_runs_the_function_once_with_a_url_encoded_key(local_stack, watched_bucket):
    bucket, events = watched_bucket
    local_stack.client("s3").put_object(Bucket=bucket, Key="raw/capture 1/front.jpg", Body=b"jpeg")
    assert len(events) == 1
    (key,) = _keys(events)
    assert key != "raw/capture 1/front.jpg"  # moto URL-encodes keys: handlers must unquote_plus them
    assert unquote_plus(key) == "raw/capture 1/front.jpg"
    assert events[0]["Records"][0]["eventName"].startswith("ObjectCreated:")


def test_upload_outside_the_prefix_runs_nothing(local_stack, watched_bucket):
    bucket, events = watched_bucket
    local_stack.client("s3").put_object(Bucket=bucket, Key="results/x.json", Body=b"{}")
    assert events == []


def test_multipart_upload_notifies_twice_for_one_object(local_stack, watched_bucket):
    bucket, events = watched_bucket
    s3 = local_stack.client("s3")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="raw/side.jpg")
    part = s3.upload_part(Bucket=bucket, Key="raw/side.jpg", UploadId=upload["UploadId"], PartNumber=1, Body=b"x")
    s3.complete_multipart_upload(
        Bucket=bucket, Key="raw/side.jpg", UploadId=upload["UploadId"],
        MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
    )
    # moto fires two events for one multipart object: the on-upload handler must be idempotent.
    assert [unquote_plus(key) for key in _keys(events)] == ["raw/side.jpg", "raw/side.jpg"]


def test_template_photos_bucket_notifies_the_on_upload_function(local_stack):
    config = local_stack.client("s3").get_bucket_notification_configuration(
        Bucket=local_stack.outputs["PhotosBucketName"]
    )
    (target,) = config["LambdaFunctionConfigurations"]
    on_upload = local_stack.client("lambda").get_function(FunctionName=local_stack.physical_id("OnUploadFunction"))
    assert target["LambdaFunctionArn"] == on_upload["Configuration"]["FunctionArn"]
    assert target["Events"] == ["s3:ObjectCreated:*"]
