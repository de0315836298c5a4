"""Deep lint, rules that cannot do what their author meant: never-true conditions (ROE261, ROE263),
duplicate conditions (ROE262) and rules shadowed by a stronger one (ROE260).

Every finding is a proof over all messages (see `policy.check.lint.logic`), so these warnings have no
false alarms; what they miss (a rule shadowed by two rules together, a lexicon that overlaps another
one term by term) they simply do not report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from policy import ast
from policy.check.lint.logic import Formula, Reasoner, dimensions
from policy.check.rules import rule_action
from policy.check.symbols import Symbols
from policy.diagnostics import Diagnostic, Severity
from policy.model import Action, Priority


def _warn(code: str, message: str, span: object, help: str, notes: tuple[str, ...] = ()) -> Diagnostic:
    return Diagnostic(code, message, span, help, Severity.WARNING, notes)  # type: ignore[arg-type]


def shown(cond: ast.Condition) -> str:
    """A condition as the author wrote it, on one line."""
    return " ".join(cond.span.text.split())


@dataclass(frozen=True)
class _Rule:
    node: ast.Rule
    formula: Formula
    action: Action
    escalations: dict[str, tuple[Priority, int]]
    keep: bool
    categories: frozenset[str]

    @property
    def id(self) -> str:
        return self.node.id.value


def _summary(rule: ast.Rule, formula: Formula, symbols: Symbols) -> _Rule | None:
    action = rule_action(rule.then)
    if action is None:
        return None
    escalations: dict[str, tuple[Priority, int]] = {}
    for effect in rule.then:
        if isinstance(effect, ast.Escalate):
            team = symbols.teams[effect.team.value]
            priority = Priority[effect.priority.value.upper()] if effect.priority else Priority.NORMAL
            within = effect.within.seconds if effect.within else team.within
            old = escalations.get(team.name)
            escalations[team.name] = (priority, within) if old is None else (max(old[0], priority), min(old[1], within))
    keep = any(isinstance(e, ast.KeepEvidence) for e in rule.then)
    return _Rule(rule, formula, action, escalations, keep, frozenset(c.value for c in rule.categories))


def _adds_nothing(weak: _Rule, strong: _Rule) -> bool:
    """Everything `weak` brings to a decision, `strong` brings too, and its action wins."""
    if strong.action <= weak.action or (weak.keep and not strong.keep) or not weak.categories <= strong.categories:
        return False
    for team, (priority, within) in weak.escalations.items():
        other = strong.escalations.get(team)
        if other is None or other[0] < priority or other[1] > within:
            return False
    return True


def lint_conditions(symbols: Symbols, reasoner: Reasoner) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    defines_never_true: set[str] = set()
    for name, define in symbols.defines.items():
        formula = reasoner.formula(define.condition)
        if not reasoner.can_be_true(formula):
            defines_never_true.add(name)
            out.append(
                _warn(
                    "ROE263",
                    f"the named condition `{name}` is never true",
                    define.name.span,
                    "rewrite it, or remove it and the rules that use it",
                    _core_notes(define.condition, reasoner),
                )
            )
        else:
            out.extend(_never_true_parts(define.condition, reasoner, symbols))
        out.extend(_repeated_operands(define.condition))

    rules: list[_Rule] = []
    for _file, rule in symbols.rules:
        formula = reasoner.formula(rule.when)
        out.extend(_repeated_operands(rule.when))
        if not reasoner.can_be_true(formula):
            out.append(
                _warn(
                    "ROE261",
                    f"rule `{rule.id.value}` can never match: its condition is never true",
                    rule.id.span,
                    "fix the condition, or remove the rule",
                    _core_notes(rule.when, reasoner),
                )
            )
            continue
        out.extend(_never_true_parts(rule.when, reasoner, symbols))
        if rule.id.value not in symbols.disabled:
            summary = _summary(rule, formula, symbols)
            if summary is not None:
                rules.append(summary)

    duplicates = list(_duplicate_rules(rules, reasoner))
    out.extend(duplicates)
    out.extend(_duplicate_defines(symbols, reasoner))
    # A rule with the same condition as another is already reported: saying it is shadowed too is noise.
    reported = {(d.span.path, d.span.start) for d in duplicates}
    candidates = [r for r in rules if (r.node.id.span.path, r.node.id.span.start) not in reported]
    out.extend(_shadowed(candidates, rules, reasoner))
    return out


def _core_notes(cond: ast.Condition, reasoner: Reasoner) -> tuple[str, ...]:
    """Which parts of a never-true condition contradict each other (a smallest set of them)."""
    if isinstance(cond, ast.Contains) and _empty_list(cond):
        return ("the list after `any` is empty",)
    if not isinstance(cond, ast.And):
        return ()
    parts = list(cond.operands)
    for part in list(parts):
        rest = [p for p in parts if p is not part]
        if rest and not reasoner.can_be_true(_conjunction(rest, reasoner)):
            parts = rest
    if len(parts) == 1:
        return (f"`{shown(parts[0])}` is never true",)
    return ("these cannot all be true at once: " + ", ".join(f"`{shown(p)}`" for p in parts),)


def _conjunction(parts: list[ast.Condition], reasoner: Reasoner) -> Formula:
    from policy.check.lint.logic import Junction

    formulas = tuple(reasoner.formula(p) for p in parts)
    return formulas[0] if len(formulas) == 1 else Junction("and", formulas)


def _empty_list(cond: ast.Contains) -> bool:
    return any(isinstance(t, ast.InlineTerms) and not t.terms for t in (cond.terms, cond.near))


def _never_true_parts(root: ast.Condition, reasoner: Reasoner, symbols: Symbols) -> Iterator[Diagnostic]:
    """The largest parts of a condition that can be true as a whole but never on their own."""
    stack: list[ast.Condition] = list(_children(root))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Ref) and node.path.dotted in symbols.defines:
            continue  # reported on the named condition itself
        if isinstance(node, ast.InList) and not node.values:
            continue  # ROE258 already says so
        if reasoner.can_be_true(reasoner.formula(node)):
            stack.extend(_children(node))
            continue
        if isinstance(node, ast.Contains) and _empty_list(node):
            yield _warn(
                "ROE263",
                "the list after `any` is empty, so this test is never true",
                node.span,
                "add terms to the list, or remove the test",
            )
        else:
            yield _warn(
                "ROE263",
                f"`{shown(node)}` is never true",
                node.span,
                "this part of the condition never lets a message through: fix it or remove it",
                _core_notes(node, reasoner),
            )


def _children(cond: ast.Condition) -> tuple[ast.Condition, ...]:
    if isinstance(cond, ast.And | ast.Or):
        return cond.operands
    if isinstance(cond, ast.Not):
        return (cond.operand,)
    return ()


def _repeated_operands(root: ast.Condition) -> Iterator[Diagnostic]:
    for node in ast.walk_condition(root):
        if not isinstance(node, ast.And | ast.Or):
            continue
        word = "and" if isinstance(node, ast.And) else "or"
        seen: list[ast.Condition] = []
        for operand in node.operands:
            if operand in seen:
                first = seen[seen.index(operand)]
                yield _warn(
                    "ROE262",
                    f"`{shown(operand)}` is written twice in this `{word}`",
                    operand.span,
                    "remove one of them",
                    (f"the first one is at {first.span.location()}",),
                )
            else:
                seen.append(operand)


def _duplicate_rules(rules: list[_Rule], reasoner: Reasoner) -> Iterator[Diagnostic]:
    for index, later in enumerate(rules):
        for earlier in rules[:index]:
            if dimensions(later.formula) != dimensions(earlier.formula):
                continue
            if reasoner.equivalent(later.formula, earlier.formula):
                yield _warn(
                    "ROE262",
                    f"rule `{later.id}` has the same condition as rule `{earlier.id}`",
                    later.node.id.span,
                    "merge the two rules (one rule can have several effects), or make one condition more precise",
                    (f"rule `{earlier.id}` is at {earlier.node.id.span.location()}",),
                )
                break


def _duplicate_defines(symbols: Symbols, reasoner: Reasoner) -> Iterator[Diagnostic]:
    defines = [(d, reasoner.formula(d.condition)) for d in symbols.defines.values()]
    for index, (later, formula) in enumerate(defines):
        for earlier, other in defines[:index]:
            if dimensions(formula) == dimensions(other) and reasoner.equivalent(formula, other):
                yield _warn(
                    "ROE262",
                    f"the named condition `{later.name.value}` means the same as `{earlier.name.value}`",
                    later.name.span,
                    f"keep one of them and use `{earlier.name.value}` everywhere",
                    (f"`{earlier.name.value}` is at {earlier.name.span.location()}",),
                )
                break


def _shadowed(candidates: list[_Rule], rules: list[_Rule], reasoner: Reasoner) -> Iterator[Diagnostic]:
    for weak in candidates:
        for strong in rules:
            if strong is weak or not _adds_nothing(weak, strong):
                continue
            if reasoner.implies(weak.formula, strong.formula):
                yield _warn(
                    "ROE260",
                    f"rule `{weak.id}` never changes a decision: whenever it matches, rule `{strong.id}` "
                    f"matches too and its `{strong.action.word}` wins",
                    weak.node.id.span,
                    f"remove the rule, or narrow or widen its condition; its escalations, evidence and "
                    f"categories already come with `{strong.id}`",
                    (f"rule `{strong.id}` is at {strong.node.id.span.location()}",),
                )
                break
