"""Sandbox stage — the message context a CM sets before typing messages (`:channel`, `:author`, `:at` …).

The context is a frozen value; every command returns a new one, so a session can show what changed
and `:reset` is simply going back to `MessageContext()`. It turns a typed text into the message dict
that `Policy.decide` validates (`Message.from_dict`), so the sandbox never builds a message the API
would refuse.

The default context is the one of the rules' own examples (a public Facebook comment), so a message
typed here and the same text written as an example are decided alike; only the time differs: the
sandbox uses *now* unless `:at` says otherwise.
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from policy.model import KINDS, KNOWN_CHANNELS

DEFAULT_CHANNEL = "facebook"
DEFAULT_KIND = "comment"

AUTHOR_KEYS = ("name", "handle", "id", "followers", "verified", "prior_violations")
_YES = {"yes", "y", "true", "oui", "o", "1", "vrai"}
_NO = {"no", "n", "false", "non", "0", "faux"}
_NONE = {"none", "-", "clear", "aucun", "aucune"}
_COUNT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([kKmM]?)\s*$")


class ContextError(ValueError):
    """A context command the sandbox cannot apply: what is wrong, and how to write it."""

    def __init__(self, problem: str, help: str | None = None) -> None:
        self.problem = problem
        self.help = help
        super().__init__(problem)


@dataclass(frozen=True)
class MessageContext:
    """Everything about the next message except its text."""

    channel: str | None = DEFAULT_CHANNEL
    kind: str | None = DEFAULT_KIND
    author: Mapping[str, Any] = field(default_factory=dict)
    at: datetime | None = None  # None: the moment the message is typed
    lang: str | None = None

    def message(self, text: str, *, received_at: datetime | None = None) -> dict[str, Any]:
        """The message dict for `text`; `received_at` stands in for `at` when `at` is unset."""
        message: dict[str, Any] = {"text": text}
        if self.channel is not None:
            message["channel"] = self.channel
        if self.kind is not None:
            message["kind"] = self.kind
        if self.author:
            message["author"] = dict(self.author)
        stamp = self.at or received_at
        if stamp is not None:
            message["received_at"] = stamp.isoformat()
        if self.lang is not None:
            message["lang"] = self.lang
        return message

    def describe(self) -> list[tuple[str, str]]:
        """(field, shown value) pairs, in the order `:context` prints them."""
        author = ", ".join(f"{k}={show_value(v)}" for k, v in self.author.items()) or "(none)"
        return [
            ("channel", self.channel or "(none)"),
            ("kind", self.kind or "(none)"),
            ("author", author),
            ("at", self.at.isoformat(timespec="minutes") if self.at else "now (the moment you type)"),
            ("lang", self.lang or "(guessed from the text)"),
        ]


def show_value(value: Any) -> str:
    """A context value as the CM would type it back: yes/no, quoted when it has spaces."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and (" " in value or not value):
        return f'"{value}"'
    return str(value)


# ---------------------------------------------------------------- commands that change the context


def set_channel(ctx: MessageContext, arg: str) -> tuple[MessageContext, str | None]:
    """`:channel x`; returns the new context and a note when the platform is not one ROE knows."""
    value = arg.strip().lower()
    if not value:
        raise ContextError("`:channel` needs a platform", "e.g. `:channel instagram`, or `:channel none` to remove it")
    if value in _NONE:
        return replace(ctx, channel=None), None
    note = None
    if value not in KNOWN_CHANNELS:
        # DESIGN §4: an unknown platform is accepted as-is; say so, in case it is a typo.
        hint = difflib.get_close_matches(value, KNOWN_CHANNELS, n=1)
        note = f"`{value}` is not a platform ROE knows; it is used as-is" + (
            f" (did you mean `{hint[0]}`?)" if hint else ""
        )
    return replace(ctx, channel=value), note


def set_kind(ctx: MessageContext, arg: str) -> MessageContext:
    value = arg.strip().lower()
    if value in _NONE:
        return replace(ctx, kind=None)
    if value not in KINDS:
        hint = difflib.get_close_matches(value, KINDS, n=1)
        raise ContextError(
            f"unknown kind `{value}`" if value else "`:kind` needs a kind",
            f"did you mean `{hint[0]}`?" if hint else "one of: " + ", ".join(KINDS) + ", or none",
        )
    return replace(ctx, kind=value)


