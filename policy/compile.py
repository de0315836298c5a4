"""Compiling stage: a checked policy → an immutable `Policy` that decides messages.

Runs once per policy. All lexicon terms and phrases used by the rules go into ONE automaton
(`TermMatcher`), so a message is scanned once per text field whatever the number of terms; every
condition becomes a tree of evaluation nodes with its operands ordered by cost; named conditions are
compiled once and shared; effects become ready-to-apply `EffectSet`s.

Precondition: `checked.ok` — the checker has already reported every problem, so nothing here
reports diagnostics.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Hashable
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from policy import ast
from policy.analyzers.base import Cost, Finding
from policy.check import Checked
from policy.check.conditions import BOOL_WORDS, has_fact
from policy.check.rules import rule_action
from policy.check.symbols import BUILTIN_TEAM, Symbols
from policy.engine import Calendar, CompiledRule, EffectSet, EscalationSpec, Policy, Template
from policy.evaluate import (
    AndNode,
    ContainsNode,
    DefineNode,
    FactNode,
    HoursNode,
    NearNode,
    Node,
    NotNode,
    OrNode,
    PresenceNode,
    RegexNode,
)
from policy.facts import Fact, Type, metadata_fact
from policy.model import Action, Priority, parse_timestamp
from policy.regex import compile_regex
from policy.text.matcher import TermMatcher, TermSpec

DEFAULT_NEAR_WORDS = 5
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}|]*)(?:\|([^{}]*))?\}")


def compile_checked(checked: Checked, *, show_personal_data: bool = False) -> Policy:
    if not checked.ok:
        raise ValueError("compile_checked needs a policy without errors; check it first")
    return _Compiler(checked).policy(show_personal_data)


class _Compiler:
    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        self.symbols: Symbols = checked.symbols
        self.facts = checked.facts
        self.specs: list[TermSpec] = []
        self.spec_keys: set[Hashable] = set()
        self.defines: dict[str, DefineNode] = {}

    # ------------------------------------------------------------ the policy

    def policy(self, show_personal_data: bool) -> Policy:
        symbols = self.symbols
        bundle = self.checked.bundle
        enabled = [(f, r) for f, r in symbols.rules if r.id.value not in symbols.disabled]
        compiled = []
        for order, (file, rule) in enumerate(enabled):
            node = self.condition(rule.when)
            compiled.append(
                CompiledRule(
                    id=rule.id.value,
                    title=rule.title.value if rule.title else None,
                    priority=int(rule.priority.value) if rule.priority else 0,
                    order=order,
                    node=node,
                    effects=self.effects(rule.then),
                    because=rule.because.value if rule.because else None,
                    cite=tuple(c.value for c in rule.cites),
                    categories=tuple(c.value for c in rule.categories),
                    source=f"{file.name}:{rule.span.line}",
                    file=file.name,
                    line=rule.span.line,
                )
            )
        compiled.sort(key=lambda r: (-r.priority, r.order))
        assert symbols.default is not None
        on_error = (
            self.effects(symbols.on_error.effects)
            if symbols.on_error is not None
            else EffectSet(
                Action.ESCALATE,
                (self.escalation(BUILTIN_TEAM, Priority.HIGH, None),),
                False,
                None,
                (f"escalate to {BUILTIN_TEAM}",),
            )
        )
        return Policy(
            name=symbols.name,
            version=symbols.version,
            sha256=bundle.sha256,
            rules=tuple(compiled),
            disabled=tuple(sorted(symbols.disabled)),
            default=self.effects(symbols.default.effects),
            on_error=on_error,
            tz=ZoneInfo(symbols.timezone),
            calendar=self.calendar(),
            matcher=TermMatcher.build(self.specs),
            teams={name: self.escalation(name, Priority.NORMAL, None) for name in symbols.teams},
            root=str(bundle.root.path),
            loaded_at=datetime.now(UTC),
            files=tuple(f.name for f in bundle.files),
            settings=self.settings(),
            show_personal_data=show_personal_data,
        )

    def calendar(self) -> Calendar:
        days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        for spec in self.symbols.hours:
            span = (
                range(spec.first_day, spec.last_day + 1)
                if spec.first_day <= spec.last_day
                else [*range(spec.first_day, 7), *range(0, spec.last_day + 1)]
            )
            for day in span:
                for r in spec.ranges:
                    days[day].append((r.start.hour * 60 + r.start.minute, r.end.hour * 60 + r.end.minute))
        return Calendar(tuple(tuple(sorted(d)) for d in days), self.symbols.holidays, bool(self.symbols.hours))

    def settings(self) -> dict[str, Any]:
        """Policy-level data the analyses read (the organisation, its staff, its own contacts)."""
        from policy.analyzers.registry import build_settings

        org = self.symbols.organisation
        raw: dict[str, Any] = {
            "organisation": None
            if org is None
            else {
                "name": org.name.value,
                "aliases": tuple(s.value for s in org.aliases),
                "handles": tuple(s.value for s in org.handles),
                "domains": tuple(s.value for s in org.domains),
                "contacts": tuple(s.value for s in org.contacts),
            },
            "staff": tuple(
                {
                    "name": s.name.value,
                    "roles": tuple(r.value for r in s.roles),
                    "places": tuple(p.value for p in s.places),
                }
                for s in self.symbols.staff
            ),
        }
        raw["analysis"] = build_settings(raw["organisation"], raw["staff"])
        return raw

    # ------------------------------------------------------------ effects

    def escalation(self, team: str, priority: Priority, within: ast.Duration | None) -> EscalationSpec:
        info = self.symbols.teams[team]
        return EscalationSpec(team, info.title, priority, within.seconds if within else info.within)

    def effects(self, effects: tuple[ast.Effect, ...]) -> EffectSet:
        action = rule_action(effects)
        assert action is not None
        escalations = []
        template = None
        texts = []
        for effect in effects:
            texts.append(effect.span.text if effect.span.text else type(effect).__name__.lower())
            if isinstance(effect, ast.Escalate):
                priority = Priority[effect.priority.value.upper()] if effect.priority else Priority.NORMAL
                escalations.append(self.escalation(effect.team.value, priority, effect.within))
            elif isinstance(effect, ast.Answer) and effect.template is not None:
                if isinstance(effect.template, ast.Name):
                    decl = self.symbols.templates[effect.template.value]
                    template = compile_template(decl.name.value, decl.text.value)
                else:
                    template = compile_template("(inline)", effect.template.value)
        texts = [" ".join(t.split()) for t in texts]
        keep = any(isinstance(e, ast.KeepEvidence) for e in effects)
        return EffectSet(action, tuple(escalations), keep, template, tuple(texts))

    # ------------------------------------------------------------ conditions

    def condition(self, cond: ast.Condition) -> Node:
        span = cond.span
        if isinstance(cond, ast.And):
            return AndNode(span, [self.condition(c) for c in cond.operands])
        if isinstance(cond, ast.Or):
            return OrNode(span, [self.condition(c) for c in cond.operands])
        if isinstance(cond, ast.Not):
            return NotNode(span, self.condition(cond.operand))
        if isinstance(cond, ast.Ref):
            return self.ref(cond)
        if isinstance(cond, ast.Is):
            fact = self.fact(cond.path)
            word = cond.value.value
            if fact.type in {Type.SET, Type.DOMAINS}:
                return FactNode(span, fact, lambda v: word in v, _labelled(fact.label_prefix, (word,)))
            return FactNode(span, fact, lambda v: v == word, _labelled(fact.label_prefix, (word,)))
        if isinstance(cond, ast.Compare):
            fact = self.fact(cond.path)
            op = _OPS[cond.op]
            value = convert(fact, cond.value)
            return FactNode(span, fact, lambda v: op(v, value))
        if isinstance(cond, ast.InList):
            fact = self.fact(cond.path)
            values = frozenset(convert(fact, v) for v in cond.values)
            test = _intersects(values) if fact.type is Type.SET else values.__contains__
            if cond.negated:
                return FactNode(span, fact, lambda v: not test(v))
            return FactNode(span, fact, test, _labelled(fact.label_prefix, tuple(str(v) for v in values)))
        if isinstance(cond, ast.Contains):
            return self.contains(cond)
        if isinstance(cond, ast.Matches):
            fact = self.fact(cond.path)
            return RegexNode(span, int(Cost.SCAN), fact, compile_regex(cond.regex.pattern, cond.regex.flags))
        if isinstance(cond, ast.Has):
            return self.has(cond)
        if isinstance(cond, ast.Hours):
            return HoursNode(span, cond.outside)
        raise TypeError(f"unknown condition node {type(cond).__name__}")

    def fact(self, path: ast.Path) -> Fact:
        fact = self.facts.get(path.dotted)
        return fact if fact is not None else metadata_fact(path.dotted)

    def ref(self, cond: ast.Ref) -> Node:
        dotted = cond.path.dotted
        if dotted in self.symbols.defines and len(cond.path.parts) == 1:
            node = self.defines.get(dotted)
            if node is None:
                define = self.symbols.defines[dotted]
                node = self.defines[dotted] = DefineNode(define.span, dotted, self.condition(define.condition))
            return node
        fact = self.fact(cond.path)
        if fact.type is Type.BOOL:
            return FactNode(cond.span, fact, lambda v: v is True)
        return FactNode(cond.span, fact, bool)

    def has(self, cond: ast.Has) -> Node:
        fact = has_fact(cond.path, self.facts) or metadata_fact(cond.path.dotted)
        if fact.type not in {Type.SET, Type.DOMAINS}:
            return PresenceNode(cond.span, fact)
        if not cond.args:
            return FactNode(cond.span, fact, bool)
        if fact.type is Type.SET:
            wanted = frozenset(str(getattr(a, "value", "")) for a in cond.args)
            return FactNode(
                cond.span, fact, lambda v: not wanted.isdisjoint(v), _labelled(fact.label_prefix, tuple(wanted))
            )
        from policy.text.links import domain_matches

        patterns: list[str] = []
        for arg in cond.args:
            if isinstance(arg, ast.Ident):
                patterns.extend(t.text.lower() for t in self.symbols.lexicons[arg.value].terms)
            else:
                patterns.append(str(getattr(arg, "value", "")).lower())
        domains = tuple(patterns)

        def any_domain(found: frozenset[str]) -> bool:
            return any(domain_matches(d, p) for d in found for p in domains)

        def evidence(f: Finding) -> bool:
            return any(domain_matches(f.label.split(".", 1)[1], p) for p in domains)

        return FactNode(cond.span, fact, any_domain, evidence)

    def contains(self, cond: ast.Contains) -> Node:
        fact = self.fact(cond.path)
        key, label = self.terms(cond.terms)
        if cond.near is None:
            return ContainsNode(cond.span, int(Cost.SCAN), fact, key, label)
        near_key, near_label = self.terms(cond.near)
        within = int(cond.within.value) if cond.within is not None else DEFAULT_NEAR_WORDS
        return NearNode(cond.span, int(Cost.SCAN) + 1, fact, key, near_key, within, (label, near_label))

    def terms(self, terms: ast.Terms) -> tuple[Hashable, str]:
        """The automaton key (and evidence label) of a phrase, a lexicon or an inline list."""
        if isinstance(terms, ast.LexiconRef):
            name = terms.name.value
            key: Hashable = ("lexicon", name)
            if key not in self.spec_keys:
                self.spec_keys.add(key)
                self.specs.extend(TermSpec(key, t.text) for t in self.symbols.lexicons[name].terms)
            return key, f"lexicon.{name}"
        if isinstance(terms, ast.Phrase):
            key = ("phrase", terms.text.value)
            if key not in self.spec_keys:
                self.spec_keys.add(key)
                self.specs.append(TermSpec(key, terms.text.value))
            return key, "phrase"
        key = ("terms", tuple(s.value for s in terms.terms))
        if key not in self.spec_keys:
            self.spec_keys.add(key)
            self.specs.extend(TermSpec(key, s.value) for s in terms.terms)
        return key, "terms"


def _intersects(values: frozenset[Any]) -> Callable[[Any], bool]:
    return lambda found: not values.isdisjoint(found)


def _labelled(path: str, words: tuple[str, ...]) -> Callable[[Finding], bool]:
    prefixes = tuple(f"{path}.{w}" for w in words)
    return lambda f: any(f.label == p or f.label.startswith(p + ".") for p in prefixes)


def convert(fact: Fact, value: ast.Value) -> Any:
    """A literal of a rule, as the Python value its fact produces."""
    if isinstance(value, ast.Number):
        return value.value
    if isinstance(value, ast.Time):
        return time(value.hour % 24, value.minute) if value.hour < 24 else time(23, 59, 59)
    text = value.value
    if fact.type is Type.BOOL or (fact.type is Type.ANY and isinstance(value, ast.Ident) and text in BOOL_WORDS):
        return BOOL_WORDS[text]
    if fact.type is Type.DATETIME:
        return parse_timestamp(text, fact.path)
    return text


def compile_template(name: str, text: str) -> Template:
    parts: list[tuple[bool, str, str]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append((False, text[position : match.start()], ""))
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append((False, token[0], ""))
        else:
            parts.append((True, match.group(1).strip(), match.group(2) or ""))
        position = match.end()
    if position < len(text):
        parts.append((False, text[position:], ""))
    return Template(name, tuple(parts))
