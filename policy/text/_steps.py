"""The steps of the normalisation stage, one family per section (see `policy.text.normalise`).

Each step is a compiled pattern plus the function applied to its matches, so that the fast path
(`policy.text.normalise.normalise`) and the offset-tracking path (`normalise_with_offsets`) run the
very same decisions; where the fast path uses a quicker equivalent (`fold`, `separate`, `leet_pass`,
`squeeze`), the equivalence is stated next to it and checked by the test-suite. The numbering of the
sections is the pipeline's, documented in `policy.text.normalise`.
"""

from __future__ import annotations

import functools
import itertools
import re
import string
import unicodedata
from typing import Final

import ahocorasick  # C-speed pass listing doubled letters (see squeeze)

MAX_INDEPENDENT_AMBIGUOUS: Final = 3
"""Up to this many ambiguous i/l characters in a text, every combination of readings is tried."""

MAX_AMBIGUOUS_PER_WORD: Final = 3
"""Beyond `MAX_INDEPENDENT_AMBIGUOUS`, ambiguous characters per word whose readings are enumerated
independently; a word with more shares the last bit among the rest. Either way a text has at most
2**3 = 8 readings."""

# Placeholder *letters* used inside the pipeline. They must be letters (so every word-level pattern
# treats them as part of a word), caseless and without decomposition; the fold step deletes them from
# the input, so the only occurrences are the ones the pipeline itself writes.
WILD: Final = "\u16e5"  # RUNIC LETTER STAN: stands for `*` inside a term
AMB: Final = "\u16e6"  # RUNIC LETTER LONG-BRANCH-YR: an i/l character not yet given a reading

# A run of one repeated letter (digits are never squeezed: "2000" is a number, not an obfuscation).
RUN: Final = re.compile(r"([^\W\d_])\1+")
_DOUBLE: Final = re.compile(r"([^\W\d_])\1")

# --------------------------------------------------------------------------------------------------
# 1. fold


def _invisible_and_marks() -> list[int]:
    # Planes 2-13 hold only CJK ideographs and unassigned code points: no marks, no format characters.
    planes = itertools.chain(range(0x20000), range(0xE0000, 0xE1000))
    wanted = {"Mn", "Mc", "Me", "Cf"}
    cps = [cp for cp in planes if unicodedata.category(chr(cp)) in wanted]
    # Hangul fillers are letters by category but print nothing.
    cps += [0x115F, 0x1160, 0x3164, 0xFFA0, ord(WILD), ord(AMB)]
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


def _common_symbols() -> list[int]:
    """Symbols of everyday messages that fold leaves alone and that are not word characters:
    punctuation and signs of Latin-1, general punctuation, currency signs, arrows, technical symbols,
    dingbats and emoji (skin tones are modifier symbols, not marks)."""
    blocks = [(0xA1, 0xBF), (0x2010, 0x205E), (0x20A0, 0x20C0), (0x2190, 0x23FF), (0x2600, 0x27BF)]
    blocks.append((0x1F000, 0x1FAFF))
    invisible = set(_INVISIBLE)
    return [
        cp
        for first, last in blocks
        for cp in range(first, last + 1)
        if not chr(cp).isalnum() and cp not in invisible and unicodedata.normalize("NFKD", chr(cp)) == chr(cp)
    ]


# After NFKD, most Latin text holds nothing but ASCII and combining diacritics (U+0300-U+036F, all
# marks): stripping is then dropping every non-ASCII character. Most of the rest adds only common
# symbols, which fold keeps and step 4 turns into spaces: stripping is deleting the diacritics.
_DIACRITICS: Final = re.compile("[\u0300-\u036f]+")
_BEYOND_DIACRITICS: Final = re.compile("[^\x00-\x7f\u0300-\u036f]")
_BEYOND_COMMON: Final = re.compile("[^\x00-\x7f\u0300-\u036f" + _char_class(_common_symbols())[1:])

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


def fold(text: str) -> tuple[str, bool]:
    """Step 1, and whether every non-ASCII character left is a common symbol (see `separate`)."""
    # ASCII is already folded: NFKD, the strip set and the letter table touch no ASCII character.
    if text.isascii():
        return text, True
    # INVARIANT: every character with a non-zero canonical combining class is a mark, and marks are
    # stripped, so decomposing the whole string equals decomposing character by character (what the
    # offset-tracking path does): canonical reordering only permutes characters that are removed.
    text = unicodedata.normalize("NFKD", text)
    beyond = _BEYOND_DIACRITICS.search(text)
    if beyond is None:
        return text.encode("ascii", "ignore").decode("ascii"), True
    if not _BEYOND_COMMON.search(text, beyond.start()):
        return _DIACRITICS.sub("", text), True
    text = _STRIP_BMP.sub("", text)
    if any(ord(c) in _INVISIBLE_ASTRAL for c in _ASTRAL.findall(text)):  # emoji are astral, rarely marks
        text = _STRIP_ASTRAL.sub("", text)
    if not text.isascii() and _LETTERS_RE.search(text):
        text = _LETTERS_RE.sub(_letters_repl, text)
    return text, False


# Called for every non-ASCII character of a text whose offsets are tracked (emoji, accented letters):
# few distinct characters, many times each, so the answers are kept (pure, thread-safe, bounded).
@functools.lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKD", char)
    # The shortcuts of `fold`: ASCII is folded already; an accented letter is ASCII and diacritics.
    if folded.isascii():
        return folded
    if _BEYOND_DIACRITICS.search(folded) is None:
        return folded.encode("ascii", "ignore").decode("ascii")
    return "".join(_LETTERS.get(c, c) for c in _STRIP.sub("", folded))


