"""Intent (policy.analyzers.intent): cases as data in data/intent.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policy.analyzers.intent import INTENT_KINDS, classify_intent

DATA = Path(__file__).parent / "data" / "intent.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['text'][:50]}" for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    text = case["text"]
    result = classify_intent(text, lang=case["lang"])
    assert result.kind == case["kind"], result.reason
    labels = {f.label for f in result.findings}
    assert ("intent.sarcasm" in labels) == case.get("sarcasm", False), result.findings
    shown = {f.text_in(text) for f in result.findings}
    for evidence in case.get("evidence", ()):
        assert evidence in shown, (evidence, shown)
    assert result.kind in INTENT_KINDS
    assert 0.0 <= result.confidence <= 1.0
    assert all(0 <= f.start < f.end <= len(text) and f.label.startswith("intent.") for f in result.findings)
    assert result.reason and "\n" not in result.reason


def test_the_reason_names_the_topic_and_the_sarcasm() -> None:
    result = classify_intent("merci pour le colis arrivé en miettes, bravo 👏", lang="fr")
    assert result.reason == "Complaint about delivery (`arrivé en miettes`), sarcastic `merci`"


def test_more_cues_give_more_confidence() -> None:
    one = classify_intent("produit cassé", lang="fr")
    three = classify_intent("produit cassé, jamais reçu le remboursement, service client injoignable", lang="fr")
    assert one.kind == three.kind == "complaint"
    assert three.confidence > one.confidence


def test_a_rival_cue_lowers_confidence() -> None:
    plain = classify_intent("quels sont vos horaires ?", lang="fr")
    mixed = classify_intent("quels sont vos horaires ? merci beaucoup", lang="fr")
    assert plain.kind == mixed.kind == "question"
    assert mixed.confidence < plain.confidence
