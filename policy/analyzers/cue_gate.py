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
  the text.

With these rules the words of the lens are the words of the normalised text, so an anchor can keep
word edges (" feu ", " journ"): see `_anchors`. One thing breaks word edges: `@ $ ! |` are letters
inside a word and separators elsewhere, and only their neighbours tell. A text with a symbol next
to a letter or digit (rare: obfuscation, e-mail addresses) is therefore read both ways and searched
for *loose* anchors, windows without edges, which a misread separator cannot hide.

Terms without letters (emoji) are looked for as written.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from enum import Enum
from functools import cache
from typing import Final

import ahocorasick  # one automaton for every anchor: the gate's cost does not grow with the lexicon

from policy.text.normalise import WILDCARD, normalise, normalise_term

__all__ = ["ANCHOR_LETTERS", "RawGate"]

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
    decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return _Kind.ASCII if _lens(decomposed) == _lens(middle) else _Kind.UNREADABLE


def _lens(fragment: str) -> str:
    """Read a normalised term fragment through the lens, squeezed as the normaliser squeezes."""
    return re.sub(r"(.)\1+", r"\1", fragment.translate(_tables()[0]).replace(" ", ""))


# Rough letter frequency in French and English, most frequent first: rare letters make a better anchor.
_COMMON: Final = "eaisntroulcdmpvgfbhqjxyzkw"
_RANK: Final = {letter: rank for rank, letter in enumerate(_COMMON)}
# Words found in almost every message under a brand's posts: a poor anchor whatever their length.
_FREQUENT_WORDS: Final = """
    je tu il elle on nous vous ils elles me te se moi toi lui leur eux le la les un une des du de au
    aux mon ma mes ton ta tes son sa ses notre nos votre vos ce cet cette ces qui que quoi dont ou
    et mais donc car ni pas plus tout tous toute toutes est sont ai as avez avons ont suis es etes
    sommes fait avec pour par sur dans sans sous chez en y ne non oui tres bien i you he she we they
    me him her us them my your his its our their the a an and or but not no of to in on at by for
    with from is are was were be been am have has had do does did this that it all can will would
    could what when where how there here just going please faire fait vrai mal comment personne
    personnes client service commande magasin colis compte remboursement livraison produit article
    action message mail jour fois merci bonjour customer order store shop parcel account refund
    delivery product item email post day thanks
"""


@cache
def _frequent_words() -> frozenset[str]:
    return frozenset(_lens(word) for word in _FREQUENT_WORDS.split())


def _frequent(fragment: str) -> bool:
    # Inflected forms count too: "comptes", "commander", "orders".
    return any(fragment == word or (len(word) >= 4 and fragment.startswith(word)) for word in _frequent_words())


def _rarity(fragment: str) -> int:
    return sum(_RANK.get(c, len(_COMMON)) for c in fragment)


def _score(fragment: str) -> tuple[bool, bool, int, int]:
    size = min(len(fragment), ANCHOR_LETTERS)
    return (size >= 3, not _frequent(fragment), size, _rarity(fragment))


def _pieces(term: str) -> list[tuple[str, bool, bool]]:
    """The literal parts of a term through the lens: (letters, starts a word, ends a word)."""
    pieces = []
    for word in normalise_term(term).split(" "):
        parts = word.split(WILDCARD)
        for index, part in enumerate(parts):
            if part:
                pieces.append((_lens(part), index == 0, index == len(parts) - 1))
    return pieces


