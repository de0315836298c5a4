"""Request stage of the HTTP API: a JSON body in, under a size limit, or a precise 4xx problem.

The body is read by hand rather than by FastAPI's body parameters so that each failure gets its own
status — 415 for a body that is not JSON, 413 as soon as the limit is passed (from `Content-Length`,
or while streaming, without buffering more than the limit), 400 for malformed JSON with its position,
422 for a valid JSON document that breaks the schema — and so that parsing is orjson's.
"""

from __future__ import annotations

from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from api.problems import (
    BODY_TOO_LARGE,
    INVALID_JSON,
    INVALID_REQUEST,
    UNSUPPORTED_MEDIA_TYPE,
    ProblemKind,
    fail,
    field_errors,
)

M = TypeVar("M", bound=BaseModel)


def is_json_media_type(content_type: str | None) -> bool:
    """`application/json` or `application/<anything>+json`, any parameters (RFC 8259: always UTF-8)."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


async def read_json(request: Request, limit: int) -> Any:
    content_type = request.headers.get("content-type")
    if not is_json_media_type(content_type):
        shown = content_type.split(";", 1)[0].strip() if content_type else "no Content-Type"
        raise fail(
            UNSUPPORTED_MEDIA_TYPE,
            f"the body must be sent as `application/json`, got `{shown}`",
            headers={"Accept-Post": "application/json"},
        )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit, at_least=True)
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise fail(INVALID_JSON, "the body is empty; send a JSON object")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise fail(INVALID_JSON, f"{exc.msg} (line {exc.lineno}, column {exc.colno})") from None


def _too_large(size: int, limit: int, *, at_least: bool = False) -> Exception:
    more = "more than " if at_least else ""
    return fail(BODY_TOO_LARGE, f"the body is {more}{size:,} bytes; this server accepts at most {limit:,}")


def validate(model: type[M], data: Any, *, kind: ProblemKind = INVALID_REQUEST) -> M:
    """`data` as `model`, or a 422 problem listing every field at fault."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = field_errors(exc, model)
        raise fail(kind, summary(len(errors)), errors) from None


def summary(count: int) -> str:
    return "1 field is not valid" if count == 1 else f"{count} fields are not valid"
