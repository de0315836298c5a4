"""Prefilter stage of the cue analyzers (crisis, legal requests, intent, spam): a raw-text gate.

Normalising a message (`policy.text.normalise`) costs 4-20 µs, and most messages carry no crisis,
legal or spam cue at all. `RawGate.admits` answers "could one of these terms be in this text?" in a
few microseconds without normalising, and is *sound*: whenever a `TermMatcher` built from the same
terms finds one of them, the gate admits the text (the test-suite checks it with hypothesis on
obfuscated texts). It may admit a text without cue; the full scan then says so.

How it stays sound without a second normaliser. The gate reads the text through a coarser lens made
by *probing* the shared normaliser one character at a time (`_frames`, `_kind`), never by copying
its rules:

* an ASCII character reads as the normaliser reads it inside a word, in its main reading (`A`→a,
  `4`→a, `@`→a, `$`→s, `!`→i); any other ASCII character is a separator. `1`, `!` and `|` may also
  stand for an `l`, so every `l` of an anchor is also stored as `i`;
* a non-ASCII character is decomposed (NFKD); it is dropped when the normaliser drops it (marks,
  invisible characters) and read as a space when the normaliser splits words on it (emoji, ’, «).
  A character the lens cannot read (œ, ß, a Cyrillic look-alike, `€` for an e) makes the gate
  admit the text without reading it;
* the normaliser squeezes repeated letters; the gate cannot afford to, so each anchor is stored with
  every letter single or doubled, and three equal characters in a row admit the text;
* the normaliser glues spaced-out letters ("s u i c i d e"); three one-letter words in a row admit
  the text, unless they are all letters it never glues among themselves (French "il n'y a").

With these rules the words of the lens are the words of the normalised text, so an anchor can keep
word edges: a short word whole (" feu "), a long one from its first letters (" journ"), two short
words together (" ne coma"). Of a term's possible anchors the gate keeps the one the least frequent
in French and English (ranks from the OpenSubtitles word lists that pyspellchecker ships; see
`_anchors`): only selectivity depends on that choice, never soundness. The ranks are computed once,
by `python -m policy.analyzers.cue_gate`, and stored in `data/gate/ranks.txt.gz`: reading the word
lists costs a second and a half, the stored table a few hundredths.

One thing breaks word edges: `@ $ ! |` are letters inside a word and separators elsewhere, and only
their neighbours tell. A text with a symbol next to a letter or digit (rare: obfuscation, e-mail
addresses) is therefore read both ways and searched for *loose* anchors, windows without edges,
which a misread separator cannot hide.

Terms without letters (emoji) are looked for as written.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Final

import ahocorasick  # one automaton for every anchor: the gate's cost does not grow with the lexicon

from policy.text.normalise import WILDCARD, normalise, normalise_term

__all__ = ["ANCHOR_LETTERS", "RawGate", "word_rank"]

ANCHOR_LETTERS: Final = 5
"""Letters per anchor: 2**5 squeeze variants each. Longer anchors would multiply the automaton;
shorter ones admit more ordinary messages."""

_SYMBOLS: Final = "@$!|"
_L_SPELLINGS: Final = ("l", "ll", "i", "ii", "il", "li")
_ADMIT: Final = object()  # automaton value of needles that admit the text whatever it says


def _frames(char: str) -> str:
    """What the normaliser makes of `char` between two letters: a reading, " " (it separates words)
    or "" (it is dropped)."""
    # Each frame gives left + middle + right. A character read as one of the frame's letters is
    # squeezed into it, so the longer middle wins.
    middles = (normalise(f"{left}{char}{right}")[1:-1] for left, right in (("k", "w"), ("x", "z")))
    return max(middles, key=len)


def _probe(char: str) -> str:
    """How the normaliser reads `char` inside a word, in its main reading ("" for a separator)."""
    return _frames(char).replace(" ", "")


@cache
def _tables() -> tuple[dict[int, str], dict[int, str]]:
    """`str.translate` tables for ASCII text: (symbols read as letters, symbols read as separators)."""
    letters = {code: _probe(chr(code)) or " " for code in range(128)}
    separators = dict(letters)
    for symbol in _SYMBOLS:
        separators[ord(symbol)] = " "
    return letters, separators


class _Kind(Enum):
    ASCII = "ascii"  # NFKD makes it ASCII letters or digits, as the normaliser reads it (é, ﬁ, ①)
    DROP = "drop"  # the normaliser drops it (combining marks, invisible characters)
    SEPARATOR = "separator"  # the normaliser splits words on it (emoji, ’, «)
    UNREADABLE = "unreadable"  # a letter the lens cannot read (œ, ß, Cyrillic), or `€`


@cache
def _kind(char: str) -> _Kind:
    """How the lens treats one non-ASCII character; cached, since messages reuse few of them."""
    middle = _frames(char)
    if not middle.strip():
        return _Kind.SEPARATOR if middle else _Kind.DROP
    if " " in middle:
        return _Kind.UNREADABLE  # "½" reads "1 2": the lens would glue what the normaliser splits
    decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return _Kind.ASCII if _lens(decomposed) == _lens(middle) else _Kind.UNREADABLE


_SQUEEZE: Final = re.compile(r"(.)\1+")


def _lens(fragment: str) -> str:
    """Read a normalised term fragment through the lens, squeezed as the normaliser squeezes."""
    return _SQUEEZE.sub(r"\1", fragment.translate(_tables()[0]).replace(" ", ""))


# Rough letter frequency in French and English, most frequent first: the rarest window of a word
# makes the best loose anchor.
_COMMON: Final = "eaisntroulcdmpvgfbhqjxyzkw"
_RANK: Final = {letter: rank for rank, letter in enumerate(_COMMON)}
_FREQUENCY_LANGUAGES: Final = ("fr", "en")
_RANKED_WORDS: Final = 20_000
"""Words ranked by frequency, per language; rarer words count as unseen."""
# The word lists come from film subtitles, where parcels and refunds are rare; under a brand's posts
# they are everywhere. These words rank as if among the most frequent hundred.
_SERVICE_RANK: Final = 100
_SERVICE_WORDS: Final = """
    client clients service commande commandes magasin magasins colis compte remboursement rembourse
    livraison livre produit produits article articles message messages mail email sav caisse vendeur
    vendeuse site appli application carte code numero prix promo soldes retour echange facture
    customer customers order orders store stores parcel package account refund delivery delivered
    product products item items email website app card code number price sale return invoice
