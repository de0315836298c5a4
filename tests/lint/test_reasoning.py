"""The lint's reasoning is checked against the engine itself: what it proves must hold for real messages.

Generated conditions over fields, lexicons, regular expressions and hours are compiled into a real
policy and decided on generated messages. Whenever the lint says a condition is never true, no
message may match it; whenever it says one condition implies another, no message may match the
first without the second. (The lint is allowed to miss things; it is not allowed to be wrong.)
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy import compile_text
from policy.check.lint.logic import Reasoner
from policy.compile import compile_checked

HEADER = """policy "Raisonnement" version "1"
default answer
hours mon-fri 09:00-18:00
lexicon a = ["alpha", "beta"]
lexicon b = ["beta"]
"""

ATOMS = [
    "author.followers > 10", "author.followers <= 10", "author.followers == 100", "author.followers != 0",
    "author.followers >= 1000", "has author.followers", "author.verified", "author.verified == no",
    "kind dm", "kind comment", "kind in [dm, review]", "kind not in [dm]", "has kind",
    'channel == x', "channel in [x, facebook]", "channel != instagram",
    'text contains "alpha"', "text contains any a", "text contains any b", 'text contains any ["gamma"]',
    "text contains any a near any b within 2 words", "text matches /gam+a/", "text contains any []",
    "received_at.hour >= 22", "received_at.hour < 6", "weekend", "outside hours", "within hours",
]  # fmt: skip

TEXTS = ["alpha", "beta gamma", "alpha x x x beta", "", "rien à signaler", "gammma", "alpha beta"]
MOMENTS = ["2026-01-14T10:00:00+01:00", "2026-01-17T23:30:00+01:00", "2026-01-15T03:00:00+01:00"]


@st.composite
def condition(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(ATOMS))
    kind = draw(st.sampled_from(["and", "or", "not"]))
    if kind == "not":
        return f"not ({draw(condition(depth - 1))})"
    parts = [draw(condition(depth - 1)) for _ in range(draw(st.integers(2, 3)))]
    return f" {kind} ".join(f"({p})" for p in parts)


@st.composite
def message(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {"text": draw(st.sampled_from(TEXTS)), "received_at": draw(st.sampled_from(MOMENTS))}
    kind = draw(st.sampled_from([None, "dm", "comment", "review", "post"]))
    if kind:
        out["kind"] = kind
    channel = draw(st.sampled_from([None, "x", "facebook", "instagram"]))
    if channel:
        out["channel"] = channel
    author: dict[str, Any] = {}
    followers = draw(st.sampled_from([None, 0, 5, 10, 11, 100, 999, 1000, 5000]))
    if followers is not None:
        author["followers"] = followers
    verified = draw(st.sampled_from([None, True, False]))
    if verified is not None:
        author["verified"] = verified
    if author:
        out["author"] = author
    return out


def _policy(first: str, second: str) -> Any:
    from policy import check_text

    text = HEADER + f"rule first when {first} then answer\nrule second when {second} then answer\n"
    checked = check_text(text)
    assert checked.ok, [d.render() for d in checked.errors]
    return checked, compile_checked(checked)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(condition(), condition(), st.lists(message(), min_size=25, max_size=25))
def test_what_the_lint_proves_holds_for_real_messages(first: str, second: str, messages: list[dict[str, Any]]) -> None:
    checked, policy = _policy(first, second)
    reasoner = Reasoner(checked.symbols, checked.facts)
    rules = {rule.id.value: rule for _, rule in checked.symbols.rules}
    a = reasoner.formula(rules["first"].when)
    b = reasoner.formula(rules["second"].when)
    never = not reasoner.can_be_true(a)
    implies = reasoner.implies(a, b)
    for m in messages:
        matched = set(policy.decide(m).rule_ids)
        if never:
            assert "first" not in matched, (first, m)
        if implies and "first" in matched:
            assert "second" in matched, (first, second, m)


def test_the_reasoner_finds_what_it_should() -> None:
    """Completeness on a few cases (soundness is the property above)."""
    checked, _ = _policy("author.followers > 5 and author.followers < 3", "kind dm")
    reasoner = Reasoner(checked.symbols, checked.facts)
    rules = {rule.id.value: rule for _, rule in checked.symbols.rules}
    assert not reasoner.can_be_true(reasoner.formula(rules["first"].when))
    assert reasoner.can_be_true(reasoner.formula(rules["second"].when))

    checked, _ = _policy('text contains "alpha" and kind dm', "text contains any a")
    reasoner = Reasoner(checked.symbols, checked.facts)
    rules = {rule.id.value: rule for _, rule in checked.symbols.rules}
    first, second = reasoner.formula(rules["first"].when), reasoner.formula(rules["second"].when)
    assert reasoner.implies(first, second) and not reasoner.implies(second, first)


def test_compile_text_still_compiles_what_the_lint_warns_about() -> None:
    # Warnings never stop a policy from running.
    policy = compile_text(HEADER + "rule r when kind dm and kind review then answer\n")
    assert policy.rule("r") is not None


def test_a_question_too_large_gets_no_answer_rather_than_a_slow_lint(monkeypatch: Any) -> None:
    import importlib

    logic = importlib.import_module("policy.check.lint.logic")
    many = " or ".join(f'text contains "mot{i}"' for i in range(12))
    checked, _ = _policy(f"({many}) and author.followers > 3", f"({many}) and author.followers > 2")
    reasoner = Reasoner(checked.symbols, checked.facts)
    rules = {rule.id.value: rule for _, rule in checked.symbols.rules}
    first, second = reasoner.formula(rules["first"].when), reasoner.formula(rules["second"].when)
    assert reasoner.implies(first, second)  # proved: every world visited
    monkeypatch.setattr(logic, "BUDGET", 100)
    assert not reasoner.implies(first, second)  # too many worlds: no proof, so no warning
    assert reasoner.can_be_true(first)
