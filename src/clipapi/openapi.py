"""The OpenAPI document, as the service really answers.

FastAPI derives bodies, parameters and security from the endpoints' models and
dependencies. What it cannot see is added here from the code that does it: validation
errors are 400 (not 422), every error body is `{"detail"}`, every /v1 response carries the
rate-limit headers, and bodies that are not JSON (the multipart upload, the event stream)
are described by the models that validate or produce them.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, TypeAdapter

from clipapi.schemas.api import ErrorResponse, PipelineEvent, UploadRequest

REF = "#/components/schemas/{model}"
ERROR_REASONS = {
    400: "Bad or missing fields, or a file that is not a decodable video",
    401: "Missing or invalid credentials",
    402: "Monthly analysis quota used up",
    403: "Account disabled",
    404: "Not found, or not yours",
    409: "Conflicts with an existing resource",
    413: "Upload larger than 500 MB",
    429: "Rate limit exceeded; see Retry-After",
    503: "A backing service (database, broker, Redis) is unavailable",
    504: "wait=true ran out; the analysis continues (its id is in the body)",
    507: "Not enough storage to accept the upload",
}
RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": "Requests allowed per minute for this key (or client address)",
    "X-RateLimit-Remaining": "Requests left in the current window",
    "X-RateLimit-Reset": "Unix time when a request slot frees up",
}
# Models described here rather than by an endpoint's signature.
EXTRA_MODELS: tuple[type[BaseModel], ...] = (UploadRequest,)
_EVENTS: TypeAdapter[PipelineEvent] = TypeAdapter(PipelineEvent)


def documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Error responses an endpoint declares beyond the ones every operation gets."""
    return {code: {"model": ErrorResponse, "description": ERROR_REASONS[code]} for code in codes}


def schema_ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def event_stream_schema() -> dict[str, Any]:
    """The `data:` payload of each Server-Sent Event (one of the event models)."""
    schema = _EVENTS.json_schema(ref_template=REF)
    schema.pop("$defs", None)
    return schema


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    _add_models(schemas)
    for path, operations in document["paths"].items():
        for operation in operations.values():
            _complete(path, operation)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    app.openapi_schema = document
    return document


def _add_models(schemas: dict[str, Any]) -> None:
    adapters: list[Any] = [*EXTRA_MODELS, ErrorResponse]
    for model in adapters:
        schema = model.model_json_schema(ref_template=REF)
        for name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        schemas.setdefault(model.__name__, schema)
    for name, definition in _EVENTS.json_schema(ref_template=REF).get("$defs", {}).items():
        schemas.setdefault(name, definition)


def _complete(path: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation["responses"]
    responses.pop("422", None)
    if not path.startswith("/v1/"):
        return
    codes = {429}
    if operation.get("parameters") or operation.get("requestBody"):
        codes.add(400)
    if any(requirement for requirement in operation.get("security", [])):
        codes |= {401, 403}
    if "{" in path:
        codes.add(404)
    for code in sorted(codes):
        responses.setdefault(
            str(code),
            {
                "description": ERROR_REASONS[code],
                "content": {"application/json": {"schema": schema_ref(ErrorResponse)}},
            },
        )
    for response in responses.values():
        headers = response.setdefault("headers", {})
        for name, description in RATE_LIMIT_HEADERS.items():
            headers.setdefault(name, {"description": description, "schema": {"type": "integer"}})
