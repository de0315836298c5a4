"""Facts: everything a condition can ask about a message, with its type, cost and getter.

One registry serves two stages: the checker reads the *types* (to report `author.followers >= "x"`
or `kind == dms`), the compiler reads the *getters* and *costs* (to evaluate cheap facts first).
Analyses (links, personal data, and the legal analyses of `policy.analyzers`) are facts too: a
getter that runs an analyzer once per message (cached on the evaluation context) and exposes its
findings as evidence.

Values a getter cannot produce (a message without `author.followers`) raise `MissingValue`; the rule
then counts as not matched and the policy's `on error` effects join the decision (DESIGN §3.4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time
from enum import Enum
from typing import TYPE_CHECKING, Any

from policy.analyzers.base import Cost, Finding
from policy.model import KINDS, KNOWN_CHANNELS

if TYPE_CHECKING:
    from policy.evaluate import Context


class MissingValue(Exception):
    """A fact has no value for this message (an optional field was not sent)."""

    def __init__(self, path: str, why: str | None = None) -> None:
        self.path = path
        super().__init__(why or f"the message has no `{path}`")


class Type(Enum):
    TEXT = "text"  # searchable with `contains` / `matches`
    STRING = "string"
    ENUM = "choice"  # a closed set of words (`kind`)
    NUMBER = "number"
    BOOL = "yes/no"
    DATETIME = "date and time"
    TIME = "time of day"
    SET = "set"  # a set of words from a closed list (`pii`, `mentions`)
    DOMAINS = "set of web domains"
    ANY = "any"  # `metadata.*`: checked when the message arrives

    @property
    def article(self) -> str:
        return {
            Type.TEXT: "a text", Type.STRING: "a string", Type.ENUM: "a choice", Type.NUMBER: "a number",
            Type.BOOL: "a yes/no value", Type.DATETIME: "a date and time", Type.TIME: "a time of day",
            Type.SET: "a set", Type.DOMAINS: "a set of web domains", Type.ANY: "a value",
        }[self]  # fmt: skip


Getter = Callable[["Context"], Any]
FindingsGetter = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Fact:
    path: str
    type: Type
    doc: str
    get: Getter
    cost: Cost = Cost.FIELD
    values: tuple[str, ...] = ()  # the closed set of an ENUM / SET
    known: tuple[str, ...] = ()  # usual values of an open STRING (warn on anything else)
    findings: FindingsGetter | None = None
    aliases: tuple[str, ...] = ()  # other spellings accepted after `has` (`has link`)
    label: str | None = None  # the prefix of its findings' labels, when not its path

    @property
    def label_prefix(self) -> str:
        return self.label or self.path


# ---------------------------------------------------------------- getters of message fields


def _field(name: str) -> Getter:
    def get(ctx: Context) -> Any:
        value = getattr(ctx.message, name)
        if value is None:
            raise MissingValue(name)
        return value

    return get


def _author(name: str) -> Getter:
    path = f"author.{name}"

    def get(ctx: Context) -> Any:
        author = ctx.message.author
        value = None if author is None else getattr(author, name)
        if value is None:
            raise MissingValue(path)
        return value

    return get


def _local(ctx: Context) -> datetime:
    return ctx.local_time


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _links(ctx: Context) -> frozenset[str]:
    return frozenset(link.domain for link in ctx.links())


def _link_findings(ctx: Context) -> Iterable[Finding]:
    return (Finding(f"link.{link.domain}", link.start, link.end) for link in ctx.links())


def _metadata_getter(path: str) -> Getter:
    keys = path.split(".")[1:]

    def get(ctx: Context) -> Any:
        value: Any = ctx.message.metadata
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                raise MissingValue(path)
            value = value[key]
        return value

    return get


def _core_facts() -> list[Fact]:
    return [
        Fact("text", Type.TEXT, "the message text", _field("text")),
        Fact("id", Type.STRING, "the message id", _field("id")),
        Fact("thread_id", Type.STRING, "the conversation the message belongs to", _field("thread_id")),
        Fact(
            "channel",
            Type.STRING,
            "the platform, lowercase (facebook, instagram, x…)",
            _field("channel"),
            known=KNOWN_CHANNELS,
        ),
        Fact("kind", Type.ENUM, "comment, reply, mention, dm, review or post", _field("kind"), values=KINDS),
        Fact(
            "lang",
            Type.STRING,
            "the language: as sent, else guessed (fr, en, und)",
            lambda ctx: ctx.lang(),
            cost=Cost.SCAN,
            known=("fr", "en", "und"),
        ),
        Fact("author.id", Type.STRING, "the author's id on the platform", _author("id")),
        Fact("author.name", Type.TEXT, "the author's display name", _author("name")),
        Fact("author.handle", Type.TEXT, "the author's @handle", _author("handle")),
        Fact("author.followers", Type.NUMBER, "how many people follow the author", _author("followers")),
        Fact("author.verified", Type.BOOL, "whether the platform verified the author", _author("verified")),
        Fact(
            "author.prior_violations",
            Type.NUMBER,
            "how many earlier messages of the author were removed",
            _author("prior_violations"),
        ),
        Fact("received_at", Type.DATETIME, "when the message arrived (now if not sent)", lambda ctx: ctx.received_at),
        Fact(
            "received_at.hour", Type.NUMBER, "the hour (0–23) in the policy's time zone", lambda ctx: _local(ctx).hour
        ),
        Fact(
            "received_at.minute",
            Type.NUMBER,
            "the minute (0–59) in the policy's time zone",
            lambda ctx: _local(ctx).minute,
        ),
        Fact(
            "received_at.time",
            Type.TIME,
            "the time of day in the policy's time zone",
            lambda ctx: _local(ctx).time().replace(second=0, microsecond=0),
        ),
        Fact(
            "received_at.weekday",
            Type.ENUM,
            "the day of the week in the policy's time zone (mon … sun)",
            lambda ctx: _WEEKDAYS[_local(ctx).weekday()],
            values=_WEEKDAYS,
        ),
        Fact(
            "weekend", Type.BOOL, "Saturday or Sunday in the policy's time zone", lambda ctx: _local(ctx).weekday() >= 5
        ),
        Fact(
            "holiday",
            Type.BOOL,
            "a public holiday of the policy's calendar (French by default)",
            lambda ctx: ctx.is_holiday(),
        ),
        Fact(
            "link",
            Type.DOMAINS,
            "the web domains the message links to",
            _links,
            cost=Cost.PATTERNS,
            findings=_link_findings,
            aliases=("links",),
        ),
        Fact(
            "link.count",
            Type.NUMBER,
            "how many links the message has",
            lambda ctx: len(ctx.links()),
            cost=Cost.PATTERNS,
        ),
    ]


def builtin_facts() -> dict[str, Fact]:
    """The registry: core message facts plus every analysis of `policy.analyzers`."""
    from policy.analyzers.registry import analysis_facts

    facts = {f.path: f for f in _core_facts()}
    for fact in analysis_facts():
        facts[fact.path] = fact
    return facts


def metadata_fact(path: str) -> Fact:
    """`metadata.x.y`: free data the integrator sends; its type is known only at run time."""
    return Fact(path, Type.ANY, "free data sent by the integrator", _metadata_getter(path))


def coerce_time(value: Any) -> time | None:
    return value if isinstance(value, time) else None
