"""Translation stage of the HTTP API: validated wire data ↔ the library, plus what every decision leaves
behind (decision log line, metrics).

No rule logic lives here: a message is checked against the v1 wire model (every problem at once), and
the fields that were sent, with their validated values, go to `Policy.decide` — which validates them
again and stays the authority on what a message means (channel case, timestamps); its `MessageError`
becomes the same 422 problem.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import anyio
import anyio.to_thread
from pydantic import ValidationError
from starlette.requests import ClientDisconnect, Request

from api import wire
from api.auth import Keyring, Role, bearer_token, is_loopback
from api.body import summary
from api.broadcast import ReloadBroadcast
from api.decision_log import DecisionLog
from api.metrics import Metrics
from api.models import LintRequestV1, MessageV1, ReloadTrigger
from api.policy_store import PolicyStore, ReloadOutcome
from api.problems import (
    FORBIDDEN,
    INVALID_MESSAGE,
    NOT_READY,
    UNAUTHORIZED,
    FieldError,
    Problem,
    fail,
    field_errors,
)
from api.settings import ServeSettings
from policy import Decision, MessageError, Policy, check_text
from policy.engine import Explain

_CHALLENGE = 'Bearer realm="roe"'


def _join(prefix: str, field: str) -> str:
    if not prefix:
        return field
    return prefix if field in ("", "(message)") else f"{prefix}.{field}"


def check_message(data: Any, prefix: str = "") -> tuple[dict[str, Any] | None, list[FieldError]]:
    """One message against the v1 wire model: (the message for the library, []) or (None, every problem)."""
    try:
        return MessageV1.model_validate(data).to_library(), []
    except ValidationError as exc:
        return None, field_errors(exc, MessageV1, prefix=prefix)


def _message_id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, Mapping) else None
    return value if isinstance(value, str) else None


class Service:
    """Everything a request needs, owned by one app (no module-level state)."""

    def __init__(
        self,
        settings: ServeSettings,
        *,
        keyring: Keyring,
        store: PolicyStore | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.settings = settings
        self.keyring = keyring
        self.metrics = metrics or Metrics()
        if store is None:
            store = PolicyStore(settings.policy, show_personal_data=settings.show_personal_data)
        if store.listener is None:
            store.listener = self.metrics.reloaded
        if store.policy is not None:  # loaded before this app existed (tests, embedding)
            self.metrics.serving(store.policy)
        self.store = store
        self._batch_turn: anyio.CapacityLimiter | None = None
        self.decision_log = (
            DecisionLog(settings.decision_log, log_text=settings.log_text) if settings.decision_log else None
        )
        self.broadcast = ReloadBroadcast(settings.control_file) if settings.control_file else None

    # ------------------------------------------------------------ access

    def authorize(self, request: Request, need: Role) -> Role:
        if not self.keyring.enabled:
            # Open mode is for a developer's machine: refuse anyone who is not on it.
            client = request.client.host if request.client else None
            if not is_loopback(client):
                raise fail(FORBIDDEN, "no API key is configured on this server, so it only answers loopback clients")
            return Role.ADMIN
        token = bearer_token(request.headers.get("authorization"))
        if token is None:
            raise fail(UNAUTHORIZED, "send `Authorization: Bearer <key>`", headers={"WWW-Authenticate": _CHALLENGE})
        role = self.keyring.role_of(token)
        if role is None:
            raise fail(
                UNAUTHORIZED,
                "the API key is not valid",
                headers={"WWW-Authenticate": f'{_CHALLENGE}, error="invalid_token"'},
            )
        if role < need:
            raise fail(FORBIDDEN, "this route needs an admin key (`ROE_ADMIN_KEYS`)")
        return role

    def serving(self) -> Policy:
        policy = self.store.policy
        if policy is None:
            state = self.store.state
            raise fail(
                NOT_READY,
                "the policy has not been compiled yet" if state.last_error is None else state.last_error.message,
                headers={"Retry-After": "1"},
                last_error=wire.reload_error(state.last_error),
            )
        return policy

    # ------------------------------------------------------------ deciding

    def decide_one(self, policy: Policy, data: Any, explain: Explain) -> tuple[str, Decision]:
        message, errors = check_message(data)
        if message is None:
            raise fail(INVALID_MESSAGE, summary(len(errors)), errors)
        try:
            decision = policy.decide(message, explain=explain)
        except MessageError as exc:
            raise fail(INVALID_MESSAGE, summary(1), [FieldError("body", exc.field, exc.problem, exc.help)]) from None
        decision_id = str(uuid.uuid4())
        self._record([(decision_id, decision, message)])
        return decision_id, decision

    async def decide_batch_off_loop(
        self, request: Request, policy: Policy, messages: Sequence[Any], explain: Explain
    ) -> list[dict[str, Any]]:
        """`decide_batch` in a worker thread, one batch at a time per process, in arrival order.

        Under the GIL a second batch thread adds no throughput; it only makes every batch in progress as
        slow as all of them together (32 concurrent batches would all finish last). And a batch whose
        client gave up while it queued is dropped, not computed for nobody.
        """
        if self._batch_turn is None:  # created in the event loop, on first use
            self._batch_turn = anyio.CapacityLimiter(1)
        async with self._batch_turn:
            if await request.is_disconnected():
                raise ClientDisconnect()
            return await anyio.to_thread.run_sync(self.decide_batch, policy, messages, explain)

    def decide_batch(self, policy: Policy, messages: Sequence[Any], explain: Explain) -> list[dict[str, Any]]:
        """One entry per message, in order: a decision, or an error entry at its index."""
        entries: list[dict[str, Any]] = []
        made: list[tuple[str, Decision, Any]] = []
        failed = 0
        for index, item in enumerate(messages):
            prefix = f"messages[{index}]"
            message, errors = check_message(item, prefix)
            decision: Decision | None = None
            if message is not None:
                try:
                    decision = policy.decide(message, explain=explain)
                except MessageError as exc:
                    errors = [FieldError("body", _join(prefix, exc.field), exc.problem, exc.help)]
            if decision is None:
                failed += 1
                detail = f"message {index} is not valid: {summary(len(errors))}"
                problem = Problem(INVALID_MESSAGE, detail, tuple(errors))
                entries.append({"index": index, "message_id": _message_id(item), "error": problem.to_dict()})
                continue
            decision_id = str(uuid.uuid4())
            made.append((decision_id, decision, message))
            entries.append(wire.decision(decision_id, decision))
        self._record(made)
        if failed:
            self.metrics.error("invalid-batch-item", failed)
        return entries

    def _record(self, made: Sequence[tuple[str, Decision, Any]]) -> None:
        if not made:
            return
        self.metrics.decided(d for _, d, _ in made)
        if self.decision_log is not None:
            now = datetime.now(UTC)
            lines = [self.decision_log.line(did, d, data, now) for did, d, data in made]
            if not self.decision_log.write(lines):
                self.metrics.error("decision-log", len(lines))

    # ------------------------------------------------------------ policy

    async def reload(self, trigger: ReloadTrigger) -> ReloadOutcome:
        outcome = await anyio.to_thread.run_sync(self.store.reload, trigger)
        if trigger == "api" and self.broadcast is not None:
            self.broadcast.announce()
        return outcome

    def lint(self, request: LintRequestV1) -> dict[str, Any]:
        # `path` and the names in `files` are relative without `..` (LintRequestV1), so diagnostics
        # can only name the request's own virtual files.
        # INVARIANT: `files` is always a mapping, never None — with None the library would read
        # includes and lexicons from the server's disk, and show them in diagnostics.
        checked = check_text(request.text, path=request.path, files=dict(request.files))
        return {
            "ok": checked.ok,
            "files": [f.name for f in checked.bundle.files],
            "diagnostics": [wire.diagnostic(d) for d in checked.diagnostics],
            "errors": len(checked.errors),
            "warnings": len(checked.warnings),
        }
