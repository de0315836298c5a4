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
      looks like a number with a unit or a code (see `_leet`: "14h30", "5km", "1er", "mp3",
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
patterns and the same per-match functions; the test-suite checks with hypothesis that they agree.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, NamedTuple

import ahocorasick  # C-speed pass listing doubled letters (see _squeeze)

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
]

WILDCARD: Final = "*"
"""The wildcard of lexicon terms. It survives `normalise_term` as this very character; a normalised
*text* never contains it (step 4 turns it into a separator), so it cannot be confused with text."""

MAX_INDEPENDENT_AMBIGUOUS: Final = 3
"""Up to this many ambiguous i/l characters in a text, every combination of readings is tried."""

MAX_AMBIGUOUS_PER_WORD: Final = 3
"""Beyond `MAX_INDEPENDENT_AMBIGUOUS`, ambiguous characters per word whose readings are enumerated
independently; a word with more shares the last bit among the rest. Either way a text has at most
2**3 = 8 readings."""

# Placeholder *letters* used inside the pipeline. They must be letters (so every word-level pattern
# treats them as part of a word), caseless and without decomposition; the fold step deletes them from
# the input, so the only occurrences are the ones the pipeline itself writes.
_WILD: Final = "\u16e5"  # RUNIC LETTER STAN: stands for `*` inside a term
_AMB: Final = "\u16e6"  # RUNIC LETTER LONG-BRANCH-YR: an i/l character not yet given a reading

# A run of one repeated letter (digits are never squeezed: "2000" is a number, not an obfuscation).
_RUN: Final = re.compile(r"([^\W\d_])\1+")
_DOUBLE: Final = re.compile(r"([^\W\d_])\1")

# --------------------------------------------------------------------------------------------------
# 1. fold


def _invisible_and_marks() -> list[int]:
    # Planes 2-13 hold only CJK ideographs and unassigned code points: no marks, no format characters.
    planes = itertools.chain(range(0x20000), range(0xE0000, 0xE1000))
    wanted = {"Mn", "Mc", "Me", "Cf"}
    cps = [cp for cp in planes if unicodedata.category(chr(cp)) in wanted]
    # Hangul fillers are letters by category but print nothing.
    cps += [0x115F, 0x1160, 0x3164, 0xFFA0, ord(_WILD), ord(_AMB)]
    return sorted(cps)


def _char_class(cps: list[int]) -> str:
    ranges: list[str] = []
    for _, group in itertools.groupby(enumerate(cps), key=lambda item: item[1] - item[0]):
        run = [cp for _, cp in group]
        first, last = chr(run[0]), chr(run[-1])
        ranges.append(re.escape(first) if first == last else f"{re.escape(first)}-{re.escape(last)}")
    return "[" + "".join(ranges) + "]"


_INVISIBLE: Final = _invisible_and_marks()
_STRIP: Final = re.compile(_char_class(_INVISIBLE) + "+")
# The same set split for speed: `re` tests a class of Basic Multilingual Plane characters with one
# bitmap look-up, but a class that also holds astral characters range by range (hundreds of them).
# The astral half sits behind a one-range look-ahead, so BMP characters skip it at once.
_STRIP_BMP: Final = re.compile(_char_class([cp for cp in _INVISIBLE if cp < 0x10000]) + "+")
_STRIP_ASTRAL: Final = re.compile(
    "(?=[\U00010000-\U0010ffff])" + _char_class([cp for cp in _INVISIBLE if cp >= 0x10000]) + "+"
)
_INVISIBLE_ASTRAL: Final = frozenset(cp for cp in _INVISIBLE if cp >= 0x10000)
_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")
# After NFKD, most Latin text holds nothing but ASCII, combining diacritics (U+0300-U+036F, all
# marks) and common symbols that need no folding: punctuation and symbols of Latin-1 (less the soft
# hyphen), general punctuation (less the format characters U+2060-U+2064), currency signs, arrows,
# technical symbols, dingbats and emoji (skin tones are modifier symbols, not marks). Then stripping is
# deleting the diacritics, one cheap pass.
_DIACRITICS: Final = re.compile("[\u0300-\u036f]+")
_BEYOND_COMMON: Final = re.compile(
    "[^\x00-\x7f\u0300-\u036f\u00a1-\u00ac\u00ae-\u00bf\u2010-\u2027\u2030-\u205e"
    "\u20a0-\u20c0\u2190-\u23ff\u2600-\u27bf\U0001f000-\U0001faff]"
)

