"""The library's own types for what goes in (a `Message`) and what comes out (a `Decision`).

These are not the HTTP wire models (`api/` keeps versioned pydantic models of its own); they are
plain frozen dataclasses, validated once when built from untrusted data (`Message.from_dict`), with a
`to_dict` that gives the v1 JSON shape of DESIGN §4.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any

KINDS = ("comment", "reply", "mention", "dm", "review", "post")
KNOWN_CHANNELS = (
    "facebook", "instagram", "x", "twitter", "tiktok", "youtube", "linkedin", "google", "forum", "email",
    "threads", "bluesky", "mastodon", "reddit", "trustpilot", "whatsapp", "messenger", "web",
)  # fmt: skip


MIN_YEAR = 1000
MAX_YEAR = 8999


class Action(IntEnum):
    """What the CM may do with a message. The order is the strength order (DESIGN §3.2)."""

    IGNORE = 0
    ANSWER = 1
    ESCALATE = 2
    HIDE = 3
    DELETE = 4

    @property
    def word(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, word: str) -> Action | None:
        try:
            return cls[word.upper()]
        except KeyError:
            return None


class Priority(IntEnum):
    LOW = 0
    NORMAL = 1
    HIGH = 2
    CRITICAL = 3

    @property
    def word(self) -> str:
        return self.name.lower()


class MessageError(ValueError):
    """A message that cannot be decided: names the field and the problem."""

    def __init__(self, field: str, problem: str, help: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.help = help
        super().__init__(f"`{field}`: {problem}" + (f" ({help})" if help else ""))


# ---------------------------------------------------------------- message


@dataclass(frozen=True, slots=True)
class Author:
    id: str | None = None
    name: str | None = None
    handle: str | None = None
    followers: int | None = None
    verified: bool | None = None
    prior_violations: int | None = None


_AUTHOR_FIELDS = ("id", "name", "handle", "followers", "verified", "prior_violations")
_MESSAGE_FIELDS = ("id", "text", "channel", "kind", "author", "received_at", "thread_id", "lang", "metadata")
_AUTHOR_FIELD_SET = frozenset(_AUTHOR_FIELDS)
_MESSAGE_FIELD_SET = frozenset(_MESSAGE_FIELDS)


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    id: str | None = None
    channel: str | None = None
    kind: str | None = None
    author: Author | None = None
    received_at: datetime | None = None
    thread_id: str | None = None
    lang: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """Validate untrusted data (one JSON object). Unknown fields are errors, never dropped."""
        # The checks run in a fixed order, so that of two problems the same one is always reported;
        # each takes its shortest way for the valid values every message has.
        if type(data) is not dict and not isinstance(data, Mapping):
            raise MessageError("(message)", f"expected an object, got {kind_of(data)}")
        if not data.keys() <= _MESSAGE_FIELD_SET:
            _reject_unknown(data, _MESSAGE_FIELDS, "")
        if "text" not in data:
            raise MessageError("text", "missing required field", 'every message needs its "text"')
        text = data["text"]
        if not isinstance(text, str):
            raise MessageError("text", f"expected a string, got {kind_of(text)}")
        get = data.get
        kind = get("kind")
        if kind is not None and (type(kind) is not str or kind not in KINDS):
            kind = _opt_str(data, "kind")
            if kind is not None and kind not in KINDS:
                hint = difflib.get_close_matches(kind, KINDS, n=1)
                raise MessageError(
                    "kind",
                    f"unknown kind `{kind}`",
                    f"did you mean `{hint[0]}`?" if hint else "one of: " + ", ".join(KINDS),
                )
        channel = get("channel")
        if channel is not None:
            channel = _opt_str(data, "channel")
        author = None
        raw_author = get("author")
        if raw_author is not None:
            author = _author(raw_author)
        received_at = get("received_at")
        if received_at is not None:
            received_at = parse_timestamp(received_at, "received_at")
        metadata = get("metadata")
        if metadata is None:
            metadata = {}
        elif not isinstance(metadata, Mapping):
            raise MessageError("metadata", f"expected an object, got {kind_of(metadata)}")
        id_, thread_id, lang = get("id"), get("thread_id"), get("lang")
        if not (type(id_) is str or id_ is None):
            id_ = _opt_str(data, "id")
        if not (type(thread_id) is str or thread_id is None):
            thread_id = _opt_str(data, "thread_id")
        if not (type(lang) is str or lang is None):
            lang = _opt_str(data, "lang")
        return cls(
            text,
            id_,
            channel.lower() if channel is not None else None,
            kind,
            author,
            received_at,
            thread_id,
            lang,
            dict(metadata),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        for key in ("id", "channel", "kind", "thread_id", "lang"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.author is not None:
            author = {k: getattr(self.author, k) for k in _AUTHOR_FIELDS if getattr(self.author, k) is not None}
            out["author"] = author
        if self.received_at is not None:
            out["received_at"] = self.received_at.isoformat()
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        return out


def _author(raw: Any) -> Author:
    if type(raw) is not dict and not isinstance(raw, Mapping):
        raise MessageError("author", f"expected an object, got {kind_of(raw)}")
    if not raw.keys() <= _AUTHOR_FIELD_SET:
        _reject_unknown(raw, _AUTHOR_FIELDS, "author.")
    get = raw.get
    id_, name, handle = get("id"), get("name"), get("handle")
    followers, verified, prior_violations = get("followers"), get("verified"), get("prior_violations")
    # The usual valid values pass at once; anything else goes through the checks, in field order.
    if not (id_ is None or type(id_) is str):
        id_ = _opt_str(raw, "id", "author.")
    if not (name is None or type(name) is str):
        name = _opt_str(raw, "name", "author.")
    if not (handle is None or type(handle) is str):
        handle = _opt_str(raw, "handle", "author.")
    if not (followers is None or (type(followers) is int and followers >= 0)):
        followers = _opt_count(raw, "followers", "author.")
    if not (verified is None or type(verified) is bool):
        verified = _opt_bool(raw, "verified", "author.")
    if not (prior_violations is None or (type(prior_violations) is int and prior_violations >= 0)):
        prior_violations = _opt_count(raw, "prior_violations", "author.")
    return Author(id_, name, handle, followers, verified, prior_violations)


def parse_timestamp(value: Any, field: str) -> datetime:
    """An RFC 3339 timestamp with its offset (`2026-11-22T03:00:00+01:00`, `…Z`)."""
    if isinstance(value, datetime):
        stamp = value
    elif isinstance(value, str):
        try:
            stamp = datetime.fromisoformat(value.strip().replace("z", "Z").replace("Z", "+00:00"))
        except ValueError:
            raise MessageError(
                field, f"`{value}` is not an RFC 3339 timestamp", "write e.g. 2026-11-22T03:00:00+01:00"
            ) from None
    else:
        raise MessageError(field, f"expected an RFC 3339 timestamp string, got {kind_of(value)}")
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise MessageError(field, "the timestamp has no time zone offset", "add `Z` or an offset such as `+01:00`")
    if not MIN_YEAR <= stamp.year <= MAX_YEAR:
        # Deadlines and limitation periods are computed from it: keep far from datetime's limits.
        raise MessageError(field, f"the year {stamp.year} is out of range", f"use a year from {MIN_YEAR} to {MAX_YEAR}")
    return stamp


def kind_of(value: Any) -> str:
    """How a JSON value is named in an error message: `a string`, `a number`, `null`…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _reject_unknown(data: Mapping[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            raise MessageError(
                f"{prefix}{key}",
                "unknown field",
                f"did you mean `{prefix}{hint[0]}`?" if hint else "known fields: " + ", ".join(allowed),
            )


def _opt_str(data: Mapping[str, Any], key: str, prefix: str = "") -> str | None:
    value = data.get(key)
    if value is None or type(value) is str:
        return value
    if not isinstance(value, str):
        raise MessageError(f"{prefix}{key}", f"expected a string, got {kind_of(value)}")
    return value


def _opt_count(data: Mapping[str, Any], key: str, prefix: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise MessageError(f"{prefix}{key}", f"expected a whole number, got {kind_of(value)}")
    if value < 0:
        raise MessageError(f"{prefix}{key}", f"expected a number ≥ 0, got {value}")
    return value


def _opt_bool(data: Mapping[str, Any], key: str, prefix: str) -> bool | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise MessageError(f"{prefix}{key}", f"expected true or false, got {kind_of(value)}")
    return value


# ---------------------------------------------------------------- decision


@dataclass(frozen=True, slots=True)
class Evidence:
    """Words of the ORIGINAL message that made a condition true."""

    start: int
    end: int
    text: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "label": self.label}


@dataclass(frozen=True, slots=True)
class EscalationOut:
    team: str
    priority: Priority
    due_at: datetime
    team_title: str = ""
    rules: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "priority": self.priority.word,
            "due_at": self.due_at.isoformat(),
            "team_title": self.team_title,
            "rules": list(self.rules),
        }


@dataclass(frozen=True, slots=True)
class MatchedRule:
    rule: str
    title: str | None
    action: Action
    effects: tuple[str, ...]
    because: str | None
    cite: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    source: str
    categories: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "action": self.action.word,
            "effects": list(self.effects),
            "because": self.because,
            "cite": list(self.cite),
            "evidence": [e.to_dict() for e in self.evidence],
            "source": self.source,
            "categories": list(self.categories),
        }


