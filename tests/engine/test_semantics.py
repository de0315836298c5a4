"""The decision semantics of DESIGN §3, pinned one by one on small policies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import orjson
import pytest

from policy import Action, MessageError, Policy, PolicyError, compile_text
from policy.model import Priority

Build = Callable[..., Policy]
AT = "2026-11-18T10:00:00+01:00"  # a Wednesday morning, Paris time


def decide(policy: Policy, text: str, **fields: object) -> object:
    return policy.decide({"text": text, "received_at": AT, **fields})


def test_all_rules_are_evaluated_and_the_strongest_action_wins(compile_rules: Build) -> None:
    policy = compile_rules("""
rule a when text contains "colis" then answer
rule b when text contains "abruti" then hide
rule c when text contains "abruti" then delete
rule d when text contains "colis" then escalate to legal
""")
    d = policy.decide({"text": "mon colis, bande d'abruti", "received_at": AT})
    assert d.action is Action.DELETE
    assert d.rule_ids == ("a", "b", "c", "d")
    assert {(o.rule, o.action, o.by) for o in d.overridden} == {
        ("a", Action.ANSWER, "c"),
        ("b", Action.HIDE, "c"),
        ("d", Action.ESCALATE, "c"),
    }
    # Escalations accumulate even from a rule whose action lost.
    assert [e.team for e in d.escalations] == ["legal"]


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (["ignore", "answer"], "answer"),
        (["answer", "escalate to legal"], "escalate"),
        (["escalate to legal", "hide"], "hide"),
        (["hide", "delete"], "delete"),
        (["delete", "ignore"], "delete"),
    ],
)
def test_strength_order(compile_rules: Build, actions: list[str], expected: str) -> None:
    rules = "\n".join(f'rule r{i} when text contains "x" then {a}' for i, a in enumerate(actions))
    assert compile_rules(rules).decide({"text": "x"}).action.word == expected


def test_a_team_named_twice_keeps_the_highest_priority_and_the_earliest_deadline(compile_rules: Build) -> None:
    policy = compile_rules("""
rule a when text contains "x" then escalate to legal priority low within 8h
rule b when text contains "x" then escalate to legal priority critical
rule c when text contains "x" then escalate to pr within 10m
""")
    d = policy.decide({"text": "x", "received_at": AT})
    by_team = {e.team: e for e in d.escalations}
    assert by_team["legal"].priority is Priority.CRITICAL
    assert by_team["legal"].due_at == datetime.fromisoformat("2026-11-18T14:00:00+01:00")  # team: within 4h
    assert by_team["legal"].rules == ("a", "b")
    assert by_team["pr"].due_at == datetime.fromisoformat("2026-11-18T10:10:00+01:00")
    assert [e.team for e in d.escalations] == ["legal", "pr"]  # by priority, then deadline


def test_default_applies_when_no_rule_matches(compile_rules: Build) -> None:
    policy = compile_rules('rule a when text contains "x" then delete')
    d = policy.decide({"text": "bonjour"})
    assert d.action is Action.ANSWER and d.default_applied and d.matched == ()


def test_default_can_answer_with_a_template() -> None:
    policy = compile_text("""
default answer with merci
template merci = "Merci {author.name|à vous} !"
rule a when text contains "x" then delete
""")
    assert policy.decide({"text": "bonjour", "author": {"name": "Léa"}}).reply == "Merci Léa !"
    assert policy.decide({"text": "bonjour"}).reply == "Merci à vous !"


def test_a_rule_that_cannot_be_evaluated_fails_safe(compile_rules: Build) -> None:
    policy = compile_rules("""
rule vip when author.followers >= 10000 then answer
rule other when text contains "x" then ignore
""")
    d = policy.decide({"text": "x"})  # no author: the rule cannot be evaluated
    assert d.action is Action.ESCALATE
    assert [e.team for e in d.escalations] == ["moderation"]
    assert [(e.rule, e.code) for e in d.errors] == [("vip", "ROE301")]
    assert "author.followers" in d.errors[0].message
    assert d.rule_ids == ("other",)


def test_a_guard_avoids_the_error(compile_rules: Build) -> None:
    policy = compile_rules("rule vip when has author.followers and author.followers >= 10000 then escalate to pr")
    assert policy.decide({"text": "x"}).errors == ()
    assert policy.decide({"text": "x", "author": {"followers": 20000}}).action is Action.ESCALATE


def test_unknown_is_order_independent(compile_rules: Build) -> None:
    """`false and unknown` is false and `true or unknown` is true, whatever the operand order."""
    policy = compile_rules("""
