
import pytest
from support.http import body
from tapeless.captures.errors import InvalidRequest
from tapeless.results.edits import (
    EditRequest,
    EditService,
    next_version,
    parse_approval_request,
    parse_edit_request,
    with_edit_state,
)
from tapeless.store.models import Result

MEASURED = {
    "stature_cm": {"value_cm": 171.2, "low_cm": 170.4, "high_cm": 172.0, "confidence": 0.9},
    "waist_girth_cm": {"value_cm": 79.4, "low_cm": 77.0, "high_cm": 81.8, "confidence": 0.7},
    "hip_girth_cm": {"value_cm": 98.1, "low_cm": 95.2, "high_cm": 101.0, "confidence": 0.6},
    "mass_kg": {"value": 68.3, "unit": "kg"},
}



def test_an_edit_becomes_the_current_result_and_says_what_was_edited(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    response = api.request("PATCH", f"/captures/{capture_id}/results", token,
                           {"measurements": {"waist_girth_cm": 82.0}, "note": "tape-measured"})
    assert response.status_code == 200
    assert body(response)["version"] == "v0001"
    current = body(api.request("GET", f"/captures/{capture_id}/results", token))
    assert current["version"] == "v0001"
    assert current["edited"] is True
    assert current["edited_measurements"] == ["waist_girth_cm"]
    assert current["measurements"]["waist_girth_cm"]["value_cm"] == 82.0
    assert current["measurements"]["waist_girth_cm"]["source"] == "user"
    assert current["measurements"]["hip_girth_cm"] == MEASURED["hip_girth_cm"]


def test_the_original_result_is_never_changed_by_edits(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    before = Result.get(capture_id, "v0000", consistent_read=True).document
    for value in (82.0, 83.5):
        api.request("PATCH", f"/captures/{capture_id}/results", token, {"measurements": {"waist_girth_cm": value}})
    assert Result.get(capture_id, "v0000", consistent_read=True).document == before
    assert before["measurements"]["waist_girth_cm"]["value_cm"] == 79.4


def test_an_unedited_result_says_it_is_not_edited(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    current = body(api.request("GET", f"/captures/{capture_id}/results", token))
    assert current["version"] == "v0000"
    assert current["edited"] is False
    assert current["edited_measurements"] == []


def test_history_lists_every_version_with_who_when_and_what_changed(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    api.request("PATCH", f"/captures/{capture_id}/results", token,
                {"measurements": {"waist_girth_cm": 82.0}, "note": "tape-measured"})
    api.request("PATCH", f"/captures/{capture_id}/results", token,
                {"measurements": {"hip_girth_cm": 97.0, "waist_girth_cm": 81.0}})
    versions = body(api.request("GET", f"/captures/{capture_id}/results/history", token))["versions"]
    assert [v["version"] for v in versions] == ["v0000", "v0001", "v0002"]
    assert [v["kind"] for v in versions] == ["original", "edit", "edit"]
    assert versions[1]["by"] == api.user_id(token)
    assert versions[1]["note"] == "tape-measured"
    assert versions[1]["changes"] == {"waist_girth_cm": {"from": 79.4, "to": 82.0}}
    assert versions[2]["changes"]["waist_girth_cm"] == {"from": 82.0, "to": 81.0}
    assert versions[1]["at"] <= versions[2]["at"]
    current = body(api.request("GET", f"/captures/{capture_id}/results", token))
    assert current["edited_measurements"] == ["waist_girth_cm", "hip_girth_cm"]  # registry order


def test_another_users_edit_is_a_404_and_changes_nothing(api):
    owner = api.token_for("owner@example.com")
    stranger = api.token_for("stranger@example.com")
    capture_id = api.finished_capture(owner, MEASURED)
    response = api.request("PATCH", f"/captures/{capture_id}/results", stranger,
                           {"measurements": {"waist_girth_cm": 82.0}})
    assert response.status_code == 404
    assert api.request("GET", f"/captures/{capture_id}/results/history", stranger).status_code == 404
    assert [r.version for r in Result.query(capture_id)] == ["v0000"]


INVALID_EDITS = [
    ({"waist": 82.0}, "not a measurement name"),
    ({"waist_girth_in": 32.0}, "not a measurement name"),
    ({"waist_girth_cm": {"value": 32.0, "unit": "in"}}, "measured in cm"),
    ({"waist_girth_cm": 820.0}, "outside"),
    ({"waist_girth_cm": "82"}, "must be a number"),
    ({}, "at least one"),
]


def test_invalid_edits_get_a_400_saying_why_and_store_nothing(api):
    token = api.token_for("a@example.com")
    capture_id = api.finished_capture(token, MEASURED)
    for measurements, reason in INVALID_EDITS:
        response = api.request("PATCH", f"/captures/{capture_id}/results", token, {"measurements": measurements})
        assert response.status_code == 400, measurements
        assert reason in body(response)["error"]["message"]
    assert [r.version for r in Result.query(capture_id)] == ["v0000"]


def test_editing_an_unfinished_capture_is_a_409(api):
    token = api.token_for("a@example.com")
    capture_id = body(api.request("POST", "/captures", token, {}))["capture_id"]
    response = api.request("PATCH", f"/captures/{capture_id}/results", token,
                           {"measurements": {"waist_girth_cm": 82.0}})
    assert response.status_code == 409


def test_racing_edits_never_take_the_same_version_and_both_survive(api):
    token = api.token_for("a@example.com")
    user_id = api.user_id(token)
    capture_id = api.finished_capture(token, MEASURED)
    capture = api.module.context.captures.get(capture_id)
    stale = api.module.edits.latest(capture)  # what a second request read before the first one wrote

    api.module.edits.apply(capture, user_id, EditRequest({"hip_girth_cm": 97.0}, None))

    class ReadBeforeTheOtherWrite(EditService):
        reads = 0

        def latest(self, capture):
            self.reads += 1
            return stale if self.reads == 1 else super().latest(capture)

    racer = ReadBeforeTheOtherWrite(api.module.results)
    result = racer.apply(capture, user_id, EditRequest({"waist_girth_cm": 82.0}, None))
    assert racer.reads == 2  # its first write lost the race for v0001
    assert result.version == "v0002"
    stored = Result.get(capture_id, "v0002", consistent_read=True).document["measurements"]
    assert (stored["hip_girth_cm"]["value_cm"], stored["waist_girth_cm"]["value_cm"]) == (97.0, 82.0)
    assert Result.get(capture_id, "v0001", consistent_read=True).document["measurements"]["waist_girth_cm"] \
        == MEASURED["waist_girth_cm"]


def test_values_may_name_their_unit_and_non_length_units_are_checked_too():
    request = parse_edit_request({"measurements": {"waist_girth_cm": {"value": 82, "unit": "cm"},
                                                   "mass_kg": 70}})
    assert request.values == {"waist_girth_cm": 82.0, "mass_kg": 70.0}
    assert request.note is None
    with pytest.raises(InvalidRequest, match="measured in kg"):
        parse_edit_request({"measurements": {"mass_kg": {"value": 150, "unit": "lb"}}})
    with pytest.raises(InvalidRequest, match="Unexpected"):
        parse_edit_request({"measurements": {"mass_kg": 70}, "approved": True})


def test_versions_count_up_and_sort_as_text():
    versions = ["v0000"]
    for _ in range(11):
        versions.append(next_version(versions[-1]))
    assert versions[1] == "v0001"
    assert versions == sorted(versions)
    assert len(set(versions)) == 12


def test_an_admin_approves_the_reviewed_edit_and_a_later_edit_needs_approval_again(api):
    owner = api.token_for("owner@example.com")
    admin = api.token_for("admin@example.com", groups=("admin",))
    capture_id = api.finished_capture(owner, MEASURED)
    approve = f"/admin/captures/{capture_id}/results/approve"
    assert api.request("POST", approve, admin, {"version": "v0000"}).status_code == 400  # nothing edited yet
    api.request("PATCH", f"/captures/{capture_id}/results", owner, {"measurements": {"waist_girth_cm": 82.0}})
    assert api.request("POST", approve, owner, {"version": "v0001"}).status_code == 403

    response = api.request("POST", approve, admin, {"version": "v0001"})
    assert response.status_code == 200
    current = body(api.request("GET", f"/captures/{capture_id}/results", owner))
    assert current["version"] == "v0002"
    assert current["approved"]["version"] == "v0001"
    assert current["approved"]["by"] == api.user_id(admin)
    assert current["measurements"]["waist_girth_cm"]["value_cm"] == 82.0
    assert api.request("POST", approve, admin, {"version": "v0002"}).status_code == 400  # already approved

    api.request("PATCH", f"/captures/{capture_id}/results", owner, {"measurements": {"waist_girth_cm": 83.0}})
    assert body(api.request("GET", f"/captures/{capture_id}/results", owner))["approved"] is None
    stale = api.request("POST", approve, admin, {"version": "v0002"})
    assert stale.status_code == 400
    assert "v0003" in body(stale)["error"]["message"]
    versions = body(api.request("GET", f"/captures/{capture_id}/results/history", owner))["versions"]
    assert [v["kind"] for v in versions] == ["original", "edit", "approval", "edit"]
    audit = body(api.request("GET", f"/admin/audit?capture_id={capture_id}", admin))["events"]
    assert [(e["action"], e["detail"]["reviewed_version"]) for e in audit] == [("approve_edits", "v0001")]


def test_an_unedited_result_is_not_approved_and_approvals_name_a_version():
    assert with_edit_state({"measurements": {}})["approved"] is None
    with pytest.raises(InvalidRequest, match="Name the version"):
        parse_approval_request({"version": "latest"})