@dataclass(frozen=True, slots=True)
class Overridden:
    rule: str
    action: Action
    by: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "action": self.action.word, "overridden_by": self.by}


@dataclass(frozen=True, slots=True)
class RuleError:
    rule: str
    code: str
    message: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "code": self.code, "message": self.message, "source": self.source}


@dataclass(frozen=True, slots=True)
class PolicyRef:
    name: str
    version: str | None
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256}


@dataclass(frozen=True, slots=True)
class Decision:
    message_id: str | None
    action: Action
    escalations: tuple[EscalationOut, ...]
    keep_evidence: bool
    reply: str | None
    matched: tuple[MatchedRule, ...]
    overridden: tuple[Overridden, ...]
    errors: tuple[RuleError, ...]
    policy: PolicyRef
    default_applied: bool
    categories: tuple[str, ...]
    elapsed_us: int
    explanation: dict[str, Any] | None = None
    # The legal analyses computed for this message (qualification with its limitation deadline,
    # targets, imputation, threat, hate): present when a rule needed them, or on a full explanation.
    analyses: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "message_id": self.message_id,
            "action": self.action.word,
            "escalations": [e.to_dict() for e in self.escalations],
            "keep_evidence": self.keep_evidence,
            "reply": self.reply,
            "matched": [m.to_dict() for m in self.matched],
            "overridden": [o.to_dict() for o in self.overridden],
            "errors": [e.to_dict() for e in self.errors],
            "default_applied": self.default_applied,
            "categories": list(self.categories),
            "policy": self.policy.to_dict(),
            "elapsed_us": self.elapsed_us,
        }
        if self.analyses is not None:
            out["analyses"] = self.analyses
        if self.explanation is not None:
            out["explanation"] = self.explanation
        return out

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(m.rule for m in self.matched)
