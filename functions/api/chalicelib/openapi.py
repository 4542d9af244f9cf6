"""The OpenAPI 3.0 document of the API, served at /openapi.json and rendered into the README."""

ERROR = {"$ref": "#/components/schemas/Error"}


def _error_responses(*statuses: int) -> dict:
    reasons = {400: "Invalid request", 401: "Missing or invalid token", 403: "Signed in without the needed role",
               404: "No such capture (or not yours)", 409: "Not finished yet",
               503: "A dependency is unreachable (or too many concurrent edits)"}
    return {str(s): {"description": reasons[s], "content": {"application/json": {"schema": ERROR}}}
            for s in statuses}


def _ok(description: str, schema: dict, status: int = 200) -> dict:
    return {str(status): {"description": description, "content": {"application/json": {"schema": schema}}}}


CAPTURE_ID = {"name": "capture_id", "in": "path", "required": True, "schema": {"type": "string"}}
VIEW = {"name": "view", "in": "path", "required": True,
        "schema": {"type": "string", "enum": ["front", "side", "portrait", "card"]}}
PAGE = [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
        {"name": "cursor", "in": "query", "schema": {"type": "string"}}]
SHEET_COLUMNS = "name, label, value_cm, low_cm, high_cm, confidence, edited"

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}, "advice": {"type": "string"}}}},
    },
    "CreateCapture": {
        "type": "object",
        "properties": {
            "stature_cm": {"type": "number", "minimum": 120, "maximum": 230},
            "weight_kg": {"type": "number", "minimum": 30, "maximum": 300},
            "gender": {"type": "string", "enum": ["female", "male", "other"]},
            "store_images": {"type": "boolean", "default": False,
                             "description": "Consent to keep the raw photos after processing."},
            "source": {"type": "string", "enum": ["web", "mobile", "partner", "cli"]},
            "views": {"type": "array", "items": {"type": "string", "enum": ["portrait", "card"]}},
            "metrics": {"type": "object", "additionalProperties": {"type": "number"},
                        "description": "Metrics-only capture: name_cm → value measured by the client."},
            "capture_meta": {"type": "object"},
        },
    },
    "Upload": {"type": "object", "properties": {"url": {"type": "string"},
                                                "fields": {"type": "object",
                                                           "additionalProperties": {"type": "string"}}}},
    "CaptureCreated": {
        "type": "object",
        "properties": {"capture_id": {"type": "string"}, "status": {"type": "string"},
                       "upload_deadline": {"type": "string"},
                       "uploads": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Upload"}}},
    },
    "CaptureStatus": {
        "type": "object",
        "properties": {
            "capture_id": {"type": "string"},
            "status": {"type": "string", "enum": ["awaiting_upload", "queued", "processing", "done", "failed"]},
            "stage": {"type": "string", "nullable": True},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "created_at": {"type": "string"}, "updated_at": {"type": "string"},
            "failure": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                                          "advice": {"type": "string"}, "stage": {"type": "string"}}},
        },
    },
    "Measurement": {"type": "object", "properties": {
        "value_cm": {"type": "number"}, "low_cm": {"type": "number"}, "high_cm": {"type": "number"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1}}},
    "Result": {
        "type": "object",
        "properties": {
            "capture_id": {"type": "string"},
            "measurements": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Measurement"}},
            "shape": {"type": "object"}, "skin": {"type": "object"}, "quality": {"type": "object"},
            "model_versions": {"type": "object"},
            "links": {"type": "object", "description": "Short-lived download links (glb, obj, params, overlay)."},
            "version": {"type": "string", "description": "v0000 = the original; v0001, … = user edits."},
            "edited": {"type": "boolean"},
            "edited_measurements": {"type": "array", "items": {"type": "string"}},
            "approved": {"type": "object", "nullable": True, "description": "Which edited version an admin "
                         "approved, by whom and when; null until approved.", "properties": {
                             "version": {"type": "string"}, "by": {"type": "string"}, "at": {"type": "string"}}},
        },
    },
    "ResultEdit": {
        "type": "object",
        "required": ["measurements"],
        "properties": {
            "measurements": {"type": "object", "description": "Registry name (with its unit) → corrected value, "
                                                              "or {value, unit} with the registry's unit.",
                             "additionalProperties": {"oneOf": [
                                 {"type": "number"},
                                 {"type": "object", "properties": {"value": {"type": "number"},
                                                                   "unit": {"type": "string"}}}]}},
            "note": {"type": "string", "maxLength": 500},
        },
    },
    "ResultHistory": {"type": "object", "properties": {
        "capture_id": {"type": "string"},
        "versions": {"type": "array", "items": {"type": "object", "properties": {
            "version": {"type": "string"}, "kind": {"type": "string", "enum": ["original", "edit", "approval"]},
            "by": {"type": "string", "nullable": True}, "at": {"type": "string"},
            "note": {"type": "string", "nullable": True},
            "changes": {"type": "object", "additionalProperties": {"type": "object", "properties": {
                "from": {"type": "number", "nullable": True}, "to": {"type": "number"}}}}}}}}},
    "AdminCapture": {"allOf": [{"$ref": "#/components/schemas/CaptureStatus"}, {"type": "object", "properties": {
        "user_id": {"type": "string"}, "source": {"type": "string"}, "store_images": {"type": "boolean"},
        "uploads": {"type": "object", "additionalProperties": {"type": "string"}}}}]},
    "PhotoLink": {"type": "object", "properties": {
        "capture_id": {"type": "string"}, "view": {"type": "string"}, "url": {"type": "string"},
        "expires_in_seconds": {"type": "integer"}, "audit_event_id": {"type": "string"}}},
    "AuditEvents": {"type": "object", "properties": {
        "events": {"type": "array", "items": {"type": "object", "properties": {
            "subject_id": {"type": "string"}, "event_id": {"type": "string"}, "at": {"type": "string"},
            "actor_id": {"type": "string"}, "action": {"type": "string"}, "detail": {"type": "object"}}}},
        "next_cursor": {"type": "string", "nullable": True}}},
    "CaptureList": {"type": "object", "properties": {
        "captures": {"type": "array", "items": {"$ref": "#/components/schemas/CaptureStatus"}},
        "next_cursor": {"type": "string", "nullable": True}}},
    "Health": {"type": "object", "properties": {"status": {"type": "string"}, "checks": {"type": "object"}}},
}

