from unittest.mock import Mock
from urllib.parse import quote

import pytest
import requests
from support.http import body
from tapeless.admin.audit import AuditTrail
from tapeless.admin.photos import AdminPhotos
from tapeless.captures.keys import raw_key
from tapeless.config import Settings
from tapeless.store.models import AuditLog, Capture
from tapeless.store.objects import ObjectStore

MEASURED = {"waist_girth_cm": {"value_cm": 79.4, "low_cm": 77.0, "high_cm": 81.8, "confidence": 0.7}}



def audit_actions(capture_id: str) -> list[str]:
    return [item.action for item in AuditLog.query(capture_id, consistent_read=True)]


def test_admin_routes_refuse_users_outside_the_admin_group_with_403(api):
    owner = api.token_for("owner@example.com")
    partner = api.token_for("partner@example.com", groups=("partner",))
    capture_id = api.finished_capture(owner, MEASURED, store_images=True)
    for path in (f"/admin/captures/{capture_id}", f"/admin/captures/{capture_id}/photos/front",
                 f"/admin/audit?capture_id={capture_id}"):
        for token in (owner, partner):
            response = api.request("GET", path, token)
            assert response.status_code == 403, path
            assert body(response)["error"]["code"] == "forbidden"
        assert api.request("GET", path).status_code == 401
    assert audit_actions(capture_id) == []


def test_an_admin_sees_any_users_capture_and_the_read_is_audited(api):
    owner = api.token_for("owner@example.com")
    admin = api.token_for("admin@example.com", groups=("admin",))
    capture_id = api.finished_capture(owner, MEASURED)
    response = api.request("GET", f"/admin/captures/{capture_id}", admin)
    assert response.status_code == 200
    seen = body(response)
    assert (seen["status"], seen["user_id"]) == ("done", api.user_id(owner))
    assert set(seen["uploads"]) == {"front", "side"}
    assert audit_actions(capture_id) == ["read_capture"]
    assert api.request("GET", "/admin/captures/no-such-capture", admin).status_code == 404


def test_a_consented_photo_is_linked_only_after_the_read_is_audited(api):
    owner = api.token_for("owner@example.com")
    admin = api.token_for("admin@example.com", groups=("admin",))
    capture_id = api.finished_capture(owner, MEASURED, store_images=True)
    response = api.request("GET", f"/admin/captures/{capture_id}/photos/side", admin)
    assert response.status_code == 200
    link = body(response)
    assert link["expires_in_seconds"] <= 300
    assert requests.get(link["url"], timeout=10).content == api.photo_bytes
    events = body(api.request("GET", f"/admin/audit?capture_id={capture_id}", admin))["events"]
    assert [(e["action"], e["actor_id"], e["detail"]["view"]) for e in events] == \
        [("read_photo", api.user_id(admin), "side")]
    assert events[0]["event_id"] == link["audit_event_id"]


def test_without_consent_no_photo_is_linked_and_the_reason_is_given(api):
    owner = api.token_for("owner@example.com")
    admin = api.token_for("admin@example.com", groups=("admin",))
    capture_id = api.finished_capture(owner, MEASURED, store_images=False)
    response = api.request("GET", f"/admin/captures/{capture_id}/photos/front", admin)
    assert response.status_code == 404
    assert "consent" in body(response)["error"]["message"]
    assert audit_actions(capture_id) == []


def test_a_deleted_photo_or_a_view_never_taken_is_a_404_with_a_reason(api):
    owner = api.token_for("owner@example.com")
    admin = api.token_for("admin@example.com", groups=("admin",))
    capture_id = api.finished_capture(owner, MEASURED, store_images=True)
    settings = api.module.context.settings
    api.module.context.clients.s3.delete_object(Bucket=settings.photos_bucket,
                                                Key=raw_key(api.user_id(owner), capture_id, "front"))
    deleted = api.request("GET", f"/admin/captures/{capture_id}/photos/front", admin)
    assert deleted.status_code == 404
    assert "no longer stored" in body(deleted)["error"]["message"]
    never = api.request("GET", f"/admin/captures/{capture_id}/photos/portrait", admin)
    assert never.status_code == 404
    assert "no 'portrait' photo" in body(never)["error"]["message"]
    assert audit_actions(capture_id) == []


def test_audit_listing_needs_a_capture_and_pages_newest_first(api):
    owner = api.token_for("owner@example.com")
    admin = api.token_for("admin@example.com", groups=("admin",))
    capture_id = api.finished_capture(owner, MEASURED, store_images=True)
    assert api.request("GET", "/admin/audit", admin).status_code == 400
    for view in ("front", "side", "front"):
        api.request("GET", f"/admin/captures/{capture_id}/photos/{view}", admin)
    first = body(api.request("GET", f"/admin/audit?capture_id={capture_id}&limit=2", admin))
    assert [e["detail"]["view"] for e in first["events"]] == ["front", "side"]
    rest = body(api.request("GET", f"/admin/audit?capture_id={capture_id}&limit=2&cursor={quote(first['next_cursor'])}",
                            admin))
    assert [e["detail"]["view"] for e in rest["events"]] == ["front"]
    assert first["events"][0]["at"] >= first["events"][1]["at"] >= rest["events"][0]["at"]


def test_no_link_is_made_when_the_audit_write_fails():
    objects = Mock(spec=ObjectStore)
    objects.exists.return_value = True
    audit = Mock(spec=AuditTrail)
    audit.record.side_effect = RuntimeError("audit table unavailable")
    capture = Capture("c1", user_id="u1", store_images=True,
                      uploads={"front": {"key": "raw/u1/c1/front", "size_bytes": 10, "received_at": "t"}})
    photos = AdminPhotos(Settings.from_env({}), objects, audit)
    with pytest.raises(RuntimeError):
        photos.link(capture, "front", "admin-1")
    objects.presign_get.assert_not_called()
