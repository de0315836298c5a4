"""Error stage of the HTTP API: every failure becomes `application/problem+json` (RFC 9457).

A problem has a stable `type` (a URN listed in docs/api.md), a `title` that names the kind, a
`detail` for this occurrence and an `errors` list naming each field at fault. Validation errors of
pydantic are translated here into the project's wording (`unknown field`, `expected a string, got a
number`, `did you mean …?`), the same words the library's `MessageError` uses.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import orjson
from pydantic import BaseModel, ValidationError
from starlette.responses import Response

from api.models import RECEIVED_AT_PATTERN, RELATIVE_PATH
from policy.model import kind_of

PROBLEM_JSON = "application/problem+json"
Location = Literal["body", "query", "header"]


@dataclass(frozen=True, slots=True)
class FieldError:
    location: Location
    field: str
    problem: str
    help: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"location": self.location, "field": self.field, "problem": self.problem, "help": self.help}


@dataclass(frozen=True)
class ProblemKind:
    """One kind of problem: its URN, HTTP status and title (the same for every occurrence)."""

    name: str
    status: int
    title: str

    @property
    def type(self) -> str:
        return f"urn:roe:problem:{self.name}"


INVALID_JSON = ProblemKind("invalid-json", 400, "The request body is not valid JSON")
UNAUTHORIZED = ProblemKind("unauthorized", 401, "A valid API key is required")
FORBIDDEN = ProblemKind("forbidden", 403, "This key may not do that")
NOT_FOUND = ProblemKind("not-found", 404, "No such resource")
METHOD_NOT_ALLOWED = ProblemKind("method-not-allowed", 405, "Method not allowed on this resource")
BODY_TOO_LARGE = ProblemKind("body-too-large", 413, "The request body is too large")
UNSUPPORTED_MEDIA_TYPE = ProblemKind("unsupported-media-type", 415, "The request body must be JSON")
INVALID_REQUEST = ProblemKind("invalid-request", 422, "The request is not valid")
INVALID_MESSAGE = ProblemKind("invalid-message", 422, "The message is not valid")
POLICY_INVALID = ProblemKind("policy-invalid", 422, "The policy on disk has errors; the previous policy keeps serving")
NOT_READY = ProblemKind("not-ready", 503, "No policy is loaded yet")
INTERNAL = ProblemKind("internal", 500, "Internal error")

KINDS: tuple[ProblemKind, ...] = (
    INVALID_JSON, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,
    INVALID_REQUEST, INVALID_MESSAGE, POLICY_INVALID, NOT_READY, INTERNAL,
)  # fmt: skip


def kind_for_status(status: int) -> ProblemKind:
    """The problem kind of a bare HTTP status raised by the framework (404, 405…)."""
    for kind in KINDS:
        if kind.status == status and kind not in (INVALID_MESSAGE, POLICY_INVALID):
            return kind
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return ProblemKind(phrase.lower().replace(" ", "-"), status, phrase)


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    detail: str
    errors: tuple[FieldError, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    status: int | None = None  # only for framework statuses without a kind of their own

    def to_dict(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.kind.type,
            "title": self.kind.title,
            "status": self.status or self.kind.status,
            "detail": self.detail,
            "instance": instance,
            "errors": [e.to_dict() for e in self.errors],
        }
        body.update(self.extra)
        return body

    def response(self, instance: str | None = None) -> Response:
        return Response(
            orjson.dumps(self.to_dict(instance)),
            status_code=self.status or self.kind.status,
            media_type=PROBLEM_JSON,
            headers=dict(self.headers),
        )


class ProblemError(Exception):
    """Raised anywhere in a request to answer with a problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


def fail(
    kind: ProblemKind,
    detail: str,
    errors: Iterable[FieldError] = (),
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> ProblemError:
    return ProblemError(Problem(kind, detail, tuple(errors), extra, headers or {}))


# ---------------------------------------------------------------- pydantic errors, in our words


def field_path(loc: Sequence[int | str], prefix: str = "") -> str:
    """`("messages", 3, "text")` → `messages[3].text`; the whole body is `(body)`."""
    out = prefix
    for part in loc:
        if part == "[key]":  # pydantic's marker for "the key itself" of a dict entry
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(body)"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside `X | None`, `list[X]`, … (None for anything else)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, UnionType, list):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _fields_at(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_of(info.annotation) if info is not None else None
    return list(current.model_fields) if current is not None else []


def translate(error: Mapping[str, Any], model: type[BaseModel] | None = None) -> tuple[str, str | None]:
    """A pydantic error as (problem, help) in the project's words."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    if kind == "missing":
        return "missing required field", None
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1]) if model is not None else []
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        if hint:
            return "unknown field", f"did you mean `{hint[0]}`?"
        return "unknown field", ("known fields: " + ", ".join(known)) if known else None
    if kind == "string_type":
        return f"expected a string, got {kind_of(value)}", None
    if kind == "int_type":
        return f"expected a whole number, got {kind_of(value)}", None
    if kind == "bool_type":
        return f"expected true or false, got {kind_of(value)}", None
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected an object, got {kind_of(value)}", None
    if kind == "list_type":
        return f"expected a list, got {kind_of(value)}", None
    if kind == "literal_error":
        allowed = [a.strip("'") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")]
        hint = difflib.get_close_matches(str(value), allowed, n=1) if isinstance(value, str) else []
        return f"unknown value `{value}`", (f"did you mean `{hint[0]}`?" if hint else "one of: " + ", ".join(allowed))
    if kind == "string_too_long" and isinstance(value, str):
        return f"too long: {len(value):,} characters (at most {ctx['max_length']:,})", None
    if kind == "too_long":
        return f"too many items: {ctx['actual_length']:,} (at most {ctx['max_length']:,})", None
    if kind == "greater_than_equal":
        return f"expected a number ≥ {ctx['ge']}, got {value}", None
    if kind == "less_than_equal":
        return f"expected a number ≤ {ctx['le']}, got {value}", None
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == RELATIVE_PATH:
        return f"`{value}` must be a relative path without `..`", "e.g. `packs/spam.roe`"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == RECEIVED_AT_PATTERN:
        if isinstance(value, str) and value[:4].isdigit() and value[4:5] == "-":
            return f"`{value}` is outside the years 1000 to 8999", None
        return f"`{value}` is not an RFC 3339 timestamp", "write e.g. 2026-11-22T03:00:00+01:00"
    message = str(error.get("msg", "not valid"))
    return message[:1].lower() + message[1:], None


def field_errors(
    exc: ValidationError, model: type[BaseModel], *, location: Location = "body", prefix: str = ""
) -> list[FieldError]:
    """Every error of a pydantic validation, translated, in document order."""
    out = []
    for error in exc.errors(include_url=False):
        problem, help_ = translate(error, model)
        out.append(FieldError(location, field_path(error["loc"], prefix), problem, help_))
    return out
