"""Lexicon matching: the obfuscation table (data/matching.yaml), term validation, spans, proximity."""

from __future__ import annotations

import itertools
import re
import threading
from bisect import bisect_right
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policy.text.matcher import Scan, TermMatcher, TermSpec
from policy.text.normalise import normalise, normalise_term, readings

DATA = Path(__file__).parent / "data"
TABLE: dict[str, list[dict[str, Any]]] = yaml.safe_load((DATA / "matching.yaml").read_text(encoding="utf-8"))


def scan(term: str, text: str) -> Scan:
    return TermMatcher.build([TermSpec("k", term)]).scan(text)


@pytest.mark.parametrize("case", TABLE["found"], ids=[c["why"] for c in TABLE["found"]])
def test_found(case: dict[str, Any]) -> None:
    result = scan(case["term"], case["text"])
    assert "k" in result.keys
    assert [case["text"][start:end] for start, end in result.spans("k")] == case["evidence"]


@pytest.mark.parametrize("case", TABLE["not_found"], ids=[c["why"] for c in TABLE["not_found"]])
def test_not_found(case: dict[str, Any]) -> None:
    assert TermMatcher.validate(case["term"]) is None  # the term itself is fine: the text is the point
    result = scan(case["term"], case["text"])
    assert "k" not in result.keys
    assert result.spans("k") == ()


def test_the_squeezing_collision_is_real() -> None:
    # Documented in docs/normalisation.md: without `=`, "sale" meets "salle".
    assert "k" in scan("sale", "Salle des fêtes").keys
    assert "k" not in scan("=sale", "Salle des fêtes").keys


@pytest.mark.parametrize(
    ("term", "problem"),
    [
        ("connard", None),
        ("insult*", None),
        ("*phobe", None),
        ("enc*lé", None),
        ("a détourné", None),
        ("=sale", None),
        ("", "the term is empty"),
        ("   ", "the term is empty"),
        ("=", "the term is empty"),
        ("*", "the term is only wildcards"),
        ("***", "the term is only wildcards"),
        ("?!…", "no letter or digit"),
        ("a * b", "a lone `*` matches nothing"),
        ("=sal*", "an exact term (`=`) cannot have a `*` wildcard"),
    ],
)
def test_validate(term: str, problem: str | None) -> None:
    found = TermMatcher.validate(term)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found
        assert found == found.lower() or "`" in found  # lowercase prose, terms quoted as written
        assert "\n" not in found


def test_build_skips_and_lists_terms_that_never_match() -> None:
    matcher = TermMatcher.build([TermSpec("a", "connard"), TermSpec("b", "*"), TermSpec("c", "connard")])
    assert len(matcher) == 1
    assert [(spec.key, reason) for spec, reason in matcher.ignored] == [("b", TermMatcher.validate("*"))]


def test_keys_sharing_a_term_are_all_reported() -> None:
    matcher = TermMatcher.build(
        [TermSpec(("lexicon", "insultes"), "connard"), TermSpec(("lexicon", "haine"), "CONNARD")]
    )
    result = matcher.scan("quel connard")
    assert result.keys == {("lexicon", "insultes"), ("lexicon", "haine")}
    assert result.spans(("lexicon", "haine")) == result.spans(("lexicon", "insultes")) == ((5, 12),)


def test_an_empty_matcher_scans() -> None:
    result = TermMatcher.build([]).scan("texte quelconque")
    assert result.keys == frozenset()
    assert result.normalised == "texte quelconque"
    assert result.spans("x") == ()
    assert result.near("x", "y", 3) == ()


def test_normalised_is_the_main_reading() -> None:
    assert scan("salope", "Sa1ope !").normalised == "saiope"


MATCHER = TermMatcher.build(
    [
        TermSpec("con", "con"),
        TermSpec("insult", "connard"),
        TermSpec("insult", "idiot"),
        TermSpec("person", "directeur"),
        TermSpec("fact", "a détourné"),
    ]
)


def test_near_either_order_and_distance() -> None:
    text = "Le directeur, ce connard, a détourné l'argent. Un idiot."
    result = MATCHER.scan(text)
    pairs = [(text[slice(*a)], text[slice(*b)]) for a, b in result.near("person", "insult", 2)]
    assert pairs == [("directeur", "connard")]  # "idiot" is 7 words after "directeur"
    pairs = [(text[slice(*a)], text[slice(*b)]) for a, b in result.near("insult", "person", 2)]
    assert pairs == [("connard", "directeur")]
    assert len(result.near("person", "insult", 7)) == 2
    pairs = [(text[slice(*a)], text[slice(*b)]) for a, b in result.near("fact", "insult", 0)]
    assert pairs == [("a détourné", "connard")]  # adjacent: zero words between


