"""Diagnostics: every problem a user can cause, with a stable code, a span and a help line.

Codes are stable and documented (docs/diagnostics.md):

* ROE1xx — syntax (the parser),
* ROE2xx — semantics (the checker): 200–249 errors, 250–299 warnings,
* ROE3xx — evaluation (a rule that could not be evaluated for one message).

Messages are one lowercase sentence with the user's input in backticks; the fix goes in `help`.
Rendering follows compilers: `file:line:col: error[ROE203]: …`, the source line, a caret underline,
then `help: …`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from policy.source import NO_SPAN, SourceSpan


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    span: SourceSpan = field(default=NO_SPAN)
    help: str | None = None
    severity: Severity = Severity.ERROR
    notes: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.path, self.span.line, self.span.column, self.code)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape shared by `roe lint --format json` and the API's lint endpoint."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "help": self.help,
            "file": self.span.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "text": self.span.text,
            "notes": list(self.notes),
        }

    def render(self, *, color: bool = False) -> str:
        return render(self, color=color)


class PolicyError(Exception):
    """Raised when a policy cannot be compiled; carries every diagnostic, sorted."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(sort_diagnostics(diagnostics))
        errors = [d for d in self.diagnostics if d.is_error]
        first = errors[0] if errors else (self.diagnostics[0] if self.diagnostics else None)
        summary = f"{first.span.location()}: {first.message}" if first else "invalid policy"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"policy has {len(errors)} error(s): {summary}{more}")

    def render(self, *, color: bool = False) -> str:
        return "\n".join(d.render(color=color) for d in self.diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str, int, int]] = set()
    unique = []
    for d in diagnostics:
        key = (d.code, d.message, d.span.start, d.span.end)
        if key in seen or key[0] == "":
            continue
        seen.add(key)
        unique.append(d)
    return sorted(unique, key=Diagnostic.sort_key)


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt name, if one is close enough to be a useful hint."""
    pool = sorted(set(candidates))
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)]
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str], *, known: str | None = None) -> str | None:
    """A help line: `did you mean `x`?`, or the list of known names when nothing is close."""
    pool = sorted(set(candidates))
    best = suggest(word, pool)
    if best is not None:
        return f"did you mean `{best}`?"
    if known and pool:
        shown = ", ".join(f"`{c}`" for c in pool[:12])
        more = ", …" if len(pool) > 12 else ""
        return f"{known}: {shown}{more}"
    return None


_COLORS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "help": "\x1b[1;36m", "bold": "\x1b[1m", "dim": "\x1b[2m"}
_RESET = "\x1b[0m"


def render(d: Diagnostic, *, color: bool = False) -> str:
    def paint(style: str, text: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if color else text

    span = d.span
    header = (
        f"{paint('bold', span.location())}: {paint(d.severity.value, f'{d.severity.value}[{d.code}]')}: "
        f"{paint('bold', d.message) if color else d.message}"
    )
    lines = [header]
    if span is not NO_SPAN and span.source.text:
        number = str(span.line)
        gutter = " " * len(number)
        text = span.source.line_text(span.line)
        lines.append(f"{gutter} |")
        lines.append(f"{number} | {text}")
        start_col = span.column
        if span.end_line == span.line:
            width = max(1, span.end_column - span.column)
        else:
            width = max(1, len(text) - span.column + 1)
        # Tabs in the prefix keep the caret aligned under the same characters.
        prefix = "".join("\t" if ch == "\t" else " " for ch in text[: start_col - 1])
        lines.append(f"{gutter} | {prefix}{paint(d.severity.value, '^' * width)}")
    for note in d.notes:
        lines.append(f"  = note: {note}")
    if d.help:
        lines.append(f"  {paint('help', 'help')}: {d.help}")
    return "\n".join(lines)
