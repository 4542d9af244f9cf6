"""The OpenAPI 3.0 document of the API, served at /openapi.json and rendered into the README."""

ERROR = {"$ref": "#/components/schemas/Error"}


def _error_responses(*statuses: int) -> dict:
    reasons = {400: "Invalid request", 401: "Missing or invalid token", 404: "No such capture (or not yours)",
               409: "Not finished yet", 503: "A dependency is unreachable"}
    return {str(s): {"description": reasons[s], "content": {"application/json": {"schema": ERROR}}}
            for s in statuses}


def _ok(description: str, schema: dict, status: int = 200) -> dict:
    return {str(status): {"description": description, "content": {"application/json": {"schema": schema}}}}


CAPTURE_ID = {"name": "capture_id", "in": "path", "required": True, "schema": {"type": "string"}}

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
        },
    },
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
    "/captures/{capture_id}/results": {"get": {
        "summary": "The result document: measurements with 90 % intervals, shape, skin, quality, links.",
        "parameters": [CAPTURE_ID],
        "responses": {**_ok("The result", {"$ref": "#/components/schemas/Result"}),
                      **_error_responses(401, 404, 409)}}},
    "/users/me/captures": {"get": {
        "summary": "Your captures, newest first, paginated.",
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                       {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
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
