"""Wire stage: library objects → the v1 JSON shapes of `api.models`, field by field.

The mapping is written out rather than taken from the library's `to_dict()`, so that a field added to
the library does not silently appear in (or change) the v1 contract; the tests check each function's
output against its pydantic model. Plain dicts, serialised with orjson: no model instance on the hot
path.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from api.policy_store import ReloadError, ReloadStatus, StoreState
from policy import Decision, Diagnostic, Policy
from policy.engine import CompiledRule
from policy.model import PolicyRef


def rfc3339(stamp: datetime) -> str:
    """`isoformat()`, except that an offset with seconds — a local mean time such as Paris's +00:09:21
    before 1911 — is not RFC 3339: such a time is given in UTC instead."""
    offset = stamp.utcoffset()
    if offset is not None and offset.seconds % 60:
        stamp = stamp.astimezone(UTC)
    return stamp.isoformat()


def policy_ref(ref: PolicyRef) -> dict[str, Any]:
    return {"name": ref.name, "version": ref.version, "sha256": ref.sha256}


def decision(decision_id: str, d: Decision) -> dict[str, Any]:
    out: dict[str, Any] = {
        "decision_id": decision_id,
        "message_id": d.message_id,
        "action": d.action.word,
        "escalations": [
            {
                "team": e.team,
                "priority": e.priority.word,
                "due_at": rfc3339(e.due_at),
                "team_title": e.team_title,
                "rules": list(e.rules),
            }
            for e in d.escalations
        ],
        "keep_evidence": d.keep_evidence,
        "reply": d.reply,
        "matched": [
            {
                "rule": m.rule,
                "title": m.title,
                "action": m.action.word,
                "effects": list(m.effects),
                "because": m.because,
                "cite": list(m.cite),
                "evidence": [{"start": e.start, "end": e.end, "text": e.text, "label": e.label} for e in m.evidence],
                "source": m.source,
                "categories": list(m.categories),
            }
            for m in d.matched
        ],
        "overridden": [{"rule": o.rule, "action": o.action.word, "overridden_by": o.by} for o in d.overridden],
        "errors": [{"rule": e.rule, "code": e.code, "message": e.message, "source": e.source} for e in d.errors],
        "default_applied": d.default_applied,
        "categories": list(d.categories),
        "policy": policy_ref(d.policy),
        "elapsed_us": d.elapsed_us,
    }
    if d.analyses is not None:
        # A free object whose shape the analyzers own (documented as such in DecisionV1).
        out["analyses"] = d.analyses
    if d.explanation is not None:
        out["explanation"] = d.explanation
    return out


def diagnostic(d: Diagnostic) -> dict[str, Any]:
    # Diagnostic.to_dict() is *the* shared shape of `roe lint --format json` (the issue asks for the
    # same fields); DiagnosticV1 pins it, and a test fails if the two drift apart.
    return d.to_dict()


def reload_error(e: ReloadError | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "at": rfc3339(e.at),
        "trigger": e.trigger,
        "message": e.message,
        "diagnostics": [diagnostic(d) for d in e.diagnostics],
    }


def reload_status(s: ReloadStatus | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"at": rfc3339(s.at), "trigger": s.trigger, "ok": s.ok}


def rule_info(rule: CompiledRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "action": rule.effects.action.word,
        "effects": list(rule.effects.texts),
        "priority": rule.priority,
        "categories": list(rule.categories),
        "source": rule.source,
    }


def policy_info(policy: Policy, state: StoreState, *, watching: bool) -> dict[str, Any]:
    return {
        "name": policy.name,
        "version": policy.version,
        "sha256": policy.sha256,
        "loaded_at": rfc3339(policy.loaded_at),
        "default": policy.default.action.word,
        "files": list(policy.files),
        "rules": [rule_info(r) for r in policy.rules],
        "watching": watching,
        "last_reload": reload_status(state.last_reload),
        "last_error": reload_error(state.last_error),
    }
