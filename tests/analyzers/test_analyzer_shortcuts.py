"""Shortcuts of the cue analyzers give what the long way gives (policy.analyzers.cues, .crisis).

Each shortcut skips work a cheap test proves useless; these tests run both ways on the crisis cases,
the test corpora and obfuscated or arbitrary texts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers import crisis
from policy.analyzers.cues import LANGUAGES, Cues, _longest, lexicon
from policy.text.links import find_links

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ORGANISATION = crisis._organisation(
    ("Maison Lumière",), ("@MaisonLumiere", "@MaisonLumiere_SAV"), ("maisonlumiere.fr",)
)
EXTRA = [
    "le compte maisonlumiere.soldes m'a écrit, c'est vous ?",
    "@MaisonLumiere_Offre service client officiel, écrivez-nous sur WhatsApp",
    "Suivez @MaisonLumlere pour le remboursement : maisonlumiere-rembourse[.]com",
    "le compte « Maison Lumière Soldes » sur TikTok demande mon code",
    "@lea_b @tom_r 😂😂",
    "je pense à en finir, j'ai mis de côté assez de cachets",
    "12 000 partages en une heure, #BoycottMaisonLumiere",
]


def _texts() -> list[str]:
    texts = list(EXTRA)
    for path in sorted(CORPUS.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def _eager(cues: Cues, labels: frozenset[str]) -> dict[str, tuple[tuple[int, int], ...]]:
    """Every label's spans, asked for at once and in a fixed order."""
    return {label: cues.exact(label) for label in sorted(labels) if cues.exact(label)}


def _crisis_both_ways(text: str) -> None:
    lex = lexicon("crisis", LANGUAGES, crisis._TRIGGERS)
    links = find_links(text)
    short = crisis._Reading(text, lex.find(text), ORGANISATION, links).result()
    long = crisis._Reading(text, lex.find(text), ORGANISATION, links)._full_result()
    assert short == long, text


@pytest.mark.parametrize("text", _texts())
def test_crisis_without_a_telling_cue_reads_as_the_full_reading(text: str) -> None:
    _crisis_both_ways(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*EXTRA, "@", ".", "_", "http", " ", "www", "[.]", "fr"]), max_size=8).map(" ".join))
def test_crisis_shortcut_on_mixed_texts(text: str) -> None:
    _crisis_both_ways(text)


@pytest.mark.parametrize("family", ["crisis", "intent", "legal", "spam"])
def test_lazy_spans_do_not_depend_on_what_was_asked_before(family: str) -> None:
    lex = lexicon(family, LANGUAGES, ())
    for text in _texts()[:400]:
        first, second = lex.find(text), lex.find(text)
        eager = _eager(first, lex.labels)
        assert second.labels == frozenset(eager), text
        assert {label: second.exact(label) for label in reversed(sorted(lex.labels)) if second.exact(label)} == eager
        assert all(_longest(spans) == spans for spans in eager.values())