"""


@dataclass(frozen=True, slots=True)
class _Frequency:
    """How common a word, a word start or a word end is, as the rank of the most frequent word that
    has it (0 = the most frequent word of French or English; unseen = `_RANKED_WORDS`)."""

    words: Mapping[str, int]
    starts: Mapping[str, int]
    ends: Mapping[str, int]

    def rank(self, anchor: str) -> int:
        core = anchor.strip(" ")
        if len(core) <= 2 or core.isdecimal():
            return 0  # elisions ("c", "m"), letters and numbers: everywhere, listed or not
        if " " in core:
            # Two words: rarer than the rarer of them, but not by much: words are far from
            # independent ("est" is followed by an adjective, "bleu" as often as "blessé").
            head, tail = core.split(" ", 1)
            first = self.rank(f" {head} ")
            second = self.rank(f" {tail}" + (" " if anchor.endswith(" ") else ""))
            return min(_RANKED_WORDS, 2 * max(first, second))
        if anchor.startswith(" ") and anchor.endswith(" "):
            found = self.words.get(core)
        elif anchor.startswith(" "):
            found = self.starts.get(core)
        elif anchor.endswith(" "):
            found = self.ends.get(core)
        else:
            found = None  # an inner window: judged by its letters
        return _RANKED_WORDS if found is None else found


RANKS_FILE: Final = Path(__file__).resolve().parent / "data" / "gate" / "ranks.txt.gz"
_RANK_PARTS: Final = ("words", "starts", "ends")


@cache
def _frequency() -> _Frequency:
    """The stored ranks (`RANKS_FILE`), or the word lists' when the file is missing."""
    try:
        return _read_ranks(RANKS_FILE)
    except FileNotFoundError:
        return _computed_frequency()


def word_rank(word: str) -> int:
    """How common `word` is in French or English: 0 for the most frequent word, `_RANKED_WORDS` when
    it is rarer than the ranked words (see `_Frequency`)."""
    read = _lens(normalise_term(word).replace(" ", ""))
    return _frequency().rank(f" {read} ")


