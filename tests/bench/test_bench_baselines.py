"""The baselines' agreement checks: a baseline that finds other things than ROE is refused."""

from __future__ import annotations

import re

import pytest

from bench.baselines import (
    AgreementError,
    FlashtextTerms,
    NaiveTerms,
    RoeTerms,
    alphabet_of,
    check_flashtext,
    check_naive,
    naive_regex,
    require,
)

TERMS = [
    ("insultes", "connard"),
    ("insultes", "insult*"),
    ("insultes", "*phobe"),
    ("insultes", "con*ard"),
    ("menaces", "je vais te tuer"),
    ("menaces", "te tuer"),
    ("plaintes", "jamais arrivée"),
    ("personnes", "le gérant"),
]
TEXTS = [
    "T'es qu'un C0NNARD",
    "c o n n a r d va",
    "les insultes pleuvent",
    "un xénophobe notoire",
    "je vais te tuer",
    "ma commande n'est jamais arrivee !!",
    "le GÉRANT de Lyon",
    "rien à voir, merci 😍",
    "connerie",
    "phobes",
]


def test_the_naive_baseline_agrees_with_roe_term_for_term() -> None:
    agreement = require(check_naive(RoeTerms(TERMS).keys, NaiveTerms(TERMS), TEXTS))
    assert agreement.ok
    assert agreement.matches >= 8


def test_a_baseline_that_misses_a_term_is_refused_loudly() -> None:
    naive = NaiveTerms(TERMS)
    naive.patterns = [(key, pattern) for key, pattern in naive.patterns if key[1] != "connard"]
    agreement = check_naive(RoeTerms(TERMS).keys, naive, TEXTS)
    assert not agreement.ok
    with pytest.raises(AgreementError, match="naive disagrees with ROE"):
        require(agreement)


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("insult*", "des insultes", True),
        ("insult*", "desinsultes", False),
        ("*phobe", "un homophobe", True),
        ("*phobe", "phobes", False),
        ("con*ard", "conard", True),
        ("con*ard", "con ard", False),
        ("je vais te tuer", "bon je vais te tuer demain", True),
        ("je vais te tuer", "je vais te tuerai", False),
    ],
)
def test_naive_terms_keep_to_words_and_wildcards_stay_inside_one(term: str, text: str, found: bool) -> None:
    assert (re.search(naive_regex(term), text) is not None) is found


def test_flashtext_is_compared_on_what_it_can_express() -> None:
    pytest.importorskip("flashtext")
    flash = FlashtextTerms(TERMS, alphabet_of(TEXTS, [t for _, t in TERMS]))
    agreement = require(check_flashtext(RoeTerms(TERMS).keys, flash, TEXTS))
    assert agreement.terms_excluded == 3  # insult*, *phobe, con*ard: flashtext has no wildcard
    assert agreement.shadowed >= 1  # "te tuer" inside "je vais te tuer": flashtext keeps the longest
    assert "literal terms only" in agreement.restriction


def test_flashtext_finding_more_than_roe_is_a_disagreement() -> None:
    pytest.importorskip("flashtext")
    flash = FlashtextTerms(TERMS, alphabet_of(TEXTS, [t for _, t in TERMS]))
    flash.processor.add_keyword("merci", ("eloges", "merci"))  # a term ROE was never given
    with pytest.raises(AgreementError, match="flashtext disagrees"):
        require(check_flashtext(RoeTerms(TERMS).keys, flash, TEXTS))


def test_rule_engine_matches_the_same_field_rules_and_a_wrong_one_is_refused() -> None:
    pytest.importorskip("rule_engine")
    from bench.baselines import FIELD_RULES, RuleEngineFields, check_fields, field_policy_text
    from bench.corpus import generate
    from policy import compile_text

    policy = compile_text(field_policy_text())
    messages = list(generate(500).messages)
    other = RuleEngineFields()
    agreement = require(check_fields(lambda m: frozenset(policy.decide(m).rule_ids), other, messages))
    assert agreement.matches > 0 and agreement.terms_compared == len(FIELD_RULES)

    import rule_engine

    rule_id, _, _ = FIELD_RULES[0]
    other.rules[0] = (rule_id, rule_engine.Rule("true"))  # a rule that matches everything
    with pytest.raises(AgreementError, match="rule-engine disagrees"):
        require(check_fields(lambda m: frozenset(policy.decide(m).rule_ids), other, messages))
