"""Deep lint, reasoning on conditions: can a condition ever be true, does one imply another?

Conditions are first translated to a small logic (`Formula`): `and` / `or` / `not` over *atoms*, each
atom reading one *dimension* of a message — the value of one field (`author.followers`, `kind`),
whether an analysis found one element (`crisis injury`), or an opaque yes/no test (`text matches
/…/`, `text contains any insultes`). Named conditions are expanded.

A question ("is there a message for which R is true and S is not?") is answered by searching the
*worlds*: one value per dimension. Every field gets a finite set of representative values: each
constant the conditions compare it with, a value between and beyond each pair of them, a value
nobody mentions, and "missing" for an optional field. That set covers every way a real value can
behave in these conditions, so the search is exact for fields; for opaque tests it assumes any
combination can happen except the ones known to be impossible (a phrase of a lexicon found ⇒ the
lexicon found). Assuming more worlds than exist can only hide a finding, never invent one: every
warning built on this module is a proof, not a guess.

The logic is the engine's (DESIGN §3.4): three-valued. A test on a field the message does not have
is *unknown*; `false and unknown` is false, `true or unknown` true, `not unknown` unknown; a rule
matches only when its condition is *true*. So `author.followers > 10 or not (author.followers > 10)`
is not always true: it is unknown for a message without followers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from policy import ast
from policy.check.conditions import BOOL_WORDS, has_fact
from policy.check.symbols import Symbols
from policy.facts import Fact, Type, metadata_fact
from policy.model import MessageError, parse_timestamp
from policy.text.matcher import EXACT
from policy.text.normalise import normalise_term

T, F, U = "T", "F", "U"
Outcomes = frozenset[str]
BUDGET = 50_000  # worlds visited per question; past it, the question is left unanswered (no warning)
DEFAULT_NEAR_WORDS = 5  # as the compiler (policy.compile) reads `near` without `within`

# Message fields that can be absent; a test on them is then unknown. `text` is required, and
# `received_at` (now) and `lang` (guessed) always have a value.
OPTIONAL_FIELDS = frozenset({"id", "thread_id", "channel", "kind"})
OPTIONAL_PREFIXES = ("author.", "metadata.")


def optional(path: str) -> bool:
    return path in OPTIONAL_FIELDS or path.startswith(OPTIONAL_PREFIXES)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


class _Other:
    def __repr__(self) -> str:
        return "OTHER"


MISSING: Any = _Missing()
OTHER: Any = _Other()  # a value of an open field that no condition mentions


# ---------------------------------------------------------------- formulas


@dataclass(frozen=True, eq=False)
class Atom:
    """A test reading one dimension: `test` maps the dimension's value to T, F or U."""

    dim: Hashable
    test: Callable[[Any], str]
    kind: str  # "number", "category", "closed", "presence" or "opaque": how to pick the dimension's values
    constants: tuple[Any, ...] = ()  # values the test compares with (they shape the dimension)
    closed: tuple[Any, ...] = ()  # every value of a closed field (a choice, a yes/no)
    optional: bool = False  # the dimension can be missing (opaque: unknown)


@dataclass(frozen=True)
class Junction:
    op: str  # "and" | "or"
    parts: tuple[Formula, ...]


@dataclass(frozen=True)
class Negation:
    part: Formula


@dataclass(frozen=True)
class Constant:
    value: str  # T, F or U


Formula = Atom | Junction | Negation | Constant


def atoms(formula: Formula) -> Iterator[Atom]:
    if isinstance(formula, Atom):
        yield formula
    elif isinstance(formula, Junction):
        for part in formula.parts:
            yield from atoms(part)
    elif isinstance(formula, Negation):
        yield from atoms(formula.part)


def dimensions(formula: Formula) -> frozenset[Hashable]:
    """What a formula reads: two equivalent conditions almost always read the same things."""
    return frozenset(a.dim for a in atoms(formula))


# ---------------------------------------------------------------- from conditions to formulas


@dataclass(frozen=True)
class Implication:
    """Between two opaque dimensions: the first true makes the second true."""

    premise: Hashable
    conclusion: Hashable