def _computed_frequency() -> _Frequency:
    """Ranks from the OpenSubtitles word lists that pyspellchecker ships (nothing is downloaded)."""
    tables = [_ranks(_SERVICE_WORDS.split(), fixed=_SERVICE_RANK), *map(_ranks_of_language, _FREQUENCY_LANGUAGES)]
    merged = []
    for part in range(3):  # words, starts, ends: a word keeps its rank in the language using it most
        keys = set().union(*(table[part] for table in tables))
        merged.append({key: min(table[part].get(key, _RANKED_WORDS) for table in tables) for key in keys})
    return _Frequency(*merged)


def _read_ranks(path: Path) -> _Frequency:
    # One `[part]` header, then "key rank" pairs; split() on the whole part is the fastest reading.
    with gzip.open(path, "rt", encoding="utf-8") as stored:
        text = stored.read()
    parts: dict[str, dict[str, int]] = {}
    for chunk in text.split("[")[1:]:
        header, _, body = chunk.partition("]")
        tokens = iter(body.split())
        parts[header] = dict(zip(tokens, map(int, tokens), strict=True))
    return _Frequency(*(parts[name] for name in _RANK_PARTS))


def write_ranks(path: Path = RANKS_FILE) -> None:
    """Store the word lists' ranks (`_computed_frequency`) for `_frequency` to read."""
    frequency = _computed_frequency()
    lines = ["# Ranks for policy/analyzers/cue_gate.py, written by `python -m policy.analyzers.cue_gate`; do not edit."]
    for name in _RANK_PARTS:
        table: Mapping[str, int] = getattr(frequency, name)
        lines.append(f"[{name}]")
        lines.extend(f"{key} {rank}" for key, rank in sorted(table.items(), key=lambda item: (item[1], item[0])))
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same ranks give the same bytes, so regenerating an unchanged table changes no file.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(("\n".join(lines) + "\n").encode("utf-8"))


def _ranks_of_language(lang: str) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    counts = _word_counts(lang)
    ranked = sorted((word for word in counts if word.isalpha()), key=counts.__getitem__, reverse=True)
    # Accents folded by NFKD alone: ranking only steers the choice of anchors, never soundness.
    return _ranks(
        unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii") for word in ranked[:_RANKED_WORDS]
    )


