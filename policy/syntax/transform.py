"""Parse tree → typed AST (`policy.ast`), with spans, unescaped strings and reserved names checked.

A Lark Transformer, so no `lark.Tree` or `Token` leaves this package (STYLE §2). Problems that the
grammar cannot express (a keyword used as a name, a bad escape in a string, an impossible time)
become diagnostics collected on the transformer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lark import Token, Transformer, Tree, v_args
from lark.tree import Meta

from policy import ast
from policy.diagnostics import Diagnostic
from policy.source import NO_SPAN, Source, SourceSpan

_DAYS = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6,
}  # fmt: skip
_DURATION_UNITS = {"d": 86400, "h": 3600, "min": 60, "m": 60, "s": 1}
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "/": "/"}


def _is_keyword_token(child: object) -> bool:
    return isinstance(child, Token) and child.type.isupper() and child.type not in {
        "NAME", "STRING", "INT", "NUMBER", "DURATION", "TIME", "TIME_RANGE", "DAYS", "COMP_OP", "REGEX",
    }  # fmt: skip


@v_args(meta=True)
class ToAst(Transformer[Token, Any]):
    def __init__(self, source: Source, keywords: frozenset[str]) -> None:
        super().__init__(visit_tokens=False)
        self.source = source
        self.keywords = keywords
        self.diagnostics: list[Diagnostic] = []

    # ------------------------------------------------------------ helpers

    def items(self, tree: object) -> list[ast.Item]:
        assert isinstance(tree, Tree)
        result = self.transform(tree)
        assert isinstance(result, list)
        return result

    def _span(self, meta: Meta) -> SourceSpan:
        if getattr(meta, "empty", True):
            return NO_SPAN
        return self.source.span(meta.start_pos, meta.end_pos)

    def _tok_span(self, tok: Token) -> SourceSpan:
        return self.source.span(tok.start_pos or 0, tok.end_pos or 0)

    @staticmethod
    def _strip(children: Iterable[object]) -> list[Any]:
        return [c for c in children if not _is_keyword_token(c)]

    def _error(self, code: str, message: str, span: SourceSpan, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help))

    # ------------------------------------------------------------ leaves

    def start(self, meta: Meta, children: list[Any]) -> list[Any]:
        return [c for c in children if c is not None]

    def name(self, meta: Meta, children: list[Token]) -> ast.Name:
        tok = children[0]
        span = self._tok_span(tok)
        if tok.value in self.keywords:
            self._error(
                "ROE105",
                f"`{tok.value}` is a reserved keyword and cannot be used as a name",
                span,
                f"choose another name, for example `{tok.value}_1` or `my_{tok.value}`",
            )
        return ast.Name(str(tok.value), span=span)

    def string(self, meta: Meta, children: list[Token]) -> ast.Str:
        tok = children[0]
        return ast.Str(self._unescape(tok), span=self._tok_span(tok))

    def _unescape(self, tok: Token) -> str:
        raw = str(tok.value)[1:-1]
        if "\\" not in raw:
            return raw
        out: list[str] = []
        i = 0
        while i < len(raw):
            ch = raw[i]
            if ch != "\\":
                out.append(ch)
                i += 1
                continue
            nxt = raw[i + 1] if i + 1 < len(raw) else ""
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
            elif nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", raw[i + 2 : i + 6]):
                out.append(chr(int(raw[i + 2 : i + 6], 16)))
                i += 6
            else:
                start = (tok.start_pos or 0) + 1 + i
                self._error(
                    "ROE107",
                    f"unknown escape `\\{nxt}` in a string",
                    self.source.span(start, start + 2),
                    'write `\\\\` for a backslash; known escapes are `\\"`, `\\\\`, `\\n`, `\\t` and `\\uXXXX`',
                )
                out.append(nxt)
                i += 2
        return "".join(out)

    def int(self, meta: Meta, children: list[Token]) -> ast.Number:
        tok = children[0]
        return ast.Number(int(tok.value), span=self._tok_span(tok))

    def number(self, meta: Meta, children: list[Token]) -> ast.Number:
        tok = children[0]
        text = str(tok.value)
        value: int | float = float(text) if "." in text else int(text)
        return ast.Number(value, span=self._tok_span(tok))

    def duration(self, meta: Meta, children: list[Token]) -> ast.Duration:
        tok = children[0]
        seconds = sum(
            int(amount) * _DURATION_UNITS[unit] for amount, unit in re.findall(r"(\d+)(min|d|h|m|s)", tok.value)
        )
        return ast.Duration(seconds, str(tok.value), span=self._tok_span(tok))

    def ident(self, meta: Meta, children: list[Any]) -> ast.Ident:
        name: ast.Name = children[0]
        return ast.Ident(name.value, span=name.span)

    def time(self, meta: Meta, children: list[Token]) -> ast.Time:
        return self._time(children[0].value, self._tok_span(children[0]))

    def _time(self, text: str, span: SourceSpan) -> ast.Time:
        hour, minute = (int(x) for x in text.strip().split(":"))
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            self._error(
                "ROE110", f"`{text.strip()}` is not a time of day", span, "write hours as `HH:MM`, from 00:00 to 24:00"
            )
        return ast.Time(hour, minute, span=span)

    def path(self, meta: Meta, children: list[ast.Name]) -> ast.Path:
        return ast.Path(tuple(n.value for n in children), span=self._span(meta))

    def value_list(self, meta: Meta, children: list[Any]) -> tuple[Any, ...]:
        return tuple(children)

    def string_list(self, meta: Meta, children: list[ast.Str]) -> tuple[ast.Str, ...]:
        return tuple(children)

    # ------------------------------------------------------------ header and declarations

    def policy_decl(self, meta: Meta, children: list[Any]) -> ast.PolicyHeader:
        strings = self._strip(children)
        return ast.PolicyHeader(strings[0], strings[1] if len(strings) > 1 else None, span=self._span(meta))

    def default_decl(self, meta: Meta, children: list[Any]) -> ast.DefaultDecl:
        return ast.DefaultDecl(self._strip(children)[0], span=self._span(meta))

    def on_error_decl(self, meta: Meta, children: list[Any]) -> ast.OnErrorDecl:
        return ast.OnErrorDecl(self._strip(children)[0], span=self._span(meta))

    def timezone_decl(self, meta: Meta, children: list[Any]) -> ast.TimezoneDecl:
        return ast.TimezoneDecl(self._strip(children)[0], span=self._span(meta))

    def hours_decl(self, meta: Meta, children: list[Any]) -> ast.HoursDecl:
        return ast.HoursDecl(tuple(self._strip(children)), span=self._span(meta))

    def hours_spec(self, meta: Meta, children: list[Token]) -> ast.HoursSpec:
        days_tok, *range_toks = children
        names = [d.strip() for d in str(days_tok.value).split("-")]
        first = _DAYS[names[0]]
        last = _DAYS[names[-1]]
        ranges = []
        for tok in range_toks:
            span = self._tok_span(tok)
            start_text, end_text = str(tok.value).split("-")
            ranges.append(ast.TimeRange(self._time(start_text, span), self._time(end_text, span), span=span))
        return ast.HoursSpec(first, last, tuple(ranges), str(days_tok.value), span=self._span(meta))

    def holidays_decl(self, meta: Meta, children: list[Any]) -> ast.HolidaysDecl:
        strings = self._strip(children)
        return ast.HolidaysDecl(strings[0], strings[1] if len(strings) > 1 else None, span=self._span(meta))

    def include_decl(self, meta: Meta, children: list[Any]) -> ast.Include:
        return ast.Include(self._strip(children)[0], span=self._span(meta))

    def disable_decl(self, meta: Meta, children: list[Any]) -> ast.Disable:
        return ast.Disable(self._strip(children)[0], span=self._span(meta))

    def team_decl(self, meta: Meta, children: list[Any]) -> ast.TeamDecl:
        parts = self._strip(children)
        within = parts[2] if len(parts) > 2 else None
        return ast.TeamDecl(parts[0], parts[1], within, span=self._span(meta))

    def lexicon_inline(self, meta: Meta, children: list[Any]) -> ast.LexiconDecl:
        name, terms = self._strip(children)
        return ast.LexiconDecl(name, terms=terms, span=self._span(meta))

    def lexicon_file(self, meta: Meta, children: list[Any]) -> ast.LexiconDecl:
        name, file = self._strip(children)
        return ast.LexiconDecl(name, file=file, span=self._span(meta))

    def extend_inline(self, meta: Meta, children: list[Any]) -> ast.ExtendLexicon:
        name, terms = self._strip(children)
        return ast.ExtendLexicon(name, terms=terms, span=self._span(meta))

    def extend_file(self, meta: Meta, children: list[Any]) -> ast.ExtendLexicon:
        name, file = self._strip(children)
        return ast.ExtendLexicon(name, file=file, span=self._span(meta))

    def define_decl(self, meta: Meta, children: list[Any]) -> ast.Define:
        name, condition = self._strip(children)
        return ast.Define(name, condition, span=self._span(meta))

    def template_decl(self, meta: Meta, children: list[Any]) -> ast.TemplateDecl:
        name, *strings = self._strip(children)
        text = ast.Str("".join(s.value for s in strings), span=strings[0].span.cover(strings[-1].span))
        return ast.TemplateDecl(name, text, span=self._span(meta))

    def organisation_decl(self, meta: Meta, children: list[Any]) -> ast.OrganisationDecl:
        name, *clauses = self._strip(children)
        fields: dict[str, tuple[ast.Str, ...]] = {}
        for key, values in clauses:
            fields[key] = fields.get(key, ()) + values
        return ast.OrganisationDecl(name, span=self._span(meta), **fields)

    def org_aliases(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("aliases", self._strip(children)[0])

    def org_handles(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("handles", self._strip(children)[0])

    def org_domains(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("domains", self._strip(children)[0])

    def org_contacts(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("contacts", self._strip(children)[0])

    def staff_decl(self, meta: Meta, children: list[Any]) -> ast.StaffDecl:
        name, *clauses = self._strip(children)
        fields: dict[str, tuple[ast.Str, ...]] = {}
        for key, values in clauses:
            fields[key] = fields.get(key, ()) + values
        return ast.StaffDecl(name, span=self._span(meta), **fields)

    def staff_roles(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("roles", self._strip(children)[0])

    def staff_places(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("places", self._strip(children)[0])

    # ------------------------------------------------------------ rules

    def rule_decl(self, meta: Meta, children: list[Any]) -> ast.Rule:
        parts = self._strip(children)
        rule_id: ast.Name = parts.pop(0)
        title = parts.pop(0) if parts and isinstance(parts[0], ast.Str) else None
        priority = parts.pop(0) if parts and isinstance(parts[0], ast.Number) else None
        when = parts.pop(0)
        then = parts.pop(0)
        because: ast.Str | None = None
        cites: tuple[ast.Str, ...] = ()
        categories: tuple[ast.Name, ...] = ()
        examples: tuple[ast.Example, ...] = ()
        for kind, value, span in parts:
            if kind == "because":
                if because is not None:
                    self._error("ROE111", "a rule has one `because`", span, "merge the two reasons into one string")
                because = value
            elif kind == "cite":
                cites += value
            elif kind == "category":
                categories += value
            else:
                examples += value
        return ast.Rule(
            rule_id, title, priority, when, then, because, cites, categories, examples, span=self._span(meta)
        )

    def because(self, meta: Meta, children: list[Any]) -> tuple[str, Any, SourceSpan]:
        return ("because", self._strip(children)[0], self._span(meta))

    def cite(self, meta: Meta, children: list[Any]) -> tuple[str, Any, SourceSpan]:
        return ("cite", tuple(self._strip(children)), self._span(meta))

    def category(self, meta: Meta, children: list[Any]) -> tuple[str, Any, SourceSpan]:
        return ("category", tuple(self._strip(children)), self._span(meta))

    def examples(self, meta: Meta, children: list[Any]) -> tuple[str, Any, SourceSpan]:
        return ("examples", tuple(self._strip(children)), self._span(meta))

    def example(self, meta: Meta, children: list[Any]) -> ast.Example:
        parts = [c for c in children if not (isinstance(c, Token) and c.type in {"WITH", "ARROW"})]
        text = parts[0]
        expected = parts[-1]
        context = tuple(p for p in parts[1:-1] if isinstance(p, ast.ContextItem))
        return ast.Example(text, context, expected, span=self._span(meta))

    def context_item(self, meta: Meta, children: list[Any]) -> ast.ContextItem:
        path, value = self._strip(children)
        return ast.ContextItem(path, value, span=self._span(meta))

    def action_word(self, meta: Meta, children: list[Token]) -> ast.Name:
        tok = children[0]
        return ast.Name(str(tok.value), span=self._tok_span(tok))

    def expected(self, meta: Meta, children: list[Any]) -> ast.Expected:
        action: ast.Name = children[0]
        escalations: list[ast.Name] = []
        fires: bool | None = None
        for child in children[1:]:
            if isinstance(child, ast.Name):
                escalations.append(child)
            elif isinstance(child, Token) and child.type in {"MATCHED", "UNMATCHED"}:
                fires = child.type == "MATCHED"
        return ast.Expected(action, tuple(escalations), fires, span=self._span(meta))

    # ------------------------------------------------------------ effects

    def effects(self, meta: Meta, children: list[Any]) -> tuple[Any, ...]:
        return tuple(children)

    def answer(self, meta: Meta, children: list[Any]) -> ast.Answer:
        parts = self._strip(children)
        return ast.Answer(parts[0] if parts else None, span=self._span(meta))

    def ignore(self, meta: Meta, children: list[Any]) -> ast.Ignore:
        return ast.Ignore(span=self._span(meta))

    def hide(self, meta: Meta, children: list[Any]) -> ast.Hide:
        return ast.Hide(span=self._span(meta))

    def delete(self, meta: Meta, children: list[Any]) -> ast.Delete:
        return ast.Delete(span=self._span(meta))

    def keep_evidence(self, meta: Meta, children: list[Any]) -> ast.KeepEvidence:
        return ast.KeepEvidence(span=self._span(meta))

    def escalate(self, meta: Meta, children: list[Any]) -> ast.Escalate:
        parts = self._strip(children)
        team = parts[0]
        priority = next((p for p in parts[1:] if isinstance(p, ast.Name)), None)
        within = next((p for p in parts[1:] if isinstance(p, ast.Duration)), None)
        return ast.Escalate(team, priority, within, span=self._span(meta))

    # ------------------------------------------------------------ conditions

    def or_(self, meta: Meta, children: list[Any]) -> ast.Or:
        left, right = self._strip(children)
        operands = (*left.operands, right) if isinstance(left, ast.Or) else (left, right)
        return ast.Or(operands, span=self._span(meta))

    def and_(self, meta: Meta, children: list[Any]) -> ast.And:
        left, right = self._strip(children)
        operands = (*left.operands, right) if isinstance(left, ast.And) else (left, right)
        return ast.And(operands, span=self._span(meta))

    def not_(self, meta: Meta, children: list[Any]) -> ast.Not:
        return ast.Not(self._strip(children)[0], span=self._span(meta))

    def compare(self, meta: Meta, children: list[Any]) -> ast.Compare:
        path, op, value = children
        return ast.Compare(path, str(op.value), value, span=self._span(meta))

    def in_list(self, meta: Meta, children: list[Any]) -> ast.InList:
        path, values = self._strip(children)
        return ast.InList(path, values, False, span=self._span(meta))

    def not_in_list(self, meta: Meta, children: list[Any]) -> ast.InList:
        path, values = self._strip(children)
        return ast.InList(path, values, True, span=self._span(meta))

    def contains(self, meta: Meta, children: list[Any]) -> ast.Contains:
        parts = self._strip(children)
        path, terms = parts[0], parts[1]
        near = parts[2] if len(parts) > 2 else None
        within = parts[3] if len(parts) > 3 else None
        return ast.Contains(path, terms, near, within, span=self._span(meta))

    def phrase(self, meta: Meta, children: list[Any]) -> ast.Phrase:
        return ast.Phrase(children[0], span=self._span(meta))

    def lexicon_ref(self, meta: Meta, children: list[Any]) -> ast.LexiconRef:
        return ast.LexiconRef(self._strip(children)[0], span=self._span(meta))

    def inline_terms(self, meta: Meta, children: list[Any]) -> ast.InlineTerms:
        return ast.InlineTerms(self._strip(children)[0], span=self._span(meta))

    def matches(self, meta: Meta, children: list[Any]) -> ast.Matches:
        path, tok = self._strip(children)
        text = str(tok.value)
        end = text.rindex("/")
        regex = ast.Regex(text[1:end], text[end + 1 :], span=self._tok_span(tok))
        return ast.Matches(path, regex, span=self._span(meta))

    def has(self, meta: Meta, children: list[Any]) -> ast.Has:
        path, *args = self._strip(children)
        return ast.Has(path, tuple(args), span=self._span(meta))

    def outside_hours(self, meta: Meta, children: list[Any]) -> ast.Hours:
        return ast.Hours(True, span=self._span(meta))

    def within_hours(self, meta: Meta, children: list[Any]) -> ast.Hours:
        return ast.Hours(False, span=self._span(meta))

    def is_(self, meta: Meta, children: list[Any]) -> ast.Is:
        path, name = children
        return ast.Is(path, ast.Ident(name.value, span=name.span), span=self._span(meta))

    def ref(self, meta: Meta, children: list[Any]) -> ast.Ref:
        return ast.Ref(children[0], span=self._span(meta))
