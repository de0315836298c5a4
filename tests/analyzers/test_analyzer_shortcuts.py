"""Shortcuts of the analyzers give what the long way gives (policy.analyzers.cues, .crisis, .imputation,
.intent, .pii).

Each shortcut skips work a cheap test proves useless; these tests run both ways on the crisis cases,
the test corpora and obfuscated or arbitrary texts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers import crisis, imputation, intent, pii
from policy.analyzers.cues import LANGUAGES, Cues, _longest, languages, lexicon
from policy.analyzers.intent import classify_intent
from policy.analyzers.nlp import fold, read_list, read_sections, sentence_bounds
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


# ---------------------------------------------------------------- imputation's word gates


def _word_patterns(lang: str) -> dict[str, re.Pattern[str]]:
    lex = imputation._lexicon(lang)
    return {
        **lex.markers,
        imputation._ACCUSATION: lex.accusation_re,
        imputation._JUDGEMENT: lex.judgement_re,
        imputation._HYPERBOLE: lex.hyperbole_re,
    }


def _gate_is_sound(lang: str, text: str) -> None:
    lex = imputation._lexicon(lang)
    t = imputation._Text(text, fold(text), lex, sentence_bounds(text))
    for name, pattern in _word_patterns(lang).items():
        if not lex.gates[name].admits(t):
            assert pattern.search(t.folded) is None, (name, text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_word_gates_admit_every_text_their_pattern_matches(lang: str) -> None:
    for text in _texts():
        _gate_is_sound(lang, text)


def _term_words(lang: str) -> list[str]:
    sections = read_sections(f"{lang}/markers.txt")
    judgements = read_sections(f"{lang}/judgements.txt")
    terms = [*read_list(f"{lang}/accusations.txt"), *judgements["judgement"], *judgements["hyperbole"]]
    terms += [term for section in sections.values() for term in section]
    return sorted({piece for term in terms for piece in re.split(r"(\W)", term.rstrip("*")) if piece})


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_word_gates_on_texts_made_of_their_terms(data: st.DataObject) -> None:
    lang = data.draw(st.sampled_from(["fr", "en"]))
    pieces = st.sampled_from([*_term_words(lang), " ", "-", "'", "x", "s", "é", ".", "@"])
    _gate_is_sound(lang, "".join(data.draw(st.lists(pieces, max_size=12))))


# ---------------------------------------------------------------- pii: digits each detector needs


def _pii_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    short = pii.find_pii(text)
    with monkeypatch.context() as patched:
        patched.setattr(pii, "_may_find", lambda *_: True)
        assert pii.find_pii(text) == short, text


def test_pii_detectors_skipped_for_want_of_digits_would_find_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in [*_texts(), "O6 12 34 56 78", "appelle le +33 6 12 34 56 78", "IP 2001:db8::1 ou 8.8.8.8"]:
        _pii_both_ways(text, monkeypatch)


_PII_PIECES = ["0", "6", "1", "9", "O", "+33", " ", "-", ".", ":", "AB", "fr76", "rue", "@", "a", "2A", "zéro", "six"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PII_PIECES), max_size=24).map("".join))
def test_pii_digit_gates_on_digit_heavy_texts(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _pii_both_ways(text, monkeypatch)


# ---------------------------------------------------------------- intent: spans asked for where needed


@pytest.mark.parametrize("lang", ["fr", "en", "de"])
def test_intent_reads_the_same_with_every_span_worked_out_first(lang: str) -> None:
    lex = lexicon("intent", languages(lang), intent._TRIGGERS)
    for text in _texts():
        if not text.strip() or not lex.admits(text):
            continue
        eager = lex.find(text)
        if not eager.labels:  # works out every label's spans
            assert classify_intent(text, lang=lang) == intent._no_cue(text)
            continue
        assert classify_intent(text, lang=lang) == intent._Reading(text, eager).intent(), text
