"""Formatting stage, layout: a parsed module → the lines of its canonical layout, without comments.

Each declaration becomes a `Block` of `Line`s. A line remembers the source offsets of what it shows
(`starts`, `ends`), so that `policy.format.comments` can put every comment of the original file back
next to the code it was written next to, wherever the layout moved that code.

The layout, decided once (docs/language.md, "Layout"):

* a rule's clauses on their own lines, indented by 2, in the order `when`, `then`, `because`,
  `cite`, `category`, `examples`; examples indented by 4, their `->` aligned;
* one effect list per line (`then delete, keep evidence, escalate to legal`);
* a condition longer than the line (or with a comment inside) is broken before each `and` / `or`
  of its outermost group, continuation lines indented by 2 more than the clause; a parenthesised
  group that must break too aligns its operands one column after its `(`;
* parentheses only where they are needed, plus around an `and` inside an `or` and around whatever
  follows `not` except a plain name: a reader should never need precedence rules;
* an inline list that does not fit goes one string per line; a reply template that does not fit
  goes under its name, cut into several strings (at sentence ends, then at spaces), which the
  language joins back into one text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import Final

from policy import ast
from policy.format import text as lit
from policy.source import Source, SourceSpan

WIDTH: Final = 100
"""Longest line the layout aims for. Atoms (one comparison, one string) are never cut, so a line
holding a long one is longer."""

CLAUSE: Final = 2  # indentation of a rule's clauses, and of the continuation of a declaration
EXAMPLE: Final = 4  # indentation of examples


@dataclass
class Line:
    indent: int
    text: str
    starts: list[int] = field(default_factory=list)  # source offsets of code that starts on this line
    ends: list[int] = field(default_factory=list)  # source offsets of code that ends on this line
    trailing: list[str] = field(default_factory=list)  # comments written after the code
    before: list[str] = field(default_factory=list)  # own-line comments written above it ("" = blank line)


@dataclass
class Block:
    """The lines of one top-level declaration."""

    item: ast.Item
    kind: str
    lines: list[Line]


class _Out:
    """Lines being written, with the column of the cursor and the source offsets seen on each line."""

    def __init__(self, printer: Printer, indent: int) -> None:
        self.printer = printer
        self.lines: list[Line] = [Line(indent, " " * indent)]

    @property
    def line(self) -> Line:
        return self.lines[-1]

    @property
    def col(self) -> int:
        return lit.width(self.line.text)

    def write(self, text: str, span: SourceSpan | None = None) -> None:
        if span is not None:
            self.start(span)
        self.line.text += text
        if span is not None:
            self.end(span)

    def start(self, span: SourceSpan) -> None:
        if self.printer.real(span):
            self.line.starts.append(span.start)

    def end(self, span: SourceSpan) -> None:
        if self.printer.real(span):
            self.line.ends.append(span.end)

    def mark(self, offset: int | None) -> None:
        if offset is not None:
            self.line.starts.append(offset)
            self.line.ends.append(offset + 1)

    def newline(self, indent: int) -> None:
        self.lines.append(Line(indent, " " * indent))


def _kind(item: ast.Item) -> str:
    """Declarations of one kind written on consecutive lines stay together; kinds are separated."""
    if isinstance(item, ast.PolicyHeader | ast.DefaultDecl | ast.OnErrorDecl | ast.TimezoneDecl):
        return "header"
    if isinstance(item, ast.HoursDecl | ast.HolidaysDecl):
        return "header"
    if isinstance(item, ast.Include | ast.Disable):
        return "composition"
    if isinstance(item, ast.LexiconDecl | ast.ExtendLexicon):
        return "lexicon"
    if isinstance(item, ast.OrganisationDecl | ast.StaffDecl):
        return "organisation"
    return type(item).__name__.lower()


_COMMENT = re.compile(r"#[^\n]*")
_COMMA = re.compile(",")
_CITE_JOINER = re.compile(r",|cite")  # the cites of one rule, one clause or one clause each


class Printer:
    """Lays out the declarations of one module. `source` and `comment_starts` come from the parse."""

    def __init__(self, source: Source | None, comment_starts: list[int]) -> None:
        self.source = source
        self.comment_starts = comment_starts

    # ------------------------------------------------------------ helpers

    def real(self, span: SourceSpan) -> bool:
        return self.source is not None and span.source is self.source

    def comment_between(self, a: SourceSpan, b: SourceSpan, joiner: re.Pattern[str] | None = None) -> bool:
        """A comment written between two items of a group: the group must break so that the comment
        keeps a line of its own next to them. With a `joiner`, only when nothing else is written
        between the two items: two `aliases` clauses are one list to the tree, but a comment between
        them (and the clauses around) is not inside either list."""
        if not (self.real(a) and self.real(b)) or self.source is None or a.end > b.start:
            return False
        i = bisect.bisect_right(self.comment_starts, a.end)
        if not (i < len(self.comment_starts) and self.comment_starts[i] < b.start):
            return False
        between = _COMMENT.sub("", self.source.text[a.end : b.start]).strip()
        return joiner is None or joiner.fullmatch(between) is not None

    def list_has_comment(self, items: tuple[ast.Str, ...], joiner: re.Pattern[str] = _COMMA) -> bool:
        return any(self.comment_between(x.span, y.span, joiner) for x, y in itertools.pairwise(items))

    def condition_has_comment(self, cond: ast.Condition) -> bool:
        """A comment between two operands of a group, at any depth."""
        if isinstance(cond, ast.And | ast.Or):
            pairs = itertools.pairwise(cond.operands)
            return any(self.comment_between(x.span, y.span) for x, y in pairs) or any(
                self.condition_has_comment(o) for o in cond.operands
            )
        if isinstance(cond, ast.Not):
            return self.condition_has_comment(cond.operand)
        return False

    def keyword_before(self, word: str, low: int, high: int) -> int | None:
        """Where a keyword was written, between two pieces of code (only comments and blanks between)."""
        if self.source is None or not 0 <= low <= high:
            return None
        gap = _COMMENT.sub(lambda m: " " * len(m.group()), self.source.text[low:high])
        found = [m.start() for m in re.finditer(rf"(?<!\w){word}(?!\w)", gap)]
        return low + found[-1] if found else None

    # ------------------------------------------------------------ declarations

    def blocks(self, module: ast.Module) -> list[Block]:
        return [Block(item, _kind(item), self.item(item)) for item in module.items]

    def item(self, item: ast.Item) -> list[Line]:
        out = _Out(self, 0)
        out.start(item.span)
        if isinstance(item, ast.Rule):
            self.rule(item, out)
        elif isinstance(item, ast.PolicyHeader):
            out.write("policy ")
            out.write(lit.quote(item.name.value), item.name.span)
            if item.version is not None:
                out.write(" version ")
                out.write(lit.quote(item.version.value), item.version.span)
        elif isinstance(item, ast.DefaultDecl):
            out.write("default ")
            self.effects(item.effects, out)
        elif isinstance(item, ast.OnErrorDecl):
            out.write("on error ")
            self.effects(item.effects, out)
        elif isinstance(item, ast.TimezoneDecl):
            out.write("timezone ")
            out.write(lit.quote(item.name.value), item.name.span)
        elif isinstance(item, ast.HoursDecl):
            out.write("hours ")
            for i, spec in enumerate(item.specs):
                if i:
                    out.write(", ")
                ranges = " ".join(f"{lit.time(r.start)}-{lit.time(r.end)}" for r in spec.ranges)
                # `days_text` is part of the tree's equality: it is written back as the author spelt it.
                out.write(f"{spec.days_text} {ranges}", spec.span)
        elif isinstance(item, ast.HolidaysDecl):
            out.write("holidays ")
            out.write(lit.quote(item.country.value), item.country.span)
            if item.subdivision is not None:
                out.write(" ")
                out.write(lit.quote(item.subdivision.value), item.subdivision.span)
        elif isinstance(item, ast.Include):
            out.write("include ")
            out.write(lit.quote(item.path.value), item.path.span)
        elif isinstance(item, ast.Disable):
            out.write("disable rule ")
            out.write(item.rule.value, item.rule.span)
        elif isinstance(item, ast.TeamDecl):
            out.write("team ")
            out.write(item.name.value, item.name.span)
            out.write(" ")
            out.write(lit.quote(item.title.value), item.title.span)
            if item.within is not None:
                out.write(" within ")
                out.write(item.within.text, item.within.span)
        elif isinstance(item, ast.LexiconDecl | ast.ExtendLexicon):
            self.lexicon(item, out)
        elif isinstance(item, ast.Define):
            out.write("define ")
            out.write(item.name.value, item.name.span)
            out.write(" = ")
            self.condition(item.condition, out, CLAUSE, 0)
        elif isinstance(item, ast.TemplateDecl):
            self.template(item, out)
        elif isinstance(item, ast.OrganisationDecl):
            clauses = (
                ("aliases", item.aliases),
                ("handles", item.handles),
                ("domains", item.domains),
                ("contacts", item.contacts),
            )
            self.described("organisation", item.name, clauses, out)
        elif isinstance(item, ast.StaffDecl):
            self.described("staff", item.name, (("roles", item.roles), ("places", item.places)), out)
        out.end(item.span)
        return out.lines

    def described(
        self, keyword: str, name: ast.Str, clauses: tuple[tuple[str, tuple[ast.Str, ...]], ...], out: _Out
    ) -> None:
        """`staff "Julien" roles ["gérant"]` on one line when it fits, else one clause per line.

        An empty list says nothing (the tree is the same without the clause), so it is left out.
        """
        out.write(f"{keyword} ")
        out.write(lit.quote(name.value), name.span)
        present = [(word, values) for word, values in clauses if values]
        flat = "".join(f" {word} {lit.string_list(values)}" for word, values in present)
        commented = any(self.list_has_comment(values) for _, values in present)
        one_line = out.col + lit.width(flat) <= WIDTH and not commented
        for word, values in present:
            if one_line:
                out.write(" ")
            else:
                out.newline(CLAUSE)
            out.write(f"{word} ")
            self.strings(values, out, CLAUSE)

    def lexicon(self, item: ast.LexiconDecl | ast.ExtendLexicon, out: _Out) -> None:
        if isinstance(item, ast.ExtendLexicon):
            out.write("extend lexicon ")
            out.write(item.name.value, item.name.span)
            joiner = " with "
        else:
            out.write("lexicon ")
            out.write(item.name.value, item.name.span)
            joiner = " = "
        if item.file is not None:
            out.write(" from ")
            out.write(lit.quote(item.file.value), item.file.span)
            return
        out.write(joiner)
        self.strings(item.terms or (), out, 0)

    def strings(self, values: tuple[ast.Str, ...], out: _Out, indent: int) -> None:
        """`["a", "b"]` on the line when it fits, else one string per line."""
        flat = lit.string_list(values)
        if not values or (out.col + lit.width(flat) <= WIDTH and not self.list_has_comment(values)):
            for i, s in enumerate(values):
                out.write("[" if i == 0 else ", ")
                out.write(lit.quote(s.value), s.span)
            out.write("]" if values else "[]")
            return
        out.write("[")
        for i, s in enumerate(values):
            out.newline(indent + CLAUSE)
            out.write(lit.quote(s.value), s.span)
            if i < len(values) - 1:
                out.write(",")
        out.newline(indent)
        out.write("]")

    def template(self, item: ast.TemplateDecl, out: _Out) -> None:
        out.write("template ")
        out.write(item.name.value, item.name.span)
        out.write(" =")
        whole = lit.quote(item.text.value)
        if out.col + 1 + lit.width(whole) <= WIDTH:
            out.write(" ")
            out.write(whole, item.text.span)
            return
        # Too long for one line: every piece on a line of its own, so the text reads as a paragraph.
        pieces = lit.split_prose(item.text.value, WIDTH - CLAUSE, WIDTH - CLAUSE)
        out.newline(CLAUSE)
        out.start(item.text.span)
        for i, piece in enumerate(pieces):
            if i:
                out.newline(CLAUSE)
            out.write(lit.quote(piece))
        out.end(item.text.span)

    # ------------------------------------------------------------ rules

    def rule(self, rule: ast.Rule, out: _Out) -> None:
        out.write("rule ")
        out.write(rule.id.value, rule.id.span)
        if rule.title is not None:
            out.write(" ")
            out.write(lit.quote(rule.title.value), rule.title.span)
        if rule.priority is not None:
            out.write(" priority ")
            out.write(lit.number(rule.priority.value), rule.priority.span)
        out.newline(CLAUSE)
        out.write("when ")
        self.condition(rule.when, out, CLAUSE + 2, 0)
        out.newline(CLAUSE)
        out.write("then ")
        self.effects(rule.then, out)
        if rule.because is not None:
            out.newline(CLAUSE)
            out.write("because ")
            out.write(lit.quote(rule.because.value), rule.because.span)
        self.cites(rule.cites, out)
        if rule.categories:
            out.newline(CLAUSE)
            out.write("category ")
            for i, name in enumerate(rule.categories):
                out.write(", " if i else "")
                out.write(name.value, name.span)
        if rule.examples:
            self.examples(rule, out)

    def cites(self, cites: tuple[ast.Str, ...], out: _Out) -> None:
        if not cites:
            return
        flat = "cite " + ", ".join(lit.quote(c.value) for c in cites)
        one_line = CLAUSE + lit.width(flat) <= WIDTH and not self.list_has_comment(cites, _CITE_JOINER)
        for i, cite in enumerate(cites):
            if i == 0 or not one_line:
                out.newline(CLAUSE)
                out.write("cite ")
            else:
                out.write(", ")
            out.write(lit.quote(cite.value), cite.span)

    def examples(self, rule: ast.Rule, out: _Out) -> None:
        out.newline(CLAUSE)
        first = rule.examples[0]
        if self.real(first.span):
            parts = (rule.id, rule.title, rule.priority, rule.when, rule.because, *rule.then, *rule.cites)
            before = [
                p.span.end
                for p in (*parts, *rule.categories)
                if p is not None and self.real(p.span) and p.span.end <= first.span.start
            ]
            out.mark(self.keyword_before("examples", max(before, default=rule.span.start), first.span.start))
        out.write("examples")
        lefts = [self.example_left(e) for e in rule.examples]
        column = max(lit.width(left) for left in lefts)
        for example, left in zip(rule.examples, lefts, strict=True):
            out.newline(EXAMPLE)
            out.start(example.span)
            out.write(left + " " * (column - lit.width(left)) + " -> " + self.expected(example.expected))
            out.end(example.span)

    @staticmethod
    def example_left(example: ast.Example) -> str:
        left = lit.quote(example.text.value)
        if example.context:
            left += " with " + ", ".join(f"{c.path.dotted} = {lit.value(c.value)}" for c in example.context)
        return left

    @staticmethod
    def expected(expected: ast.Expected) -> str:
        action = expected.action.value
        teams = [t.value for t in expected.escalations]
        if action == "escalate" and teams:
            # `escalate, escalate to legal` and `escalate to legal` are the same expectation.
            text = ", ".join(f"escalate to {t}" for t in teams)
        else:
            text = action + "".join(f", escalate to {t}" for t in teams)
        if expected.fires is not None:
            text += " matched" if expected.fires else " unmatched"
        return text

    # ------------------------------------------------------------ effects

    def effects(self, effects: tuple[ast.Effect, ...], out: _Out) -> None:
        for i, effect in enumerate(effects):
            if i:
                out.write(", ")
            out.write(effect_text(effect), effect.span)

    # ------------------------------------------------------------ conditions

    def condition(self, cond: ast.Condition, out: _Out, cont: int, tail: int) -> None:
        """Write `cond` at the cursor; continuation lines start at column `cont`; `tail` columns
        (closing parentheses) will follow it on its last line."""
        flat = condition_text(cond)
        if isinstance(cond, ast.And | ast.Or):
            if out.col + lit.width(flat) + tail <= WIDTH and not self.condition_has_comment(cond):
                out.write(flat, cond.span)
                return
            word = "and" if isinstance(cond, ast.And) else "or"
            out.start(cond.span)
            last = len(cond.operands) - 1
            for i, operand in enumerate(cond.operands):
                if i:
                    out.newline(cont)
                    out.write(f"{word} ")
                self.operand(operand, cond, out, cont, tail if i == last else 0)
            out.end(cond.span)
            return
        if isinstance(cond, ast.Not) and _needs_parens(cond.operand, cond):
            if out.col + lit.width(flat) + tail <= WIDTH and not self.condition_has_comment(cond):
                out.write(flat, cond.span)
                return
            out.start(cond.span)
            out.write("not (")
            self.condition(cond.operand, out, out.col, tail + 1)
            out.write(")")
            out.end(cond.span)
            return
        out.write(flat, cond.span)

    def operand(self, operand: ast.Condition, parent: ast.Condition, out: _Out, cont: int, tail: int) -> None:
        if _needs_parens(operand, parent):
            out.write("(")
            self.condition(operand, out, out.col, tail + 1)
            out.write(")")
        else:
            self.condition(operand, out, cont, tail)


# ---------------------------------------------------------------- flat text of conditions and effects


def _needs_parens(child: ast.Condition, parent: ast.Condition) -> bool:
    if isinstance(parent, ast.Not):
        return not isinstance(child, ast.Ref)
    # Inside `and` / `or`: an `or` under an `and` needs them; an `and` under an `or` gets them for the
    # reader; a nested group of the same operator exists only because the author wrote parentheses.
    return isinstance(child, ast.And | ast.Or)


def condition_text(cond: ast.Condition) -> str:
    """The condition on one line, with the canonical parentheses."""
    if isinstance(cond, ast.And | ast.Or):
        word = " and " if isinstance(cond, ast.And) else " or "
        return word.join(_operand_text(o, cond) for o in cond.operands)
    if isinstance(cond, ast.Not):
        return "not " + _operand_text(cond.operand, cond)
    if isinstance(cond, ast.Compare):
        return f"{cond.path.dotted} {cond.op} {lit.value(cond.value)}"
    if isinstance(cond, ast.InList):
        return f"{cond.path.dotted} {'not in' if cond.negated else 'in'} {lit.value_list(cond.values)}"
    if isinstance(cond, ast.Contains):
        text = f"{cond.path.dotted} contains {terms_text(cond.terms)}"
        if cond.near is not None:
            text += f" near {terms_text(cond.near)}"
            if cond.within is not None:
                text += f" within {lit.number(cond.within.value)} words"
        return text
    if isinstance(cond, ast.Matches):
        return f"{cond.path.dotted} matches {lit.regex(cond.regex)}"
    if isinstance(cond, ast.Has):
        args = f"({', '.join(lit.value(a) for a in cond.args)})" if cond.args else ""
        return f"has {cond.path.dotted}{args}"
    if isinstance(cond, ast.Is):
        return f"{cond.path.dotted} {cond.value.value}"
    if isinstance(cond, ast.Ref):
        return cond.path.dotted
    return "outside hours" if cond.outside else "within hours"


def _operand_text(child: ast.Condition, parent: ast.Condition) -> str:
    text = condition_text(child)
    return f"({text})" if _needs_parens(child, parent) else text


def terms_text(terms: ast.Terms) -> str:
    if isinstance(terms, ast.Phrase):
        return lit.quote(terms.text.value)
    if isinstance(terms, ast.LexiconRef):
        return f"any {terms.name.value}"
    return f"any {lit.string_list(terms.terms)}"


def effect_text(effect: ast.Effect) -> str:
    if isinstance(effect, ast.Answer):
        if effect.template is None:
            return "answer"
        if isinstance(effect.template, ast.Name):
            return f"answer with {effect.template.value}"
        return f"answer with {lit.quote(effect.template.value)}"
    if isinstance(effect, ast.Escalate):
        text = f"escalate to {effect.team.value}"
        if effect.priority is not None:
            text += f" priority {effect.priority.value}"
        if effect.within is not None:
            text += f" within {effect.within.text}"
        return text
    if isinstance(effect, ast.KeepEvidence):
        return "keep evidence"
    return {ast.Ignore: "ignore", ast.Hide: "hide", ast.Delete: "delete"}[type(effect)]
