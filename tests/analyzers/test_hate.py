"""Hate analysis (policy.analyzers.hate) and the HateCheck harness (policy.evaluation.hatecheck).

Behaviour lives in data: tests/analyzers/data/hate.yaml (every false-positive family of the charter)
and a fixed sample of both HateCheck suites (hate_hatecheck_{en,fr}.csv, see hate_hatecheck_SOURCE.txt).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers.abuse import data_file, read_sections
from policy.analyzers.hate import GROUNDS, find_hate
from policy.analyzers.insults import find_insults
from policy.analyzers.threats import find_threats
from policy.evaluation import hatecheck

DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "hate.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = find_hate(case["text"], lang=case["lang"])
    assert result.is_hate is case["hate"], result.reason
    if "grounds" in case:
        assert result.grounds == frozenset(case["grounds"])
    found = [case["text"][f.start : f.end] for f in result.findings]
    for evidence in case.get("evidence", ()):
        assert evidence in found
    if result.is_hate:
        assert result.findings and result.grounds and 0.0 < result.confidence <= 1.0
    else:
        assert not result.findings and not result.grounds and result.confidence == 0.0


def test_grounds_are_the_charters() -> None:
    for lang in ("fr", "en"):
        for name in ("groups", "group_adjectives", "slurs"):
            assert set(read_sections(data_file("hate", name, lang))) <= set(GROUNDS)


def test_unknown_language_tries_both() -> None:
    assert find_hate("Les musulmans sont des parasites.", lang="und").is_hate
    assert find_hate("Muslims are parasites.", lang="und").is_hate
    assert not find_hate("Merci pour la livraison", lang="und").is_hate


@given(st.text(max_size=120))
@settings(max_examples=150, deadline=None)
def test_spans_are_in_the_original_text(text: str) -> None:
    for lang in ("fr", "en"):
        result = find_hate(text, lang=lang)
        assert all(0 <= f.start < f.end <= len(text) for f in result.findings)
        assert result == find_hate(text, lang=lang)  # deterministic


# --------------------------------------------------------------------------------------------------
# HateCheck: the harness, then the analyzers on a fixed sample


def _sample(lang: str) -> tuple[hatecheck.Case, ...]:
    return hatecheck.load(lang, DATA / f"hate_hatecheck_{lang}.csv")


def test_loaders_read_both_formats() -> None:
    fr, en = _sample("fr"), _sample("en")
    assert len(fr) == 216 and len(en) == 174
    assert {c.lang for c in fr} == {"fr"} and {c.lang for c in en} == {"en"}
    assert any(c.disagreement for c in fr) and not any(c.disagreement for c in en)
    assert all(c.hateful == c.functionality.endswith("_h") for c in fr + en)
    assert all(c.text == c.text.strip() for c in en)


def test_scorer_counts_probes_and_hateful_apart() -> None:
    cases = _sample("en")
    everything = hatecheck.score(cases, lambda text: True)
    assert everything.hateful_removed.value == 1.0
    assert everything.probes_removed.value == 1.0
    by = everything.by_functionality()
    assert "target_indiv_nh" not in by  # scored only as "not hate", so only with `is_hate`
    assert by["slur_homonym_nh"].kind == "other"
    nothing = hatecheck.score(cases, lambda text: False, is_hate=lambda text: False)
    assert nothing.hateful_removed.value == 0.0 and nothing.probes_removed.value == 0.0
    assert nothing.by_functionality()["target_indiv_nh"].rate.flagged == 0
    spelling = sum(f.rate.total for f in nothing.functionalities if f.functionality.startswith("spell_"))
    assert nothing.spelling_removed.total == spelling
    assert nothing.hateful_removed.total == nothing.hateful_removed_plain.total + spelling


def test_scorer_can_leave_out_disagreements() -> None:
    cases = tuple(c for c in _sample("fr") if c.kind != "hate_only")
    with_all = hatecheck.score(cases, lambda text: True)
    without = hatecheck.score(cases, lambda text: True, include_disagreements=False)
    left_out = sum(1 for c in cases if c.disagreement)
    assert left_out
    total = sum(f.rate.total for f in with_all.functionalities)
    assert sum(f.rate.total for f in without.functionalities) == total - left_out


def test_split_is_by_template_and_complete() -> None:
    cases = _sample("fr")
    tune, held = hatecheck.select(cases, "tune"), hatecheck.select(cases, "held_out")
    assert len(tune) + len(held) == len(cases) and tune and held
    assert not {c.template for c in tune} & {c.template for c in held}


def _removed(lang: str) -> tuple[Any, Any]:
    def is_hate(text: str) -> bool:
        return find_hate(text, lang=lang).is_hate

    def removed(text: str) -> bool:
        return is_hate(text) or find_insults(text, lang=lang).aimed or find_threats(text, lang=lang).is_threat

    return removed, is_hate


# Floors and ceilings on the fixed sample (measured when the sample was drawn: see the final report for
# the full suites). The analyzers are deterministic, so a drop below these is a regression.
@pytest.mark.parametrize(
    ("lang", "hateful_floor", "probes_ceiling"),
    [("en", 0.93, 0.03), ("fr", 0.88, 0.03)],
)
def test_hatecheck_sample(lang: str, hateful_floor: float, probes_ceiling: float) -> None:
    removed, is_hate = _removed(lang)
    report = hatecheck.score(_sample(lang), removed, is_hate=is_hate)
    assert report.hateful_removed.value >= hateful_floor, hatecheck.format_report(lang, report, show_misses=3)
    assert report.probes_removed.value <= probes_ceiling, hatecheck.format_report(lang, report, show_misses=3)
    assert report.by_functionality()["target_indiv_nh"].rate.flagged == 0


def test_no_dictionary_no_repairs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without a dictionary a misspelling cannot be told from a real word: nothing is repaired, and
    # what needs no repair is still found.
    from policy.analyzers.abuse import lexicon

    monkeypatch.setattr(lexicon, "known_words", lambda lang: None)
    assert not find_hate("Muslims are disgutsing", lang="en").is_hate
    assert find_hate("Muslims are disgusting", lang="en").is_hate