# Letters that NFKD leaves alone but that readers (and obfuscators) treat as plain Latin letters.
# Case is preserved because step 2 still needs it. Apostrophe-shaped modifier letters become an
# apostrophe so that step 4 splits on them like on ' and ’.
_LETTERS: Final[dict[str, str]] = {
    "Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l",
    "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "Ħ": "H", "ħ": "h",
    "Ŧ": "T", "ŧ": "t", "Ɨ": "I", "ɨ": "i", "ı": "i", "ȷ": "j", "ƀ": "b", "ɑ": "a", "ɡ": "g",
    "ɩ": "i", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h",
    "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r",
    "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    # capitals whose case folding gives one of the letters above (kept closed under casefold)
    "Ɩ": "I", "Ʀ": "R", "Ƀ": "B", "Ɑ": "A", "Ɡ": "G", "Ɪ": "I",
    "ʼ": "'", "ʻ": "'", "ʽ": "'", "ʹ": "'", "ˈ": "'", "ꞌ": "'", "Ꞌ": "'",
}  # fmt: skip
_LETTERS_RE: Final = re.compile("[" + "".join(re.escape(c) for c in _LETTERS) + "]")


def _letters_repl(match: re.Match[str]) -> str:
    return _LETTERS[match[0]]


def _fold(text: str) -> str:
    # ASCII is already folded: NFKD, the strip set and the letter table touch no ASCII character.
    if text.isascii():
        return text
    # INVARIANT: every character with a non-zero canonical combining class is a mark, and marks are
    # stripped, so decomposing the whole string equals decomposing character by character (what the
    # offset-tracking path does): canonical reordering only permutes characters that are removed.
    text = unicodedata.normalize("NFKD", text)
    if not _BEYOND_COMMON.search(text):
        return _DIACRITICS.sub("", text)
    text = _STRIP_BMP.sub("", text)
    if any(ord(c) in _INVISIBLE_ASTRAL for c in _ASTRAL.findall(text)):  # emoji are astral, rarely marks
        text = _STRIP_ASTRAL.sub("", text)
    if not text.isascii() and _LETTERS_RE.search(text):
        text = _LETTERS_RE.sub(_letters_repl, text)
    return text


def _fold_char(char: str) -> str:
    folded = _STRIP.sub("", unicodedata.normalize("NFKD", char))
    return "".join(_LETTERS.get(c, c) for c in folded)


# --------------------------------------------------------------------------------------------------
# 2. symbols

# A plain character class, so that `re` jumps from one symbol to the next; the context is checked
# in _symbol_repl.
_SYMBOLS: Final = re.compile(r"[$€@!|]+")
_SYMBOL_LETTER: Final = {"@": "a", "$": "s", "€": "e", "!": _AMB, "|": _AMB}
_EMAIL_DOMAIN: Final = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}")


