"""Lexicon matching: the stage that finds every lexicon term of a policy in a message, in one pass.

Every term of every lexicon and every literal phrase of a policy is compiled once into a single
Aho-Corasick automaton (pyahocorasick, C: the cost of a scan grows with the text, not with the number
of terms). A message is normalised once (`policy.text.normalise`) and run through the automaton once;
the result, a `Scan`, answers "which keys matched" at once and computes evidence spans of the
*original* text only when asked.

How terms become automaton needles. Both sides are normalised by the same pipeline, so a normalised
text is words separated by single spaces; the scanner pads it with one space on each side, and a term
is searched with the spaces that must surround it:

    connard      → " conard "   a whole word (never inside "conardise")
    a détourné   → " a detourne "   consecutive words, whatever punctuation separated them
    insult*      → " insult"    a word that starts with "insult"
    *phobe       → "phobe "     a word that ends with "phobe"
    *phob*       → "phob"       a word that contains "phob"
    enc*lé       → " enc"       prefilter only; the candidate is confirmed by a regular expression
    =sale        → " sale "     prefilter only; confirmed if the word is written "sale", not "salle"

A `*` never crosses a space: it stands for letters and digits inside one word. A `*` in the middle of
a word (or at the inner edge of a word of a multi-word term) needs a regular expression; its longest
literal part is the needle, so the automaton still filters and the expression runs only for messages
that contain that part.

Exact terms. Squeezing makes "salle" and "sale" meet. A term written `=sale` is matched as usual and
then confirmed against the same reading with its repeated letters kept
(`normalise_keeping_doubles`), computed only for messages where such a term was found.

Thread safety. A `TermMatcher` is immutable after `build`: the automaton is never modified again
(no `add_word`, `remove_word`, `clear` or pickling), and every per-message state lives in the `Scan`.
pyahocorasick's `Automaton.iter` keeps its walk state (current node, position, input) in a separate
iterator object and only reads the trie, holding the GIL throughout (src/AutomatonSearchIter.c), so any
number of threads may scan with one matcher at the same time. What the library does *not* support is
modifying an automaton while it is being searched — its author answers "not thread safe at all" to
that (WojciechMula/pyahocorasick#111) — and pickling rewrites node links in place while it runs
(#223); neither happens here. On a free-threaded CPython (3.13t) the module does not declare itself
GIL-free, so the interpreter turns the GIL back on when it is imported.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Final, NamedTuple

import ahocorasick  # one automaton for every term: per-message cost independent of the lexicon size

from policy.text.normalise import (
    WILDCARD,
    Reading,
    normalise_keeping_doubles,
    normalise_term,
    readings,
    word_origins,
)

__all__ = ["EXACT", "Scan", "TermMatcher", "TermSpec"]

Span = tuple[int, int]


EXACT: Final = "="
"""Leading mark of an *exact* term: repeated letters must be written as in the term (`=sale` finds
"sale" but not "salle"; without the mark both squeeze to "sale" and meet)."""


@dataclass(frozen=True, slots=True)
class TermSpec:
    """One term to find, and the key reported when it is found (a lexicon, a phrase…)."""

    key: Hashable
    term: str


@dataclass(frozen=True, slots=True, eq=False)
class _Pattern:
    """A term with a wildcard inside a word: the needle only prefilters, `regex` decides."""

    term: str
    keys: frozenset[Hashable]
    # Over the padded normalised text; a match covers whole words, from the first to the last.
    regex: re.Pattern[str]
    # Words of the term before the one where its needle starts: from a needle hit, the only place a
    # match can start is that many words back, so the expression is tried there and nowhere else.
    words_before: int

    def match_at(self, padded: str, last: int, slot: _Slot) -> re.Match[str] | None:
        """The match that the needle hit ending at `last` belongs to, if any."""
        first = last + 1 - slot.length + (0 if slot.open_start else 1)  # first letter of the needle
        start = padded.rfind(" ", 0, first) + 1
        for _ in range(self.words_before):
            start = padded.rfind(" ", 0, start - 1) + 1
        return self.regex.match(padded, start)


@dataclass(frozen=True, slots=True, eq=False)
class _Exact:
    """An exact term: the needle finds it squeezed, `words` must then equal the unsqueezed words."""

    keys: frozenset[Hashable]
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class _Slot:
    """What one automaton needle stands for."""

    keys: frozenset[Hashable]  # keys of the terms the needle alone proves (empty for a prefilter)
    patterns: tuple[_Pattern, ...]  # terms for which the needle is only a prefilter
    exact: tuple[_Exact, ...]  # exact terms whose squeezed form is the needle
    length: int
    open_start: bool  # the needle may start inside a word (leading `*`)
    open_end: bool  # the needle may end inside a word (trailing `*`)


class _Occurrence(NamedTuple):
    """An occurrence in the normalised coordinates of one reading."""

    variant: int
    start: int
    end: int


class _Pass:
    """One reading of a text run through the automaton."""

    __slots__ = ("_doubles", "hits", "padded", "reading")

    def __init__(self, reading: Reading, padded: str, hits: tuple[tuple[int, _Slot], ...]) -> None:
        self.reading = reading
        self.padded = padded
        self.hits = hits
        self._doubles: tuple[str, ...] | None = None

    def first_word(self, last: int, slot: _Slot) -> int:
        """Index of the first word of the hit ending at `last` (a needle that starts with a space)."""
        return self.padded.count(" ", 0, last + 2 - slot.length) - 1

    def exact_matches(self, text: str, last: int, slot: _Slot) -> Iterable[_Exact]:
        """The exact terms of `slot` confirmed at this hit: same words with their doubled letters."""
        if not slot.exact:
            return
        if self._doubles is None:
            doubles = normalise_keeping_doubles(text, self.reading.variant).split(" ")
            # INVARIANT: exact terms are compared word for word, which needs both readings to have the
            # same words; in the rare text where they do not, no exact term is confirmed (fail closed:
            # exact terms exist to avoid false positives).
            aligned = len(doubles) == self.reading.text.count(" ") + 1
            self._doubles = tuple(doubles) if aligned else ()
        first = self.first_word(last, slot)
        for exact in slot.exact:
            if self._doubles[first : first + len(exact.words)] == exact.words:
                yield exact


class TermMatcher:
    """Every lexicon term of a policy in one automaton. Build once, scan many, share freely."""

    __slots__ = ("_automaton", "_ignored", "_size")

    def __init__(
        self, automaton: ahocorasick.Automaton | None, size: int, ignored: tuple[tuple[TermSpec, str], ...]
    ) -> None:
        self._automaton = automaton
        self._size = size
        self._ignored = ignored

    @classmethod
    def build(cls, specs: Iterable[TermSpec]) -> TermMatcher:
        """Compile `specs` into one automaton.

        Terms that can never match (see `validate`) are left out and listed in `ignored`; the
        checker reports them to the rule author before a policy is compiled. Keys of specs with the
        same normalised term are all reported when it matches.
        """
        # Dicts of keys keep the first-seen order and drop duplicates.
        by_term: dict[str, dict[Hashable, None]] = {}
        by_exact: dict[tuple[str, str], dict[Hashable, None]] = {}
        ignored: list[tuple[TermSpec, str]] = []
        for spec in specs:
            body, exact = _split_exact(spec.term)
            normalised = normalise_term(body)
            problem = _problem(body, normalised, exact)
            if problem is not None:
                ignored.append((spec, problem))
            elif exact:
                doubles = normalise_term(body, keep_doubles=True)
                by_exact.setdefault((normalised, doubles), {})[spec.key] = None
            else:
                by_term.setdefault(normalised, {})[spec.key] = None

        literal_keys: dict[str, set[Hashable]] = {}
        patterns: dict[str, list[_Pattern]] = {}
        exacts: dict[str, list[_Exact]] = {}
        for term, keys in by_term.items():
            if _is_literal(term):
                literal_keys.setdefault(_needle(term), set()).update(keys)
            else:
                needle, words_before = _anchor(term)
                pattern = _Pattern(term, frozenset(keys), re.compile(_regex(term)), words_before)
                patterns.setdefault(needle, []).append(pattern)
        for (term, doubles), keys in by_exact.items():
            exacts.setdefault(_needle(term), []).append(_Exact(frozenset(keys), tuple(doubles.split(" "))))

        needles = literal_keys.keys() | patterns.keys() | exacts.keys()
        if not needles:
            return cls(None, 0, tuple(ignored))
        automaton = ahocorasick.Automaton()
        for needle in sorted(needles):  # sorted: the build does not depend on the input order
            slot = _Slot(
                keys=frozenset(literal_keys.get(needle, ())),
                patterns=tuple(patterns.get(needle, ())),
                exact=tuple(exacts.get(needle, ())),
                length=len(needle),
                open_start=not needle.startswith(" "),
                open_end=not needle.endswith(" "),
            )
            automaton.add_word(needle, slot)
        automaton.make_automaton()
        return cls(automaton, len(by_term) + len(by_exact), tuple(ignored))

    @staticmethod
    def validate(term: str) -> str | None:
        """Return why `term` can never match (one lowercase line), or None when it can."""
        body, exact = _split_exact(term)
        return _problem(body, normalise_term(body), exact)

    @property
    def ignored(self) -> tuple[tuple[TermSpec, str], ...]:
        """The specs `build` left out, each with the reason `validate` gives."""
        return self._ignored

    def __len__(self) -> int:
        """The number of distinct terms in the automaton."""
        return self._size

    def scan(self, text: str) -> Scan:
        """Normalise `text` and run the automaton once per reading (once, unless 1, ! or | is ambiguous)."""
        found: set[Hashable] = set()
        passes: list[_Pass] = []
        automaton = self._automaton
        for reading in readings(text):
            padded = f" {reading.text} "
            hits: tuple[tuple[int, _Slot], ...] = () if automaton is None else tuple(automaton.iter(padded))
            done = _Pass(reading, padded, hits)
            for last, slot in hits:
                if slot.keys:
                    found |= slot.keys
                for pattern in slot.patterns:
                    if not pattern.keys <= found and pattern.match_at(padded, last, slot):
                        found.update(pattern.keys)
                if slot.exact:
                    for exact in done.exact_matches(text, last, slot):
                        found.update(exact.keys)
            passes.append(done)
        return Scan(text, frozenset(found), tuple(passes))


class Scan:
    """The lexicon matches of one text.

    `keys` is computed by `TermMatcher.scan`; spans are computed on first request (from the origins
    of the words, `policy.text.normalise.word_origins`) and cached. A `Scan` belongs to the request that made it; its
    caches are filled idempotently, so a race between two threads would only waste work.
    """

    __slots__ = ("_literal", "_origins", "_passes", "_patterned", "_spans", "keys", "text")

    def __init__(self, text: str, keys: frozenset[Hashable], passes: tuple[_Pass, ...]) -> None:
        self.text = text
        self.keys = keys
        """The keys of every term found at least once."""
        self._passes = passes
        # By variant: its text, and where each of its words starts and ends in `text`.
        self._origins: dict[int, tuple[str, tuple[int, ...], tuple[int, ...]]] = {}
        self._spans: dict[Hashable, tuple[tuple[_Occurrence, Span], ...]] = {}
        self._literal: dict[Hashable, list[_Occurrence]] | None = None
        self._patterned: list[tuple[_Pass, int, _Slot]] = []  # hits of wildcard terms (by `_literal_occurrences`)

    @property
    def normalised(self) -> str:
        """The normalised text (the main reading)."""
        return self._passes[0].reading.text

    def spans(self, key: Hashable) -> tuple[Span, ...]:
        """Every occurrence of a term of `key`, as sorted, distinct spans of the original text.

        A span covers the matched words exactly, whole words for a wildcard term, whatever the
        obfuscation ("c o n n a r d", "C0NNNARD", "con\u200bnard" are highlighted as written).
        """
        return tuple(sorted({span for _, span in self._located(key)}))

    def word_ranges(self, key: Hashable) -> tuple[tuple[int, int], ...]:
        """Every occurrence of a term of `key` as (first, last) indices of words of `text` split on
        single spaces: for each span of `spans`, the pieces where it starts and ends, sorted and
        distinct.

        Meant for a text that is already normalised words (a caller that scans words it has): then an
        occurrence of the main reading is its own word range and no span of the original is computed.
        Any other text gets the same answer through `spans`.
        """
        if key not in self.keys:
            return ()
        text = self.text
        if text != self._passes[0].reading.text:
            return self._pieces(self.spans(key))
        ranges: set[tuple[int, int]] = set()
        others: list[Span] = []
        for occurrence in self._occurrences(key):
            if occurrence.variant:
                others.append(self._origin(occurrence))
            else:
                first = text.count(" ", 0, occurrence.start)
                ranges.add((first, first + text.count(" ", occurrence.start, occurrence.end)))
        if others:
            ranges.update(self._pieces(others))
        return tuple(sorted(ranges))

    def _pieces(self, spans: Iterable[Span]) -> tuple[tuple[int, int], ...]:
        """For each span, the pieces of `text` split on single spaces where it starts and ends."""
        starts = [0]
        starts += [at + 1 for at, char in enumerate(self.text) if char == " "]
        return tuple(sorted({(bisect_right(starts, start) - 1, bisect_right(starts, end) - 1) for start, end in spans}))

    def near(self, key_a: Hashable, key_b: Hashable, within_words: int) -> tuple[tuple[Span, Span], ...]:
        """Pairs (span of a, span of b) with at most `within_words` words between them, either order.

        Overlapping occurrences count as zero words apart; with `key_a == key_b`, an occurrence is
        not paired with itself. Word positions are those of the normalised text (after spaced
        letters are glued, "c o n" is one word).
        """
        if key_a not in self.keys or key_b not in self.keys:
            return ()
        a_list = [(self._words(o), span) for o, span in self._located(key_a)]
        b_list = sorted((self._words(o), span) for o, span in self._located(key_b))
        b_firsts = [words[0] for words, _ in b_list]
        pairs: set[tuple[Span, Span]] = set()
        for (a_first, a_last), a_span in a_list:
            # Only b occurrences starting before a's last word + the allowed gap can be close enough.
            for (_, b_last), b_span in b_list[: bisect_right(b_firsts, a_last + within_words + 1)]:
                if b_last < a_first - within_words - 1:
                    continue
                if key_a == key_b and a_span >= b_span:
                    continue  # itself, or the same pair seen from the other side
                pairs.add((a_span, b_span))
        return tuple(sorted(pairs))

    def _words(self, occurrence: _Occurrence) -> tuple[int, int]:
        text = next(p.reading.text for p in self._passes if p.reading.variant == occurrence.variant)
        first = text.count(" ", 0, occurrence.start)
        return first, first + text.count(" ", occurrence.start, occurrence.end)

    def _located(self, key: Hashable) -> tuple[tuple[_Occurrence, Span], ...]:
        cached = self._spans.get(key)
        if cached is not None:
            return cached
        located: dict[_Occurrence, Span] = {}
        if key in self.keys:
            for occurrence in self._occurrences(key):
                if occurrence not in located:
                    # `_origin`, inlined: this runs for every occurrence of every key asked for.
                    variant, start, end = occurrence
                    text, starts, ends = self._origins.get(variant) or self._origins_of(variant)
                    first = text.count(" ", 0, start)
                    located[occurrence] = (starts[first], ends[first + text.count(" ", start, end)])
        result = tuple(sorted(located.items()))
        self._spans[key] = result
        return result

    def _occurrences(self, key: Hashable) -> list[_Occurrence]:
        """Every occurrence of a term of `key` (a key that was found), in no order, maybe repeated."""
        index = self._literal
        if index is None:
            index = self._literal_occurrences()
        occurrences = list(index.get(key, ()))
        for done, last, slot in self._patterned:
            for pattern in slot.patterns:
                if key in pattern.keys and (match := pattern.match_at(done.padded, last, slot)) is not None:
                    occurrences.append(_Occurrence(done.reading.variant, match.start() - 1, match.end() - 1))
        return occurrences

    def _literal_occurrences(self) -> dict[Hashable, list[_Occurrence]]:
        """Occurrences of the literal and exact terms, for every key at once (and the hits of wildcard
        terms, whose expressions are tried only for the keys asked).

        One pass over the hits, on the first request: callers such as the abuse analyzers ask for
        the spans of many keys of one scan, and a pass over every hit for each key cost more than
        the scan itself.
        """
        index = self._literal
        if index is None:
            index = {}
            patterned = []
            for done in self._passes:
                for last, slot in done.hits:
                    if slot.patterns:
                        patterned.append((done, last, slot))
                    keys = slot.keys
                    if slot.exact:
                        confirmed = [exact.keys for exact in done.exact_matches(self.text, last, slot)]
                        if confirmed:
                            keys = keys.union(*confirmed)
                    if keys:
                        occurrence = _literal_occurrence(done, last, slot)
                        for key in keys:
                            index.setdefault(key, []).append(occurrence)
            self._patterned = patterned  # before `_literal`: a thread that sees the index sees these
            self._literal = index
        return index

    def _origin(self, occurrence: _Occurrence) -> Span:
        """The span of the original text an occurrence comes from (it covers whole words)."""
        variant, start, end = occurrence
        text, starts, ends = self._origins.get(variant) or self._origins_of(variant)
        first = text.count(" ", 0, start)
        return starts[first], ends[first + text.count(" ", start, end)]

    def _origins_of(self, variant: int) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
        """The text of reading `variant` and the origins of its words (computed once per variant)."""
        text = next(p.reading.text for p in self._passes if p.reading.variant == variant)
        origins = word_origins(self.text, variant, text)
        found = self._origins[variant] = (text, origins.starts, origins.ends)
        return found


def _literal_occurrence(done: _Pass, last: int, slot: _Slot) -> _Occurrence:
    """The words a needle hit covers, in normalised coordinates (the padded ones minus one)."""
    padded = done.padded
    start = last + 1 - slot.length
    end = last + 1
    start = padded.rfind(" ", 0, start) + 1 if slot.open_start else start + 1
    end = padded.find(" ", end) if slot.open_end else end - 1
    return _Occurrence(done.reading.variant, start - 1, end - 1)


# --------------------------------------------------------------------------------------------------
# compiling one normalised term


def _split_exact(term: str) -> tuple[str, bool]:
    stripped = term.lstrip()
    if stripped.startswith(EXACT):
        return stripped[len(EXACT) :], True
    return term, False


def _problem(term: str, normalised: str, exact: bool) -> str | None:
    if not term.strip():
        return "the term is empty"
    if not normalised.replace(WILDCARD, "").replace(" ", ""):
        if WILDCARD in normalised:
            return "the term is only wildcards: `*` must be attached to letters, as in `insult*`"
        return "the term is empty once normalised: it has no letter or digit"
    if WILDCARD in normalised.split(" "):
        return "a lone `*` matches nothing: attach the wildcard to letters, as in `insult*` or `*phobe`"
    if exact and WILDCARD in normalised:
        return "an exact term (`=`) cannot have a `*` wildcard: write each spelling as its own term"
    return None


def _is_literal(term: str) -> bool:
    """True when every wildcard is at the very start or the very end of the term."""
    return WILDCARD not in term.strip(WILDCARD)


def _needle(term: str) -> str:
    core = term.strip(WILDCARD)
    return ("" if term.startswith(WILDCARD) else " ") + core + ("" if term.endswith(WILDCARD) else " ")


def _segments(term: str) -> list[tuple[str, str, bool]]:
    """Split a wildcard term into (joint, literal, overlapping) triples.

    `joint` is the regular expression for the `*` before the literal ("" for the first). Texts are
    squeezed, so when the letter before a `*` equals the letter after it, an empty `*` merges them:
    "sal*lope" must match "salope" (from "sallope"). Such a literal loses its first letter, which is
    then optional, and `overlapping` is True.
    """
    parts = term.split(WILDCARD)
    out: list[tuple[str, str, bool]] = [("", parts[0], False)]
    for before, literal in itertools.pairwise(parts):
        if before and literal and before[-1] == literal[0] and literal[0].isalpha():
            out.append((f"(?:[^ ]*{re.escape(literal[0])})?", literal[1:], True))
        else:
            out.append(("[^ ]*", literal, False))
    return out


def _regex(term: str) -> str:
    body = "".join(joint + re.escape(literal) for joint, literal, _ in _segments(term))
    return f"(?<= ){body}(?= )"


def _anchor(term: str) -> tuple[str, int]:
    """The longest part of `term` that every match contains, with the spaces that surround it, and
    the number of words of the term before the word where that part's first letter is."""
    segments = _segments(term)
    best, words_before = "", 0
    at = 0  # where the current segment's literal starts in `term`
    for index, (_, literal, overlapping) in enumerate(segments):
        if index:
            at += 1 + overlapping  # the `*`, and the letter an empty `*` may merge
        needle = literal
        if index == 0 and literal:
            needle = " " + needle
        if index == len(segments) - 1 and literal:
            needle += " "
        if needle.strip() and len(needle) > len(best):
            first_letter = at + len(literal) - len(literal.lstrip(" "))
            best, words_before = needle, term.count(" ", 0, first_letter)
        at += len(literal)
    # INVARIANT: validated terms have letters outside wildcards, so some literal is not blank.
    if not best:
        raise AssertionError(f"no literal part in {term!r}")
    return best, words_before
