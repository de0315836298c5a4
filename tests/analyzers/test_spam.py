"""Spam and scams (policy.analyzers.spam): cases as data in data/spam.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policy.analyzers.spam import find_spam
from policy.text.links import find_links

DATA = Path(__file__).parent / "data" / "spam.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['text'][:50]}" for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    text = case["text"]
    domains = tuple(case.get("official_domains", ()))
    result = find_spam(text, lang=case["lang"], official_domains=domains)
    assert result.kind == case["kind"], result.reason
    shown = {f.text_in(text) for f in result.findings}
    for evidence in case.get("evidence", ()):
        assert evidence in shown, (evidence, shown)
    assert all(0 <= f.start < f.end <= len(text) and f.label.startswith("spam.") for f in result.findings)
    assert result.found == (result.kind is not None)
    assert result.reason and "\n" not in result.reason
    # Links found beforehand give the same answer.
    assert find_spam(text, lang=case["lang"], links=find_links(text), official_domains=domains) == result


def test_the_reason_names_the_pitch() -> None:
    result = find_spam("Investissez dans le bitcoin, rendement garanti 20% par mois !", lang="fr")
    assert result.reason == "Scam: investment pitch (`Investissez`)"


def test_a_photo_host_link_is_never_promotion() -> None:
    text = "Promo nulle, voici les photos https://imgur.com/a/1 https://imgur.com/a/2 https://imgur.com/a/3"
    assert not find_spam(text, lang="fr").found