class Translator:
    """Conditions of one checked policy → formulas. Assumes a policy without errors."""

    def __init__(self, symbols: Symbols, facts: dict[str, Fact]) -> None:
        self.symbols = symbols
        self.facts = facts
        self.term_sets: dict[Hashable, tuple[str, frozenset[str]]] = {}  # contains dim → (path, terms)
        self.near_parts: dict[Hashable, tuple[Hashable, Hashable]] = {}  # near dim → its two contains dims

    def formula(self, cond: ast.Condition) -> Formula:
        if isinstance(cond, ast.And | ast.Or):
            op = "and" if isinstance(cond, ast.And) else "or"
            return Junction(op, tuple(self.formula(c) for c in cond.operands))
        if isinstance(cond, ast.Not):
            return Negation(self.formula(cond.operand))
        if isinstance(cond, ast.Ref):
            define = self.symbols.defines.get(cond.path.dotted)
            if define is not None and len(cond.path.parts) == 1:
                return self.formula(define.condition)
            return self._ref(cond.path)
        if isinstance(cond, ast.Is):
            return self._is(cond)
        if isinstance(cond, ast.Compare):
            return self._compare(cond)
        if isinstance(cond, ast.InList):
            return self._in_list(cond)
        if isinstance(cond, ast.Has):
            return self._has(cond)
        if isinstance(cond, ast.Contains):
            return self._contains(cond)
        if isinstance(cond, ast.Matches):
            path = cond.path.dotted
            return _opaque(("matches", path, cond.regex.pattern, cond.regex.flags), optional(path))
        is_open = not cond.outside
        return _field("hours.open", lambda v: v is is_open, (), "closed", closed=(True, False))

    # ------------------------------------------------------------ facts

    def _fact(self, path: ast.Path) -> Fact:
        fact = self.facts.get(path.dotted)
        return fact if fact is not None else metadata_fact(path.dotted)

    def _ref(self, path: ast.Path) -> Formula:
        fact = self._fact(path)
        if fact.type is Type.BOOL:
            return _field(fact.path, lambda v: v is True, (), "closed", closed=(True, False))
        if fact.type is Type.SET:
            return _members(fact, fact.values, with_other=True)
        return _opaque(("ref", fact.path), optional(fact.path))

    def _is(self, cond: ast.Is) -> Formula:
        fact = self._fact(cond.path)
        word = cond.value.value
        if fact.type is Type.SET:
            return _members(fact, (word,))
        if fact.type is Type.ENUM:
            return _field(fact.path, lambda v: v == word, (word,), "closed", closed=fact.values)
        if fact.type in {Type.STRING, Type.TEXT}:
            return _field(fact.path, lambda v: v == word, (word,), "category")
        return _opaque(("is", fact.path, word), optional(fact.path))

    def _compare(self, cond: ast.Compare) -> Formula:
        fact = self._fact(cond.path)
        op = cond.op
        value = _literal(fact, cond.value)
        if fact.type in {Type.NUMBER, Type.TIME, Type.DATETIME} and isinstance(value, int | float):
            return _field(fact.path, _ORDER[op](value), (value,), "number")
        if fact.type is Type.BOOL and isinstance(value, bool) and op in {"==", "!="}:
            wanted = value if op == "==" else not value
            return _field(fact.path, lambda v: v is wanted, (), "closed", closed=(True, False))
        if fact.type in {Type.ENUM, Type.STRING, Type.TEXT} and isinstance(value, str) and op in {"==", "!="}:
            kind = "closed" if fact.type is Type.ENUM else "category"
            return _field(fact.path, _ORDER[op](value), (value,), kind, closed=fact.values)
        return _opaque(("compare", fact.path, op, repr(value)), optional(fact.path))

    def _in_list(self, cond: ast.InList) -> Formula:
        fact = self._fact(cond.path)
        values = tuple(_literal(fact, v) for v in cond.values)
        formula: Formula
        if fact.type is Type.SET:
            formula = _members(fact, tuple(str(v) for v in values)) if values else Constant(F)
        elif fact.type in {Type.NUMBER, Type.TIME, Type.DATETIME} and all(isinstance(v, int | float) for v in values):
            formula = _field(fact.path, lambda v: v in values, values, "number")
        elif fact.type is Type.BOOL:
            formula = _field(fact.path, lambda v: v in values, (), "closed", closed=(True, False))
        elif fact.type in {Type.ENUM, Type.STRING, Type.TEXT}:
            kind = "closed" if fact.type is Type.ENUM else "category"
            formula = _field(fact.path, lambda v: v in values, values, kind, closed=fact.values)
        else:
            formula = _opaque(("in", fact.path, repr(values)), optional(fact.path))
        return Negation(formula) if cond.negated else formula

    def _has(self, cond: ast.Has) -> Formula:
        fact = has_fact(cond.path, self.facts) or metadata_fact(cond.path.dotted)
        if fact.type not in {Type.SET, Type.DOMAINS}:
            # `has author.followers`: never unknown — "not sent" is an answer.
            return Atom(
                ("field", fact.path), lambda v: F if v is MISSING else T, "presence", optional=optional(fact.path)
            )
        if fact.type is Type.SET:
            wanted = tuple(str(getattr(a, "value", "")) for a in cond.args) or fact.values
            return _members(fact, wanted, with_other=not cond.args)
        if not cond.args:
            return _opaque(("has", fact.path, None), False)
        # One opaque test per domain or lexicon of domains: `has link(a, b)` = `has link(a) or has link(b)`.
        parts = tuple(
            _opaque(("has", fact.path, type(a).__name__, getattr(a, "value", None)), False) for a in cond.args
        )
        return parts[0] if len(parts) == 1 else Junction("or", parts)

    def _contains(self, cond: ast.Contains) -> Formula:
        path = cond.path.dotted
        first = self._terms_dim(path, cond.terms)
        if cond.near is None:
            if not self.term_sets[first][1]:
                # `contains any []`: false, or unknown for a message without this field.
                return _field(path, lambda v: False, (), "category") if optional(path) else Constant(F)
            return _opaque(first, optional(path))
        second = self._terms_dim(path, cond.near)
        within = int(cond.within.value) if cond.within is not None else DEFAULT_NEAR_WORDS
        dim = ("near", path, first, second, within)
        self.near_parts[dim] = (first, second)
        return _opaque(dim, optional(path))

    def _terms_dim(self, path: str, terms: ast.Terms) -> Hashable:
        if isinstance(terms, ast.LexiconRef):
            raw = tuple(t.text for t in self.symbols.lexicons[terms.name.value].terms)
        elif isinstance(terms, ast.Phrase):
            raw = (terms.text.value,)
        else:
            raw = tuple(s.value for s in terms.terms)
        normalised = frozenset(normalised_term(t) for t in raw)
        dim = ("contains", path, normalised)
        self.term_sets[dim] = (path, normalised)
        return dim

    def implications(self) -> list[Implication]:
        """What is known between opaque dimensions: subsets of terms, and `near` ⇒ both sides."""
        out = []
        sets = list(self.term_sets.items())
        for dim_a, (path_a, terms_a) in sets:
            for dim_b, (path_b, terms_b) in sets:
                if dim_a != dim_b and path_a == path_b and terms_a and terms_a <= terms_b:
                    out.append(Implication(dim_a, dim_b))
        for near, (first, second) in self.near_parts.items():
            out.append(Implication(near, first))
            out.append(Implication(near, second))
        return out


