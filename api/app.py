"""HTTP stage: the FastAPI application of `roe serve` — assembly, lifespan, error handlers, OpenAPI.

The routes are in `api.routes`; what they call is in `api.service`. `create_app(settings)` builds one
independent app (its own policy store, metrics, decision log); `app_from_env()` is the factory uvicorn
imports in each worker (`roe serve --workers N`, or `uvicorn api.app:app_from_env --factory`).

Every error leaves as `application/problem+json` (RFC 9457): our own `ProblemError`s, the framework's
404/405 and query validation errors, and — through `api.metrics.ObserveMiddleware` — anything
unexpected, as a 500 that shows no internals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from api.auth import Keyring
from api.body import summary
from api.metrics import Metrics, ObserveMiddleware
from api.models import REQUEST_MODELS, ProblemV1
from api.policy_store import PolicyStore
from api.problems import (
    INVALID_REQUEST,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    FieldError,
    Location,
    Problem,
    ProblemError,
    field_path,
    kind_for_status,
    translate,
)
from api.routes import router
from api.service import Service
from api.settings import ServeSettings

logger = logging.getLogger("roe.api")

VERSION = "1.0.0"

DESCRIPTION = """\
Decide what a community manager may do with each incoming message — **answer**, **escalate**, **hide**,
**delete** or **ignore** — and why: the rules that matched, the words that triggered them, the law
behind them. Every decision names the sha256 of the policy that made it.

Authentication: `Authorization: Bearer <key>` on every `/v1` route (an admin key for
`POST /v1/policy/reload`). Errors are `application/problem+json` (RFC 9457). See docs/api.md.
"""


class RoeAPI(FastAPI):
    """FastAPI, with what our lean routes handle themselves (request bodies, the bearer scheme) declared
    in the OpenAPI document."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            schema = super().openapi()
            schema.setdefault("components", {})["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer", "description": "An API key: `Bearer <key>`."}
            }
            components = schema["components"].setdefault("schemas", {})
            models = [(m, "validation") for m in REQUEST_MODELS] + [(ProblemV1, "serialization")]
            _, extra = models_json_schema(models, ref_template="#/components/schemas/{model}")  # type: ignore[arg-type]
            for name, definition in extra.get("$defs", {}).items():
                components.setdefault(name, definition)
        return self.openapi_schema  # type: ignore[return-value]


def create_app(
    settings: ServeSettings | None = None,
    *,
    keyring: Keyring | None = None,
    store: PolicyStore | None = None,
    metrics: Metrics | None = None,
) -> FastAPI:
    """One app. `store` may come already loaded (tests); otherwise the policy is compiled at startup,
    in the background, and `/readyz` turns 200 when it is done."""
    settings = settings or ServeSettings()
    if keyring is None:
        keyring = Keyring.load(keys_file=settings.keys_file)
    service = Service(settings, keyring=keyring, store=store, metrics=metrics)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        tasks: list[asyncio.Task[None]] = []

        def start(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
            tasks.append(asyncio.create_task(work()))

        async def load_then_watch() -> None:
            if service.store.policy is None:
                await service.reload("startup")
            if settings.watch:
                await service.store.watch(stop)

        start(load_then_watch)
        if service.broadcast is not None:
            broadcast = service.broadcast

            async def listen() -> None:
                await broadcast.listen(lambda: service.reload("broadcast"), stop)

            start(listen)
        if not keyring.enabled:
            logger.warning("NO API KEY CONFIGURED: the API is open, and answers loopback clients only")
        try:
            yield
        finally:
            stop.set()
            # The watchers end on `stop`; a compile in progress is waited for (it is short).
            await asyncio.gather(*tasks, return_exceptions=True)
            if service.decision_log is not None:
                service.decision_log.close()
            service.metrics.process_exit()

    app = RoeAPI(
        title="ROE decision API",
        version=VERSION,
        summary="Rules of engagement: a decision for every message a brand receives.",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.add_middleware(ObserveMiddleware, metrics=service.metrics)
    _install_error_handlers(app, service)

    app.include_router(router)
    return app


def _install_error_handlers(app: FastAPI, service: Service) -> None:
    async def problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ProblemError)
        service.metrics.error(exc.problem.kind.name)
        return exc.problem.response(request.url.path)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        kind = kind_for_status(exc.status_code)
        path = request.url.path
        if kind is NOT_FOUND:
            detail = f"there is no route `{path}`; the routes are listed at /docs"
        elif kind is METHOD_NOT_ALLOWED:
            allowed = (exc.headers or {}).get("Allow") or (exc.headers or {}).get("allow") or ""
            detail = f"`{request.method}` is not allowed on `{path}`" + (f"; allowed: {allowed}" if allowed else "")
        else:
            detail = str(exc.detail)
        service.metrics.error(kind.name)
        return Problem(kind, detail, headers=dict(exc.headers or {}), status=exc.status_code).response(path)

    async def request_invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = []
        for error in exc.errors():
            location, *rest = error.get("loc") or ("body",)
            where: Location = "body" if location == "body" else "header" if location == "header" else "query"
            problem, help_ = translate(error)
            errors.append(FieldError(where, field_path(rest), problem, help_))
        service.metrics.error(INVALID_REQUEST.name)
        return Problem(INVALID_REQUEST, summary(len(errors)), tuple(errors)).response(request.url.path)

    app.add_exception_handler(ProblemError, problem)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, request_invalid)


def app_from_env() -> FastAPI:
    """The factory uvicorn imports in each worker: settings from `ROE_SERVE_SETTINGS`."""
    return create_app(ServeSettings.from_env())