def _anchors(term: str) -> tuple[str, str] | None:
    """What the gate looks for in place of `term`: (word anchor, loose anchor), None without letters.

    The *word anchor* keeps word edges: the term's most distinctive word (" feu "), or the first
    `ANCHOR_LETTERS` letters from the edge it starts or ends on (" journ", "phobe "); when every
    word of the term is an everyday word, two of them together (" ne coma" for "ne commandez plus").
    The *loose anchor* is the rarest window of the most distinctive word, looked for anywhere, for
    the rare texts whose word edges the lens cannot trust (a symbol inside a word, see `admits`).
    """
    pieces = _pieces(term)
    if not pieces:
        return None
    best, starts, ends = max(pieces, key=lambda piece: _score(piece[0]))
    windows = [best[i : i + ANCHOR_LETTERS] for i in range(max(1, len(best) - ANCHOR_LETTERS + 1))]
    loose = max(windows, key=_rarity)
    if _frequent(best) or len(best) < 3:
        pair = _pair(term)
        if pair is not None:
            return pair, loose
    if len(best) <= ANCHOR_LETTERS:
        word = (" " if starts else "") + best + (" " if ends else "")
    elif starts:
        word = " " + best[:ANCHOR_LETTERS]
    elif ends:
        word = best[-ANCHOR_LETTERS:] + " "
    else:
        word = loose
    return word, loose


def _pair(term: str) -> str | None:
    """Two consecutive whole words of `term` as one word anchor, at most `ANCHOR_LETTERS` + 1 letters."""
    words = normalise_term(term).split(" ")
    best: str | None = None
    for first, second in itertools.pairwise(words):
        if WILDCARD in first or first.startswith(WILDCARD) or second.startswith(WILDCARD):
            continue
        head, tail = _lens(first), _lens(second.rstrip(WILDCARD))
        room = ANCHOR_LETTERS + 1 - len(head)
        if len(tail) < 2 or room < 2:
            continue
        anchor = f" {head} {tail[:room]}" + (" " if len(tail) <= room and not second.endswith(WILDCARD) else "")
        if best is None or _rarity(anchor) > _rarity(best):
            best = anchor
    return best


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
    for run in itertools.product(alphabet, repeat=3):
        automaton.add_word(" " + " ".join(run) + " ", _ADMIT)  # spaced letters the normaliser glues
    automaton.make_automaton()
    return automaton


# A symbol the normaliser may read as a letter: `@`/`!` between letters, `$` before one, `|` next to
# one (digits count as letters here, which only sends more texts down the loose path).
_SYMBOL_IN_WORD: Final = re.compile(r"[^\W_][@!]+[^\W_]|\$+[^\W_]|[^\W_]\|+|\|+[^\W_]")


class RawGate:
    """Could a lexicon term be in this text? Built once from the terms; immutable and shareable."""

    __slots__ = ("_literals", "_loose", "_words")

    def __init__(
        self,
        words: ahocorasick.Automaton | None,
        loose: ahocorasick.Automaton | None,
        literals: frozenset[str],
    ) -> None:
        self._words = words
        self._loose = loose
        self._literals = literals  # characters of the terms without letters (emoji), looked for as written

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
            return cls(None, None, frozenset(literals))
        words = _automaton(word for word, _ in anchors)
        loose = _automaton(loose for _, loose in anchors)
        return cls(words, loose, frozenset(literals))

    def admits(self, text: str) -> bool:
        """False only when no term of the lexicon can be in `text` (see the module docstring)."""
        if not text.isascii():
            foreign = set(text)
            if not self._literals.isdisjoint(foreign):
                return True
            if self._words is None:
                return False
            for char in foreign:
                if char.isascii():
                    continue
                kind = _kind(char)
                if kind is _Kind.UNREADABLE:
                    return True
                if kind is _Kind.SEPARATOR:
                    text = text.replace(char, " ")
            text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        elif self._words is None:
            return False
        letters, separators = _tables()
        if self._loose is not None and any(s in text for s in _SYMBOLS) and _SYMBOL_IN_WORD.search(text):
            # Some symbol may be a letter: word edges are unsure, look for loose anchors both ways.
            return _hit(self._loose, text.translate(letters)) or _hit(self._loose, text.translate(separators))
        return _hit(self._words, text.translate(separators))


def _hit(automaton: ahocorasick.Automaton, read: str) -> bool:
    return next(automaton.iter(f" {' '.join(read.split())} "), None) is not None