def test_near_with_itself_pairs_distinct_occurrences() -> None:
    text = "con et con, puis loin loin loin loin con"
    result = MATCHER.scan(text)
    assert result.near("con", "con", 1) == (((0, 3), (7, 10)),)
    assert result.near("con", "con", 0) == ()


def test_near_is_empty_when_a_key_is_missing() -> None:
    assert MATCHER.scan("ce connard").near("person", "insult", 10) == ()


def test_near_across_readings() -> None:
    text = "ce directeur est un 1dio7"  # "idiot" only exists in a leet reading
    pairs = MATCHER.scan(text).near("person", "insult", 3)
    assert [(text[slice(*a)], text[slice(*b)]) for a, b in pairs] == [("directeur", "1dio7")]


def test_concurrent_scans_agree_with_serial_ones() -> None:
    # pyahocorasick keeps each search's state in its own iterator: one matcher, many threads.
    texts = [f"message {i}: ce c0nnard de directeur a détourné {i} euros, quel 1dio7" for i in range(200)]
    expected = [(MATCHER.scan(t).keys, MATCHER.scan(t).spans("insult")) for t in texts]
    results: list[list[tuple[frozenset[Hashable], tuple[tuple[int, int], ...]]]] = [[] for _ in range(4)]

    def work(slot: int) -> None:
        for text in texts:
            found = MATCHER.scan(text)
            results[slot].append((found.keys, found.spans("insult")))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)


# ----------------------------------------------------------------------------- properties

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A word of at least two different letters never squeezes to a single letter, so it cannot be glued
# to spaced letters around it: the properties test matching, not the gluing rule.
word = st.text(alphabet=LETTERS, min_size=2, max_size=8).filter(lambda w: len(set(w)) > 1)
ACCENTS = {"a": "àâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç", "n": "ñ", "y": "ÿ"}
LOOKALIKES = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і"}
LEET = {"o": "0", "a": "4", "e": "3", "s": "5", "t": "7", "i": "1", "l": "1"}
JOINERS = [" ", "  ", "-", ", ", "... ", "\n", " - ", " : "]


@st.composite
def disguised(draw: st.DrawFn, term_word: str, may_space: bool) -> str:
    """`term_word` written as an obfuscator would: case, accents, look-alikes, leet, repeats, spacing."""
    spaceable = may_space and len(term_word) >= 3 and not set(term_word) <= set("acdijlmnsty")
    if spaceable and draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from([" ", ".", "-", "_"])).join(term_word)  # spaced letters
    chars = list(term_word)
    latin_kept = draw(st.integers(0, len(chars) - 1))  # keep one Latin letter: look-alikes need one
    leet_at = draw(st.integers(1, max(1, len(chars) - 2))) if len(chars) >= 3 and draw(st.booleans()) else -1
    out = []
    for index, char in enumerate(chars):
        choice = draw(st.integers(0, 9))
        if index == leet_at and char in LEET:
            char = LEET[char]  # one digit, inside the word: never mistaken for a number
        elif choice == 0 and char in ACCENTS:
            char = draw(st.sampled_from(ACCENTS[char]))
        elif choice == 1 and char in LOOKALIKES and index != latin_kept:
            char = LOOKALIKES[char]
        elif choice == 2:
            char = char * draw(st.integers(2, 4))
        elif choice == 3:
            char += "\u200b"
        if draw(st.booleans()):
            char = char.upper()
        out.append(char)
    return "".join(out)


@st.composite
def message_with_term(draw: st.DrawFn) -> tuple[str, str]:
    term_words = draw(st.lists(word, min_size=1, max_size=3))
    term = " ".join(
        "".join(draw(st.sampled_from(ACCENTS.get(c, c))) if draw(st.booleans()) else c for c in w) for w in term_words
    )
    # One spaced word at most: two in a row would be glued into one word, as the pipeline documents.
    spaced = draw(st.integers(0, len(term_words) - 1))
    written = [draw(disguised(w, i == spaced)) for i, w in enumerate(term_words)]
    middle = written[0]
    for piece in written[1:]:
        middle += draw(st.sampled_from(JOINERS)) + piece
    before = " ".join(draw(st.lists(word, max_size=4)))
    after = " ".join(draw(st.lists(word, max_size=4)))
    text = f"{before}{draw(st.sampled_from(JOINERS))}{middle}{draw(st.sampled_from(JOINERS))}{after}"
    return term, text