def _symbol_repl(match: re.Match[str]) -> str:
    run = match[0]
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    letter_before, letter_after = before.isalpha(), after.isalpha()
    symbol = run[0]
    if not (letter_before or letter_after) or run.count(symbol) != len(run):
        return run  # every rule needs a letter next to the run; a mixed run such as "!?$" is punctuation
    if symbol == "@":
        # Inside a word only: a leading @ is a mention, an @ followed by a domain is an e-mail.
        ok = letter_before and letter_after and not _EMAIL_DOMAIN.match(text, match.end())
    elif symbol in "$€":
        ok = letter_after and not before.isdecimal()
    else:  # "!" and "|"
        sentence_break = before.islower() and after.isupper()
        if symbol == "!":
            ok = letter_before and letter_after and not sentence_break
        else:
            ok = (letter_before or letter_after) and not sentence_break
    return _SYMBOL_LETTER[symbol] * len(run) if ok else run


# --------------------------------------------------------------------------------------------------
# 4. separators

_SEPARATORS: Final = re.compile(r"[\W_]+")
_NON_ASCII_SEPARATORS: Final = re.compile(r"[^\x00-\x7f\w]+")  # the range first: ASCII is the common case
_ASCII_SEPARATOR_TABLE: Final = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def _separate(text: str) -> str:
    if not text.isascii():
        text = _NON_ASCII_RUN.sub(_non_ascii_separators, text)
    if text.isascii():
        # Same result as the general branch at C speed (bytes.translate is a table look-up per byte):
        # after the table only spaces separate words, and split() drops the empty ones.
        return b" ".join(text.encode("ascii").translate(_ASCII_SEPARATOR_TABLE).split()).decode("ascii")
    return _SEPARATORS.sub(" ", text).strip(" ")


_NON_ASCII_RUN: Final = re.compile(r"[^\x00-\x7f]+")


def _non_ascii_separators(match: re.Match[str]) -> str:
    # _NON_ASCII_SEPARATORS.sub(" ", text), run by run: the runs are few (emoji, quotes, €) and mostly
    # without letters, and `re` tests a character for \w slowly.
    run = match[0]
    if run.isalnum():
        return run
    return _NON_ASCII_SEPARATORS.sub(" ", run)


# --------------------------------------------------------------------------------------------------
# 5a. leet digits

_LEET_DIGITS: Final = {"0": "o", "1": _AMB, "3": "e", "4": "a", "5": "s", "7": "t"}
_LEET_GATE: Final = re.compile(r"[013457]")
_LEET_WORD: Final = re.compile(r"(?<![^ ])[^ 013457]*[013457][^ ]*")
_SHORT_PREFIX_NUMBER: Final = re.compile(r"[^\W\d_]{1,2}\d+")  # mp3, ps5, f1, h24, a320
_NAME_NUMBER: Final = re.compile(r"[^\W\d_]+\d{2,}")  # covid19, iphone15, cmd12345
_NUMBER_UNIT: Final = re.compile(r"\d+([^\W\d_]+)")  # 5km, 1er, 3eme, 12bis


def _squeezed(word: str) -> str:
    return _RUN.sub(r"\1", word)


# Units and ordinal suffixes written right after a number. Compared squeezed, so that the decision
# is the same before and after step 5d (which keeps the pipeline idempotent: "10mm" → "10m").
_UNITS: Final = frozenset(
    _squeezed(unit)
    for line in (
        "e er ere re eme emes ieme iemes nd nde nds ndes st rd th es ers eres bis ter quater",
        "h hr hrs min mn s sec ms j jr jrs jour jours an ans mois sem semaine semaines",
        "km m cm mm kg g mg t l ml cl dl k ke eur euro euros e ht ttc",
        "go mo ko to gb mb kb tb gbps mbps p fps hz khz mhz ghz w kw kwh v mah",
        "x pm am pts pt ex pcs pc",
    )
    for unit in line.split()
)


def _leet_word(match: re.Match[str]) -> str:
    return _leet(match[0])


