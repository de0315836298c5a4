"""Analysis stage, shared by the abuse analyzers: the words of a message and the lexicon files.

`make_doc` normalises a message once, keeping offsets, and gives its words with what the analyzers need:
the span of each word in the original text, its sentence, whether a colon or a comma comes before it,
whether it sits inside closed quotation marks, whether it was written with a capital, and whether its
sentence is a question. `known_words` is the dictionary that tells a real word from a misspelt or glued
one (pyspellchecker's frequency lists, shipped inside the package, loaded on first use).

Lexicon files live in `policy/analyzers/data/{hate,insults,threats}/`: `[section]` headers, one term per
line, `#` comments, `*` ends a prefix (TermMatcher's wildcard) and `~` stands for a gap of a few words
inside a term ("cut ~ throat").
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from policy.text.normalise import normalise, readings, word_origins

DATA_DIR: Final = Path(__file__).resolve().parent.parent / "data"

# Sentence punctuation in the original text between two words.
_SENTENCE_MARKS: Final = frozenset(".!?;…\n\r")
_CLAUSE_MARKS: Final = frozenset(":")
_OPEN_QUOTES: Final = frozenset("“«„‟")
_CLOSE_QUOTES: Final = frozenset("”»")
_TOGGLE_QUOTES: Final = frozenset('"″')
_SINGLE_QUOTES: Final = frozenset("'‘’")
_QUOTE_MARK: Final = re.compile(
    "[" + re.escape("".join(sorted(_OPEN_QUOTES | _CLOSE_QUOTES | _TOGGLE_QUOTES | _SINGLE_QUOTES))) + "]"
)
_BREAK_MARKS: Final = _SENTENCE_MARKS | _CLAUSE_MARKS

# How often a word must occur in the frequency list to count as a real word of the language. Rare
# entries of the lists are often typos or names themselves ("cancre" for "cancer" is both).
_KNOWN_MIN_FREQUENCY: Final = 200
# Texts whose `Doc` is remembered: the three abuse analyzers (and both languages of an undetermined
# message) read the same message, so a few recent texts are enough.
_DOC_MEMO: Final = 64


# --------------------------------------------------------------------------------------------------
# lexicon files


def read_sections(path: Path) -> dict[str, tuple[str, ...]]:
    """Read a `[section]`-structured term file: section name → terms in file order."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
            continue
        if current is None:
            raise ValueError(f"{path}:{number}: term `{line}` comes before any `[section]` header")
        current.append(line)
    return {name: tuple(terms) for name, terms in sections.items()}


def data_file(family: str, name: str, lang: str) -> Path:
    return DATA_DIR / family / f"{name}.{lang}.txt"


# --------------------------------------------------------------------------------------------------
# words of a message


@dataclass(frozen=True, slots=True)
class Doc:
    """The words of one message, with what the analyzers need to know about each of them."""

    text: str
    words: tuple[str, ...]  # normalised words
    starts: tuple[int, ...]  # span of each word in `text`
    ends: tuple[int, ...]
    sentence: tuple[int, ...]  # sentence number of each word
    clause_mark: tuple[bool, ...]  # a colon or a sentence mark right before the word
    comma: tuple[bool, ...]  # a comma right before the word
    quoted: tuple[bool, ...]  # inside closed quotation marks
    capital: tuple[bool, ...]  # written with an initial capital
    question: tuple[bool, ...]  # the word's sentence ends with a question mark

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.ends[last]

    def original(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]

    def word_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The first and last word covered by an original span, or None when it covers none."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        last = bisect_left(self.ends, end)
        if last >= len(self.words) or last < first:
            return None
        return first, last


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside *closed* quotation marks; a stray quote mark quotes nothing.

    Single quotes ('…', ‘…’) quote too, but the same characters are apostrophes: one between two
    letters or digits ("l'homme", "don't", "kids'") is never a quotation mark, an opening one must
    start a word and a closing one must end one.
    """
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    single: int | None = None
    for mark in _QUOTE_MARK.finditer(text):  # other characters change nothing below
        index, char = mark.start(), mark[0]
        if char in _SINGLE_QUOTES:
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if before.isalnum() and after.isalnum():
                continue  # an apostrophe
            if single is None and not before.isalnum() and after.isalnum():
                single = index
            elif single is not None and before.isalnum() and not after.isalnum():
                regions.append((single, index))
                single = None
            continue
        if opened is None and (char in _OPEN_QUOTES or char in _TOGGLE_QUOTES):
            opened = index
        elif opened is not None and (char in _CLOSE_QUOTES or char in _TOGGLE_QUOTES):
            regions.append((opened, index))
            opened = None
    return regions


@functools.lru_cache(maxsize=_DOC_MEMO)
def make_doc(text: str) -> Doc:
    """The words of `text` (module docstring). Memoised for the last few texts: a `Doc` is immutable,
    and `lru_cache` is safe to share between threads, so hate, insults and threats build it once."""
    # The origins of whole words are all a Doc needs: `word_origins` gives them without tracking every
    # character, and the main reading and its origins are usually memoised by the analyses' scans.
    normalised = readings(text)[0].text
    words = normalised.split(" ") if normalised else []
    origins = word_origins(text, 0, normalised)
    starts, ends = origins.starts, origins.ends
    regions = _quoted_regions(text)
    sentence: list[int] = []
    clause_mark: list[bool] = []
    comma: list[bool] = []
    quoted: list[bool] = []
    capital: list[bool] = []
    current = 0
    for index, start in enumerate(starts):
        gap = text[ends[index - 1] : start] if index else ""
        if not _SENTENCE_MARKS.isdisjoint(gap):
            current += 1
        sentence.append(current)
        clause_mark.append(index == 0 or not _BREAK_MARKS.isdisjoint(gap))
        comma.append("," in gap)
        quoted.append(bool(regions) and any(lo < start < hi for lo, hi in regions))
        capital.append(text[start].isupper())
    # A sentence is a question when a "?" closes it: look at the text after its last word.
    asks: dict[int, bool] = {}
    for index, number in enumerate(sentence):
        after = text[ends[index] : starts[index + 1] if index + 1 < len(starts) else len(text)]
        if index + 1 == len(starts) or sentence[index + 1] != number:
            asks[number] = "?" in after
    return Doc(
        text,
        tuple(words),
        starts,
        ends,
        tuple(sentence),
        tuple(clause_mark),
        tuple(comma),
        tuple(quoted),
        tuple(capital),
        tuple(asks.get(number, False) for number in sentence),
    )


# --------------------------------------------------------------------------------------------------
# known words


@functools.cache
def known_words(lang: str) -> frozenset[str] | None:
    """Normalised words of `lang` frequent enough to be real words (built once per language, lazily).

    pyspellchecker ships word-frequency lists (OpenSubtitles) inside the package, so nothing is
    downloaded; it is only used here, as a dictionary. None when no dictionary is available (the
    package is missing, or does not know the language): then no word is repaired, because without a
    dictionary a repair could split or "correct" a real word.
    """
    try:
        from spellchecker import SpellChecker  # a second or so to load: only on the slow path
    except ImportError:
        return None
    try:
        frequency = SpellChecker(language=lang, distance=1).word_frequency
    except ValueError:
        return None
    return frozenset(
        normalise(word) for word, count in frequency.items() if count >= _KNOWN_MIN_FREQUENCY and word.isalpha()
    )
