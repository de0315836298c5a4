"""Friendly syntax errors: turn Lark's exceptions into diagnostics a lawyer can act on.

LALR's raw "expected one of 40 terminals" is useless to a rule author. We ask Lark's interactive
parser which tokens it really accepts at the error, and try small repairs: is the word a misspelt
keyword? would inserting `then`, `->` or `,` make the next token valid? is `=` meant as `==`?
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lark import Token, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.exceptions import UnexpectedEOF

from policy.diagnostics import Diagnostic, suggest
from policy.source import Source

_DECLARATIONS = {
    "POLICY", "DEFAULT", "ON", "TIMEZONE", "HOURS", "HOLIDAYS", "INCLUDE", "DISABLE", "TEAM",
    "LEXICON", "EXTEND", "DEFINE", "TEMPLATE", "ORGANISATION", "STAFF", "RULE",
}  # fmt: skip

_TERMINAL_NAMES = {
    "NAME": "a name",
    "STRING": 'a string in double quotes (`"…"`)',
    "INT": "a whole number",
    "NUMBER": "a number",
    "DURATION": "a duration such as `4h` or `30m`",
    "TIME": "a time such as `22:00`",
    "TIME_RANGE": "hours such as `09:00-19:00`",
    "DAYS": "days such as `mon-fri` or `sat`",
    "COMP_OP": "a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)",
    "REGEX": "a regular expression such as `/\\d+/`",
    "ARROW": "`->`",
    "COMMA": "`,`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "EQUAL": "`=`",
    "DOT": "`.`",
    "$END": "the end of the file",
}

# Tokens worth trying to insert before an unexpected token, most telling first.
_REPAIRS = (("THEN", "then"), ("WHEN", "when"), ("ARROW", "->"), ("COMMA", ","), ("RPAR", ")"), ("RSQB", "]"))


def _describe(terminal: str, keywords: frozenset[str]) -> str:
    if terminal in _TERMINAL_NAMES:
        return _TERMINAL_NAMES[terminal]
    word = terminal.lower()
    return f"`{word}`" if word in keywords else terminal


def _expected_help(accepts: Iterable[str], keywords: frozenset[str]) -> str | None:
    accepted = set(accepts)
    declarations = accepted & _DECLARATIONS
    rest = sorted(accepted - _DECLARATIONS, key=lambda t: (t not in _TERMINAL_NAMES, t))
    parts = [_describe(t, keywords) for t in rest if t != "$END"]
    if declarations:
        parts.append("a new declaration (`rule`, `lexicon`, `team`, …)")
    if not parts:
        return None
    if len(parts) == 1:
        return f"expected {parts[0]}"
    return "expected " + ", ".join(parts[:-1]) + f" or {parts[-1]}"


def _shown(tok: Token) -> str:
    if tok.type == "$END":
        return "end of file"
    return f"`{tok.value}`"


def syntax_diagnostic(error: UnexpectedInput, source: Source, keywords: frozenset[str]) -> Diagnostic:
    text = source.text
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, source)
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, source, keywords)
    if isinstance(error, UnexpectedEOF):
        end = len(text)
        return Diagnostic(
            "ROE106",
            "unexpected end of file",
            source.span(end, end),
            _expected_help(error.expected, keywords),
        )
    pos = getattr(error, "pos_in_stream", 0) or 0
    return Diagnostic("ROE100", "syntax error", source.span(pos, pos + 1))


def _unexpected_character(error: UnexpectedCharacters, source: Source) -> Diagnostic:
    text = source.text
    pos = int(error.pos_in_stream or 0)
    char = text[pos] if pos < len(text) else ""
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end == -1 else line_end
    if char == '"':
        return Diagnostic(
            "ROE101",
            "unterminated string",
            source.span(pos, line_end),
            'add the closing `"` on the same line; to write a long text, put several strings in a row',
        )
    if char == "/":
        return Diagnostic(
            "ROE101",
            "unterminated regular expression",
            source.span(pos, line_end),
            "close the regular expression with `/` on the same line, e.g. `/\\d{5}/`",
        )
    if char in "“”«»":
        return Diagnostic(
            "ROE100",
            f"unexpected character `{char}`",
            source.span(pos, pos + 1),
            'strings use straight double quotes: `"…"`',
        )
    if char == "'":
        return Diagnostic(
            "ROE100",
            "unexpected character `'`",
            source.span(pos, pos + 1),
            'strings use double quotes: `"…"`; an apostrophe inside a string is fine',
        )
    shown = repr(char)[1:-1] if not char.isprintable() else char
    return Diagnostic(
        "ROE100",
        f"unexpected character `{shown}`",
        source.span(pos, pos + 1),
        "remove it, or put it inside a string",
    )


def _unexpected_token(error: UnexpectedToken, source: Source, keywords: frozenset[str]) -> Diagnostic:
    tok = error.token
    interactive = error.interactive_parser
    accepts = set(error.expected if interactive is None else interactive.accepts())  # type: ignore[no-untyped-call]
    start = tok.start_pos if tok.start_pos is not None else len(source.text)
    end = tok.end_pos if tok.end_pos is not None else start
    span = source.span(start, end)

    if tok.type == "$END":
        end_of_text = len(source.text.rstrip())
        return Diagnostic(
            "ROE106", "unexpected end of file", source.span(end_of_text, end_of_text), _expected_help(accepts, keywords)
        )

    accepted_words = {t.lower() for t in accepts if t.lower() in keywords}

    # A misspelt keyword where a keyword was expected: `wehn`, `lexcon`.
    if tok.type == "NAME" and accepted_words and len(tok.value) >= 3:
        best = suggest(str(tok.value), accepted_words)
        if best is not None:
            return Diagnostic("ROE103", f"unknown keyword `{tok.value}`", span, f"did you mean `{best}`?")

    # A misspelt operator parses as `field word` (`text contians "x"`); the error then lands on the
    # following token. Look at the word just before it.
    before = re.search(r"([^\W\d]\w*)[ \t]*$", source.text[:start])
    if before and before.group(1) not in keywords:
        best = suggest(before.group(1), {"contains", "matches", "near", "within", "in"})
        if best is not None and best != before.group(1):
            word_span = source.span(before.start(1), before.end(1))
            return Diagnostic("ROE103", f"unknown keyword `{before.group(1)}`", word_span, f"did you mean `{best}`?")

    if tok.type == "EQUAL" and "COMP_OP" in accepts:
        return Diagnostic("ROE108", "`=` does not compare values", span, "use `==` to compare a field with a value")

    if interactive is not None:
        for terminal, shown in _REPAIRS:
            if terminal not in accepts:
                continue
            attempt = interactive.copy()  # type: ignore[no-untyped-call]
            try:
                attempt.feed_token(Token(terminal, shown))
            except UnexpectedInput:
                continue
            if tok.type in attempt.accepts():
                return Diagnostic("ROE102", f"missing `{shown}` before {_shown(tok)}", span, _missing_help(shown))

    return Diagnostic("ROE104", f"unexpected {_shown(tok)}", span, _expected_help(accepts, keywords))


def _missing_help(shown: str) -> str:
    return {
        "then": "a rule reads `when <condition> then <effects>`",
        "when": 'a rule reads `rule <id> "<title>" when <condition> then <effects>`',
        "->": 'an example reads `"message text" -> <action>`',
        ",": "separate the items of a list with commas",
        ")": "close the parenthesis",
        "]": "close the list with `]`",
    }.get(shown, f"add `{shown}`")