def _leet(word: str) -> str:
    if word.isdecimal():
        return word  # a number: by far the most frequent word with a digit
    bare = word.replace(_WILD, "")  # a wildcard in a term is neither a letter nor a digit here
    letters = sum(map(str.isalpha, bare))
    digits = sum(map(str.isdecimal, bare))
    if letters <= digits:  # pure numbers, "14h30", "4x4", "a320": codes and times, not words
        return word
    if _SHORT_PREFIX_NUMBER.fullmatch(bare) or _NAME_NUMBER.fullmatch(bare):
        return word
    unit = _NUMBER_UNIT.fullmatch(bare)
    if unit and _squeezed(unit[1]) in _UNITS:
        return word
    return "".join(_LEET_DIGITS.get(c, c) for c in word)


def _leet_pass(text: str) -> str:
    """`_LEET_WORD.sub(_leet_word, text)`, visiting only the words around each leet digit."""
    out: list[str] = []
    done = 0  # text[:done] is settled
    for digit in _LEET_GATE.finditer(text):
        if digit.start() < done:
            continue  # a word already visited
        start = text.rfind(" ", 0, digit.start()) + 1
        end = text.find(" ", digit.end())
        end = len(text) if end < 0 else end
        word = text[start:end]
        out.append(text[done:start])
        out.append(_leet(word))
        done = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


# --------------------------------------------------------------------------------------------------
# 5b. readings of ambiguous characters

_AMB_WORD: Final = re.compile(rf"(?<![^ ])[^ {_AMB}]*{_AMB}[^ ]*")


class _Ambiguity:
    """Reads the ambiguous characters of one run of the pipeline, and counts them.

    Characters are numbered in the order the pipeline meets them (left to right, then those of
    glued words), the same on both paths. With `total` (the count of the i-reading) at most
    `MAX_INDEPENDENT_AMBIGUOUS`, character n reads l when bit n of the variant is set; otherwise the
    b-th character of each word follows bit min(b, MAX_AMBIGUOUS_PER_WORD - 1).
    """

    __slots__ = ("count", "independent", "per_word", "variant")

    def __init__(self, variant: int, total: int) -> None:
        self.variant = variant
        self.independent = total <= MAX_INDEPENDENT_AMBIGUOUS
        self.count = 0  # ambiguous characters met so far
        self.per_word = 0  # the most met in one word

    def read(self, match: re.Match[str]) -> str:
        out: list[str] = []
        in_word = 0
        for c in match[0]:
            if c == _AMB:
                bit = self.count if self.independent else min(in_word, MAX_AMBIGUOUS_PER_WORD - 1)
                out.append("l" if (self.variant >> bit) & 1 else "i")
                self.count += 1
                in_word += 1
            else:
                out.append(c)
        self.per_word = max(self.per_word, in_word)
        return "".join(out)

    def readings(self) -> int:
        """How many readings the text has (this being the count of its i-reading)."""
        if self.count <= MAX_INDEPENDENT_AMBIGUOUS:
            return 1 << self.count
        return 1 << min(self.per_word, MAX_AMBIGUOUS_PER_WORD)


# --------------------------------------------------------------------------------------------------
# 5c. look-alike letters

# Lowercase forms only: step 3 has folded case already, so uppercase look-alikes (Cyrillic Н, В, М,
# Т, К…) arrive here as their lowercase letters and are mapped to the Latin letter they imitate in
# uppercase. Greek η and μ imitate n and u in lowercase, which is how obfuscated text uses them.
_LOOKALIKES: Final[dict[str, str]] = {
    # Cyrillic
    "а": "a", "в": "b", "ь": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "н": "h", "і": "i",
    "ј": "j", "к": "k", "ӏ": "l", "м": "m", "п": "n", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s",
    "т": "t", "у": "y", "ү": "y", "ѵ": "v", "ԝ": "w", "ѡ": "w", "х": "x",
    # Greek
    "α": "a", "β": "b", "ϲ": "c", "ε": "e", "η": "n", "ι": "i", "ϳ": "j", "κ": "k", "μ": "u",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "ω": "w", "χ": "x", "γ": "y", "ζ": "z",
    # Armenian
    "հ": "h", "ո": "n", "օ": "o", "ս": "u", "ց": "g", "ք": "p",
}  # fmt: skip
_LOOKALIKE_TABLE: Final = str.maketrans(_LOOKALIKES)
_LOOKALIKE_CLASS: Final = "".join(_LOOKALIKES)
_LOOKALIKE_WORD: Final = re.compile(rf"(?<![^ ])[^ {_LOOKALIKE_CLASS}]*[{_LOOKALIKE_CLASS}][^ ]*")
_LATIN: Final = re.compile(r"[a-z]")