def normalised_term(term: str) -> str:
    """The spelling the matcher compares: two terms with the same one match the same words."""
    stripped = term.lstrip()
    if stripped.startswith(EXACT):
        return EXACT + normalise_term(stripped[len(EXACT) :], keep_doubles=True)
    return normalise_term(term)


def _literal(fact: Fact, value: ast.Value) -> Any:
    """The value a fact is compared with, as a number when the fact is ordered."""
    if isinstance(value, ast.Number):
        return value.value
    if isinstance(value, ast.Time):
        return value.hour * 60 + value.minute
    text = value.value
    if fact.type is Type.BOOL:
        return BOOL_WORDS.get(text)
    if fact.type is Type.DATETIME:
        try:
            return parse_timestamp(text, fact.path).timestamp()
        except MessageError:
            return None
    return text


_ORDER: dict[str, Callable[[Any], Callable[[Any], bool]]] = {
    "==": lambda c: lambda v: v == c,
    "!=": lambda c: lambda v: v != c,
    "<": lambda c: lambda v: v < c,
    "<=": lambda c: lambda v: v <= c,
    ">": lambda c: lambda v: v > c,
    ">=": lambda c: lambda v: v >= c,
}


def _field(
    path: str, test: Callable[[Any], bool], constants: tuple[Any, ...], kind: str, *, closed: tuple[Any, ...] = ()
) -> Atom:
    """A test on the value of a field: unknown when the message does not have the field."""

    def tri(v: Any) -> str:
        if v is MISSING:
            return U
        return T if test(v) else F

    return Atom(("field", path), tri, kind, constants, closed, optional(path))


def _opaque(dim: Hashable, may_be_unknown: bool) -> Atom:
    return Atom(("opaque", dim), lambda v: str(v), "opaque", optional=may_be_unknown)


def _members(fact: Fact, words: tuple[str, ...], *, with_other: bool = False) -> Formula:
    """An analysis found one of these elements: one yes/no dimension per element."""
    elements: list[object] = list(dict.fromkeys(words))
    if with_other:
        elements.append(OTHER)
    parts = tuple(Atom(("member", fact.path, w), lambda v: str(v), "opaque") for w in elements)
    return parts[0] if len(parts) == 1 else Junction("or", parts)


# ---------------------------------------------------------------- worlds


def _domain(dim_atoms: list[Atom]) -> tuple[Any, ...]:
    """Representative values of one dimension, for the atoms that read it."""
    first = dim_atoms[0]
    is_optional = any(a.optional for a in dim_atoms)
    tail = (MISSING,) if is_optional else ()
    if first.kind == "opaque":
        return (T, F, U) if is_optional else (T, F)
    kinds = {a.kind for a in dim_atoms}
    constants = {c for a in dim_atoms for c in a.constants}
    if "closed" in kinds:
        closed = next(a.closed for a in dim_atoms if a.closed)
        return (*closed, *tail)
    if "number" in kinds and all(isinstance(c, int | float) for c in constants):
        points = sorted(constants)
        values: list[Any] = list(points)
        for low, high in itertools.pairwise(points):
            values.append((low + high) / 2)
        if points:
            values += [points[0] - 1, points[-1] + 1]
        else:
            values.append(0)
        return (*values, *tail)
    return (*sorted(constants, key=repr), OTHER, *tail)


