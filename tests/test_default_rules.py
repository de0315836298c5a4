"""The bundled default policy: it lints clean, and every example written in it passes (`roe test rules/`)."""

from __future__ import annotations

import pytest

from policy import Policy, check_policy
from policy.compile import compile_checked
from policy.testing import CaseResult, example_cases, run_case

CHECKED = check_policy()
POLICY = compile_checked(CHECKED) if CHECKED.ok else None
CASES = example_cases(CHECKED, POLICY) if POLICY else []


def test_the_default_policy_has_no_error() -> None:
    assert [d.render() for d in CHECKED.errors] == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_example(case: object) -> None:
    assert POLICY is not None
    result: CaseResult = run_case(POLICY, case)  # type: ignore[arg-type]
    assert result.passed, "\n".join(result.failures)


def test_every_rule_has_because_and_three_examples_one_negative(default_policy: Policy) -> None:
    for _, rule in CHECKED.symbols.rules:
        assert rule.because is not None, rule.id.value
        assert len(rule.examples) >= 3, rule.id.value
        negatives = [c for c in CASES if c.rule == rule.id.value and c.expect.fires is False]
        assert negatives, f"rule `{rule.id.value}` has no example that must not trigger it"