@settings(max_examples=300, deadline=None)
@given(message_with_term())
def test_an_inserted_term_is_found_and_its_spans_hold_it(case: tuple[str, str]) -> None:
    term, text = case
    result = scan(term, text)
    assert "k" in result.keys, (term, text, result.normalised)
    spans = result.spans("k")
    assert spans
    wanted = f" {normalise_term(term)} "
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert any(wanted in f" {r.text} " for r in readings(text[start:end])), (text[start:end], term)


terms = st.lists(word, min_size=1, max_size=2).map(" ".join)
texts = st.lists(st.one_of(word, terms, st.sampled_from(["c0n", "sa1ope", "1d10t", "a b c", "!!", "@x"]))).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(terms, min_size=1, max_size=8), texts)
def test_keys_agree_with_a_naive_search_and_with_spans(lexicon: list[str], text: str) -> None:
    matcher = TermMatcher.build(TermSpec(i, t) for i, t in enumerate(lexicon))
    result = matcher.scan(text)
    padded = [f" {r.text} " for r in readings(text)]
    for key, term in enumerate(lexicon):
        naive = any(f" {normalise_term(term)} " in p for p in padded)
        assert (key in result.keys) == naive
        assert bool(result.spans(key)) == naive


@st.composite
def wildcard_term(draw: st.DrawFn) -> str:
    """One to three words with `*` cut into them anywhere, each word keeping at least one letter."""
    out = []
    for stem in draw(st.lists(word, min_size=1, max_size=3)):
        cuts = sorted(draw(st.sets(st.integers(0, len(stem)), max_size=2)))
        pieces = [stem[i:j] for i, j in zip([0, *cuts], [*cuts, len(stem)], strict=True)]
        out.append("*".join(pieces))
    return " ".join(out)


@settings(max_examples=300, deadline=None)
@given(wildcard_term(), texts)
def test_wildcard_terms_agree_with_a_naive_regex(term: str, text: str) -> None:
    normalised = normalise_term(term)
    assume(TermMatcher.validate(term) is None)
    # The naive reading of `*` (any letters) differs from the automaton's only where an empty `*`
    # lets two equal letters meet squeezed ("sal*lope" ~ "salope"); such terms are left out here.
    pieces = normalised.split("*")
    assume(all(not (a and b and a[-1] == b[0]) for a, b in itertools.pairwise(pieces)))
    naive = re.compile("(?<= )" + "[^ ]*".join(map(re.escape, pieces)) + "(?= )")
    sample = f"{text} {term.replace('*', 'xy')} {text}"
    result = scan(term, sample)
    expected = [m for r in readings(sample) for m in [naive.search(f" {r.text} ")] if m]
    assert ("k" in result.keys) == bool(expected)


@settings(max_examples=200, deadline=None)
@given(word, st.sampled_from(["prefix", "suffix", "infix", "inner"]), texts)
def test_wildcards_cover_whole_matching_words(stem: str, kind: str, text: str) -> None:
    assume(len(stem) >= 3)
    term = {"prefix": f"{stem}*", "suffix": f"*{stem}", "infix": f"*{stem}*", "inner": f"{stem[0]}*{stem[-1]}"}[kind]
    result = scan(term, f"{text} {stem} {stem}xy zz{stem} w{stem}w")
    for start, end in result.spans("k"):
        written = normalise(result.text[start:end])
        assert " " not in written  # one word
        core = normalise_term(stem)
        if kind == "prefix":
            assert written.startswith(core)
        elif kind == "suffix":
            assert written.endswith(core)
        elif kind == "infix":
            assert core in written
        else:
            assert written[0] == core[0] and written[-1] == core[-1]
    assert "k" in result.keys


def _pieces_of_spans(text: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The naive answer of `word_ranges`: the pieces of `text` split on spaces where each span starts and ends."""
    starts = list(itertools.accumulate([0] + [len(piece) + 1 for piece in text.split(" ")[:-1]]))
    return sorted({(bisect_right(starts, start) - 1, bisect_right(starts, end) - 1) for start, end in spans})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(terms, wildcard_term()), min_size=1, max_size=6), texts, st.booleans())
def test_word_ranges_are_the_pieces_of_the_spans(lexicon: list[str], text: str, normalised: bool) -> None:
    # Normalised texts take the direct path (no span computed), the others the spans.
    if normalised:
        text = normalise(text)
    matcher = TermMatcher.build(TermSpec(i, t) for i, t in enumerate(lexicon))
    result = matcher.scan(text)
    for key in range(len(lexicon)):
        assert list(result.word_ranges(key)) == _pieces_of_spans(text, result.spans(key))
        assert list(matcher.scan(text).word_ranges(key)) == _pieces_of_spans(text, result.spans(key))
