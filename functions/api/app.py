"""The Tapeless HTTP API (Chalice on Lambda behind API Gateway). Routes only: logic is in `tapeless`."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from chalice import Chalice, Response
from chalicelib.http import authenticate, handles_errors, json_body, json_response
from chalicelib.openapi import openapi_document
from tapeless.admin.access import ADMIN_GROUP, require_group
from tapeless.admin.audit import AuditTrail, audit_event
from tapeless.admin.captures import admin_capture_status
from tapeless.admin.photos import AdminPhotos
from tapeless.api.documents import capture_status, capture_summary
from tapeless.auth import JwksCache
from tapeless.captures.errors import InvalidRequest
from tapeless.captures.requests import parse_capture_request, parse_metrics_request
from tapeless.export.sheets import measurement_sheet
from tapeless.health import readiness
from tapeless.pipeline.context import PipelineContext
from tapeless.results.edits import EditService, parse_approval_request, parse_edit_request, with_edit_state
from tapeless.results.metrics_only import save_metrics_capture
from tapeless.results.service import ResultService

# Not "tapeless": Chalice configures the logger named after the app, which is Powertools' service logger.
app = Chalice(app_name="tapeless-api")
logger = Logger()
metrics = Metrics()
context = PipelineContext.from_env()
results = ResultService(context.settings, context.objects)
edits = EditService(results)
audit = AuditTrail()
admin_photos = AdminPhotos(context.settings, context.objects, audit)
jwks = JwksCache()  # the user pool's signing keys, fetched once per container


def sheet_response(capture_id: str, sheet_format: str) -> Response:
    """The caller's own capture as a tailor's measurement sheet (csv or pdf)."""
    capture = context.captures.get_for_user(capture_id, current_user().user_id)
    sheet = measurement_sheet(capture, results.latest(capture), sheet_format)
    return Response(body=sheet.body, status_code=200, headers=sheet.headers)


def current_user():
    return authenticate(app.current_request.headers, context.settings, jwks)


def page_limit(params: dict) -> int:
    try:
        return min(max(int(params.get("limit", "20")), 1), 100)
    except ValueError:
        raise InvalidRequest("`limit` must be a whole number between 1 and 100.") from None


@app.route("/captures", methods=["POST"])
@handles_errors
def create_capture():
    user = current_user()
    body = json_body(app.current_request.raw_body)
    if isinstance(body, dict) and "metrics" in body:
        capture = save_metrics_capture(context, results, user.user_id, parse_metrics_request(body))
        metrics.add_metric(name="metrics_capture_created", unit=MetricUnit.Count, value=1)
        return json_response({"capture_id": capture.capture_id, "status": capture.status}, 201)
    capture, uploads = context.captures.create(user.user_id, parse_capture_request(body))
    metrics.add_metric(name="capture_created", unit=MetricUnit.Count, value=1)
    return json_response({
        "capture_id": capture.capture_id,
        "status": capture.status,
        "upload_deadline": capture.upload_deadline,
        "uploads": {u.view: {"url": u.url, "fields": u.fields} for u in uploads},
    }, 202)


@app.route("/captures/{capture_id}", methods=["GET"])
@handles_errors
def get_capture(capture_id):
    capture = context.captures.get_for_user(capture_id, current_user().user_id)
    return json_response(capture_status(capture))


@app.route("/captures/{capture_id}/results", methods=["GET"])
@handles_errors
def get_capture_results(capture_id):
    capture = context.captures.get_for_user(capture_id, current_user().user_id)
    return json_response(with_edit_state(results.document_with_links(capture)))


@app.route("/captures/{capture_id}/results", methods=["PATCH"])
@handles_errors
def edit_capture_results(capture_id):
    user = current_user()
    capture = context.captures.get_for_user(capture_id, user.user_id)
    edit = edits.apply(capture, user.user_id, parse_edit_request(json_body(app.current_request.raw_body)))
    metrics.add_metric(name="results_edited", unit=MetricUnit.Count, value=1)
    return json_response({**edit.document, "version": edit.version})


@app.route("/captures/{capture_id}/results/history", methods=["GET"])
@handles_errors
def get_capture_results_history(capture_id):
    capture = context.captures.get_for_user(capture_id, current_user().user_id)
    return json_response({"capture_id": capture_id, "versions": edits.history(capture)})


@app.route("/captures/{capture_id}/results.csv", methods=["GET"])
@handles_errors
def get_capture_results_csv(capture_id):
    return sheet_response(capture_id, "csv")


@app.route("/captures/{capture_id}/results.pdf", methods=["GET"])
@handles_errors
def get_capture_results_pdf(capture_id):
    return sheet_response(capture_id, "pdf")


@app.route("/users/me/captures", methods=["GET"])
@handles_errors
def list_my_captures():
    user = current_user()
    params = app.current_request.query_params or {}
    captures, cursor = context.captures.list_for_user(user.user_id, page_limit(params), params.get("cursor"))
    return json_response({"captures": [capture_summary(c) for c in captures], "next_cursor": cursor})


@app.route("/users/me/body", methods=["GET"])
@handles_errors
def get_my_body():
    return json_response(with_edit_state(results.latest_body(current_user().user_id)))


@app.route("/admin/captures/{capture_id}", methods=["GET"])
@handles_errors
def admin_get_capture(capture_id):
    admin = require_group(current_user(), ADMIN_GROUP)
    capture = context.captures.get(capture_id)
    audit.record(admin.user_id, "read_capture", capture_id, {"user_id": capture.user_id})
    return json_response(admin_capture_status(capture))


@app.route("/admin/captures/{capture_id}/photos/{view}", methods=["GET"])
@handles_errors
def admin_get_photo(capture_id, view):
    admin = require_group(current_user(), ADMIN_GROUP)
    return json_response(admin_photos.link(context.captures.get(capture_id), view, admin.user_id))


@app.route("/admin/captures/{capture_id}/results/approve", methods=["POST"])
@handles_errors
def admin_approve_edits(capture_id):
    admin = require_group(current_user(), ADMIN_GROUP)
    reviewed = parse_approval_request(json_body(app.current_request.raw_body))
    approval = edits.approve(context.captures.get(capture_id), admin.user_id, reviewed)
    audit.record(admin.user_id, "approve_edits", capture_id, {"reviewed_version": reviewed,
                                                              "version": approval.version})
    return json_response({**approval.document, "version": approval.version})


@app.route("/admin/audit", methods=["GET"])
@handles_errors
def admin_list_audit():
    require_group(current_user(), ADMIN_GROUP)
    params = app.current_request.query_params or {}
    if not params.get("capture_id"):
        raise InvalidRequest("Name the capture: `/admin/audit?capture_id=…`.")
    events, cursor = audit.list(params["capture_id"], page_limit(params), params.get("cursor"))
    return json_response({"events": [audit_event(e) for e in events], "next_cursor": cursor})


@app.route("/health/live", methods=["GET"])
def health_live():
    return json_response({"status": "ok"})


@app.route("/health/ready", methods=["GET"])
def health_ready():
    report = readiness(context)
    return json_response(report, 200 if report["status"] == "ok" else 503)


@app.route("/openapi.json", methods=["GET"])
def openapi():
    return json_response(openapi_document())
