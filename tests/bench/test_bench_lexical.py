"""Generated lexical policies: exact sizes, nested, distinct terms, and they match the corpus."""

from __future__ import annotations

from bench.corpus import generate
from bench.lexical import lexical_policy, multiword_share, wildcard_share
from policy.text.normalise import normalise_term


def test_a_policy_has_the_size_asked_and_holds_every_smaller_one() -> None:
    small, large = lexical_policy(100), lexical_policy(1_000)
    assert (small.size, len(small.terms), large.size, len(large.terms)) == (100, 100, 1_000, 1_000)
    assert set(small.terms) <= set(large.terms)


def test_terms_are_distinct_once_normalised_with_wildcards_and_phrases() -> None:
    terms = lexical_policy(1_000).terms
    forms = [normalise_term(t) for _, t in terms]
    assert len(set(forms)) == len(forms)  # each normalised term belongs to one lexicon
    assert 0 < wildcard_share(terms) < 0.2
    assert multiword_share(terms) > 0.3


def test_a_generated_policy_compiles_and_its_rules_fire_on_the_corpus() -> None:
    policy = lexical_policy(1_000).compile()
    decisions = [policy.decide(m) for m in generate(1_000).messages]  # type: ignore[attr-defined]
    fired = {rule for d in decisions for rule in d.rule_ids}
    assert not any(d.errors for d in decisions)
    assert len(fired) >= 5
