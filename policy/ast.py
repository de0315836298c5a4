"""Typed AST of the ROE language: what the parser produces and the checker reads.

Frozen dataclasses, one per construct of the language. Every node carries a `span` that is left out
of equality (STYLE §3), so two trees compare equal when they say the same thing, wherever it is
written — which is what makes `parse(fmt(x)) == parse(x)` a one-line test.

Nothing here knows about Lark: `policy.syntax` builds these nodes from the parse tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from policy.source import NO_SPAN, SourceSpan


def _span() -> SourceSpan:
    return field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


# ---------------------------------------------------------------- leaves


@dataclass(frozen=True)
class Name:
    value: str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Str:
    value: str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Number:
    value: int | float
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Ident:
    """A bare word used as a value (`channel in [x, facebook]`, `kind dm`)."""

    value: str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Time:
    """A time of day, `22:00`."""

    hour: int
    minute: int
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Duration:
    """A duration such as `4h`, `30m`, `1h30m`, `2d`, in seconds."""

    seconds: int
    text: str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Path:
    """A dotted name: `text`, `author.followers`, a named condition or an analysis."""

    parts: tuple[str, ...]
    span: SourceSpan = _span()

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


Value: TypeAlias = Str | Number | Ident | Time


# ---------------------------------------------------------------- conditions


@dataclass(frozen=True)
class And:
    operands: tuple[Condition, ...]
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Or:
    operands: tuple[Condition, ...]
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Not:
    operand: Condition
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Compare:
    """`author.followers >= 10000`."""

    path: Path
    op: str
    value: Value
    span: SourceSpan = _span()


@dataclass(frozen=True)
class InList:
    """`channel in [x, facebook]`; `negated` for `not in`."""

    path: Path
    values: tuple[Value, ...]
    negated: bool = False
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Phrase:
    """A literal phrase in `contains "…"`."""

    text: Str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class LexiconRef:
    """`any insults`: every term of a declared lexicon."""

    name: Name
    span: SourceSpan = _span()


@dataclass(frozen=True)
class InlineTerms:
    """`any ["a", "b"]`: an anonymous lexicon."""

    terms: tuple[Str, ...]
    span: SourceSpan = _span()


Terms: TypeAlias = Phrase | LexiconRef | InlineTerms


@dataclass(frozen=True)
class Contains:
    """`text contains any insults [near any staff [within 5 words]]`."""

    path: Path
    terms: Terms
    near: Terms | None = None
    within: Number | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Regex:
    pattern: str
    flags: str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Matches:
    """`text matches /…/i`."""

    path: Path
    regex: Regex
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Has:
    """`has pii(phone, email)`, `has link("bit.ly")`: an analysis found something (of these kinds);
    `has author.followers`: an optional field was sent — the guard before using it."""

    path: Path
    args: tuple[Value, ...]
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Is:
    """`kind dm`, `intent complaint`, `mentions person`: a field is (or includes) a value."""

    path: Path
    value: Ident
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Ref:
    """A bare path: a named condition, a yes/no field, or an analysis that found something."""

    path: Path
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Hours:
    """`outside hours` / `within hours`, from the policy's business hours."""

    outside: bool
    span: SourceSpan = _span()


Condition: TypeAlias = And | Or | Not | Compare | InList | Contains | Matches | Has | Is | Ref | Hours


# ---------------------------------------------------------------- effects


@dataclass(frozen=True)
class Answer:
    template: Name | Str | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Ignore:
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Hide:
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Delete:
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Escalate:
    team: Name
    priority: Name | None = None
    within: Duration | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class KeepEvidence:
    span: SourceSpan = _span()


Effect: TypeAlias = Answer | Ignore | Hide | Delete | Escalate | KeepEvidence


# ---------------------------------------------------------------- examples


