"""Normalisation: the before/after table (data/normalise.yaml) and the pipeline's invariants."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.text.normalise import (
    WILDCARD,
    normalise,
    normalise_keeping_doubles,
    normalise_term,
    normalise_with_offsets,
    readings,
    variants,
    word_origins,
)

DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "normalise.yaml").read_text(encoding="utf-8"))

# Characters the pipeline treats specially, so that generated texts hit every rule and their edges.
TRICKY = "".join(
    [
        "aeioulnrstcdymbpxzkhg",  # letters, including the French one-letter words
        "ACDEOLNYS",  # capitals, for the case rules of `!` and `|`
        "0123456789",  # leet and numbers
        " .-_*/'’`,\n",  # separators and apostrophes
        "!|@$€?",  # leet symbols
        "\u200b\u00ad\u200d\ufe0f\u0301",  # invisible characters and a combining accent
        "éÉçœæßİ",  # letters that fold
        "сеоаіНСΟοαη",  # Cyrillic and Greek look-alikes
        "Ｃ𝐜ᴄ",  # compatibility forms
        "👏🏽«»°–…❶",  # common symbols (fold's fast path) and a digit that is not one
    ]
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=60)
any_text = st.text(max_size=60)
texts = st.one_of(tricky_text, any_text)


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_table(case: dict[str, Any]) -> None:
    assert normalise(case["text"]) == case["normalised"]
    assert normalise_with_offsets(case["text"]).text == case["normalised"]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offset_path_computes_the_same_text_for_every_reading(text: str) -> None:
    all_readings = readings(text)
    assert all_readings[0].variant == 0
    assert all_readings[0].text == normalise(text)
    assert len({r.text for r in all_readings}) == len(all_readings)
    for reading in all_readings:
        assert normalise_with_offsets(text, reading.variant).text == reading.text


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_normalised_character_comes_from_a_span_of_the_original(text: str) -> None:
    tracked = normalise_with_offsets(text)
    previous = (0, 0)
    for index in range(len(tracked.text)):
        start, end = tracked.to_original(index, index + 1)
        assert 0 <= start < end <= len(text)
        assert (start, end) >= previous  # characters are never reordered
        previous = (start, end)


# Words and single letters that step 6 glues back, or leaves alone.
PIECES = ["c o n", "a", "b", "1", "é", "x!y", "c-o-n", "👏", "\u200b"]
spaced_text = st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, spaced_text))
def test_word_origins_are_the_tracked_origins_of_whole_words(text: str) -> None:
    for reading in readings(text):
        tracked = normalise_with_offsets(text, reading.variant)
        origins = word_origins(text, reading.variant, reading.text)
        expected_starts, expected_ends, at = [], [], 0
        for word in reading.text.split(" ") if reading.text else []:
            expected_starts.append(tracked.starts[at])
            expected_ends.append(tracked.ends[at + len(word) - 1])
            at += len(word) + 1
        assert (list(origins.starts), list(origins.ends)) == (expected_starts, expected_ends)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8), min_size=1, max_size=6))
def test_a_word_span_maps_back_to_its_original_word(words: list[str]) -> None:
    text = ", ".join(w.upper() for w in words)
    tracked = normalise_with_offsets(text)
    start = 0
    for word in tracked.text.split(" "):
        original = text[slice(*tracked.to_original(start, start + len(word)))]
        assert normalise(original) == word
        start += len(word) + 1


def test_every_code_point_folds_consistently() -> None:
    # One sweep over the Basic Multilingual Plane and the astral planes that hold letters, marks and
    # format characters: each code point, after a letter, normalises to a fixed point and the
    # offset-tracking path agrees with the fast path.
    planes = itertools.chain(range(0x20, 0xD800), range(0xE000, 0x30000), range(0xE0000, 0xE0200))
    for chunk in _batched(planes, 200):
        text = "".join(f"x{chr(cp)} " for cp in chunk)
        once = normalise(text)
        assert normalise(once) == once, [hex(cp) for cp in chunk]
        assert normalise_with_offsets(text).text == once, [hex(cp) for cp in chunk]


def _batched(iterable: Iterable[int], size: int) -> Iterator[tuple[int, ...]]:
    iterator = iter(iterable)
    while batch := tuple(itertools.islice(iterator, size)):
        yield batch


def test_readings_try_l_for_ambiguous_characters() -> None:
    assert [r.text for r in readings("sa1ope")] == ["saiope", "salope"]
    assert {r.text for r in readings("1ndésirab1e")} >= {"indesirable"}
    assert "kil" in {r.text for r in readings("ki||")}  # "kill", squeezed


def test_no_ambiguous_character_means_no_variant() -> None:
    assert variants("Bonjour, 12 articles à 1€") == ()
    assert variants("prix 1 euro") == ()  # a digit alone is a number, not a letter


def test_variant_offsets_point_at_the_written_characters() -> None:
    (reading,) = variants("t'es une sa1ope")
    tracked = normalise_with_offsets("t'es une sa1ope", reading.variant)
    start = tracked.text.index("salope")
    assert tracked.to_original(start, start + 6) == (9, 15)


def test_terms_keep_their_wildcards() -> None:
    assert normalise_term("Insult*") == "insult*"
    assert normalise_term("*phobe") == "*phobe"
    assert normalise_term("enc*lé") == "enc*le"
    assert normalise_term("conn**") == "con*"  # squeezed like any letter run
    assert normalise_term("a *b") == "a *b"
    assert normalise_term("L'ARABE") == "l arabe"
    assert WILDCARD not in normalise("insult* *phobe")


def test_keeping_doubles() -> None:
    assert normalise_keeping_doubles("Une SALLE sale") == "une salle sale"
    assert normalise_term("salle", keep_doubles=True) == "salle"
    assert normalise("salle") == normalise("sale")


def test_to_original_rejects_spans_outside_the_text() -> None:
    tracked = normalise_with_offsets("abc")
    with pytest.raises(ValueError, match="outside"):
        tracked.to_original(0, 4)
    assert tracked.to_original(3, 3) == (3, 3)
    assert normalise_with_offsets("   ").to_original(0, 0) == (0, 0)
