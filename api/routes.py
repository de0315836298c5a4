"""HTTP stage: the routes of the v1 API. Each one authorises, reads its input, calls `api.service`, and
writes JSON with orjson.

Successful responses are returned as ready-made bytes: FastAPI's `response_model` is kept for the
OpenAPI document only (the tests check the bytes against it). Errors are raised as `ProblemError` and
rendered by `api.app` as `application/problem+json`. The app's `Service` is found on
`request.app.state`, so the router itself holds no state.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Coroutine
from typing import Any, cast

import anyio.to_thread
import orjson
from fastapi import APIRouter, Request
from fastapi.routing import APIRoute
from starlette.responses import Response

from api import wire
from api.auth import Role
from api.body import read_json, summary, validate
from api.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from api.models import (
    MAX_BATCH,
    BatchEnvelope,
    BatchRequestV1,
    BatchResponseV1,
    DecisionV1,
    Explain,
    HealthV1,
    LintRequestV1,
    LintResultV1,
    MessageV1,
    PolicyInfoV1,
    ReadyV1,
    ReloadResultV1,
)
from api.problems import INVALID_REQUEST, POLICY_INVALID, PROBLEM_JSON, FieldError, fail
from api.service import Service

JSON = "application/json"

_STATUS_TEXT = {
    400: "The body is not valid JSON.",
    401: "No valid API key (see `WWW-Authenticate`).",
    403: "An admin route called with a client key, or no key is configured and the client is not on loopback.",
    413: "The body is larger than the server's limit (`roe serve --max-body`).",
    415: "The body is not `application/json`.",
    422: "Well-formed JSON that is not valid: `errors` names each field and its problem.",
    500: "Unexpected server error (logged; no internals shown).",
    503: "No policy is loaded yet (`Retry-After`); `last_error` says why when a load failed.",
}
_BODY_ERRORS = (400, 413, 415, 422)
_SHA_HEADER = {"X-Policy-Sha256": {"schema": {"type": "string"}, "description": "The policy that decided."}}
_AUTH_ERRORS = (401, 403)


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    ref = {"schema": {"$ref": "#/components/schemas/ProblemV1"}}
    return {s: {"description": _STATUS_TEXT[s], "content": {PROBLEM_JSON: ref}} for s in sorted({*statuses, 500})}


def _json_body(model: type[Any], description: str) -> dict[str, Any]:
    # The body is parsed by `api.body` (not by a FastAPI body parameter), so it is declared here.
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
        }
    }


def _json(payload: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(payload), media_type=JSON, headers=headers)


def service_of(request: Request) -> Service:
    service = request.app.state.service
    assert isinstance(service, Service)
    return service


class LeanRoute(APIRoute):
    """A route whose endpoint takes the `Request` and returns a `Response` itself.

    FastAPI's own handler solves dependencies, parameters and response models on every request —
    measured at ~0.1 ms, as much as the rest of the HTTP layer. Our endpoints read and validate their input
    themselves (`api.body`, `Service.authorize`, `explain_of`), so the handler is the endpoint; the
    OpenAPI operation is still generated from the decorator (parameters and security are declared in
    `openapi_extra`).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if len(inspect.signature(endpoint).parameters) != 1:  # caught at import, not at the first request
            raise TypeError(f"{endpoint.__name__}: a lean route's endpoint takes the request, and only it")
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint = cast(Callable[[Request], Coroutine[Any, Any, Response]], self.endpoint)
        # The query parameters the operation documents are the only ones it accepts: a typo such as
        # `?explian=full` is an error, not a silently ignored wish.
        parameters = (self.openapi_extra or {}).get("parameters", [])
        known = tuple(p["name"] for p in parameters if p.get("in") == "query")

        async def handler(request: Request) -> Response:
            if request.scope["query_string"]:
                unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in known]
                if unknown:
                    raise fail(INVALID_REQUEST, summary(len(unknown)), [_unknown_parameter(n, known) for n in unknown])
            return await endpoint(request)

        return handler


