"""Crisis signals (policy.analyzers.crisis): cases as data in data/crisis.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policy.analyzers.crisis import CRISIS_SIGNALS, CrisisResult, find_crisis

DATA = Path(__file__).parent / "data" / "crisis.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text("utf-8"))
ORGANISATION: dict[str, tuple[str, ...]] = {
    "organisation_names": ("Maison Lumière",),
    "organisation_handles": ("@MaisonLumiere", "@MaisonLumiere_SAV"),
    "official_domains": ("maisonlumiere.fr",),
}


def _crisis(text: str, lang: str) -> CrisisResult:
    return find_crisis(text, lang=lang, **ORGANISATION)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['text'][:50]}" for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    text = case["text"]
    result = _crisis(text, case["lang"])
    assert result.signals == frozenset(case["signals"]), result.reason
    if "reported" in case:
        assert result.reported == frozenset(case["reported"]), result.reason
    if "attacks" in case:
        assert result.attacks == frozenset(case["attacks"]), result.reason
    shown = {f.text_in(text) for f in result.findings}
    for evidence in case.get("evidence", ()):
        assert evidence in shown, (evidence, shown)
    assert result.signals <= set(CRISIS_SIGNALS)
    assert result.reported <= result.signals & {"impersonation", "phishing"}
    assert all(0 <= f.start < f.end <= len(text) and f.label.startswith("crisis.") for f in result.findings)
    assert result.found == bool(result.signals)
    assert result.reason and "\n" not in result.reason


def test_the_reason_puts_the_most_urgent_signal_first() -> None:
    result = _crisis("Partagez massivement : j'ai plus envie de vivre", "fr")
    assert result.reason == (
        "Crisis signal: possible suicidal ideation (`plus envie de vivre`), virality (`Partagez massivement`)"
    )


def test_the_reason_says_when_an_attack_is_reported() -> None:
    result = _crisis("Attention faux compte @MaisonLumiere_Offre", "fr")
    assert result.reason.startswith("Crisis signal: reported impersonation of the organisation")


def test_self_harm_is_read_in_english_on_a_french_page() -> None:
    assert _crisis("honestly I want to end it all", "fr").signals == {"self_harm"}


def test_without_organisation_settings_a_brand_like_handle_is_not_judged() -> None:
    assert not find_crisis("Contactez @MaisonLumlere pour votre remboursement", lang="fr").found


def test_a_small_count_is_not_virality() -> None:
    assert not _crisis("3 likes et 12 partages, bof", "fr").found
    assert _crisis("2,3M de vues en une nuit", "fr").signals == {"virality"}


def test_an_official_sub_domain_is_not_a_look_alike() -> None:
    text = "Cliquez ici pour valider votre compte : https://aide.maisonlumiere.fr/compte"
    assert not _crisis(text, "fr").found