def _lookalike_repl(match: re.Match[str]) -> str:
    word = match[0]
    # A word with no Latin letter is genuine Cyrillic/Greek text and must stay readable.
    return word.translate(_LOOKALIKE_TABLE) if _LATIN.search(word) else word


# --------------------------------------------------------------------------------------------------
# 5d. squeezing


def _ascii_pairs() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for letter in string.ascii_lowercase:
        automaton.add_word(letter + letter, letter)
    automaton.make_automaton()
    return automaton


# Immutable after import; read-only searches are safe from any thread (see policy.text.matcher).
_ASCII_PAIRS: Final = _ascii_pairs()


def _squeeze(text: str) -> str:
    # Equivalent to _RUN.sub(r"\1", text), several times faster on French, where doubled letters are
    # everywhere: one C-level pass lists the doubled letters (an automaton of "aa".."zz" for ASCII
    # text, a regular expression otherwise), then str.replace squeezes each.
    doubled = {letter for _, letter in _ASCII_PAIRS.iter(text)} if text.isascii() else set(_DOUBLE.findall(text))
    for letter in doubled:
        pair = letter + letter
        while pair in text:
            text = text.replace(pair, letter)
    return text


# --------------------------------------------------------------------------------------------------
# 6. spaced letters

_SPACED: Final = re.compile(r"(?<![^ ])[^ ](?: [^ ]){2,}(?![^ ])")
_SPACED_GATE: Final = re.compile(" [^ ] [^ ] [^ ] ")  # on the padded text: exactly when _SPACED matches
# One-letter words (French a, à, y; English I) and elided letters (c' d' j' l' m' n' s' t'): runs made
# only of these are ordinary sentences ("il n'y a", "l'a à", "I'm a"), not spaced-out words.
_SHORT_WORDS: Final = frozenset("acdijlmnsty")


def _spaced_repl(match: re.Match[str]) -> str:
    run = match[0]
    chars = run[::2]
    letters = [c for c in chars if not c.isdecimal()]
    if len(letters) < 2 or all(c in _SHORT_WORDS for c in letters) or _WILD in chars:
        return run  # (a lone wildcard in a term is an error for the validator, not a letter to glue)
    return chars


# --------------------------------------------------------------------------------------------------
# the fast path


def _word_pass(text: str, ambiguity: _Ambiguity, squeeze: bool = True) -> str:
    if _LEET_GATE.search(text):
        text = _leet_pass(text)
    if _AMB in text:
        text = _AMB_WORD.sub(ambiguity.read, text)
    if not text.isascii():
        text = _LOOKALIKE_WORD.sub(_lookalike_repl, text)
    return _squeeze(text) if squeeze else text


def _pipeline(
    text: str, variant: int, wildcard: bool, squeeze: bool = True, total: int | None = None
) -> tuple[str, _Ambiguity]:
    """Return reading `variant` of `text`, and what its ambiguous characters were.

    `squeeze=False` skips step 5d, for terms marked exact (see `normalise_keeping_doubles`).
    `total` is the ambiguous characters of the i-reading, when the caller already knows it.
    """
    if total is None:
        total = _total_ambiguous(text, wildcard) if variant else 0
    ambiguity = _Ambiguity(variant, total)
    text = _fold(text)
    if wildcard:
        text = text.replace(WILDCARD, _WILD)
    if "!" in text or "@" in text or "$" in text or "|" in text or "€" in text:
        text = _SYMBOLS.sub(_symbol_repl, text)
    text = _separate(text.casefold())
    text = _word_pass(text, ambiguity, squeeze)
    if _SPACED_GATE.search(f" {text} "):
        glued = _SPACED.sub(_spaced_repl, text)
        if glued != text:
            text = _word_pass(glued, ambiguity, squeeze)
    if wildcard:
        text = text.replace(_WILD, WILDCARD)
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


