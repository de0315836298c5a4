"""Audit stage of the HTTP API: one JSON line per decision (`roe serve --decision-log PATH`).

Each line (orjson) names the decision id (also sent as `X-Decision-Id`), the time, the message id,
the action, the matched rules, the escalations, whether evidence must be kept, the rules that could
not be evaluated and the sha256 of the policy that decided. The message text is left out unless
`--log-text`, and even then personal data is masked with the personal-data analyzer
(`policy.analyzers.pii.find_pii` / `mask_text`): a log is copied, shipped and kept far longer than a
request, so it must never hold a phone number, an e-mail or an IBAN in clear.

Lines are appended with one `write(2)` per request on an `O_APPEND` descriptor, so the workers of
`roe serve --workers N` can share one file without interleaving lines. Rotate it with `copytruncate`
(the descriptor stays valid and keeps appending at the new end).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from api.wire import rfc3339
from policy import Decision
from policy.analyzers.pii import find_pii, mask_text

logger = logging.getLogger("roe.api")


def masked_text(text: str) -> str | None:
    """`text` with its personal data masked; None when it cannot be masked (then it is not logged)."""
    try:
        return mask_text(text, find_pii(text))
    except Exception:  # never risk logging the clear text because the analyzer failed
        logger.exception("masking personal data for the decision log failed; the text is left out")
        return None


class DecisionLog:
    def __init__(self, path: str | Path, *, log_text: bool = False) -> None:
        self.path = Path(path)
        self.log_text = log_text
        # 0o640: decisions are not secrets, but they are not for every local user either.
        self._fd: int | None = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)

    def line(self, decision_id: str, decision: Decision, message: Mapping[str, Any], at: datetime) -> bytes:
        record: dict[str, Any] = {
            "decision_id": decision_id,
            "time": at.isoformat(timespec="milliseconds"),
            "message_id": decision.message_id,
            "action": decision.action.word,
            "rules": [m.rule for m in decision.matched],
            "escalations": [
                {"team": e.team, "priority": e.priority.word, "due_at": rfc3339(e.due_at)} for e in decision.escalations
            ],
            "keep_evidence": decision.keep_evidence,
            "errors": [e.rule for e in decision.errors],
            "policy_sha256": decision.policy.sha256,
        }
        if self.log_text:
            text = message.get("text")
            record["text"] = masked_text(text) if isinstance(text, str) else None
        return orjson.dumps(record) + b"\n"

    def write(self, lines: Sequence[bytes]) -> bool:
        """Append the lines; False (and a log line) when they could not be written."""
        if not lines or self._fd is None:
            return self._fd is not None
        data = b"".join(lines)
        try:
            # One write(2) is one append; loop only for the rare short write (e.g. a full disk).
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
        except OSError as exc:
            logger.error("cannot write to the decision log `%s`: %s", self.path, exc.strerror or exc)
            return False
        return True

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
