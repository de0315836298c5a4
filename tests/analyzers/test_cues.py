"""Cue lexicons and their raw-text gate (policy.analyzers.cues, policy.analyzers.cue_gate)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers import cue_gate
from policy.analyzers.abuse import read_sections
from policy.analyzers.cue_gate import RawGate
from policy.analyzers.cues import DATA_DIR, LANGUAGES, CueLexicon, _expanded, languages, lexicon

FAMILIES = ("crisis", "legal", "intent", "spam")


def _sections(family: str) -> dict[str, list[str]]:
    """Every section of the family's files, word families (`[=poss]`) expanded into the terms."""
    sections: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for name, terms in read_sections(DATA_DIR / family / f"{lang}.txt").items():
            sections.setdefault(name, []).extend(terms)
    return _expanded(sections)


def _labels(family: str) -> tuple[str, ...]:
    return tuple(sorted(name for name in _sections(family) if not name.startswith("!")))


def _full(family: str) -> CueLexicon:
    """The family's lexicon with every label as a trigger: the gate must admit every cue."""
    return lexicon(family, LANGUAGES, _labels(family))


@pytest.mark.parametrize("family", FAMILIES)
def test_every_term_of_the_data_files_can_match(family: str) -> None:
    # `CueLexicon.build` refuses terms the matcher would ignore; building is the test.
    assert _full(family).labels


@pytest.mark.parametrize("family", FAMILIES)
def test_every_term_is_found_in_itself_and_admitted(family: str) -> None:
    lex = _full(family)
    for label, terms in _sections(family).items():
        if label.startswith("!"):
            continue
        for term in terms:
            text = term.replace("*", "")
            assert lex.admits(text), (label, term)
            assert lex.find(text).labels, (label, term)


# --------------------------------------------------------------------------------------------------
# cancellations, spans


def _tiny(sections: dict[str, list[str]]) -> CueLexicon:
    return CueLexicon.build("test", sections, triggers=[s for s in sections if not s.startswith("!")])


def test_an_overlapping_cancel_phrase_removes_the_cue() -> None:
    lex = _tiny({"self_harm": ["envie de mourir"], "!self_harm": ["mourir de rire"]})
    assert not lex.find("j'ai envie de mourir de rire").labels
    assert lex.find("j'ai envie de mourir, vraiment").labels == {"self_harm"}


def test_a_cue_holding_the_whole_cancel_phrase_is_the_more_specific_and_stays() -> None:
    lex = _tiny({"self_harm": ["en finir", "en finir avec la vie"], "!self_harm": ["en finir avec"]})
    assert not lex.find("je veux en finir avec ce dossier").labels
    text = "je veux en finir avec la vie"
    assert [text[a:b] for a, b in lex.find(text).spans("self_harm")] == ["en finir avec la vie"]


def test_a_cancel_word_within_the_window_removes_the_cue() -> None:
    lex = _tiny({"lawyer": ["mes avocats"], "!lawyer within 3": ["mûr*"]})
    assert not lex.find("mes avocats ne sont pas mûrs").labels
    assert lex.find("mes avocats vont vous écrire, on en reparle quand ce sera mûr").labels == {"lawyer"}


def test_a_cancel_section_covers_the_labels_below_it() -> None:
    lex = _tiny({"complaint.quality": ["déçu"], "!complaint": ["pas déçu"]})
    assert not lex.find("pas déçu du tout").labels


def test_nested_occurrences_of_one_label_keep_the_longest() -> None:
    lex = _tiny({"treatment": ["on m'a traité de", "m'a traité de", "traité de"]})
    text = "on m'a traité de menteur"
    cues = lex.find(text)
    assert [text[a:b] for a, b in cues.spans("treatment")] == ["on m'a traité de"]


def test_spans_are_in_the_original_text_whatever_the_obfuscation() -> None:
    lex = _tiny({"self_harm": ["suicide"]})
    text = "je pense au S.U.I.C.I.D.E depuis hier"
    (span,) = lex.find(text).spans("self_harm")
    assert text[span[0] : span[1]] == "S.U.I.C.I.D.E"


def test_an_emoji_term_is_found_as_written() -> None:
    lex = _tiny({"praise": ["😍", "merci"]})
    text = "trop beau 😍😍"
    assert [text[a:b] for a, b in lex.find(text).spans("praise")] == ["😍", "😍"]
    assert lex.admits(text)
    assert not lex.admits("trop beau")


def test_findings_are_prefixed_and_sorted() -> None:
    lex = _tiny({"b": ["feu"], "a": ["lampe"]})
    text = "la lampe a pris feu"
    findings = lex.find(text).findings("crisis")
    assert [(f.label, f.text_in(text)) for f in findings] == [("crisis.a", "lampe"), ("crisis.b", "feu")]


