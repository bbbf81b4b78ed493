"""What the OpenAPI schema says about errors, added to every operation in one place.

drf-spectacular documents each operation's success response from its serializer;
the errors every endpoint shares come from the same few places (the permission
gate, ``core.errors``, DRF's validation, the token authentication, the rate
limits) and are added here by a postprocessing hook, so that a client generated
from the schema, or Schemathesis, knows every status it can get:

- 400 bad input, on every operation;
- 401 not signed in and 403 no role on the unit, where the operation needs a user;
- 404 no such record (named in the path, the query — e.g. ``unit`` — or the body);
- 409 the record's state forbids the action, and 412 stale ``If-Match``, on writes;
- 413 too large and 415 not a file we accept, on uploads;
- 429 too many requests, on writes anyone may send.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error. Domain errors carry `code`, `detail` (Vietnamese) and "
    "`detail_en`; validation errors map each field to its messages.",
    "properties": {
        # A string for domain errors; a validation error on a field named "code"
        # puts that field's messages here instead.
        "code": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "detail": {"type": "string"},
        "detail_en": {"type": "string"},
    },
    "additionalProperties": True,
}

DESCRIPTIONS = {
    "400": "Bad input / Dữ liệu không hợp lệ",
    "401": "Not signed in / Chưa đăng nhập",
    "403": "No role on this unit / Không có quyền trên đơn vị này",
    "404": "Not found / Không tìm thấy",
    "409": "Conflicts with the record's state / Xung đột với trạng thái bản ghi",
    "412": "Changed by someone else since read / Đã bị người khác sửa",
    "413": "Too large / Quá lớn",
    "415": "Not a file type we accept / Loại tệp không được nhận",
    "429": "Too many requests / Quá nhiều yêu cầu",
}

WRITES = {"post", "put", "patch", "delete"}


def _statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    signed_in = any(requirement for requirement in operation.get("security", [{}]))
    public = not signed_in
    write = method in WRITES
    body = operation.get("requestBody", {}).get("content", {})
    statuses = ["400"]
    if signed_in:
        statuses += ["401", "403"]
    statuses.append("404")  # a record named in the path, the query or the body
    if write:
        statuses += ["409", "412"]
    if "multipart/form-data" in body:
        statuses += ["413", "415"]
    if public and write:
        statuses.append("429")
    return statuses


def _needs_body(body: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """True when a request body's schema has required fields: then the body is required."""
    for media in body.get("content", {}).values():
        schema = media.get("schema", {})
        if "$ref" in schema:
            schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
        if schema.get("required"):
            return True
    return False


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular postprocessing hook (``POSTPROCESSING_HOOKS``): the error
    responses, and ``required`` on request bodies that have required fields."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    reference = {"$ref": "#/components/schemas/Error"}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            body = operation.get("requestBody")
            if body is not None and _needs_body(body, schemas):
                body["required"] = True
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, method, operation):
                responses.setdefault(
                    status,
                    {
                        "description": DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
