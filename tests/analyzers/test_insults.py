"""Insult analysis (policy.analyzers.insults): cases in tests/analyzers/data/insults.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers.insults import find_insults

DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "insults.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = find_insults(case["text"], lang=case["lang"])
    assert result.aimed is case["aimed"], result.reason
    insults = [case["text"][f.start : f.end] for f in result.insults]
    profanity = [case["text"][f.start : f.end] for f in result.profanity]
    if "insults" in case:
        assert insults == case["insults"], result.reason
    if "profanity" in case:
        assert profanity == case["profanity"], result.reason
    for flag in ("negated", "quoted"):
        if flag in case:
            assert getattr(result, flag) is case[flag], result.reason
    assert all(f.label == "insult.term" for f in result.insults)
    assert all(f.label == "profanity" for f in result.profanity)
    if result.aimed:
        assert result.insults


def test_unknown_language_tries_both() -> None:
    assert find_insults("t'es un connard", lang="und").aimed
    assert find_insults("you're an idiot", lang="und").aimed


@given(st.text(max_size=120))
@settings(max_examples=150, deadline=None)
def test_spans_are_in_the_original_text(text: str) -> None:
    for lang in ("fr", "en"):
        result = find_insults(text, lang=lang)
        assert all(0 <= f.start < f.end <= len(text) for f in result.insults + result.profanity)
        assert not (result.aimed and not result.insults)
        assert result == find_insults(text, lang=lang)
