"""The trie-shaped alternation of `policy.analyzers.nlp` matches what the flat list of terms matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers.nlp import alternation, term_pattern

TERMS = [
    "vol", "vole", "voler", "volé", "vol*", "volait", "vous", "v", "pots-de-vin", "-ment", "dit que",
    "que", "qu'il", "l'a vole", "a vole", "abc", "Abc", "ABD", "aBc", "abcd*", "1 fois", "14h", "été",
    "ete", "a b", "a  b", "ab-c", "s", "S", "k", "x'y", "* star",
]  # fmt: skip
TEXTS = [
    "Il a volé, il vole, ils volaient; pots de vin, potsdevin, pots-de-vin. Je dis qu'il l'a vole.",
    "ABC abc Abcd aBcde ABD abd, 1 fois, 14h, ete été, a b, a  b, abc, ab-c, s S k K x'y x' y",
    "vous v vo vol volx -ment ment que qu' qu'elle, dit que, dit qu'on * star",
]


def _flat(terms: list[str]) -> str:
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    return "(?:" + "|".join(term_pattern(t) for t in unique) + ")"


def _matches(pattern: str, text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group()) for m in re.finditer(pattern, text)]


@pytest.mark.parametrize("wrap", [r"(?<![\w@#]){}(?:(?<=')|(?![\w]))", r"(?i:{})", r"{}", r"{}\s*$"])
@pytest.mark.parametrize("text", TEXTS)
def test_the_trie_matches_like_the_flat_list(wrap: str, text: str) -> None:
    assert _matches(wrap.format(alternation(TERMS)), text) == _matches(wrap.format(_flat(TERMS)), text)


@settings(max_examples=200, deadline=None)
@given(
    terms=st.lists(st.text(alphabet="abAB '-*é", min_size=1, max_size=5), min_size=1, max_size=12),
    text=st.text(alphabet="abAB '-é.", max_size=40),
)
def test_any_terms_match_like_the_flat_list(terms: list[str], text: str) -> None:
    for wrap in (r"(?<![\w@#]){}(?:(?<=')|(?![\w]))", r"(?i:{})"):
        try:
            expected = _matches(wrap.format(_flat(terms)), text)
        except re.error:
            continue  # a term the flat list cannot compile either
        assert _matches(wrap.format(alternation(terms)), text) == expected
