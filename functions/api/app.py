"""The Tapeless HTTP API (Chalice on Lambda behind API Gateway). Routes only: logic is in `tapeless`."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from chalice import Chalice
from chalicelib.http import authenticate, handles_errors, json_body, json_response
from chalicelib.openapi import openapi_document
from tapeless.api.documents import capture_status, capture_summary
from tapeless.auth import JwksCache
from tapeless.captures.errors import InvalidRequest
from tapeless.captures.requests import parse_capture_request, parse_metrics_request
from tapeless.health import readiness
from tapeless.pipeline.context import PipelineContext
from tapeless.results.metrics_only import save_metrics_capture
from tapeless.results.service import ResultService

app = Chalice(app_name="tapeless")
logger = Logger()
metrics = Metrics()
context = PipelineContext.from_env()
results = ResultService(context.settings, context.objects)
jwks = JwksCache()  # the user pool's signing keys, fetched once per container


def current_user():
    return authenticate(app.current_request.headers, context.settings, jwks)


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
    return json_response(results.document_with_links(capture))


@app.route("/users/me/captures", methods=["GET"])
@handles_errors
def list_my_captures():
    user = current_user()
    params = app.current_request.query_params or {}
    try:
        limit = min(max(int(params.get("limit", "20")), 1), 100)
    except ValueError:
        raise InvalidRequest("`limit` must be a whole number between 1 and 100.") from None
    captures, cursor = context.captures.list_for_user(user.user_id, limit, params.get("cursor"))
    return json_response({"captures": [capture_summary(c) for c in captures], "next_cursor": cursor})


@app.route("/users/me/body", methods=["GET"])
@handles_errors
def get_my_body():
    return json_response(results.latest_body(current_user().user_id))


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