# --------------------------------------------------------------------------------------------------
# 2. symbols

# A plain character class, so that `re` jumps from one symbol to the next; the context is checked
# in symbol_repl.
SYMBOLS: Final = re.compile(r"[$€@!|]+")
_SYMBOL_LETTER: Final = {"@": "a", "$": "s", "€": "e", "!": AMB, "|": AMB}
_EMAIL_DOMAIN: Final = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}")


def symbol_repl(match: re.Match[str]) -> str:
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

SEPARATORS: Final = re.compile(r"[\W_]+")
_NON_ASCII_SEPARATORS: Final = re.compile(r"[^\x00-\x7f\w]+")  # the range first: ASCII is the common case
_ASCII_SEPARATOR_TABLE: Final = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def separate(text: str, symbols_only: bool) -> str:
    """Step 4. `symbols_only`: `fold` said every non-ASCII character is a common symbol; the only
    other ones since are the placeholder letters of steps 2 and 5, which must stay."""
    if not text.isascii():
        runs, repl = (_NON_ASCII_SYMBOLS, " ") if symbols_only else (_NON_ASCII_RUN, _non_ascii_separators)
        text = runs.sub(repl, text)
    if text.isascii():
        # Same result as the general branch at C speed (bytes.translate is a table look-up per byte):
        # after the table only spaces separate words, and split() drops the empty ones.
        return b" ".join(text.encode("ascii").translate(_ASCII_SEPARATOR_TABLE).split()).decode("ascii")
    return SEPARATORS.sub(" ", text).strip(" ")


_NON_ASCII_RUN: Final = re.compile(r"[^\x00-\x7f]+")
_NON_ASCII_SYMBOLS: Final = re.compile(f"[^\\x00-\\x7f{AMB}{WILD}]+")


def _non_ascii_separators(match: re.Match[str]) -> str:
    # _NON_ASCII_SEPARATORS.sub(" ", text), run by run: the runs are few (emoji, quotes, €) and mostly
    # without letters, and `re` tests a character for \w slowly.
    run = match[0]
    if run.isalnum():
        return run
    return _NON_ASCII_SEPARATORS.sub(" ", run)


# --------------------------------------------------------------------------------------------------
# 5a. leet digits

_LEET_DIGITS: Final = {"0": "o", "1": AMB, "3": "e", "4": "a", "5": "s", "7": "t"}
LEET_GATE: Final = re.compile(r"[013457]")
LEET_WORD: Final = re.compile(r"(?<![^ ])[^ 013457]*[013457][^ ]*")
_SHORT_PREFIX_NUMBER: Final = re.compile(r"[^\W\d_]{1,2}\d+")  # mp3, ps5, f1, h24, a320
_NAME_NUMBER: Final = re.compile(r"[^\W\d_]+\d{2,}")  # covid19, iphone15, cmd12345
_NUMBER_UNIT: Final = re.compile(r"\d+([^\W\d_]+)")  # 5km, 1er, 3eme, 12bis


def _squeezed(word: str) -> str:
    return RUN.sub(r"\1", word)


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


def leet_word(match: re.Match[str]) -> str:
    return _leet(match[0])


def _leet(word: str) -> str:
    if word.isdecimal():
        return word  # a number: by far the most frequent word with a digit
    bare = word.replace(WILD, "")  # a wildcard in a term is neither a letter nor a digit here
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


def leet_pass(text: str) -> str:
    """`LEET_WORD.sub(leet_word, text)`, visiting only the words around each leet digit."""
    out: list[str] = []
    done = 0  # text[:done] is settled
    for digit in LEET_GATE.finditer(text):
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

AMB_WORD: Final = re.compile(rf"(?<![^ ])[^ {AMB}]*{AMB}[^ ]*")


class Ambiguity:
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
            if c == AMB:
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
LOOKALIKE_WORD: Final = re.compile(rf"(?<![^ ])[^ {_LOOKALIKE_CLASS}]*[{_LOOKALIKE_CLASS}][^ ]*")
_LATIN: Final = re.compile(r"[a-z]")


def lookalike_repl(match: re.Match[str]) -> str:
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


def squeeze(text: str) -> str:
    # Equivalent to RUN.sub(r"\1", text), several times faster on French, where doubled letters are
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

SPACED: Final = re.compile(r"(?<![^ ])[^ ](?: [^ ]){2,}(?![^ ])")
SPACED_GATE: Final = re.compile(" [^ ] [^ ] [^ ] ")  # on the padded text: exactly when SPACED matches
# One-letter words (French a, à, y; English I) and elided letters (c' d' j' l' m' n' s' t'): runs made
# only of these are ordinary sentences ("il n'y a", "l'a à", "I'm a"), not spaced-out words.
_SHORT_WORDS: Final = frozenset("acdijlmnsty")


def spaced_repl(match: re.Match[str]) -> str:
    run = match[0]
    chars = run[::2]
    letters = [c for c in chars if not c.isdecimal()]
    if len(letters) < 2 or all(c in _SHORT_WORDS for c in letters) or WILD in chars:
        return run  # (a lone wildcard in a term is an error for the validator, not a letter to glue)
    return chars
