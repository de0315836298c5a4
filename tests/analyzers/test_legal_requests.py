"""Legal requests (policy.analyzers.legal_requests): cases as data in data/legal_requests.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policy.analyzers.legal_requests import LEGAL_KINDS, find_legal_requests

DATA = Path(__file__).parent / "data" / "legal_requests.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['text'][:50]}" for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = find_legal_requests(case["text"], lang=case["lang"])
    assert result.kinds == frozenset(case["kinds"]), result.reason
    shown = {f.text_in(case["text"]) for f in result.findings}
    for evidence in case.get("evidence", ()):
        assert evidence in shown, (evidence, shown)
    assert result.kinds <= set(LEGAL_KINDS)
    assert all(0 <= f.start < f.end <= len(case["text"]) for f in result.findings)
    assert all(f.label.startswith("legal.") for f in result.findings)
    assert result.found == bool(result.kinds)
    assert result.reason and "\n" not in result.reason


def test_the_reason_names_each_kind_with_its_words() -> None:
    result = find_legal_requests("Je vous mets en demeure, mon avocat saisira le tribunal", lang="fr")
    assert result.reason == (
        "Legal request: formal notice (`mets en demeure`), lawyer or court (`mon avocat`); "
        "for legal review before any answer"
    )


def test_an_english_request_is_found_on_a_french_page() -> None:
    assert find_legal_requests("please delete my data", lang="fr").kinds == {"gdpr"}


def test_a_gdpr_article_is_evidence_only_next_to_a_gdpr_cue() -> None:
    text = "Je demande l'effacement de mes données, article 17 du RGPD"
    labels = {f.label for f in find_legal_requests(text, lang="fr").findings}
    assert "legal.gdpr.article" in labels
    assert not find_legal_requests("l'article 17 de vos conditions générales", lang="fr").found


def test_discrimination_from_treatment_and_ground_shows_both() -> None:
    result = find_legal_requests("on m'a traité de sale arabe en caisse", lang="fr")
    assert result.reason == (
        "Legal request: discrimination complaint (`on m'a traité de` … `sale arabe`); "
        "for legal review before any answer"
    )


def test_discrimination_needs_the_treatment_near_its_ground() -> None:
    far = "on m'a refusé le remboursement. " + "bla " * 20 + "je suis noir et fier de l'être"
    assert not find_legal_requests(far, lang="fr").found