def _unknown_parameter(name: str, known: tuple[str, ...]) -> FieldError:
    hint = difflib.get_close_matches(name, known, n=1)
    if hint:
        help_: str | None = f"did you mean `{hint[0]}`?"
    else:
        help_ = ("known parameters: " + ", ".join(known)) if known else "this route takes no query parameter"
    return FieldError("query", name, "unknown query parameter", help_)


_EXPLAIN_VALUES: tuple[Explain, ...] = ("off", "matches", "full")
_EXPLAIN_PARAMETER = {
    "name": "explain",
    "in": "query",
    "required": False,
    "description": "`off`: no evidence (fastest); `matches`: evidence of the matched rules; `full`: + the trace.",
    "schema": {"type": "string", "enum": list(_EXPLAIN_VALUES), "default": "matches"},
}
# The scheme itself is declared in the document's components by `api.app.RoeAPI.openapi`.
_SECURED: dict[str, Any] = {"security": [{"bearer": []}]}


def explain_of(request: Request) -> Explain:
    raw = request.query_params.get("explain") if request.scope["query_string"] else None
    if raw is None:
        return "matches"
    for value in _EXPLAIN_VALUES:
        if raw == value:
            return value
    hint = f"one of: {', '.join(_EXPLAIN_VALUES)}"
    raise fail(INVALID_REQUEST, summary(1), [FieldError("query", "explain", f"unknown value `{raw}`", hint)])


def _operation(*, body: type[Any] | None = None, description: str = "", explain: bool = False) -> dict[str, Any]:
    extra: dict[str, Any] = dict(_SECURED)
    if explain:
        extra["parameters"] = [_EXPLAIN_PARAMETER]
    if body is not None:
        extra.update(_json_body(body, description))
    return extra


router = APIRouter(route_class=LeanRoute)


# ---------------------------------------------------------------- decisions


@router.post(
    "/v1/decisions",
    tags=["decisions"],
    summary="Decide one message",
    response_model=DecisionV1,
    responses={
        200: {
            "headers": {
                "X-Decision-Id": {"schema": {"type": "string"}, "description": "The decision id."},
                **_SHA_HEADER,
            }
        },
        **_problems(*_AUTH_ERRORS, *_BODY_ERRORS, 503),
    },
    openapi_extra=_operation(body=MessageV1, description="The message to decide.", explain=True),
)
async def decide(request: Request) -> Response:
    service = service_of(request)
    service.authorize(request, Role.CLIENT)
    explain = explain_of(request)
    policy = service.serving()
    data = await read_json(request, service.settings.max_body)
    if explain == "full":
        # A full explanation runs every analysis, spaCy included (loaded on first use, for seconds):
        # in a worker thread, so the event loop keeps answering meanwhile.
        decision_id, decision = await anyio.to_thread.run_sync(service.decide_one, policy, data, explain)
    else:
        # Inline: one decision is ~0.1-1 ms of CPU, about what a thread hop (and its GIL hand-over) costs.
        decision_id, decision = service.decide_one(policy, data, explain)
    return _json(
        wire.decision(decision_id, decision),
        headers={"X-Decision-Id": decision_id, "X-Policy-Sha256": decision.policy.sha256},
    )


@router.post(
    "/v1/decisions/batch",
    tags=["decisions"],
    summary=f"Decide up to {MAX_BATCH:,} messages, in order",
    response_model=BatchResponseV1,
    responses={
        200: {"headers": _SHA_HEADER},
        **_problems(*_AUTH_ERRORS, *_BODY_ERRORS, 503),
    },
    openapi_extra=_operation(
        body=BatchRequestV1, description="The messages; one that is not valid yields an error entry.", explain=True
    ),
)
async def decide_batch(request: Request) -> Response:
    service = service_of(request)
    service.authorize(request, Role.CLIENT)
    explain = explain_of(request)
    policy = service.serving()  # INVARIANT: the whole batch is decided by this one policy
    data = await read_json(request, service.settings.max_body)
    envelope = validate(BatchEnvelope, data)
    # Off the event loop: a large batch must not stall it (health checks, single calls).
    entries = await service.decide_batch_off_loop(request, policy, envelope.messages, explain)
    return _json(
        {"decisions": entries, "policy": wire.policy_ref(policy.ref)},
        headers={"X-Policy-Sha256": policy.sha256},
    )


