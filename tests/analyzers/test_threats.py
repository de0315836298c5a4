"""Threat analysis (policy.analyzers.threats): cases in tests/analyzers/data/threats.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers.threats import find_threats

DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "threats.yaml").read_text(encoding="utf-8"))
ARTICLES = {
    "C. pén. art. 222-17",
    "C. pén. art. 222-18",
    "C. pén. art. 222-18-1",
    "C. pén. art. 322-12",
    "C. pén. art. 322-13",
    "C. pén. art. 322-14",
}


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = find_threats(case["text"], lang=case["lang"])
    assert result.is_threat is case["threat"], result.reason
    for field in ("kind", "conditional", "reported"):
        if field in case:
            assert getattr(result, field) == case[field], result.reason
    if "citations" in case:
        assert list(result.citations) == case["citations"]
    if result.is_threat:
        assert result.kind is not None and result.findings and result.citations
        assert set(result.citations) <= ARTICLES
    else:
        assert not result.citations and result.kind is None


def test_unknown_language_tries_both() -> None:
    assert find_threats("je vais te crever", lang="und").is_threat
    assert find_threats("I'm going to kill you", lang="und").is_threat


@given(st.text(max_size=120))
@settings(max_examples=150, deadline=None)
def test_spans_are_in_the_original_text(text: str) -> None:
    for lang in ("fr", "en"):
        result = find_threats(text, lang=lang)
        assert all(0 <= f.start < f.end <= len(text) for f in result.findings)
        assert not (result.is_threat and result.kind is None)
        assert result == find_threats(text, lang=lang)