PATHS = {
    "/captures": {"post": {
        "summary": "Start a capture: returns presigned uploads for the front and side photos "
                   "(or stores a metrics-only capture).",
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateCapture"}}}},
        "responses": {**_ok("Awaiting the photo uploads", {"$ref": "#/components/schemas/CaptureCreated"}, 202),
                      **_ok("Metrics-only capture stored", {"$ref": "#/components/schemas/CaptureCreated"}, 201),
                      **_error_responses(400, 401)}}},
    "/captures/{capture_id}": {"get": {
        "summary": "Status, stage, progress and failure reason of one of your captures.",
        "parameters": [CAPTURE_ID],
        "responses": {**_ok("The capture", {"$ref": "#/components/schemas/CaptureStatus"}),
                      **_error_responses(401, 404)}}},
    "/captures/{capture_id}/results": {
        "get": {
            "summary": "The newest result version: measurements with 90 % intervals, shape, skin, quality, links; "
                       "`edited` and `edited_measurements` say what you corrected.",
            "parameters": [CAPTURE_ID],
            "responses": {**_ok("The result", {"$ref": "#/components/schemas/Result"}),
                          **_error_responses(401, 404, 409)}},
        "patch": {
            "summary": "Correct measurements by name; stored as a new version, the original stays unchanged.",
            "parameters": [CAPTURE_ID],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResultEdit"}}}},
            "responses": {**_ok("The corrected result (its new version)", {"$ref": "#/components/schemas/Result"}),
                          **_error_responses(400, 401, 404, 409, 503)}},
    },
    "/captures/{capture_id}/results/history": {"get": {
        "summary": "Every result version, oldest first: the original, then each edit (who, when, what changed).",
        "parameters": [CAPTURE_ID],
        "responses": {**_ok("The versions", {"$ref": "#/components/schemas/ResultHistory"}),
                      **_error_responses(401, 404)}}},
    "/captures/{capture_id}/results.csv": {"get": {
        "summary": f"Tailor-ready measurement sheet as CSV (lengths in cm, registry order): {SHEET_COLUMNS}.",
        "parameters": [CAPTURE_ID],
        "responses": {"200": {"description": "CSV sheet", "content": {"text/csv": {"schema": {"type": "string"}}}},
                      **_error_responses(401, 404, 409)}}},
    "/captures/{capture_id}/results.pdf": {"get": {
        "summary": "Tailor-ready measurement sheet as a one-table PDF (lengths in cm, edited values marked).",
        "parameters": [CAPTURE_ID],
        "responses": {"200": {"description": "PDF sheet", "content": {"application/pdf": {
                          "schema": {"type": "string", "format": "binary"}}}},
                      **_error_responses(401, 404, 409)}}},
    "/admin/captures/{capture_id}": {"get": {
        "summary": "Admin: any user's capture status (the read is audited).",
        "parameters": [CAPTURE_ID],
        "responses": {**_ok("The capture", {"$ref": "#/components/schemas/AdminCapture"}),
                      **_error_responses(401, 403, 404)}}},
    "/admin/captures/{capture_id}/photos/{view}": {"get": {
        "summary": "Admin: a 60-second download link of a raw photo, only if the user consented and it is still "
                   "stored; an audit event is written before the link is returned.",
        "parameters": [CAPTURE_ID, VIEW],
        "responses": {**_ok("The link", {"$ref": "#/components/schemas/PhotoLink"}),
                      **_error_responses(401, 403, 404)}}},
    "/admin/captures/{capture_id}/results/approve": {"post": {
        "summary": "Admin: approve the user's edited values as reviewed (a new version; audited). Only the "
                   "newest version can be approved; a later edit makes the result unapproved again.",
        "parameters": [CAPTURE_ID],
        "requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "required": ["version"],
            "properties": {"version": {"type": "string", "pattern": "^v[0-9]{4}$"}}}}}},
        "responses": {**_ok("The approved result (its new version)", {"$ref": "#/components/schemas/Result"}),
                      **_error_responses(400, 401, 403, 404, 409, 503)}}},
    "/admin/audit": {"get": {
        "summary": "Admin: a capture's audit events, newest first, paginated.",
        "parameters": [{"name": "capture_id", "in": "query", "required": True, "schema": {"type": "string"}},
                       *PAGE],
        "responses": {**_ok("A page of audit events", {"$ref": "#/components/schemas/AuditEvents"}),
                      **_error_responses(400, 401, 403)}}},
    "/users/me/captures": {"get": {
        "summary": "Your captures, newest first, paginated.",
        "parameters": PAGE,
        "responses": {**_ok("A page of captures", {"$ref": "#/components/schemas/CaptureList"}),
                      **_error_responses(400, 401)}}},
    "/users/me/body": {"get": {
        "summary": "Your latest body: the result of your newest finished capture.",
        "responses": {**_ok("The latest result", {"$ref": "#/components/schemas/Result"}),
                      **_error_responses(401, 404)}}},
    "/health/live": {"get": {"summary": "The API process answers.", "security": [],
                             "responses": _ok("Alive", {"$ref": "#/components/schemas/Health"})}},
    "/health/ready": {"get": {"summary": "S3, DynamoDB and the state machine are reachable.", "security": [],
                              "responses": {**_ok("Ready", {"$ref": "#/components/schemas/Health"}),
                                            **_error_responses(503)}}},
    "/openapi.json": {"get": {"summary": "This document.", "security": [],
                              "responses": {"200": {"description": "OpenAPI 3.0 document"}}}},
}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Tapeless API", "version": "1.0.0",
                 "description": "Two phone photos in; body measurements with uncertainty, a 3D body, "
                                "body shape and skin tone out."},
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "cognito": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        "security": [{"cognito": []}],
        "paths": PATHS,
    }