rule a when author.followers > 10 and text contains "zzz" then delete
rule b when text contains "zzz" and author.followers > 10 then delete
rule c when author.followers > 10 or text contains "x" then hide
rule d when text contains "x" or author.followers > 10 then hide
""")
    d = policy.decide({"text": "x"})
    assert d.errors == ()
    assert d.rule_ids == ("c", "d")


def test_on_error_defaults_to_escalating_to_moderation() -> None:
    policy = compile_text("default answer\nrule vip when author.followers > 1 then delete")
    d = policy.decide({"text": "x"})
    assert d.action is Action.ESCALATE
    assert [(e.team, e.priority) for e in d.escalations] == [("moderation", Priority.HIGH)]


def test_decisions_are_deterministic_apart_from_timing(default_policy: Policy) -> None:
    message = {"text": "Julien, le gérant de Rennes, pique dans la caisse. T'es qu'un connard !", "received_at": AT}
    first = default_policy.decide(message).to_dict()
    second = default_policy.decide(message).to_dict()
    first.pop("elapsed_us")
    second.pop("elapsed_us")
    assert orjson.dumps(first) == orjson.dumps(second)


def test_every_decision_names_the_policy_sha256(default_policy: Policy) -> None:
    d = default_policy.decide({"text": "bonjour"})
    assert d.policy.sha256 == default_policy.sha256 and len(d.policy.sha256) == 64


def test_matched_rules_are_ordered_by_priority_then_reading_order(compile_rules: Build) -> None:
    policy = compile_rules("""
rule low when text contains "x" then answer
rule high "Haute" priority 5 when text contains "x" then answer
rule mid priority 2 when text contains "x" then answer
""")
    assert policy.decide({"text": "x"}).rule_ids == ("high", "mid", "low")


def test_the_reply_comes_from_the_first_answering_rule(compile_rules: Build) -> None:
    policy = compile_rules("""
template t1 = "Un"
template t2 = "Deux"
rule a when text contains "x" then answer with t1
rule b priority 1 when text contains "x" then answer with t2
""")
    assert policy.decide({"text": "x"}).reply == "Deux"


def test_keep_evidence_joins_from_any_matched_rule(compile_rules: Build) -> None:
    policy = compile_rules("""
rule a when text contains "x" then delete
rule b when text contains "x" then escalate to legal, keep evidence
""")
    assert policy.decide({"text": "x"}).keep_evidence is True


def test_evidence_is_reported_in_the_original_text(compile_rules: Build) -> None:
    policy = compile_rules("""
lexicon insultes = ["connard"]
rule a when text contains any insultes then delete
""")
    text = "Franchement… espèce de C0NNNARD 😡"
    d = policy.decide({"text": text})
    [evidence] = d.matched[0].evidence
    assert text[evidence.start : evidence.end] == evidence.text == "C0NNNARD"
    assert evidence.label == "lexicon.insultes"


def test_named_conditions_and_time_predicates(compile_rules: Build) -> None:
    policy = compile_text("""
default answer
timezone "Europe/Paris"
hours mon-fri 09:00-19:00
define nuit = received_at.hour >= 22 or received_at.hour < 6
rule n when nuit then escalate to moderation
rule h when outside hours then ignore
rule w when weekend then hide
rule f when holiday then delete
""")
    assert policy.decide({"text": "x", "received_at": "2026-11-18T23:30:00+01:00"}).rule_ids == ("n", "h")
    assert policy.decide({"text": "x", "received_at": "2026-11-18T22:30:00Z"}).rule_ids == ("n", "h")  # 23:30 Paris
    assert policy.decide({"text": "x", "received_at": "2026-11-18T10:00:00+01:00"}).rule_ids == ()
    assert policy.decide({"text": "x", "received_at": "2026-11-22T10:00:00+01:00"}).rule_ids == ("h", "w")
    # 11 November is a public holiday in France: closed, and a holiday.
    assert policy.decide({"text": "x", "received_at": "2026-11-11T10:00:00+01:00"}).rule_ids == ("h", "f")


def test_links_and_their_domains(compile_rules: Build) -> None:
    policy = compile_rules("""