def _ranks(words: Iterable[str], fixed: int | None = None) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(word, word start, word end) → rank of the first of `words` (most frequent first) that has
    it, or `fixed` for all of them."""
    whole: dict[str, int] = {}
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for index, word in enumerate(words):
        rank = index if fixed is None else fixed
        read = _lens(word)
        whole.setdefault(read, rank)
        for size in range(1, min(len(read), ANCHOR_LETTERS) + 1):
            starts.setdefault(read[:size], rank)
            ends.setdefault(read[-size:], rank)
    return whole, starts, ends


def _word_counts(lang: str) -> Mapping[str, int]:
    # The list file itself (a fifth of a second) rather than `SpellChecker(language=…)`, which also
    # builds its spelling indexes (a second); the class is the fallback if the file ever moves.
    resource = resources.files("spellchecker") / "resources" / f"{lang}.json.gz"
    if resource.is_file():
        with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
            loaded: dict[str, int] = json.load(text)
            return loaded
    from spellchecker import SpellChecker

    return dict(SpellChecker(language=lang, distance=1).word_frequency.items())


def _pieces(normalised: str) -> list[tuple[str, bool, bool]]:
    """The literal parts of a normalised term through the lens: (letters, starts a word, ends a word)."""
    pieces = []
    for word in normalised.split(" "):
        parts = word.split(WILDCARD)
        for index, part in enumerate(parts):
            if part:
                pieces.append((_lens(part), index == 0, index == len(parts) - 1))
    return pieces


# Letter ranks as a byte table: `bytes.translate` then `sum` rank a fragment in C (the gate ranks
# tens of thousands of fragments when a lexicon is built).
_RARITY: Final = bytes(_RANK.get(chr(code), len(_COMMON)) for code in range(256))


def _rarity(fragment: str) -> int:
    return sum(fragment.encode("latin-1", "replace").translate(_RARITY))


def _bounded(piece: str, starts: bool, ends: bool) -> list[str]:
    """A piece of a term as word anchors: whole when short, else each edge it is anchored on (a whole
    long word offers its start and its end: "shoulder" is better found by "ulder " than " shoul")."""
    if len(piece) <= ANCHOR_LETTERS:
        return [(" " if starts else "") + piece + (" " if ends else "")]
    edges = ([" " + piece[:ANCHOR_LETTERS]] if starts else []) + ([piece[-ANCHOR_LETTERS:] + " "] if ends else [])
    return edges or [_loose(piece)]


def _loose(piece: str) -> str:
    windows = [piece[i : i + ANCHOR_LETTERS] for i in range(max(1, len(piece) - ANCHOR_LETTERS + 1))]
    return max(windows, key=_rarity)


def _anchors(term: str) -> tuple[str, str] | None:
    """What the gate looks for in place of `term`: (word anchor, loose anchor), None without letters.

    The *word anchor* keeps word edges: a short word whole (" feu "), a long one from the edge it
    starts or ends on (" journ", "phobe "), or two short words together (" ne coma") — whichever the
    most frequent French or English word has the lowest chance to contain (`_Frequency`). The *loose
    anchor* is the rarest window of the term's longest piece, looked for anywhere, for the rare texts
    whose word edges the lens cannot trust (a symbol inside a word, see `RawGate.admits`).
    """
    normalised = normalise_term(term)
    pieces = _pieces(normalised)
    if not pieces:
        return None
    frequency = _frequency()
    candidates = [anchor for piece, starts, ends in pieces for anchor in _bounded(piece, starts, ends)]
    candidates += _pairs(normalised)

    def score(anchor: str) -> tuple[int, int, int]:
        letters = len(anchor.replace(" ", ""))
        return (frequency.rank(anchor), min(letters, ANCHOR_LETTERS), _rarity(anchor))

    longest = max((piece for piece, _, _ in pieces), key=len)
    return max(candidates, key=score), _loose(longest)


def _pairs(normalised: str) -> list[str]:
    """Two consecutive words of a normalised term as one word anchor (" ne coma"), ranked as their
    second word."""
    words = normalised.split(" ")
    pairs = []
    for first, second in itertools.pairwise(words):
        if WILDCARD in first or second.startswith(WILDCARD):
            continue
        head, tail = _lens(first), _lens(second.rstrip(WILDCARD))
        room = ANCHOR_LETTERS + 1 - len(head)
        if len(tail) < 2 or room < 2:
            continue
        whole = len(tail) <= room and not second.endswith(WILDCARD)
        pairs.append(f" {head} {tail[:room]}" + (" " if whole else ""))
    return pairs


def _spellings(anchor: str) -> Iterable[str]:
    """Every way the lens may show `anchor`: each letter once or twice ("feu", "ffeu", "feeu"…), and
    an `l` as the `i` the lens gives to `1`, `!` and `|` (the normaliser's other reading)."""
    options = [_L_SPELLINGS if c == "l" else (c,) if c == " " else (c, c + c) for c in anchor]
    for parts in itertools.product(*options):
        yield "".join(parts)


def _automaton(anchors: Iterable[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for anchor in sorted(set(anchors)):
        for spelling in _spellings(anchor):
            automaton.add_word(spelling, spelling)
    alphabet = sorted({c for c in _tables()[0].values() if c != " "})
    for char in alphabet:
        automaton.add_word(char * 3, _ADMIT)  # a squeezed run the anchors cannot see
    unglued = _unglued_letters()
    for run in itertools.product(alphabet, repeat=3):
        # Spaced letters the normaliser glues. It leaves runs of one-letter words alone ("il n'y a",
        # "l'a à"), and a run it glues holds a letter outside them, so a window with that letter is
        # enough: a French sentence no longer opens every gate.
        if not unglued.issuperset(run):
            automaton.add_word(" " + " ".join(run) + " ", _ADMIT)
    automaton.make_automaton()
    return automaton


@cache
def _unglued_letters() -> frozenset[str]:
    """Letters the normaliser does not glue when spaced out among themselves ("n y a" stays), found
    by probing it."""
    alphabet = {c for c in _tables()[0].values() if c != " "}
    return frozenset(c for c in alphabet if normalise(f"{c} {c} {c}") == f"{c} {c} {c}")


# A symbol the normaliser may read as a letter: `@`/`!` between letters, `$` before one, `|` next to
# one (digits count as letters here, which only sends more texts down the loose path).
_SYMBOL_IN_WORD: Final = re.compile(r"[^\W_][@!]+[^\W_]|\$+[^\W_]|[^\W_]\|+|\|+[^\W_]")


class RawGate:
    """Could a lexicon term be in this text? Built once from the terms; immutable and shareable.

    The automaton of loose anchors serves only texts with a symbol inside a word, which are rare: it
    is built when the first of them comes, not when the lexicon is (a third of a gate's build time).
    Two threads may both build it; they build the same automaton and either assignment is right.
    """

    __slots__ = ("_literals", "_loose", "_loose_anchors", "_words")

    def __init__(
        self,
        words: ahocorasick.Automaton | None,
        loose_anchors: tuple[str, ...],
        literals: frozenset[str],
    ) -> None:
        self._words = words
        self._loose_anchors = loose_anchors
        self._loose: ahocorasick.Automaton | None = None
        self._literals = literals  # characters of the terms without letters (emoji), looked for as written

    def _loose_automaton(self) -> ahocorasick.Automaton:
        loose = self._loose
        if loose is None:
            loose = self._loose = _automaton(self._loose_anchors)
        return loose

    @classmethod
    def build(cls, terms: Iterable[str]) -> RawGate:
        anchors: list[tuple[str, str]] = []
        literals: set[str] = set()
        for term in terms:
            pair = _anchors(term)
            if pair is None:
                literals.update(c for c in term if not c.isspace() and unicodedata.category(c)[0] != "M")
            else:
                anchors.append(pair)
        if not anchors:
            return cls(None, (), frozenset(literals))
        words = _automaton(word for word, _ in anchors)
        return cls(words, tuple(sorted({loose for _, loose in anchors})), frozenset(literals))

    def admits(self, text: str) -> bool:
        """False only when no term of the lexicon can be in `text` (see the module docstring)."""
        lens = _lens_of(text)
        if lens.foreign:
            if not self._literals.isdisjoint(lens.foreign):
                return True
            if self._words is None:
                return False
            if lens.unreadable:
                return True
        elif self._words is None:
            return False
        if self._loose_anchors and lens.symbolic:
            # Some symbol may be a letter: word edges are unsure, look for loose anchors both ways.
            letters, separators = _tables()
            loose = self._loose_automaton()
            return _hit(loose, lens.text.translate(letters)) or _hit(loose, lens.text.translate(separators))
        return next(self._words.iter(lens.words), None) is not None


@dataclass(frozen=True, slots=True)
class _Lens:
    """A text read through the lens, as far as it does not depend on the lexicon."""

    foreign: frozenset[str]  # its characters when it has a non-ASCII one, else empty
    unreadable: bool  # one of them is a letter the lens cannot read
    text: str  # ASCII: separators made spaces, the rest decomposed (meaningless when `unreadable`)
    symbolic: bool  # a symbol that may be a letter sits inside a word
    words: str  # `text` with symbols as separators, its words between single spaces, padded


_LENS_MEMO: Final = 64
"""Texts whose lens is remembered: the four cue analyzers read every message through it."""


@lru_cache(maxsize=_LENS_MEMO)
def _lens_of(text: str) -> _Lens:
    # A bounded memo of a pure function: crisis, legal requests, intent and spam gate the same text.
    # `lru_cache` is safe to share between threads, and `_Lens` is immutable.
    foreign: frozenset[str] = frozenset()
    unreadable = False
    if not text.isascii():
        foreign = frozenset(text)
        for char in foreign:
            if char.isascii():
                continue
            kind = _kind(char)
            if kind is _Kind.UNREADABLE:
                unreadable = True
                break
            if kind is _Kind.SEPARATOR:
                text = text.replace(char, " ")
        if unreadable:
            return _Lens(foreign, True, "", False, "")
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    symbolic = any(s in text for s in _SYMBOLS) and _SYMBOL_IN_WORD.search(text) is not None
    return _Lens(foreign, False, text, symbolic, f" {' '.join(text.translate(_tables()[1]).split())} ")


def _hit(automaton: ahocorasick.Automaton, read: str) -> bool:
    return next(automaton.iter(f" {' '.join(read.split())} "), None) is not None


if __name__ == "__main__":
    write_ranks()
    print(f"wrote {RANKS_FILE}")