def readings(text: str) -> tuple[Reading, ...]:
    """Return every reading of `text`: first `Reading(0, normalise(text))`, then the alternatives.

    Ambiguous i/l characters (1, !, |) inside words are read as i by `normalise`; the other readings
    combine i and l as the module documentation says. Readings equal to an earlier one are left out.
    Without ambiguous characters, the common case, this is one pass of the fast path and a
    one-element tuple.
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

    def per_char(self, convert: Callable[[str], str]) -> None:
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for char, start, end in zip(self.text, self.starts, self.ends, strict=True):
            out = convert(char)
            text.append(out)
            starts.extend([start] * len(out))
            ends.extend([end] * len(out))
        self._set("".join(text), starts, ends)

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], how: str) -> None:
        """Replace matches like `pattern.sub(repl, text)` and carry the origins along.

        `how` says how a replacement relates to its match: "same" (same length, char for char),
        "merge" (every output character comes from the whole match) or "keep" (the output is a
        subsequence of the match).
        """
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        done = 0
        for match in pattern.finditer(self.text):
            lo, hi = match.span()
            text.append(self.text[done:lo])
            starts.extend(self.starts[done:lo])
            ends.extend(self.ends[done:lo])
            out = repl(match)
            text.append(out)
            if how == "same":
                if len(out) != hi - lo:
                    raise AssertionError(f"{pattern.pattern!r} changed the length of {match[0]!r}")
                starts.extend(self.starts[lo:hi])
                ends.extend(self.ends[lo:hi])
            elif how == "merge":
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

    def strip_spaces(self) -> None:
        lo, hi = 0, len(self.text)
        while lo < hi and self.text[lo] == " ":
            lo += 1
        while hi > lo and self.text[hi - 1] == " ":
            hi -= 1
        self._set(self.text[lo:hi], self.starts[lo:hi], self.ends[lo:hi])

    def _set(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends


def _merge_space(_: re.Match[str]) -> str:
    return " "


def _first_letter(match: re.Match[str]) -> str:
    return match[1]


def _tracked_word_pass(tracked: _Tracked, ambiguity: _Ambiguity) -> None:
    tracked.sub(_LEET_WORD, _leet_word, "same")
    tracked.sub(_AMB_WORD, ambiguity.read, "same")
    tracked.sub(_LOOKALIKE_WORD, _lookalike_repl, "same")
    tracked.sub(_RUN, _first_letter, "merge")


def normalise_with_offsets(text: str, variant: int = 0) -> Normalised:
    """Normalise `text` (reading `variant`, 0 being `normalise`'s) and keep every character's origin.

    Slow (a Python loop per character); meant for the few texts whose evidence must be shown.
    """
    ambiguity = _Ambiguity(variant, _total_ambiguous(text) if variant else 0)
    tracked = _Tracked(text)
    tracked.per_char(_fold_char)
    tracked.sub(_SYMBOLS, _symbol_repl, "same")
    tracked.per_char(str.casefold)
    tracked.sub(_SEPARATORS, _merge_space, "merge")
    tracked.strip_spaces()
    _tracked_word_pass(tracked, ambiguity)
    before = tracked.text
    tracked.sub(_SPACED, _spaced_repl, "keep")
    if tracked.text != before:
        _tracked_word_pass(tracked, ambiguity)
    return Normalised(text, tracked.text, tuple(tracked.starts), tuple(tracked.ends))
