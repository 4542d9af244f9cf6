"""The whole product on the embedded stack: API → presigned S3 POST → S3 trigger → Step Functions →
the real handlers → DynamoDB/S3 → API."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
import requests
from PIL import Image
from tapeless_local.client import ApiError

pytestmark = pytest.mark.e2e


def raw_objects(local_stack, capture_id: str) -> list[str]:
    listing = local_stack.client("s3").list_objects_v2(Bucket=local_stack.outputs["PhotosBucketName"], Prefix="raw/")
    return [o["Key"] for o in listing.get("Contents", []) if f"/{capture_id}/" in o["Key"]]


def executions_of(local_stack, capture_id: str) -> list[dict]:
    sfn = local_stack.client("stepfunctions")
    listed = sfn.list_executions(stateMachineArn=local_stack.outputs["CapturePipelineArn"])["executions"]
    return [e for e in listed if e["name"] == capture_id]


def test_good_capture_ends_done_with_measurements_skin_shape_and_a_mesh(local_stack, user_client, sample,
                                                                           sample_truth):
    client = user_client()
    capture_id, status = client.capture(sample / "front.jpg", sample / "side.jpg",
                                        stature_cm=round(sample_truth["stature_cm"], 1))
    assert status["status"] == "done", status.get("failure")
    result = client.results(capture_id)
    measurements = result["measurements"]
    assert len(measurements) >= 24
    for m in measurements.values():
        assert m["low_cm"] <= m["value_cm"] <= m["high_cm"]
    assert result["shape"]["class"]
    assert 1 <= result["skin"]["monk_bucket"] <= 10
    glb = requests.get(result["links"]["body.glb"]["url"], timeout=10).content
    assert glb[:4] == b"glTF"
    assert raw_objects(local_stack, capture_id) == []
    assert len(executions_of(local_stack, capture_id)) == 1


def test_capture_missing_its_side_photo_waits_then_expires_with_a_reason(local_stack, user_client, sample):
    client = user_client()
    created = client.create_capture()
    client.upload(created["uploads"]["front"], (sample / "front.jpg").read_bytes(), "front.jpg")
    assert client.status(created["capture_id"])["status"] == "awaiting_upload"
    later = (datetime.now(UTC) + timedelta(hours=2)).isoformat(timespec="seconds").replace("+00:00", "Z")
    event = {"version": "0", "id": "e2e", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": later, "region": "us-east-1", "resources": [], "detail": {}}
    local_stack.client("lambda").invoke(FunctionName=local_stack.physical_id("ExpireCapturesFunction"),
                                        Payload=json.dumps(event))
    status = client.status(created["capture_id"])
    assert status["status"] == "failed"
    assert status["failure"]["code"] == "upload_expired"
    assert "side photo" in status["failure"]["message"]
    assert raw_objects(local_stack, created["capture_id"]) == []


def test_a_too_dark_photo_fails_with_the_precheck_message(local_stack, user_client, sample):
    client = user_client()
    dark = io.BytesIO()
    Image.new("RGB", (900, 1200), (6, 6, 8)).save(dark, "JPEG")
    created = client.create_capture(stature_cm=170)
    client.upload(created["uploads"]["front"], (sample / "front.jpg").read_bytes(), "front.jpg")
    client.upload(created["uploads"]["side"], dark.getvalue(), "side.jpg")
    status = client.wait(created["capture_id"])
    assert status["status"] == "failed"
    assert status["failure"]["stage"] == "Check photos"
    assert "side photo is too dark" in status["failure"]["message"]
    assert raw_objects(local_stack, created["capture_id"]) == []


def test_an_injected_crash_ends_failed_with_a_reason_and_no_raw_photos(local_stack, user_client, sample,
                                                                      monkeypatch):
    monkeypatch.setenv("FAULT_INJECT_STAGE", "Fit body model")
    client = user_client()
    capture_id, status = client.capture(sample / "front.jpg", sample / "side.jpg", stature_cm=170)
    assert status["status"] == "failed"
    assert status["failure"]["code"] == "injected_fault"
    assert status["failure"]["stage"] == "Fit body model"
    assert raw_objects(local_stack, capture_id) == []


def test_duplicate_upload_events_start_one_execution(local_stack, user_client, sample):
    client = user_client()
    created = client.create_capture(stature_cm=170, store_images=True)
    for view in ("front", "side", "side", "front"):
        client.upload(created["uploads"][view], (sample / f"{view}.jpg").read_bytes(), f"{view}.jpg")
    status = client.wait(created["capture_id"])
    assert status["status"] in ("done", "failed")
    assert len(executions_of(local_stack, created["capture_id"])) == 1
    # The user consented: the raw photos stay (the bucket's lifecycle rule is the backstop).
    assert len(raw_objects(local_stack, created["capture_id"])) == 2


def test_another_users_capture_is_not_found(local_stack, user_client):
    owner, stranger = user_client(), user_client()
    capture_id = owner.create_capture()["capture_id"]
    with pytest.raises(ApiError) as error:
        stranger.status(capture_id)
    assert error.value.status == 404
