"""Parsing stage: source text → typed AST, with every syntax error reported.

The only place (with its siblings in `policy.syntax`) that knows about Lark. The grammar is
`grammar/roe.lark`, parsed with LALR(1) and the contextual lexer, positions kept.

Error recovery: Lark stops at the first error, but users want all of them at once. Every declaration
starts with a reserved keyword at the start of a line, so after an error the parser resumes at the
next line that starts a declaration; the declarations before the broken one are parsed on their own
and kept, so that the checker can still report what is wrong elsewhere. A file with any syntax error
never yields a policy.
"""

from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass
from functools import cache

from lark import Lark, Token, UnexpectedInput

from policy import ast
from policy.diagnostics import Diagnostic
from policy.resources import grammar_path
from policy.source import Source
from policy.syntax.errors import syntax_diagnostic
from policy.syntax.transform import ToAst

# Words that start a declaration; recovery resumes at a line starting with one of them.
DECLARATION_KEYWORDS = (
    "policy", "default", "on", "timezone", "hours", "holidays", "include", "disable", "team",
    "lexicon", "extend", "define", "template", "organisation", "staff", "rule",
)  # fmt: skip
_DECLARATION_START = re.compile(r"^[ \t]*(" + "|".join(DECLARATION_KEYWORDS) + r")\b", re.MULTILINE)

_comments: contextvars.ContextVar[list[Token] | None] = contextvars.ContextVar("roe_comments", default=None)


def _collect_comment(token: Token) -> Token:
    sink = _comments.get()
    if sink is not None:
        sink.append(token)
    return token


@cache
def lark_parser() -> Lark:
    """The process-wide parser; Lark's LALR parser keeps no state between calls."""
    return Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        lexer_callbacks={"COMMENT": _collect_comment},
    )


@cache
def keywords() -> frozenset[str]:
    """The reserved words, read from the grammar's keyword block (one place, STYLE §2)."""
    from lark.lexer import PatternStr

    return frozenset(
        t.pattern.value
        for t in lark_parser().terminals
        if isinstance(t.pattern, PatternStr) and re.fullmatch(r"[a-z_]+", t.pattern.value)
    )


@dataclass(frozen=True)
class ParseResult:
    module: ast.Module
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def _masked(text: str, start: int, end: int) -> str:
    """The text with everything outside [start, end) blanked, keeping offsets and line numbers."""
    head = re.sub(r"[^\n]", " ", text[:start])
    return head + text[start:end]


def parse(source: Source) -> ParseResult:
    """Parse one file. Never raises on bad input: problems come back as diagnostics."""
    text = source.text
    diagnostics: list[Diagnostic] = []
    items: list[ast.Item] = []
    comment_tokens: list[Token] = []
    to_ast = ToAst(source, keywords())
    offset = 0
    while offset <= len(text):
        tree, error = _parse_region(text, offset, len(text), comment_tokens)
        if error is None:
            items.extend(to_ast.items(tree))
            break
        diagnostics.append(syntax_diagnostic(error, source, keywords()))
        position = _error_offset(error, text)
        broken, resume = _recovery_points(text, offset, position)
        # The declarations before the broken one parse on their own: keep them. When the error is the
        # first word of its line (a misspelt keyword), the declaration above it may be complete.
        line_start = text.rfind("\n", 0, position) + 1
        ends = [line_start] if broken < line_start <= position and not text[line_start:position].strip() else []
        for end in (*ends, broken):
            if end <= offset:
                continue
            tree, again = _parse_region(text, offset, end, comment_tokens)
            if again is None:
                items.extend(to_ast.items(tree))
                break
        if resume is None:
            break
        offset = resume
    comments = tuple(
        ast.Comment(str(tok.value), span=source.span(tok.start_pos or 0, tok.end_pos or 0))
        for tok in sorted({t.start_pos: t for t in comment_tokens}.values(), key=lambda t: t.start_pos or 0)
    )
    module = ast.Module(tuple(items), comments, span=source.span(0, len(text)))
    return ParseResult(module, tuple(diagnostics) + tuple(to_ast.diagnostics))


def _parse_region(text: str, start: int, end: int, comment_sink: list[Token]) -> tuple[object, UnexpectedInput | None]:
    collected: list[Token] = []
    token = _comments.set(collected)
    try:
        tree = lark_parser().parse(_masked(text, start, end))
    except UnexpectedInput as error:
        return None, error
    finally:
        _comments.reset(token)
    comment_sink.extend(collected)
    return tree, None


def _error_offset(error: UnexpectedInput, text: str) -> int:
    token = getattr(error, "token", None)
    if token is not None and token.type != "$END" and token.start_pos is not None:
        return int(token.start_pos)
    pos = getattr(error, "pos_in_stream", None)
    return int(pos) if pos is not None else len(text)


def _recovery_points(text: str, offset: int, position: int) -> tuple[int, int | None]:
    """Where the broken declaration starts, and where parsing resumes after it.

    When the unexpected token itself starts a declaration (`rule` after a rule with no `then`), the
    broken declaration is the one before it and parsing resumes at that token.
    """
    starts = [m.start(1) for m in _DECLARATION_START.finditer(text, offset)]
    at_start = position in starts
    before = [s for s in starts if (s < position if at_start else s <= position)]
    broken = before[-1] if before else offset
    after = [s for s in starts if (s >= position if at_start else s > position) and s > offset]
    return broken, (after[0] if after else None)
