"""Formatting stage, leaves: how one value of the language is written back as source text.

Strings are quoted the one canonical way (double quotes; `\\\\`, `\\"`, `\\n`, `\\t` escaped; other
control characters as `\\uXXXX`), numbers without exponents, times as `HH:MM`. Every function here is
the inverse of what `policy.syntax.transform` does with the token, so a value survives a round trip.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from policy import ast

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def quote(value: str) -> str:
    """A string literal whose unescaped value is `value`."""
    out = ['"']
    for ch in value:
        escaped = _ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif unicodedata.category(ch) == "Cc":
            # A raw carriage return or other control character is invisible in an editor and some
            # (CR) end a line for other tools: write it as an escape. Only \uXXXX exists for them.
            out.append(f"\\u{ord(ch):04x}")
        else:
            # Invisible format characters (zero-width space…) are kept as written: `roe lint` points
            # at them, and turning them into escapes here would hide that warning without a decision.
            out.append(ch)
    out.append('"')
    return "".join(out)


def number(value: int | float) -> str:
    if isinstance(value, bool):  # a bool is an int to Python; the grammar has none
        raise TypeError("a number literal cannot be a boolean")
    if isinstance(value, int):
        return str(value)
    # `repr` is the shortest text that reads back as the same float, but may use an exponent, which
    # the grammar does not have; Decimal writes the same digits positionally.
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def time(value: ast.Time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def value(v: ast.Value) -> str:
    if isinstance(v, ast.Str):
        return quote(v.value)
    if isinstance(v, ast.Number):
        return number(v.value)
    if isinstance(v, ast.Time):
        return time(v)
    return v.value


def regex(r: ast.Regex) -> str:
    # The pattern is kept exactly as written between the slashes (the AST holds the raw text).
    return f"/{r.pattern}/{r.flags}"


def string_list(items: tuple[ast.Str, ...]) -> str:
    return "[" + ", ".join(quote(s.value) for s in items) + "]"


def value_list(items: tuple[ast.Value, ...]) -> str:
    return "[" + ", ".join(value(v) for v in items) + "]"


def width(text: str) -> int:
    """Columns `text` takes in an editor: wide (emoji, CJK) characters count two, marks count none.

    From the standard library's Unicode tables, so the layout depends only on the Python version.
    """
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in {"Mn", "Me", "Cf"}:
            continue
        total += 2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1
    return total


def split_prose(text: str, first: int, rest: int) -> list[str]:
    """Cut a long reply text into pieces whose quoted forms fit `first`, then `rest` columns.

    Cuts fall after a space, preferably at the end of a sentence; every piece keeps its trailing
    space, so joining the pieces gives `text` back exactly. A word longer than the room stays whole.
    """
    sentences = _sentences(text)
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        room = first if not pieces else rest
        if width(quote(current + sentence)) <= room:
            current += sentence
            continue
        if current:
            pieces.append(current)
            current = ""
            room = rest
        if width(quote(sentence)) <= room:
            current = sentence
            continue
        for word in _words(sentence):
            room = first if not pieces else rest
            if current and width(quote(current + word)) > room:
                pieces.append(current)
                current = ""
            current += word
    if current or not pieces:
        pieces.append(current)
    return pieces


def _sentences(text: str) -> list[str]:
    """`text` cut after every space that follows a sentence end (`.`, `!`, `?`, `…`)."""
    out: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch == " " and i > 0 and text[i - 1] in ".!?…" and (i + 1 == len(text) or text[i + 1] != " "):
            out.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        out.append(text[start:])
    return out


def _words(text: str) -> list[str]:
    """`text` cut after every run of spaces."""
    out: list[str] = []
    start = 0
    i = 0
    while i < len(text):
        if text[i] == " ":
            while i < len(text) and text[i] == " ":
                i += 1
            out.append(text[start:i])
            start = i
        else:
            i += 1
    if start < len(text):
        out.append(text[start:])
    return out
