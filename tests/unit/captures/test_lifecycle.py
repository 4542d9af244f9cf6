from datetime import UTC, datetime, timedelta

import pytest
from tapeless.captures.errors import CaptureNotFound, InvalidRequest, UnknownUpload
from tapeless.captures.keys import parse_raw_key, raw_key
from tapeless.captures.requests import CaptureRequest, parse_capture_request

USER = "user-a"


def test_new_capture_awaits_upload_with_presigned_posts_for_both_views(ctx):
    capture, uploads = ctx.captures.create(USER, CaptureRequest(stature_cm=172.0))
    stored = ctx.captures.get(capture.capture_id)
    assert stored.status == "awaiting_upload"
    assert stored.stature_cm == 172.0
    assert {u.view for u in uploads} == {"front", "side"}
    front = next(u for u in uploads if u.view == "front")
    assert front.fields["key"] == raw_key(USER, capture.capture_id, "front")
    assert "policy" in front.fields


def test_optional_views_get_their_own_uploads(ctx):
    _, uploads = ctx.captures.create(USER, CaptureRequest(optional_views=("portrait",)))
    assert {u.view for u in uploads} == {"front", "side", "portrait"}


def test_only_the_upload_completing_the_set_queues_the_capture_once(ctx):
    capture, _ = ctx.captures.create(USER, CaptureRequest())
    front = raw_key(USER, capture.capture_id, "front")
    side = raw_key(USER, capture.capture_id, "side")
    assert ctx.captures.record_upload(front, 10).start is None
    assert ctx.captures.record_upload(front, 10).start is None  # duplicate event
    winner = ctx.captures.record_upload(side, 12).start
    assert winner is not None and winner.capture_id == capture.capture_id
    assert ctx.captures.record_upload(side, 12).start is None  # duplicate of the completing event
    assert ctx.captures.get(capture.capture_id).status == "queued"


def test_url_encoded_keys_from_s3_events_are_understood(ctx):
    capture, _ = ctx.captures.create(USER, CaptureRequest())
    encoded = raw_key(USER, capture.capture_id, "front").replace("/", "%2F")
    ctx.captures.record_upload(encoded, 5)
    assert "front" in ctx.captures.get(capture.capture_id).uploads.as_dict()


def test_keys_outside_the_raw_layout_are_refused():
    with pytest.raises(UnknownUpload):
        parse_raw_key("uploads/whatever.jpg")
    assert parse_raw_key("raw%2Fu%2Fc%2Fside").view == "side"


def test_another_users_capture_is_reported_missing(ctx):
    capture, _ = ctx.captures.create(USER, CaptureRequest())
    with pytest.raises(CaptureNotFound):
        ctx.captures.get_for_user(capture.capture_id, "user-b")


def test_failure_noted_by_a_stage_wins_over_the_generic_reason(ctx):
    capture, _ = ctx.captures.create(USER, CaptureRequest())
    ctx.captures.note_failure(capture.capture_id, "image_too_dark", "The side photo is too dark.",
                              "Turn on a light.", "Check photos")
    ctx.captures.mark_failed(capture.capture_id, "internal_error", "generic", None, "Check photos")
    stored = ctx.captures.get(capture.capture_id)
    assert stored.status == "failed"
    assert stored.failure.code == "image_too_dark"
    assert stored.failure.advice == "Turn on a light."


def test_a_done_capture_is_never_marked_failed_or_moved_back(ctx):
    capture, _ = ctx.captures.create(USER, CaptureRequest())
    ctx.captures.record_upload(raw_key(USER, capture.capture_id, "front"), 1)
    ctx.captures.record_upload(raw_key(USER, capture.capture_id, "side"), 1)
    ctx.captures.mark_stage(capture.capture_id, "Measure")
    ctx.captures.mark_done(capture.capture_id)
    ctx.captures.mark_failed(capture.capture_id, "internal_error", "late failure", None, None)
    ctx.captures.mark_stage(capture.capture_id, "Check photos")
    stored = ctx.captures.get(capture.capture_id)
    assert (stored.status, stored.progress) == ("done", 100)


def test_captures_missing_a_photo_expire_with_a_reason_naming_it(ctx):
    capture, _ = ctx.captures.create(USER, CaptureRequest())
    ctx.captures.record_upload(raw_key(USER, capture.capture_id, "front"), 1)
    assert ctx.captures.expire_stale_uploads(datetime.now(UTC)) == []
    later = datetime.now(UTC) + timedelta(hours=1)
    assert ctx.captures.expire_stale_uploads(later) == [capture.capture_id]
    stored = ctx.captures.get(capture.capture_id)
    assert stored.status == "failed"
    assert stored.failure.code == "upload_expired"
    assert "side photo" in stored.failure.message


def test_history_is_newest_first_and_paginates(ctx):
    ids = [ctx.captures.create(USER, CaptureRequest())[0].capture_id for _ in range(3)]
    first, cursor = ctx.captures.list_for_user(USER, limit=2)
    assert [c.capture_id for c in first] == ids[::-1][:2]
    rest, _ = ctx.captures.list_for_user(USER, limit=2, cursor=cursor)
    assert [c.capture_id for c in rest] == ids[:1]


@pytest.mark.parametrize("body, fragment", [
    ([], "JSON object"),
    ({"stature_cm": "tall"}, "stature_cm"),
    ({"stature_cm": 20}, "between"),
    ({"store_images": "yes"}, "consent"),
    ({"source": "fax"}, "source"),
    ({"colour": "red"}, "Unknown field"),
    ({"views": ["back"]}, "views"),
])
def test_bad_capture_requests_say_what_is_wrong(body, fragment):
    with pytest.raises(InvalidRequest) as error:
        parse_capture_request(body)
    assert fragment in error.value.message


def test_a_photo_arriving_after_the_capture_finished_is_discarded_without_consent(ctx):
    capture, _ = ctx.captures.create(USER, CaptureRequest(store_images=False))
    ctx.captures.record_upload(raw_key(USER, capture.capture_id, "front"), 1)
    ctx.captures.record_upload(raw_key(USER, capture.capture_id, "side"), 1)
    ctx.captures.mark_failed(capture.capture_id, "x", "y", None, None)
    assert ctx.captures.record_upload(raw_key(USER, capture.capture_id, "side"), 1).discard


def test_unexpected_views_are_discarded(ctx):
    capture, _ = ctx.captures.create(USER, CaptureRequest())
    outcome = ctx.captures.record_upload(raw_key(USER, capture.capture_id, "selfie"), 1)
    assert outcome.discard and outcome.start is None
