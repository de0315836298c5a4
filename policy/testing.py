"""Testing stage: run the examples written inside rules, and decision case files, against a policy.

An example `"message" -> ACTION` under a rule asserts two things:

1. the whole policy decides ACTION for that message (and every team after `escalate to` is among the
   decision's escalations);
2. whether *this* rule matched: written `matched` / `unmatched` after the action, or inferred — the
   rule must match when ACTION is the rule's own action, and must not match otherwise (so
   `"ce prix me tue" -> answer` under a threat rule that deletes means "not a threat").

Unless the example says otherwise with `with …`, its message is a public comment on Facebook
received on Wednesday 14 January 2026 at 10:00, Paris time — a fixed, ordinary moment, so that
examples never depend on the day they run.

Case files (`*.yaml`) hold whole messages with expectations; they share the same checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy import ast
from policy.check import Checked
from policy.check.conditions import BOOL_WORDS
from policy.engine import Policy
from policy.loader import LoadedFile
from policy.model import Action, Decision, MessageError

EXAMPLE_DEFAULTS: dict[str, Any] = {
    "channel": "facebook",
    "kind": "comment",
    "received_at": "2026-01-14T10:00:00+01:00",
}


@dataclass(frozen=True)
class Expectation:
    action: str
    escalations: tuple[str, ...] = ()
    fires: bool | None = None  # for rule examples: must the owning rule match?
    rules: tuple[str, ...] = ()  # for case files: rules that must match
    not_rules: tuple[str, ...] = ()  # for case files: rules that must not match
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    name: str
    location: str  # file:line of the example or case
    message: Mapping[str, Any]
    expect: Expectation
    rule: str | None = None  # the rule an inline example belongs to


@dataclass(frozen=True)
class CaseResult:
    case: Case
    decision: Decision | None
    failures: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.failures


def _value(item: ast.ContextItem) -> Any:
    value = item.value
    if isinstance(value, ast.Ident):
        return BOOL_WORDS.get(value.value, value.value)
    if isinstance(value, ast.Time):
        return f"{value.hour:02d}:{value.minute:02d}"
    return value.value


def example_message(example: ast.Example) -> dict[str, Any]:
    message: dict[str, Any] = {"text": example.text.value, **EXAMPLE_DEFAULTS}
    for item in example.context:
        parts = item.path.parts
        if parts[0] in ("author", "metadata"):
            message.setdefault(parts[0], {})
            target = message[parts[0]]
            for part in parts[1:-1]:
                target = target.setdefault(part, {})
            target[parts[-1]] = _value(item)
        else:
            message[parts[0]] = _value(item)
    return message


def example_cases(checked: Checked, policy: Policy) -> list[Case]:
    """Every inline example of every enabled rule, in reading order."""
    cases: list[Case] = []
    for file, rule in checked.symbols.rules:
        if rule.id.value in checked.symbols.disabled:
            continue
        compiled = policy.rule(rule.id.value)
        own = compiled.effects.action.word if compiled else None
        for index, example in enumerate(rule.examples, start=1):
            expected = example.expected
            fires = expected.fires
            if fires is None:
                fires = expected.action.value == own
            cases.append(
                Case(
                    name=f"{rule.id.value} #{index}",
                    location=_location(file, example.span.line),
                    message=example_message(example),
                    expect=Expectation(
                        action=expected.action.value,
                        escalations=tuple(t.value for t in expected.escalations),
                        fires=fires,
                    ),
                    rule=rule.id.value,
                )
            )
    return cases


def _location(file: LoadedFile, line: int) -> str:
    return f"{file.source.path}:{line}"


def run_case(policy: Policy, case: Case) -> CaseResult:
    try:
        decision = policy.decide(case.message)
    except MessageError as exc:
        return CaseResult(case, None, (f"the message is not valid: {exc}",))
    failures: list[str] = []
    expect = case.expect
    if decision.action.word != expect.action:
        failures.append(f"expected the policy to {expect.action}, it decided to {decision.action.word}")
    teams = {e.team for e in decision.escalations}
    for team in expect.escalations:
        if team not in teams:
            failures.append(f"expected an escalation to `{team}`, got {_teams(teams)}")
    matched = set(decision.rule_ids)
    if case.rule is not None and expect.fires is not None:
        if expect.fires and case.rule not in matched:
            failures.append(f"expected rule `{case.rule}` to match, it did not")
        if not expect.fires and case.rule in matched:
            failures.append(f"expected rule `{case.rule}` not to match, it did")
    for rule in expect.rules:
        if rule not in matched:
            failures.append(f"expected rule `{rule}` to match, it did not")
    for rule in expect.not_rules:
        if rule in matched:
            failures.append(f"expected rule `{rule}` not to match, it did")
    for category in expect.categories:
        if category not in decision.categories:
            failures.append(f"expected category `{category}`, got {_teams(set(decision.categories))}")
    for error in decision.errors:
        failures.append(f"rule `{error.rule}` could not be evaluated: {error.message}")
    return CaseResult(case, decision, tuple(failures))


def _teams(teams: Iterable[str]) -> str:
    names = sorted(teams)
    return ", ".join(f"`{t}`" for t in names) if names else "none"


def run_cases(policy: Policy, cases: Sequence[Case]) -> list[CaseResult]:
    return [run_case(policy, case) for case in cases]


# ---------------------------------------------------------------- case files


class CaseFileError(ValueError):
    pass


def load_case_file(path: Path) -> list[Case]:
    """A YAML list of `{name, message: {...}, expect: {action, escalations, rules, not_rules, categories}}`."""
    import yaml

    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        tree = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise CaseFileError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(tree, yaml.SequenceNode):
        raise CaseFileError(f"{path}: expected a list of cases")
    lines = [node.start_mark.line + 1 for node in tree.value]
    cases = []
    for index, entry in enumerate(data, start=1):
        where = f"{path}:{lines[index - 1]}"
        if not isinstance(entry, dict) or "message" not in entry or "expect" not in entry:
            raise CaseFileError(f"{where}: each case needs `message` and `expect`")
        unknown = set(entry) - {"name", "message", "expect", "note"}
        if unknown:
            raise CaseFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        message = entry["message"]
        if isinstance(message, str):
            message = {"text": message}
        expect = entry["expect"]
        if isinstance(expect, str):
            expect = {"action": expect}
        if not isinstance(expect, dict) or Action.parse(str(expect.get("action", ""))) is None:
            raise CaseFileError(f"{where}: `expect.action` must be one of answer, ignore, hide, delete, escalate")
        unknown = set(expect) - {"action", "escalations", "rules", "not_rules", "categories"}
        if unknown:
            raise CaseFileError(f"{where}: unknown expectation(s) {', '.join(sorted(unknown))}")
        cases.append(
            Case(
                name=str(entry.get("name", f"case {index}")),
                location=where,
                message={**EXAMPLE_DEFAULTS, **message},
                expect=Expectation(
                    action=str(expect["action"]),
                    escalations=tuple(expect.get("escalations", ())),
                    rules=tuple(expect.get("rules", ())),
                    not_rules=tuple(expect.get("not_rules", ())),
                    categories=tuple(expect.get("categories", ())),
                ),
            )
        )
    return cases