# ---------------------------------------------------------------- policy


@router.get(
    "/v1/policy",
    tags=["policy"],
    summary="The policy in service, and the last reload error",
    response_model=PolicyInfoV1,
    responses=_problems(*_AUTH_ERRORS, 503),
    openapi_extra=_operation(),
)
async def get_policy(request: Request) -> Response:
    service = service_of(request)
    service.authorize(request, Role.CLIENT)
    state = service.store.state  # one snapshot: policy, last reload and last error agree
    if state.policy is None:
        service.serving()  # raises not-ready with the last error
    assert state.policy is not None
    return _json(wire.policy_info(state.policy, state, watching=service.settings.watch))


@router.post(
    "/v1/policy/reload",
    tags=["policy"],
    summary="Reload the policy from disk (admin key)",
    description="Compiles the policy aside and swaps it in atomically, in every worker. When the files have "
    "errors, the previous policy keeps serving and the answer is a `policy-invalid` problem with the diagnostics.",
    response_model=ReloadResultV1,
    responses=_problems(*_AUTH_ERRORS, 422),
    openapi_extra=_operation(),
)
async def reload_policy(request: Request) -> Response:
    service = service_of(request)
    service.authorize(request, Role.ADMIN)
    outcome = await service.reload("api")
    if not outcome.ok or outcome.policy is None:
        error = outcome.error
        raise fail(
            POLICY_INVALID,
            error.message if error is not None else "the policy could not be loaded",
            diagnostics=[wire.diagnostic(d) for d in (error.diagnostics if error is not None else ())],
            serving=wire.policy_ref(outcome.policy.ref) if outcome.policy is not None else None,
        )
    policy = outcome.policy
    return _json(
        {
            "changed": outcome.changed,
            "previous_sha256": outcome.previous.sha256 if outcome.previous is not None else None,
            "policy": wire.policy_ref(policy.ref),
            "loaded_at": wire.rfc3339(policy.loaded_at),
            "warnings": [wire.diagnostic(d) for d in outcome.warnings],
        }
    )


@router.post(
    "/v1/policy/lint",
    tags=["policy"],
    summary="Check rule text: diagnostics out, with the fields of `roe lint --format json`",
    response_model=LintResultV1,
    responses=_problems(*_AUTH_ERRORS, *_BODY_ERRORS),
    openapi_extra=_operation(
        body=LintRequestV1, description="Rule text, and the files it includes (never read from the disk)."
    ),
)
async def lint(request: Request) -> Response:
    service = service_of(request)
    service.authorize(request, Role.CLIENT)
    data = await read_json(request, service.settings.max_body)
    body = validate(LintRequestV1, data)
    return _json(await anyio.to_thread.run_sync(service.lint, body))


# ---------------------------------------------------------------- operations (no key: probes and scrapers)


@router.get("/healthz", tags=["operations"], summary="Liveness: the process answers", response_model=HealthV1)
async def healthz(_request: Request) -> Response:
    return _json({"status": "ok"})


@router.get(
    "/readyz",
    tags=["operations"],
    summary="Readiness: a policy is compiled and serving",
    response_model=ReadyV1,
    responses=_problems(503),
)
async def readyz(request: Request) -> Response:
    policy = service_of(request).serving()
    return _json({"status": "ready", "policy": wire.policy_ref(policy.ref)})


@router.get(
    "/metrics",
    tags=["operations"],
    summary="Prometheus metrics (text exposition format)",
    response_class=Response,
    responses={200: {"content": {METRICS_CONTENT_TYPE: {"schema": {"type": "string"}}}}},
)
async def metrics(request: Request) -> Response:
    return Response(service_of(request).metrics.render(), media_type=METRICS_CONTENT_TYPE)