def _kleene_and(a: Outcomes, b: Outcomes) -> Outcomes:
    out = set()
    for x in a:
        for y in b:
            out.add(F if F in (x, y) else (U if U in (x, y) else T))
    return frozenset(out)


def _kleene_or(a: Outcomes, b: Outcomes) -> Outcomes:
    out = set()
    for x in a:
        for y in b:
            out.add(T if T in (x, y) else (U if U in (x, y) else F))
    return frozenset(out)


_NOT = {T: F, F: T, U: U}


class World:
    """The search space for a question about some formulas."""

    def __init__(self, formulas: list[Formula], implications: list[Implication]) -> None:
        by_dim: dict[Hashable, list[Atom]] = {}
        for formula in formulas:
            for atom in atoms(formula):
                by_dim.setdefault(atom.dim, []).append(atom)
        self.dims = list(by_dim)
        self.domains = {dim: _domain(found) for dim, found in by_dim.items()}
        self.implications = [
            (("opaque", i.premise), ("opaque", i.conclusion))
            for i in implications
            if ("opaque", i.premise) in self.domains and ("opaque", i.conclusion) in self.domains
        ]
        self.values: dict[Hashable, Any] = {}
        self.visited = 0

    def evaluate(self, formula: Formula) -> Outcomes:
        if isinstance(formula, Constant):
            return frozenset({formula.value})
        if isinstance(formula, Atom):
            if formula.dim in self.values:
                return frozenset({formula.test(self.values[formula.dim])})
            return frozenset(formula.test(v) for v in self.domains[formula.dim])
        if isinstance(formula, Negation):
            return frozenset(_NOT[x] for x in self.evaluate(formula.part))
        combine = _kleene_and if formula.op == "and" else _kleene_or
        result = self.evaluate(formula.parts[0])
        for part in formula.parts[1:]:
            result = combine(result, self.evaluate(part))
        return result

    def consistent(self) -> bool:
        for premise, conclusion in self.implications:
            if self.values.get(premise) == T and conclusion in self.values and self.values[conclusion] != T:
                return False
        return True

    def find(self, accept: Callable[[World], bool | None]) -> bool:
        """Is there a world `accept` says yes to? `accept` answers None while it cannot tell yet.

        Raises `OutOfBudget` past `BUDGET` worlds: a policy with very many tests in one condition
        gets no answer rather than a slow lint.
        """
        self.visited += 1
        if self.visited > BUDGET:
            raise OutOfBudget
        verdict = accept(self)
        if verdict is not None:
            return verdict
        unassigned = next((d for d in self.dims if d not in self.values), None)
        if unassigned is None:
            return False
        for value in self.domains[unassigned]:
            self.values[unassigned] = value
            if self.consistent() and self.find(accept):
                del self.values[unassigned]
                return True
            del self.values[unassigned]
        return False


class OutOfBudget(Exception):
    """A question too large to answer within the lint's budget."""


# ---------------------------------------------------------------- questions


class Reasoner:
    """Questions about the conditions of one policy."""

    def __init__(self, symbols: Symbols, facts: dict[str, Fact]) -> None:
        self.translator = Translator(symbols, facts)

    def formula(self, cond: ast.Condition) -> Formula:
        return self.translator.formula(cond)

    def _world(self, *formulas: Formula) -> World:
        return World(list(formulas), self.translator.implications())

    def can_be_true(self, formula: Formula) -> bool:
        """Some message makes `formula` true (when unsure, yes: a warning must be a proof)."""

        def accept(world: World) -> bool | None:
            outcomes = world.evaluate(formula)
            if T not in outcomes:
                return False
            return True if outcomes == {T} else None

        try:
            return self._world(formula).find(accept)
        except OutOfBudget:
            return True

    def implies(self, premise: Formula, conclusion: Formula) -> bool:
        """Whenever `premise` is true, `conclusion` is true too, for every message (when unsure, no)."""

        def counterexample(world: World) -> bool | None:
            p = world.evaluate(premise)
            if T not in p:
                return False
            c = world.evaluate(conclusion)
            if c == {T}:
                return False
            if p == {T} and T not in c:
                return True
            return None

        try:
            return not self._world(premise, conclusion).find(counterexample)
        except OutOfBudget:
            return False

    def equivalent(self, a: Formula, b: Formula) -> bool:
        return self.implies(a, b) and self.implies(b, a)
