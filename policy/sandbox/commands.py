"""Sandbox stage — reading what the CM typed: a message to decide, or a `:command` with its argument.

One table (`COMMANDS`) names every command, its aliases, its argument and its help line; the parser,
`:help`, the suggestions for a mistyped command and the prompt's completion all read it, so a
command is added in one place.

A line is a command when it starts with `:` followed by a lowercase word (`:why eloge`). Anything else
is a message — so smileys such as `:)` or `:-(` are messages; a message that really starts with a
colon word is written with a backslash first (`\\:p`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class CommandSpec:
    name: str
    argument: str  # shown in help; "" when the command takes none
    summary: str
    aliases: tuple[str, ...] = ()


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("channel", "NAME", "set the platform: facebook, instagram, x, tiktok, youtube… (none: unset)"),
    CommandSpec("kind", "KIND", "set what the message is: comment, reply, mention, dm, review, post (none: unset)"),
    CommandSpec(
        "author",
        "KEY=VALUE…",
        'set the author: name="Léa" handle=@lea followers=50k verified=yes prior_violations=1 (none: no author)',
    ),
    CommandSpec("at", "WHEN", "set when it arrived: 2026-11-22T03:00 (policy time zone unless an offset), or now"),
    CommandSpec("lang", "CODE", "set the language (fr, en…); none: let ROE guess"),
    CommandSpec("context", "", "show the context the next message is decided in", ("ctx",)),
    CommandSpec("reset", "", "go back to the default context (a public Facebook comment, now)"),
    CommandSpec("explain", "", "the full trace of the last message: every rule, every condition, its value"),
    CommandSpec("why", "RULE", "why RULE did not fire on the last message: which condition was false, and why"),
    CommandSpec("rules", "", "list the rules of the policy"),
    CommandSpec("reload", "", "read the rule files again (a broken file keeps the current policy)"),
    CommandSpec("save", "FILE [NAME]", "append the last message and its decision to FILE as a test case"),
    CommandSpec("help", "[COMMAND]", "this help", ("h", "?")),
    CommandSpec("quit", "", "leave the sandbox (Ctrl-D too)", ("q", "exit")),
)

_BY_NAME = {alias: spec for spec in COMMANDS for alias in (spec.name, *spec.aliases)}
_COMMAND = re.compile(r":([a-z][a-z_-]*|\?)(?:\s+(.*))?", re.DOTALL)


@dataclass(frozen=True)
class Command:
    name: str  # the canonical name, aliases resolved
    argument: str


@dataclass(frozen=True)
class UnknownCommand:
    word: str
    suggestion: str | None


@dataclass(frozen=True)
class MessageLine:
    text: str


Parsed = Command | UnknownCommand | MessageLine | None


def parse_line(line: str) -> Parsed:
    """What one input (possibly several lines long) asks for; None for a blank input."""
    stripped = line.strip()
    if not stripped:
        return None
    if stripped.startswith("\\:"):
        return MessageLine(stripped[1:])
    match = _COMMAND.fullmatch(stripped)
    if match is None:
        return MessageLine(stripped)
    word, argument = match.group(1), (match.group(2) or "").strip()
    spec = _BY_NAME.get(word)
    if spec is None:
        return UnknownCommand(word, suggest(word))
    return Command(spec.name, argument)


def suggest(word: str) -> str | None:
    """The command a mistyped word most likely meant."""
    close = difflib.get_close_matches(word, list(_BY_NAME), n=1, cutoff=0.5)
    if close:
        return _BY_NAME[close[0]].name
    prefixed = [spec.name for spec in COMMANDS if spec.name.startswith(word)]
    return prefixed[0] if len(prefixed) == 1 else None


def spec(name: str) -> CommandSpec | None:
    return _BY_NAME.get(name.lstrip(":"))


def join_continued(lines: Iterable[str]) -> Iterator[str]:
    """Inputs from raw lines: a line ending with `\\` continues on the next one (a multi-line message).

    The piped sandbox reads this way; the interactive prompt does the same with its Enter key.
    """
    pending: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if line.endswith("\\") and not line.endswith("\\\\"):
            pending.append(line[:-1])
            continue
        if line.endswith("\\\\"):
            line = line[:-1]  # an escaped backslash ends the line with one backslash
        pending.append(line)
        yield "\n".join(pending)
        pending = []
    if pending:
        yield "\n".join(pending)
