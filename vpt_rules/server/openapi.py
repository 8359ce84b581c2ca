"""The OpenAPI 3.1 document as an integrator needs it: the case file as the request body where a case is
sent, the Bearer key and the session cookie as security schemes, and the problem documents of each error."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ..model.fields import case_schema

CASE_BODY = {("/api/v1/evaluate", "post"), ("/api/v1/claims", "post"), ("/api/v1/documents", "post"),
             ("/api/v1/cases", "post")}
PATCH_BODY = ("/api/v1/cases/{case_id}", "patch")
OPEN = {("/api/v1/rules", "get"), ("/api/v1/schema", "get")}
PROBLEM = {"type": "object", "required": ["type", "title", "status"], "properties": {
    "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
    "detail": {"type": "string"},
    "errors": {"type": "array", "items": {"type": "object", "required": ["field", "message"], "properties": {
        "field": {"type": "string"}, "message": {"type": "string"}}}}}}
ERRORS = {"400": "Not JSON", "401": "No key and no session", "403": "The role may not do this",
          "404": "Not found, or another organisation's case", "409": "The case number exists, or the case is a draft",
          "412": "The case changed since it was read", "413": "Body above 1 MB", "422": "Every field problem",
          "428": "If-Match is missing"}


def _case_components(document: dict[str, Any]) -> dict[str, Any]:
    """The case file's JSON Schema as a component (its $defs moved beside it, their references following)."""
    found = dict(case_schema())
    found.pop("$schema", None)
    definitions = found.pop("$defs", {})
    text = json.dumps({"case": found, "defs": definitions}).replace('"#/$defs/', '"#/components/schemas/Case')
    moved = json.loads(text)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update({f"Case{name}": value for name, value in moved["defs"].items()})
    schemas["Case"] = moved["case"]
    schemas["Problem"] = PROBLEM
    return {"$ref": "#/components/schemas/Case"}


def install(app: FastAPI) -> None:
    """Replace the app's OpenAPI document by the completed one (built once, on first request)."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(title=app.title, version=app.version, routes=app.routes,
                               description="The VPT rules engine, its case register and documents (SPEC §7).")
        case_ref = _case_components(document)
        document["components"]["securitySchemes"] = {
            "key": {"type": "http", "scheme": "bearer", "description": "A system's API key (vpt admin create-api-key)"},
            "session": {"type": "apiKey", "in": "cookie", "name": "vpt_session",
                        "description": "A person's login; a change also needs X-CSRF-Token (GET /api/v1/me)"}}
        for path, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                if (path, method) in CASE_BODY:
                    operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": case_ref}}}
                elif (path, method) == PATCH_BODY:
                    anything = {"schema": {"type": "object"}}
                    operation["requestBody"] = {"required": True, "description": "A JSON merge patch (RFC 7396)",
                                                "content": {"application/merge-patch+json": anything,
                                                            "application/json": anything}}
                if (path, method) not in OPEN:
                    operation["security"] = [{"key": []}, {"session": []}]
                    operation["parameters"] = [p for p in operation.get("parameters", [])
                                               if p.get("name", "").lower() not in ("authorization", "x-csrf-token")]
                responses = operation.setdefault("responses", {})
                for status, text in ERRORS.items():
                    responses[status] = {"description": text, "content": {
                        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        app.openapi_schema = document
        return document

    app.openapi = build  # type: ignore[method-assign]