@dataclass(frozen=True)
class ContextItem:
    """`kind = dm` in an example's `with` clause."""

    path: Path
    value: Value
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Expected:
    """`-> delete, escalate to legal [matched|unmatched]`.

    `fires` is None when the author left it to be inferred (see `policy.testing`).
    """

    action: Name
    escalations: tuple[Name, ...] = ()
    fires: bool | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Example:
    text: Str
    context: tuple[ContextItem, ...]
    expected: Expected
    span: SourceSpan = _span()


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True)
class PolicyHeader:
    name: Str
    version: Str | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class DefaultDecl:
    effects: tuple[Effect, ...]
    span: SourceSpan = _span()


@dataclass(frozen=True)
class OnErrorDecl:
    effects: tuple[Effect, ...]
    span: SourceSpan = _span()


@dataclass(frozen=True)
class TimezoneDecl:
    name: Str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class TimeRange:
    start: Time
    end: Time
    span: SourceSpan = _span()


@dataclass(frozen=True)
class HoursSpec:
    """`mon-fri 09:00-19:00`; days are 0 (Monday) … 6 (Sunday), `first` ≤ `last` or wrapping."""

    first_day: int
    last_day: int
    ranges: tuple[TimeRange, ...]
    days_text: str = ""
    span: SourceSpan = _span()


@dataclass(frozen=True)
class HoursDecl:
    specs: tuple[HoursSpec, ...]
    span: SourceSpan = _span()


@dataclass(frozen=True)
class HolidaysDecl:
    country: Str
    subdivision: Str | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Include:
    path: Str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Disable:
    rule: Name
    span: SourceSpan = _span()


@dataclass(frozen=True)
class TeamDecl:
    name: Name
    title: Str
    within: Duration | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class LexiconDecl:
    """`lexicon x = [...]` (`terms`) or `lexicon x from "file"` (`file`)."""

    name: Name
    terms: tuple[Str, ...] | None = None
    file: Str | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class ExtendLexicon:
    name: Name
    terms: tuple[Str, ...] | None = None
    file: Str | None = None
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Define:
    name: Name
    condition: Condition
    span: SourceSpan = _span()


@dataclass(frozen=True)
class TemplateDecl:
    name: Name
    text: Str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class OrganisationDecl:
    name: Str
    aliases: tuple[Str, ...] = ()
    handles: tuple[Str, ...] = ()
    domains: tuple[Str, ...] = ()
    contacts: tuple[Str, ...] = ()
    span: SourceSpan = _span()


@dataclass(frozen=True)
class StaffDecl:
    name: Str
    roles: tuple[Str, ...] = ()
    places: tuple[Str, ...] = ()
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Rule:
    id: Name
    title: Str | None
    priority: Number | None
    when: Condition
    then: tuple[Effect, ...]
    because: Str | None = None
    cites: tuple[Str, ...] = ()
    categories: tuple[Name, ...] = ()
    examples: tuple[Example, ...] = ()
    span: SourceSpan = _span()


Item: TypeAlias = (
    PolicyHeader
    | DefaultDecl
    | OnErrorDecl
    | TimezoneDecl
    | HoursDecl
    | HolidaysDecl
    | Include
    | Disable
    | TeamDecl
    | LexiconDecl
    | ExtendLexicon
    | Define
    | TemplateDecl
    | OrganisationDecl
    | StaffDecl
    | Rule
)


@dataclass(frozen=True)
class Comment:
    text: str
    span: SourceSpan = _span()


@dataclass(frozen=True)
class Module:
    """One parsed file. `comments` are kept (for `roe fmt`) but are not part of equality."""

    items: tuple[Item, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False, repr=False)
    span: SourceSpan = _span()


def walk_condition(cond: Condition) -> list[Condition]:
    """Every condition node of a tree, parents before children."""
    out: list[Condition] = []
    stack: list[Condition] = [cond]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, And | Or):
            stack.extend(reversed(node.operands))
        elif isinstance(node, Not):
            stack.append(node.operand)
    return out


def to_data(node: object) -> object:
    """A plain, position-free structure of a tree (golden files, debugging): `{"Rule": {...}}`."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(node) and not isinstance(node, type):
        return {
            type(node).__name__: {
                f.name: to_data(getattr(node, f.name)) for f in fields(node) if f.compare and f.name != "span"
            }
        }
    if isinstance(node, tuple | list):
        return [to_data(x) for x in node]
    return node