def test_a_word_family_stands_for_each_of_its_words() -> None:
    lex = _tiny({"=poss": ["ma", "sa"], "=part": ["main", "cheville"], "injury.body": ["{poss} {part}"]})
    assert lex.find("elle s'est tordu la cheville, sa cheville a doublé").labels == {"injury.body"}
    assert not lex.find("une cheville en bois").labels
    assert "=poss" not in lex.labels and "poss" not in lex.labels


def test_an_unknown_or_circular_family_is_reported() -> None:
    with pytest.raises(ValueError, match="no section `\\[=poss\\]`"):
        _tiny({"body": ["{poss} main"]})
    with pytest.raises(ValueError, match="uses itself"):
        _tiny({"=a": ["x {a}"], "body": ["{a}"]})


def test_a_bad_cancel_header_is_reported() -> None:
    with pytest.raises(ValueError, match="cancel section"):
        _tiny({"a": ["x y"], "!a near 3": ["z"]})


@pytest.mark.parametrize(
    ("lang", "every", "expected"),
    [("fr", False, ("fr",)), ("en-GB", False, ("en",)), ("de", False, LANGUAGES), ("fr", True, LANGUAGES)],
)
def test_languages(lang: str, every: bool, expected: tuple[str, ...]) -> None:
    assert languages(lang, every=every) == expected


# --------------------------------------------------------------------------------------------------
# the gate: sound on obfuscated text (whenever the matcher finds a cue, the gate admits the text)

_LEET = {"a": "4@àâ", "e": "3€éèê", "i": "1!|î", "o": "0ôø", "s": "5$", "t": "7", "l": "1|", "c": "çс", "u": "ùû"}
_SEPARATORS = [" ", "  ", ", ", " - ", "’", "'", " 😍 ", "\n", " ! ", "... ", "_", " @", "\u00a0"]
_FILLER = ["ok", "bon", "la", "commande", "merci", "!!!", "lol", "@marie", "vraiment", "😂", "ça", "7h30", "10€"]


@st.composite
def _obfuscated(draw: st.DrawFn, term: str) -> str:
    out: list[str] = []
    for word in term.replace("*", "").split():
        if len(word) > 2 and draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from([" ", ".", "-", " . "])).join(word))  # s.u.i.c.i.d.e
            continue
        chars = []
        for char in word:
            choice = draw(st.integers(0, 11))
            if choice == 0 and char.lower() in _LEET:
                chars.append(draw(st.sampled_from(_LEET[char.lower()])))
            elif choice == 1:
                chars.append(char * draw(st.integers(2, 4)))
            elif choice == 2:
                chars.append(char.upper())
            elif choice == 3:
                chars.append(char + "\u200b")
            elif choice == 4 and char.isascii() and char.isalpha():
                chars.append(chr(ord(char.lower()) - ord("a") + ord("ａ")))  # fullwidth
            else:
                chars.append(char)
        out.append("".join(chars))
    body = "".join(w + draw(st.sampled_from(_SEPARATORS)) for w in out)
    before = " ".join(draw(st.lists(st.sampled_from(_FILLER), max_size=3)))
    after = " ".join(draw(st.lists(st.sampled_from(_FILLER), max_size=3)))
    return f"{before} {body}{after}"


@st.composite
def _case(draw: st.DrawFn) -> tuple[str, str]:
    family = draw(st.sampled_from(FAMILIES))
    sections = _sections(family)
    label = draw(st.sampled_from([s for s in sections if not s.startswith("!")]))
    term = draw(st.sampled_from(sections[label]))
    return family, draw(_obfuscated(term))


@settings(max_examples=400, deadline=None)
@given(_case())
def test_the_gate_admits_every_obfuscated_text_the_matcher_reads(case: tuple[str, str]) -> None:
    family, text = case
    lex = _full(family)
    if lex.find(text).labels:
        assert lex.admits(text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_the_gate_is_sound_on_arbitrary_text(text: str) -> None:
    for family in FAMILIES:
        lex = _full(family)
        if lex.find(text).labels:
            assert lex.admits(text), (family, text)


def test_the_gate_rejects_ordinary_messages() -> None:
    gate = RawGate.build(["a pris feu", "suicide", "mise en demeure"])
    for text in ["Bonjour, à quelle heure ouvrez-vous dimanche ?", "Super produit, merci !", "ok"]:
        assert not gate.admits(text), text


def test_the_stored_word_ranks_are_those_of_the_word_lists() -> None:
    # `data/gate/ranks.txt.gz` saves every process a second and a half; it must not drift from the
    # word lists and the normaliser it was computed with (regenerate: python -m policy.analyzers.cue_gate).
    pytest.importorskip("spellchecker")
    assert cue_gate._read_ranks(cue_gate.RANKS_FILE) == cue_gate._computed_frequency()