lexicon raccourcisseurs = ["bit.ly", "tinyurl.com"]
rule short when has link(raccourcisseurs) then delete
rule any_link when has link then hide
rule ours when has link("maisonlumiere.fr") then answer
""")
    d = policy.decide({"text": "promo ici https://bit.ly/abc"})
    assert d.rule_ids == ("short", "any_link")
    assert [e.text for e in d.matched[0].evidence] == ["https://bit.ly/abc"]
    assert policy.decide({"text": "voir www.maisonlumiere.fr/aide"}).rule_ids == ("any_link", "ours")
    assert policy.decide({"text": "M.Dupont etc. 3.5 kg"}).rule_ids == ()


def test_near_counts_words_between_terms(compile_rules: Build) -> None:
    policy = compile_rules("""
rule r when text contains any ["gérant"] near any ["caisse"] within 3 words then escalate to legal
""")
    assert policy.decide({"text": "le gérant pique dans la caisse"}).rule_ids == ("r",)
    assert policy.decide({"text": "le gérant est sympa, et la file à la caisse était longue"}).rule_ids == ()


def test_regex_runs_on_the_original_text(compile_rules: Build) -> None:
    policy = compile_rules(r"rule r when text matches /\b\d{5}\b/ then hide")
    d = policy.decide({"text": "j'habite au 35000"})
    assert d.rule_ids == ("r",) and d.matched[0].evidence[0].text == "35000"


def test_channel_kind_and_author_predicates(compile_rules: Build) -> None:
    policy = compile_rules("""
rule a when channel in [x, facebook] and kind dm then escalate to pr
rule b when author.verified and author.followers >= 100000 then escalate to legal
""")
    d = policy.decide({"text": "t", "channel": "X", "kind": "dm", "author": {"verified": True, "followers": 200000}})
    assert d.rule_ids == ("a", "b")


def test_messages_are_validated(default_policy: Policy) -> None:
    with pytest.raises(MessageError, match=r"`textt`: unknown field.*did you mean `text`"):
        default_policy.decide({"textt": "x"})
    with pytest.raises(MessageError, match="`text`: missing required field"):
        default_policy.decide({"channel": "x"})
    with pytest.raises(MessageError, match=r"`author\.followers`: expected a whole number"):
        default_policy.decide({"text": "x", "author": {"followers": "many"}})
    with pytest.raises(MessageError, match="`kind`: unknown kind `dms`"):
        default_policy.decide({"text": "x", "kind": "dms"})
    with pytest.raises(MessageError, match="`received_at`: the timestamp has no time zone offset"):
        default_policy.decide({"text": "x", "received_at": "2026-11-22T03:00:00"})


def test_a_broken_policy_never_compiles() -> None:
    with pytest.raises(PolicyError) as info:
        compile_text("default answer\nrule r when text contains any nope then delete\nrule s when kind == x then hide")
    assert [d.code for d in info.value.diagnostics if d.is_error] == ["ROE203", "ROE215"]


def test_metadata_is_typed_at_run_time(compile_rules: Build) -> None:
    policy = compile_rules("rule r when metadata.score >= 0.8 then hide")
    assert policy.decide({"text": "x", "metadata": {"score": 0.9}}).rule_ids == ("r",)
    d = policy.decide({"text": "x", "metadata": {"score": "high"}})
    assert d.rule_ids == () and d.errors[0].code == "ROE303"


def test_disabled_rules_do_not_run() -> None:
    policy = compile_text("""
default answer
rule a when text contains "x" then delete
disable rule a
""")
    assert policy.decide({"text": "x"}).action is Action.ANSWER and policy.disabled == ("a",)


def test_full_explanation_traces_every_condition(compile_rules: Build) -> None:
    policy = compile_rules(
        'rule a when text contains "x" and has author.followers and author.followers > 5 then delete'
    )
    d = policy.decide({"text": "x", "author": {"followers": 3}}, explain="full")
    assert d.explanation is not None
    [rule] = d.explanation["rules"]
    assert rule["rule"] == "a" and rule["matched"] is False
    values = {c["condition"]: c.get("value") for c in rule["children"]}
    assert values == {'text contains "x"': True, "has author.followers": True, "author.followers > 5": False}
    actual = next(c for c in rule["children"] if c["condition"] == "author.followers > 5")["actual"]
    assert actual == 3