def set_lang(ctx: MessageContext, arg: str) -> MessageContext:
    value = arg.strip().lower()
    if not value:
        raise ContextError("`:lang` needs a language code", "e.g. `:lang fr`, or `:lang none` to let ROE guess")
    return replace(ctx, lang=None if value in _NONE else value)


def set_author(ctx: MessageContext, arg: str) -> MessageContext:
    """`:author followers=50000 verified=yes name="Léa"` — merges into the current author; `key=` removes a
    field; `:author none` removes the author."""
    try:
        words = shlex.split(arg)
    except ValueError as exc:
        raise ContextError(f"cannot read `{arg}`: {exc}", 'quote values with spaces: name="Léa Martin"') from None
    if not words:
        raise ContextError("`:author` needs key=value pairs", 'e.g. `:author name="Léa" followers=50000 verified=yes`')
    if len(words) == 1 and words[0].lower() in _NONE:
        return replace(ctx, author={})
    author = dict(ctx.author)
    for word in words:
        key, sep, raw = word.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep:
            raise ContextError(f"`{word}` is not key=value", f"e.g. `{word}=…`; keys: " + ", ".join(AUTHOR_KEYS))
        if key not in AUTHOR_KEYS:
            hint = difflib.get_close_matches(key, AUTHOR_KEYS, n=1)
            raise ContextError(
                f"unknown author field `{key}`",
                f"did you mean `{hint[0]}`?" if hint else "author fields: " + ", ".join(AUTHOR_KEYS),
            )
        if raw == "":
            author.pop(key, None)
            continue
        author[key] = _author_value(key, raw)
    return replace(ctx, author=author)


def _author_value(key: str, raw: str) -> Any:
    if key in ("followers", "prior_violations"):
        return parse_count(raw, key)
    if key == "verified":
        word = raw.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise ContextError(f"`verified={raw}` is neither yes nor no", "write verified=yes or verified=no")
    return raw


def parse_count(raw: str, key: str) -> int:
    """A count as CMs write it: `50000`, `50 000`, `50k`, `1.2M`."""
    match = _COUNT.match(raw.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("_", ""))
    if match is None:
        raise ContextError(f"`{key}={raw}` is not a number", f"e.g. {key}=50000 or {key}=50k")
    number, suffix = match.groups()
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[suffix.lower()]
    value = float(number.replace(",", ".")) * scale
    if value != int(value):
        raise ContextError(f"`{key}={raw}` is not a whole number", f"e.g. {key}=1200")
    return int(value)


def set_at(ctx: MessageContext, arg: str, tz: ZoneInfo) -> tuple[MessageContext, str | None]:
    """`:at 2026-11-22T03:00` (the policy's time zone when no offset is written), `:at now`.

    Returns a note when the local time written does not exist or exists twice (clock changes), so the CM
    knows which instant was taken.
    """
    value = arg.strip()
    if not value:
        raise ContextError("`:at` needs a date and time", "e.g. `:at 2026-11-22T03:00`, or `:at now`")
    if value.lower() in {"now", "maintenant"}:
        return replace(ctx, at=None), None
    text = re.sub(r"^(\d{4}-\d{2}-\d{2})[ ]+", r"\1T", value)
    text = re.sub(r"[zZ]$", "+00:00", text)
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        raise ContextError(
            f"`{value}` is not a date and time",
            f"write e.g. 2026-11-22T03:00 ({tz.key} time) or 2026-11-22T03:00+01:00",
        ) from None
    if "T" not in text and ":" not in text:
        raise ContextError(f"`{value}` has no time of day", f"write e.g. {text}T09:00")
    note = None
    if stamp.tzinfo is None:
        stamp, note = _localise(stamp, tz)
    return replace(ctx, at=stamp), note


def _localise(naive: datetime, tz: ZoneInfo) -> tuple[datetime, str | None]:
    early = naive.replace(tzinfo=tz, fold=0)
    late = naive.replace(tzinfo=tz, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early, None
    # The two folds disagree: the wall time is either skipped (spring) or repeated (autumn).
    round_trip = early.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        moved = early.astimezone(UTC).astimezone(tz)  # pushed forward by the gap, as a wall clock would
        return moved, f"{naive:%Y-%m-%d %H:%M} does not exist in {tz.key} (clocks go forward); using {moved:%H:%M%z}"
    return early, f"{naive:%Y-%m-%d %H:%M} happens twice in {tz.key} (clocks go back); using the first, {early:%z}"
