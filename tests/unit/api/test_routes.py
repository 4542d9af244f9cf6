
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from support.http import body
from support.moto_resources import TEMPLATE
from tapeless_local.stack.template import load_template


def test_health_live_needs_no_token(api):
    response = api.request("GET", "/health/live")
    assert response.status_code == 200
    assert body(response)["status"] == "ok"


def test_routes_without_a_token_get_401_with_a_json_error(api):
    response = api.request("GET", "/users/me/captures")
    assert response.status_code == 401
    assert body(response)["error"]["code"] == "unauthorized"


def test_a_token_signed_with_another_key_is_refused(api):
    real = jwt.decode(api.token_for("a@example.com"), options={"verify_signature": False})
    header = jwt.get_unverified_header(api.token_for("b@example.com"))
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(real, forger, algorithm="RS256", headers={"kid": header["kid"]})
    response = api.request("GET", "/users/me/captures", token=forged)
    assert response.status_code == 401


def test_creating_a_capture_returns_presigned_uploads(api):
    token = api.token_for("a@example.com")
    response = api.request("POST", "/captures", token, {"stature_cm": 171.5, "store_images": False})
    assert response.status_code == 202
    created = body(response)
    assert created["status"] == "awaiting_upload"
    assert set(created["uploads"]) == {"front", "side"}
    assert created["uploads"]["front"]["fields"]["key"].endswith(f"/{created['capture_id']}/front")
    status = body(api.request("GET", f"/captures/{created['capture_id']}", token))
    assert status["status"] == "awaiting_upload"
    assert status["uploads_required"] == ["front", "side"]


def test_invalid_capture_requests_get_400_saying_why(api):
    token = api.token_for("a@example.com")
    response = api.request("POST", "/captures", token, {"stature_cm": 500})
    assert response.status_code == 400
    assert "stature_cm" in body(response)["error"]["message"]


def test_another_users_capture_is_a_404_not_a_403(api):
    owner = api.token_for("owner@example.com")
    stranger = api.token_for("stranger@example.com")
    capture_id = body(api.request("POST", "/captures", owner, {}))["capture_id"]
    assert api.request("GET", f"/captures/{capture_id}", stranger).status_code == 404
    assert api.request("GET", f"/captures/{capture_id}/results", stranger).status_code == 404


def test_results_of_an_unfinished_capture_are_a_409(api):
    token = api.token_for("a@example.com")
    capture_id = body(api.request("POST", "/captures", token, {}))["capture_id"]
    response = api.request("GET", f"/captures/{capture_id}/results", token)
    assert response.status_code == 409
    assert body(response)["error"]["code"] == "not_ready"


def test_metrics_only_capture_is_done_at_once_and_becomes_my_body(api):
    token = api.token_for("a@example.com")
    response = api.request("POST", "/captures", token,
                           {"metrics": {"waist_girth_cm": 81.0}, "capture_meta": {"device": "phone"}})
    assert response.status_code == 201
    me = body(api.request("GET", "/users/me/body", token))
    assert me["measurements"]["waist_girth_cm"]["value_cm"] == 81.0
    history = body(api.request("GET", "/users/me/captures?limit=5", token))
    assert [c["status"] for c in history["captures"]] == ["done"]


def test_metrics_must_carry_units_in_their_names(api):
    token = api.token_for("a@example.com")
    response = api.request("POST", "/captures", token, {"metrics": {"waist": 81.0}})
    assert response.status_code == 400


def test_openapi_document_lists_exactly_the_apps_routes(api):
    document = body(api.request("GET", "/openapi.json"))
    app_routes = {(path, method.lower()) for path, methods in api.module.app.routes.items() for method in methods}
    doc_routes = {(path, method) for path, methods in document["paths"].items() for method in methods}
    assert doc_routes == app_routes


def test_template_declares_exactly_the_apps_routes(api):
    events = load_template(TEMPLATE)["Resources"]["ApiFunction"]["Properties"]["Events"]
    template_routes = {(e["Properties"]["Path"], e["Properties"]["Method"].upper()) for e in events.values()}
    app_routes = {(path, method) for path, methods in api.module.app.routes.items() for method in methods}
    assert template_routes == app_routes


def test_health_routes_are_the_only_ones_without_an_authorizer():
    events = load_template(TEMPLATE)["Resources"]["ApiFunction"]["Properties"]["Events"]
    open_paths = {e["Properties"]["Path"] for e in events.values()
                  if e["Properties"].get("Auth", {}).get("Authorizer") == "NONE"}
    assert open_paths == {"/health/live", "/health/ready", "/openapi.json"}


def test_readiness_reports_each_dependency_and_fails_when_one_is_missing(api):
    response = api.request("GET", "/health/ready")
    report = body(response)
    assert response.status_code == 503  # no state machine exists in this unit setup
    assert report["checks"]["captures_table"] == "ok"
    assert report["checks"]["photos_bucket"] == "ok"
    assert report["checks"]["state_machine"].startswith("unreachable")
