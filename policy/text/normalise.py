"""Text normalisation: the first stage of text matching.

Every message and every lexicon term goes through the same pipeline, so that an obfuscated message
and a plainly written term meet on one canonical spelling. The pipeline, in order:

1. **fold** — Unicode compatibility decomposition (NFKD: fullwidth letters, mathematical alphanumerics,
   ligatures, circled letters), then removal of every combining mark (accents: é→e, ç→c) and every
   invisible format character (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi controls,
   variation selectors), then a short table of letters Unicode does not decompose (œ→oe, æ→ae, ø→o,
   ł→l, small capitals ᴄ→c…) and of apostrophe-shaped *letters* (ʼ, ʻ) that would otherwise glue words.
   Case is kept for step 2.
2. **symbols** — leet symbols that stand for letters inside a word: `@`→a, `$`→s, `€`→e, and the
   ambiguous `!`, `|` (i or l, see *readings* below). Context decides: `@` only between letters (a
   leading `@` is a mention, an `@` before a domain is an e-mail); `$`/`€` only before a letter and
   never after a digit (prices stay prices); `!`/`|` never where a lowercase letter is followed by an
   uppercase one (`Super!Merci` is a missing space, not `superimerci`).
3. **case folding** (`str.casefold`: ß→ss).
4. **separators** — every character that is not a letter or a digit (punctuation, apostrophes ' ’ `,
   emoji, spaces) becomes one space; runs collapse; the ends are trimmed. From here on the text is
   *words* separated by single spaces, so French elisions split: "d'enculé" → "d encule".
5. **word pass**, each step confined to one word:
   a. leet digits 0→o, 1→i/l, 3→e, 4→a, 5→s, 7→t in words that also have letters, unless the word
      looks like a number with a unit or a code (see `policy.text._steps`: "14h30", "5km", "1er", "mp3",
      "covid19", "cmd12345", "a320" stay);
   b. ambiguous i/l characters take the reading asked for (`i` by default);
   c. look-alike letters (Cyrillic, Greek, Armenian) become Latin, only in a word that also holds a
      Latin letter: "сonnard" (Cyrillic с) → "connard", but a Russian word stays Russian;
   d. runs of one repeated letter squeeze to one ("connnnard" → "conard"); digits are not squeezed.
6. **spaced letters** — a run of three or more one-character words is glued back into one word
   ("c o n n a r d", "c.o.n.n.a.r.d", "c-o-n-n-a-r-d" → "conard"), then the word pass runs again on
   the glued word. Two exceptions keep ordinary French intact: the run needs at least two letters
   (so "1 2 3" stays), and a run made only of a, y, i and the elided c d j l m n s t ("n'y a",
   "l'a à", "il y a à", "I'm a") is left alone.

The order matters: symbols need the original case (2 before 3); glued words need the final word
segmentation, otherwise a second pass could glue more and the pipeline would not be idempotent
(6 after 4 and 5); squeezing comes after leet and look-alikes so "c00l" and "сo" squeeze like
"cool" and "co".

Why step 6 ignores *which* separator joined the letters: normalisation must be idempotent
(`normalise(normalise(x)) == normalise(x)`), because a term is normalised by the same function and
must meet its own normalised form inside a text. After step 4 every separator is a single space, so a
rule that looked at the original separator ("same separator only") would glue on a second pass what it
refused on the first. The exceptions above do the job the separator rule was meant to do.

Readings: `1`, `!` and `|` may stand for i or l. `normalise` returns the i-reading; `readings` lists
every reading of a text (just the one, at no extra cost, when nothing is ambiguous) and
`normalise_with_offsets(text, variant)` gives the offsets of any of them. A text with at most
`MAX_INDEPENDENT_AMBIGUOUS` ambiguous characters gets every combination (8 readings at most), so "sa1e
1ope" and "ba1 1ove" work across words; beyond that, the combinations are those inside each word (the
b-th ambiguous character of every word follows the same bit), which is still at most 8 readings.

Two paths compute the same text: `normalise` (the fast path: `str` methods, compiled `re` patterns,
Python callbacks only on the rare words that need them) and `normalise_with_offsets` (slow, tracks for
every output character the span of the original text it came from). Both apply the same compiled
patterns and the same per-match functions (the steps live in `policy.text._steps`, this module
runs them); the test-suite checks with hypothesis that they agree.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from policy.text._steps import (
    AMB,
    AMB_WORD,
    LEET_GATE,
    LEET_WORD,
    LOOKALIKE_WORD,
    MAX_AMBIGUOUS_PER_WORD,
    MAX_INDEPENDENT_AMBIGUOUS,
    RUN,
    SPACED,
    SPACED_GATE,
    SYMBOLS,
    WILD,
    Ambiguity,
    fold,
    fold_char,
    leet_pass,
    leet_word,
    lookalike_repl,
    separate,
    spaced_repl,
    squeeze,
    symbol_repl,
)

__all__ = [
    "MAX_AMBIGUOUS_PER_WORD",
    "MAX_INDEPENDENT_AMBIGUOUS",
    "WILDCARD",
    "Normalised",
    "Reading",
    "normalise",
    "normalise_keeping_doubles",
    "normalise_term",
    "normalise_with_offsets",
    "readings",
    "variants",
    "word_origins",
]

WILDCARD: Final = "*"
"""The wildcard of lexicon terms. It survives `normalise_term` as this very character; a normalised
*text* never contains it (step 4 turns it into a separator), so it cannot be confused with text."""

# --------------------------------------------------------------------------------------------------
# the fast path


def _word_pass(text: str, ambiguity: Ambiguity, squeezing: bool = True) -> str:
    if LEET_GATE.search(text):
        text = leet_pass(text)
    if AMB in text:
        text = AMB_WORD.sub(ambiguity.read, text)
    if not text.isascii():
        text = LOOKALIKE_WORD.sub(lookalike_repl, text)
    return squeeze(text) if squeezing else text


def _pipeline(
    text: str, variant: int, wildcard: bool, squeezing: bool = True, total: int | None = None
) -> tuple[str, Ambiguity]:
    """Return reading `variant` of `text`, and what its ambiguous characters were.

    `squeezing=False` skips step 5d, for terms marked exact (see `normalise_keeping_doubles`).
    `total` is the ambiguous characters of the i-reading, when the caller already knows it.
    """
    if total is None:
        total = _total_ambiguous(text, wildcard) if variant else 0
    ambiguity = Ambiguity(variant, total)
    text, symbols_only = fold(text)
    if wildcard:
        text = text.replace(WILDCARD, WILD)
    if "!" in text or "@" in text or "$" in text or "|" in text or "€" in text:
        text = SYMBOLS.sub(symbol_repl, text)
    text = separate(text.casefold(), symbols_only)
    text = _word_pass(text, ambiguity, squeezing)
    if SPACED_GATE.search(f" {text} "):
        glued = SPACED.sub(spaced_repl, text)
        if glued != text:
            text = _word_pass(glued, ambiguity, squeezing)
    if wildcard:
        text = text.replace(WILD, WILDCARD)
    return text, ambiguity


def _total_ambiguous(text: str, wildcard: bool = False) -> int:
    """How many ambiguous characters the i-reading of `text` met: it decides how readings combine."""
    return _pipeline(text, 0, wildcard)[1].count


def normalise(text: str) -> str:
    """Return the canonical form of a message: words of lowercase letters and digits, one space apart.

    This is the i-reading of ambiguous characters; see `variants` for the others.
    """
    return _pipeline(text, 0, False)[0]


def normalise_term(term: str, *, keep_doubles: bool = False) -> str:
    """Return the canonical form of a lexicon term, keeping `*` wildcards as `*`.

    Inside the pipeline a wildcard is a placeholder *letter*, so it stays attached to the letters
    around it ("insult*", "enc*lé" → "enc*le"); a run of wildcards squeezes to one. Whether the
    result can ever match is for `policy.text.matcher.TermMatcher.validate` to say. With
    `keep_doubles`, repeated letters are left as written (step 5d is skipped).
    """
    return _pipeline(term, 0, True, not keep_doubles)[0]


def normalise_keeping_doubles(text: str, variant: int = 0) -> str:
    """Return reading `variant` of `text` with repeated letters left as written (no step 5d).

    It has the same words as the squeezed reading, in the same order, except in the rare text where
    squeezing turns a word into a single letter next to other single letters ("aa b c" is glued only
    once squeezed). Exact terms (`=sale`, which must not match "salle") are checked on it.
    """
    return _pipeline(text, variant, False, False)[0]


class Reading(NamedTuple):
    """One reading of a text (0 is `normalise`'s); pass `variant` to `normalise_with_offsets`."""

    variant: int
    text: str


# The analyses of one decision each scan the message with their own automaton, so the same text is
# normalised once per analysis (nine times for the default policy). Both pipelines are pure and
# their results immutable, so the last few texts' results are kept and shared: a bounded memo,
# thread-safe (functools' lock), that changes no result. It holds the last texts for a moment.
_MEMO: Final = 64


@functools.lru_cache(maxsize=_MEMO)
def readings(text: str) -> tuple[Reading, ...]:
    """Return every reading of `text`: first `Reading(0, normalise(text))`, then the alternatives.

    Ambiguous i/l characters (1, !, |) inside words are read as i by `normalise`; the other readings
    combine i and l as the module documentation says. Readings equal to an earlier one are left out.
    Without ambiguous characters, the common case, this is one pass of the fast path and a
    one-element tuple. Results for the last few texts are memoised (see `_MEMO`).
    """
    main, ambiguity = _pipeline(text, 0, False)
    first = Reading(0, main)
    if not ambiguity.count:
        return (first,)
    seen = {main}
    out = [first]
    for variant in range(1, ambiguity.readings()):
        reading = _pipeline(text, variant, False, total=ambiguity.count)[0]
        if reading not in seen:
            seen.add(reading)
            out.append(Reading(variant, reading))
    return tuple(out)


def variants(text: str) -> tuple[Reading, ...]:
    """Return the alternative readings of `text` only (`readings` without the first); often empty."""
    return readings(text)[1:]


# --------------------------------------------------------------------------------------------------
# the offset-tracking path


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised text that remembers where each of its characters came from."""

    original: str
    text: str
    # INVARIANT: both are non-decreasing (no step reorders characters), so a span's origin is the
    # start of its first character and the end of its last one.
    starts: tuple[int, ...] = field(repr=False)
    ends: tuple[int, ...] = field(repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` to the smallest span of `original` that produced its characters."""
        size = len(self.text)
        if not 0 <= start <= end <= size:
            raise ValueError(f"span ({start}, {end}) is outside the normalised text (length {size})")
        if start == end:
            if start < size:
                return self.starts[start], self.starts[start]
            edge = self.ends[-1] if size else 0
            return edge, edge
        return self.starts[start], self.ends[end - 1]


class _Tracked:
    """A string whose every character carries the span of the original text it came from."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = list(range(len(text)))
        self.ends = list(range(1, len(text) + 1))

    def per_char(self, convert: Callable[[str], str], runs: list[tuple[int, int]] | None = None) -> None:
        """Replace each character by `convert(char)`; with `runs`, only the characters inside those
        spans (`convert` must leave the others unchanged: they are copied as they are)."""
        if runs is None:
            runs = [(0, len(self.text))]
        if not runs:
            return
        text = self.text
        starts, ends = self.starts, self.ends
        pieces: list[str] = []
        done = 0
        shift = 0  # how much longer the output is so far than the input (the lists are edited in place)
        for lo, hi in runs:
            pieces.append(text[done:lo])
            outs = [convert(char) for char in text[lo:hi]]
            pieces += outs
            done = hi
            if all(len(out) == 1 for out in outs):
                continue  # one character for one: the origins stay
            at, to = lo + shift, hi + shift
            new_starts: list[int] = []
            new_ends: list[int] = []
            for out, start, end in zip(outs, starts[at:to], ends[at:to], strict=True):
                new_starts += [start] * len(out)
                new_ends += [end] * len(out)
            starts[at:to] = new_starts
            ends[at:to] = new_ends
            shift += len(new_starts) - (hi - lo)
        pieces.append(text[done:])
        self.text = "".join(pieces)

    def casefold(self) -> None:
        """`str.casefold`, character by character."""
        folded = self.text.casefold()
        # casefold maps each character on its own (no context, unlike `lower` and its final sigma) to
        # one character or more, never to none: the same length means one for one, origins unchanged.
        if len(folded) == len(self.text):
            self.text = folded
        else:
            self.per_char(str.casefold)

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], how: str) -> None:
        """Replace matches like `pattern.sub(repl, text)` and carry the origins along.

        `how` says how a replacement relates to its match: "same" (same length, char for char),
        "merge" (every output character comes from the whole match) or "keep" (the output is a
        subsequence of the match).
        """
        if how == "same":
            # Origins are unchanged: only the text is rewritten.
            def same(match: re.Match[str]) -> str:
                out = repl(match)
                if len(out) != len(match[0]):
                    raise AssertionError(f"{pattern.pattern!r} changed the length of {match[0]!r}")
                return out

            self.text = pattern.sub(same, self.text)
            return
        matches = pattern.finditer(self.text)
        first = next(matches, None)
        if first is None:
            return  # nothing to replace: most steps on most texts
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        done = 0
        for match in itertools.chain((first,), matches):
            lo, hi = match.span()
            text.append(self.text[done:lo])
            starts.extend(self.starts[done:lo])
            ends.extend(self.ends[done:lo])
            out = repl(match)
            text.append(out)
            if how == "merge":
                starts.extend([self.starts[lo]] * len(out))
                ends.extend([self.ends[hi - 1]] * len(out))
            else:
                at = lo
                for char in out:
                    while self.text[at] != char:
                        at += 1
                    starts.append(self.starts[at])
                    ends.append(self.ends[at])
                    at += 1
            done = hi
        text.append(self.text[done:])
        starts.extend(self.starts[done:])
        ends.extend(self.ends[done:])
        self._set("".join(text), starts, ends)

    def merge(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> None:
        """`sub(pattern, repl, "merge")` for a `repl` that gives one character: the origin lists are
        edited in place, dropping the origins inside each match."""
        text = self.text
        starts, ends = self.starts, self.ends
        pieces: list[str] = []
        done = 0
        removed = 0  # origins dropped so far, left to right
        for match in pattern.finditer(text):
            lo, hi = match.span()
            out = repl(match)
            if len(out) != 1:
                raise AssertionError(f"{pattern.pattern!r} replaced {match[0]!r} by {out!r}, not one character")
            pieces.append(text[done:lo])
            pieces.append(out)
            done = hi
            lo -= removed
            hi -= removed
            del starts[lo + 1 : hi]
            del ends[lo : hi - 1]
            removed += hi - lo - 1
        if pieces:
            pieces.append(text[done:])
            self.text = "".join(pieces)

    def separate(self) -> None:
        """Step 4: `SEPARATORS.sub(" ", text).strip(" ")`, each run of separators becoming one space
        that comes from the whole run."""
        text = self.text
        # The separators as blanks, at the same positions, in bytes (C-speed passes from here on).
        ascii_text = text if text.isascii() else _NON_ASCII.sub(_blank_separators, text)
        blanks = ascii_text.encode("ascii").translate(_SEPARATOR_BLANKS)
        if text.isascii():
            # The table blanks exactly the ASCII characters of `SEPARATORS` (`[\W_]`).
            self.text = b" ".join(blanks.split()).decode("ascii")
        else:
            self.text = separate(text, False)  # the fast path's step 4, the same result
        starts, ends = self.starts, self.ends
        # A run of one separator (between most two words) keeps its origin: only the longer runs
        # lose the origins inside them, edited in place from the right so that positions hold.
        for match in reversed(list(_LONG_BLANKS.finditer(blanks))):
            lo, hi = match.span()
            del starts[lo + 1 : hi]
            del ends[lo : hi - 1]
        if not self.text:
            starts.clear()
            ends.clear()
            return
        # What the strip removes: the one space left of a run at either end.
        if blanks.endswith(b" "):
            del starts[-1], ends[-1]
        if blanks.startswith(b" "):
            del starts[0], ends[0]
        if len(starts) != len(self.text):
            raise AssertionError(f"the separators of {text!r} were counted twice differently")

    def _set(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends


_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]+")
_REPLACED: Final = re.compile(rb"\?+")


def _non_ascii_runs(text: str) -> list[tuple[int, int]]:
    """The spans of `_NON_ASCII.finditer(text)`, found faster: encoding to ASCII with "replace" puts
    one `?` in place of each other character, once the text's own question marks are out of the way."""
    if text.isascii():
        return []
    probe = text.replace("?", " ").encode("ascii", "replace")
    return [m.span() for m in _REPLACED.finditer(probe)]


_SEPARATOR_BLANKS: Final = bytes(c if chr(c).isalnum() else 32 for c in range(256))
# Runs of two blanks or more: over the blanked text, exactly the matches of `SEPARATORS` that are two
# characters long or more (both patterns take maximal runs).
_LONG_BLANKS: Final = re.compile(rb"  +")  # faster in `re` than " {2,}"
_NON_ASCII_SEPARATOR: Final = re.compile(r"[^\x00-\x7f\w]")
_NON_ASCII_WORD: Final = re.compile(r"[^\x00-\x7f]")


def _blank_separators(match: re.Match[str]) -> str:
    """A run of non-ASCII characters as ASCII of the same length: separators blank, the rest `a`."""
    return _NON_ASCII_WORD.sub("a", _NON_ASCII_SEPARATOR.sub(" ", match[0]))


def _first_letter(match: re.Match[str]) -> str:
    return match[1]


def _tracked_word_pass(tracked: _Tracked, ambiguity: Ambiguity) -> None:
    # The gates of the fast path (`_word_pass`): each pattern can only match where its gate holds,
    # and scanning for a word pattern costs much more than for one character.
    if LEET_GATE.search(tracked.text):
        tracked.sub(LEET_WORD, leet_word, "same")
    if AMB in tracked.text:
        tracked.sub(AMB_WORD, ambiguity.read, "same")
    if not tracked.text.isascii():
        tracked.sub(LOOKALIKE_WORD, lookalike_repl, "same")
    tracked.merge(RUN, _first_letter)


def normalise_with_offsets(text: str, variant: int = 0) -> Normalised:
    """Normalise `text` (reading `variant`, 0 being `normalise`'s) and keep every character's origin.

    Slower than `normalise` (offsets are lists carried through every step, and non-ASCII characters
    are folded one by one); meant for the texts whose evidence must be shown. Results for the last
    few texts are memoised (see `_MEMO`).
    """
    return _with_offsets(text, variant)


@functools.lru_cache(maxsize=_MEMO)
def _with_offsets(text: str, variant: int) -> Normalised:
    ambiguity = Ambiguity(variant, _total_ambiguous(text) if variant else 0)
    tracked = _Tracked(text)
    tracked.per_char(fold_char, _non_ascii_runs(text))  # ASCII is already folded (see `_steps.fold`)
    tracked.sub(SYMBOLS, symbol_repl, "same")
    tracked.casefold()
    tracked.separate()
    _tracked_word_pass(tracked, ambiguity)
    before = tracked.text
    if SPACED_GATE.search(f" {before} "):
        tracked.sub(SPACED, spaced_repl, "keep")
    if tracked.text != before:
        _tracked_word_pass(tracked, ambiguity)
    return Normalised(text, tracked.text, tuple(tracked.starts), tuple(tracked.ends))


class WordOrigins(NamedTuple):
    """Where each word of one reading of a text comes from: `starts[k]` is where the first character
    of word k starts in the original text and `ends[k]` where its last character ends."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]


def _fold_one_for_one(text: str) -> str | None:
    """Step 1 when it folds every character to exactly one (`fold_char` character by character, as the
    offset-tracking path does), else None."""
    runs = _non_ascii_runs(text)
    if not runs:
        return text
    pieces: list[str] = []
    done = 0
    for lo, hi in runs:
        pieces.append(text[done:lo])
        for char in text[lo:hi]:
            out = fold_char(char)
            if len(out) != 1:
                return None
            pieces.append(out)
        done = hi
    pieces.append(text[done:])
    return "".join(pieces)


_SWAP_BLANKS: Final = bytes(97 if c == 32 else 32 for c in range(256))  # blanks ↔ the rest


def _has_symbols(text: str) -> bool:
    """Whether step 2 may change `text` (the gate of the fast path)."""
    return "!" in text or "@" in text or "$" in text or "|" in text or "€" in text


@functools.lru_cache(maxsize=_MEMO)
def word_origins(text: str, variant: int, normalised: str) -> WordOrigins:
    """For reading `variant` of `text`, whose text is `normalised`, the origins of its words.

    The same as `normalise_with_offsets(text, variant).to_original` over a span of whole words, at a
    fraction of the cost: no step after step 4 moves a word boundary or changes where a word's first
    and last characters come from (the word pass keeps or merges characters inside one word, and
    squeezing a run keeps the origin of its first character and the end of its last). Only spaced
    letters glued back (step 6) join words, which `normalised` shows by having fewer of them; for
    those rare texts the full offset-tracking path answers. Results for the last few texts are
    memoised (see `_MEMO`): the analyses' scans of one message share them.
    """
    starts: list[int] | None = None
    ends: list[int] | None = None
    folded = _fold_one_for_one(text)
    if folded is not None and _has_symbols(folded):
        symbols = SYMBOLS.sub(symbol_repl, folded)
        if len(symbols) != len(folded):
            raise AssertionError(f"{SYMBOLS.pattern!r} changed the length of {folded!r}")
        folded = symbols
    if folded is not None and len(casefolded := folded.casefold()) == len(text):
        # Steps 1 to 3 kept every character where it was (ASCII text, accented letters): origins are
        # positions.
        folded = casefolded
    else:
        tracked = _Tracked(text)
        tracked.per_char(fold_char, _non_ascii_runs(text))
        tracked.sub(SYMBOLS, symbol_repl, "same")
        tracked.casefold()
        folded, starts, ends = tracked.text, tracked.starts, tracked.ends
    if not folded.isascii():
        folded = _NON_ASCII.sub(_blank_separators, folded)
    blanks = folded.encode("ascii").translate(_SEPARATOR_BLANKS)
    words = blanks.split()
    firsts: list[int] = []  # where each word starts
    afters: list[int] = []  # where each word ends
    if words:
        # The runs of blanks, as runs of non-blanks: `split` (C) finds both at once, where `re` would
        # make a match object per word.
        gaps = list(map(len, blanks.translate(_SWAP_BLANKS).split()))
        leading = gaps[0] if blanks[0] == 32 else 0
        between = gaps[1:] if leading else gaps
        # Gap, word, gap, word…: the running sums are where each word starts and ends.
        lengths = [0] * (2 * len(words))
        lengths[0::2] = [leading, *between[: len(words) - 1]]
        lengths[1::2] = map(len, words)
        bounds = list(itertools.accumulate(lengths))
        firsts, afters = bounds[0::2], bounds[1::2]
    if normalised and len(firsts) == normalised.count(" ") + 1:
        if starts is None or ends is None:
            return WordOrigins(tuple(firsts), tuple(afters))
        return WordOrigins(tuple([starts[at] for at in firsts]), tuple([ends[at - 1] for at in afters]))
    full = _with_offsets(text, variant)
    if not full.text:
        return WordOrigins((), ())
    firsts = [0]
    firsts += [at + 1 for at, char in enumerate(full.text) if char == " "]
    lasts = [first - 2 for first in firsts[1:]]
    lasts.append(len(full.text) - 1)
    return WordOrigins(tuple([full.starts[at] for at in firsts]), tuple([full.ends[at] for at in lasts]))
