"""Analysis stage, shared by the abuse analyzers: lexicons, obfuscations a dictionary undoes, prefilter.

A `Lexicon` holds the terms of one analyzer in one language in a `TermMatcher`. Before scanning a
message it repairs the two obfuscations the normaliser cannot undo because they need a dictionary: a
letter dropped or two letters swapped ("muslman", "haet") and missing spaces ("Ihate",
"justepitoyables"). Both only touch words that are not words of the language, so "therapist" is never
read as "the rapist" and "back" never as "black".

`Lexicon.prepare` restores, in the words of a message, three spellings the normaliser leaves alone
because only a vocabulary can tell them from codes and names: letters masked by asterisks ("p*te",
"c*nnard", "a**hole"), digits in short words ("j3", "t3" — the normaliser keeps "t3" as a code) and SMS
spellings ("u" for "you", `[alias]` in `data/hate/grammar.{lang}.txt`). A word is restored only into a
word of the lexicon, so "T3" stays a flat size unless the lexicon reads it as "te".

`screened` is the prefilter of the three analyzers: one automaton holds all their trigger terms, and a
message is normalised and scanned once for the three of them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import product
from typing import Final

from policy.analyzers.abuse.words import Doc, data_file, known_words, read_sections
from policy.text.matcher import Scan, TermMatcher, TermSpec
from policy.text.normalise import normalise, normalise_term

GAP: Final = "~"
GAP_WORDS: Final = 4  # "cut these gay people's throats": a determiner, a group, a possessive
# Fuzzy matching (one letter dropped or two swapped) is only tried on words and terms this long: in
# shorter words a single change turns a word into another word too often.
_FUZZY_MIN_TERM: Final = 4
_FUZZY_MIN_WORD: Final = 3
# Missing spaces: a glued word is split into at most this many pieces.
_GLUE_MAX_PIECES: Final = 4
_GLUE_MIN_WORD: Final = 4
_GLUE_MIN_STRANGER: Final = 4  # a piece missing from the dictionary must be this long
# Endings that make a longer word of the one before them rather than a second word.
_INFLECTIONS: Final = frozenset({"s", "d", "ed", "es", "ing", "er", "ers", "ly"})
# A trigger word this long is also looked for inside longer words, for the prefilter only.
_GLUE_MIN_TRIGGER: Final = 5
# Texts whose prefilter answer is remembered: enough for the three analyzers of a batch of messages.
_SCREEN_MEMO: Final = 4096
# A letter masked by asterisks inside or at the end of a word: "p*te", "a**hole", "f***".
_MASKED: Final = re.compile(r"[^\W\d_]\*+(?:[^\W\d_]|\s|$)")
_MASK_MAX: Final = 3  # one asterisk hides a letter, or two that the normaliser squeezes into one
# Leet digits the normaliser leaves in codes ("t3", "j3"): each one's possible letters.
_LEET: Final = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g"}
# A word mixing letters and leet digits, which the normaliser may have kept as a code ("t3", "tu3").
_LEET_WORD: Final = re.compile(r"\b(?=\w*[^\W\d_])\w*[01345789]\w*\b")
_LEET_DIGIT: Final = re.compile(r"[01345789]")


# --------------------------------------------------------------------------------------------------
# lexicons


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found in a message: words `first`..`last` (inclusive) of the `Doc`.

    `literal` are the words of the term itself; the words of a `~` gap are not in it, so a negation
    inside a gap still negates ("human rights should not apply") while a negation that is part of the
    term does not ("have no place"). `fuzzy` is set when a word had to be corrected or split first.
    """

    label: str
    first: int
    last: int
    literal: frozenset[int]
    term: str
    fuzzy: bool = False


@dataclass(frozen=True, slots=True)
class _Entry:
    label: str
    term: str
    parts: tuple[str, ...]  # the term split at `~`, each part a normalised phrase


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The terms of one analyzer in one language, compiled once; immutable and shareable."""

    lang: str
    entries: tuple[_Entry, ...]
    # Every distinct part of the entries, keyed by itself: entries share parts (the grammar words of
    # several labels), and a part has the same occurrences whatever entry it belongs to.
    matcher: TermMatcher
    firsts: Mapping[str, tuple[int, ...]] = field(repr=False)  # first part → the entries it opens
    # The prefilter's terms: without one of them the analyzer has nothing to say (see `screened`).
    trigger_specs: tuple[TermSpec, ...] = field(repr=False)
    vocabulary: frozenset[str] = field(repr=False)  # every word of every term
    glue_vocabulary: frozenset[str] = field(repr=False)  # words worth splitting a glued word for
    variants: Mapping[str, str] = field(repr=False)  # misspelling (a letter dropped/swapped) → word
    # Accented letters of the written forms of each corrected word: a writer who types "é" in a word
    # is not misspelling a word that has none ("raillé" is not "rail…", "Aïd" is not "laid").
    accents: Mapping[str, frozenset[str]] = field(repr=False)
    # Plain words whose accented twin is another word ("sale", dirty / "salé", salted): people drop
    # accents but do not add them, so an accent in the text means the twin.
    accent_strict: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()  # words written with a capital (groups: "Muslim", "Jews")
    # Words of the terms that open the slow path, with the labels of their terms: what a masked word
    # ("p*te") may be restored into.
    maskable: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False)
    aliases: Mapping[str, str] = field(default_factory=dict, repr=False)  # SMS spelling → word ("u" → "you")

    @classmethod
    def build(
        cls,
        lang: str,
        entries: Iterable[tuple[str, str]],
        *,
        triggers: Iterable[str],
        fuzzy: Iterable[str] = (),
        glue: Iterable[str] = (),
        accent_strict: Iterable[str] = (),
        proper: Iterable[str] = (),
        short_corrections: bool = False,
    ) -> Lexicon:
        """`entries` are (label, term); `triggers` are label prefixes whose terms open the slow path.

        `fuzzy` and `glue` are label prefixes whose words are restored when misspelt (a letter dropped,
        two swapped) or glued to a neighbour.
        """
        trigger_prefixes = tuple(triggers)
        fuzzy_prefixes = tuple(fuzzy)
        proper_prefixes = tuple(proper)
        proper_words: set[str] = set()
        proper_written: set[str] = set()
        glue_prefixes = tuple(glue)
        built: list[_Entry] = []
        specs: list[TermSpec] = []
        trigger_specs: list[TermSpec] = []
        trigger_words: dict[str, str] = {}  # single trigger words that may be misspelt → their label
        trigger_vocabulary: dict[str, set[str]] = {}
        aliases = _aliases(lang)
        spelt_as: dict[str, list[str]] = {}  # word → its SMS spellings ("you" → "u", "ya")
        for short, word in aliases.items():
            spelt_as.setdefault(word, []).append(short)
        vocabulary: set[str] = set()
        fuzzy_words: set[str] = set()
        glue_words: set[str] = set()
        seen: set[tuple[str, tuple[str, ...]]] = set()
        parts_seen: set[str] = set()
        firsts: dict[str, list[int]] = {}
        for label, term in entries:
            parts = tuple(normalise_term(part) for part in term.split(GAP))
            if any(not part.strip() for part in parts):
                continue
            if (label, parts) in seen:
                # The same term written another way ("batards", "bâtards"): its accents still tell a
                # misspelling of it from another word.
                if label.startswith(fuzzy_prefixes):
                    spelt = term.replace(GAP, " ").split()
                    fuzzy_words.update(w for w in spelt if w.isalpha() and len(w) >= _FUZZY_MIN_TERM)
                continue
            seen.add((label, parts))
            index = len(built)
            built.append(_Entry(label, term, parts))
            words = [w for part in parts for w in part.split(" ") if "*" not in w]
            vocabulary.update(words)
            if label.startswith(proper_prefixes):
                proper_words.update(words)
                proper_written.update(term.replace(GAP, " ").split())
            for part in parts:
                if part not in parts_seen:
                    parts_seen.add(part)
                    specs.append(TermSpec(part, part))
            firsts.setdefault(parts[0], []).append(index)
            if label.startswith(fuzzy_prefixes):
                for written in term.replace(GAP, " ").split():
                    if written.isalpha() and len(written) >= _FUZZY_MIN_TERM:
                        fuzzy_words.add(written)
            if label.startswith(glue_prefixes):
                glue_words.update(w for w in words if len(w) >= _FUZZY_MIN_WORD)
            if label.startswith(trigger_prefixes):
                for word in words:
                    if word.isalpha():
                        trigger_vocabulary.setdefault(word, set()).add(label)
                # A `~` term triggers on its longest part ("break ~ legs" on "break").
                longest = max(term.split(GAP), key=len).strip()
                trigger_specs.append(TermSpec(label, longest))
                # Its SMS spellings open the slow path too ("end u" for "end you").
                trigger_specs.extend(TermSpec(label, variant) for variant in _spellings(longest, spelt_as))
                if len(words) == 1 and len(parts) == 1 and label.startswith(glue_prefixes):
                    # A trigger glued to its neighbour ("muslimvermin", "a s l u t" → "aslut") hides from
                    # word boundaries: look for it inside words, or only at their end for short words,
                    # which hide too often inside ordinary words.
                    word = words[0]
                    if len(word) >= _GLUE_MIN_TRIGGER:
                        trigger_specs.append(TermSpec(label, f"*{word}*"))
                    elif len(word) >= _FUZZY_MIN_WORD:
                        # Only at the end of a word ("aslut"): at its start, a short word is the start of
                        # too many ordinary ones ("cons*" for "conseil", "homo*" for "homologué").
                        trigger_specs.append(TermSpec(label, f"*{word}"))
                if len(words) == 1 and len(parts) == 1 and label.startswith(fuzzy_prefixes):
                    trigger_words[words[0]] = label
        variants: dict[str, str] = {}
        accents: dict[str, frozenset[str]] = {}
        for written in sorted(fuzzy_words):
            word = normalise_term(written)
            # Edits of the written form and of the normalised one: "souffrir" swapped is "soufrfir",
            # which no edit of the squeezed "soufrir" gives.
            plain = _fold(written)
            candidates = {normalise(edit) for edit in _edits(plain)}
            if len(word) >= _FUZZY_MIN_TERM:
                candidates |= _edits(word)
            # Three-letter misspellings are too often other words or codes ("ede" for "pédé"): only
            # analyzers that pair every word with another (hate: a group and a predicate) and names
            # of groups ("omo", "fem") are corrected from so short a word.
            shortest = _FUZZY_MIN_WORD if short_corrections or written in proper_written else _FUZZY_MIN_WORD + 1
            for variant in sorted(candidates):
                if len(variant) >= shortest and variant not in vocabulary and " " not in variant:
                    variants.setdefault(variant, word)
            accents[word] = accents.get(word, frozenset()) | _accented_letters(written)
        # A misspelt trigger word must open the slow path too.
        trigger_specs.extend(
            TermSpec(trigger_words[word], variant)
            for variant, word in sorted(variants.items())
            if word in trigger_words
        )
        return cls(
            lang=lang,
            entries=tuple(built),
            matcher=TermMatcher.build(specs),
            firsts={part: tuple(indices) for part, indices in firsts.items()},
            trigger_specs=tuple(trigger_specs),
            vocabulary=frozenset(vocabulary),
            glue_vocabulary=frozenset(glue_words),
            variants=variants,
            accents=accents,
            accent_strict=frozenset(normalise_term(word) for word in accent_strict),
            proper=frozenset(proper_words),
            maskable={word: frozenset(labels) for word, labels in sorted(trigger_vocabulary.items())},
            aliases=aliases,
        )

    def prepare(self, doc: Doc) -> Doc:
        """`doc` with masked letters, digits in short words and SMS spellings restored (module docstring).

        Cheap when there is nothing to restore: one look for an asterisk, a digit or an SMS word.
        """
        if "*" in doc.text and _MASKED.search(doc.text):
            doc = self._unmask(doc)
        words = list(doc.words)
        changed = False
        for index, word in enumerate(words):
            restored = self.aliases.get(word)
            if restored is None and not word.isalpha() and not word.isdecimal() and word.isalnum():
                restored = self._unleet(word)
            if restored is not None:
                words[index] = restored
                changed = True
        return replace(doc, words=tuple(words)) if changed else doc

    def _unleet(self, word: str) -> str | None:
        choices = [_LEET.get(char, char) for char in word]
        if any(char.isdecimal() for char in "".join(choices)):
            return None
        found = {
            normalise("".join(letters)) for letters in product(*choices)
        } & self.vocabulary  # "1" is an i or an l: keep the reading the lexicon knows
        return min(found) if len(found) == 1 else None

    def _unmask(self, doc: Doc) -> Doc:
        """Merge the pieces of a masked word ("p" + "te" around "*") into the one trigger word they fit."""
        text = doc.text
        groups: list[list[int]] = []
        for index in range(len(doc)):
            gap = text[doc.ends[index - 1] : doc.starts[index]] if index else ""
            if groups and gap and set(gap) == {"*"} and len(gap) <= _MASK_MAX:
                groups[-1].append(index)
            else:
                groups.append([index])
        merged: list[tuple[list[int], str]] = []
        for group in groups:
            last = group[-1]
            tail = re.match(r"\*+", text[doc.ends[last] :])
            if len(group) == 1 and tail is None:
                merged.append((group, doc.words[last]))
                continue
            pattern = f"[a-z]{{1,{_MASK_MAX}}}"
            regex = pattern.join(re.escape(doc.words[i]) for i in group) + (pattern if tail else "")
            compiled = re.compile(regex)
            fits = [word for word in self.maskable if compiled.fullmatch(word)]
            # "a**hole" fits "asshole" and "arsehole": any of them will do when they mean the same thing.
            if fits and len({self.maskable[word] for word in fits}) == 1:
                merged.append((group, fits[0]))
            else:
                merged.extend(([i], doc.words[i]) for i in group)
        if len(merged) == len(doc) and all(doc.words[g[0]] == w for g, w in merged):
            return doc
        firsts = [group[0] for group, _ in merged]
        return replace(
            doc,
            words=tuple(word for _, word in merged),
            starts=tuple(doc.starts[i] for i in firsts),
            ends=tuple(doc.ends[group[-1]] for group, _ in merged),
            sentence=tuple(doc.sentence[i] for i in firsts),
            clause_mark=tuple(doc.clause_mark[i] for i in firsts),
            comma=tuple(doc.comma[i] for i in firsts),
            quoted=tuple(doc.quoted[i] for i in firsts),
            capital=tuple(doc.capital[i] for i in firsts),
            question=tuple(doc.question[i] for i in firsts),
        )

    def hits(self, doc: Doc) -> tuple[Hit, ...]:
        """Every term of the lexicon in `doc`, obfuscations included, sorted by position."""
        words, origin, repaired = self._repair(doc)
        places = _Places(self.matcher.scan(" ".join(words)), words)
        found: list[Hit] = []
        # INVARIANT: (label, term) names one entry (`build` merges the others), so the sort below
        # orders hits of distinct entries whatever order they were found in.
        for part in places.scan.keys:
            for index in self.firsts.get(part, ()):  # type: ignore[call-overload]
                entry = self.entries[index]
                for first, last in places.get(entry.parts[0]):
                    hit = self._assemble(doc, entry, first, last, places, origin, repaired)
                    if hit is not None:
                        found.append(hit)
        found.sort(key=lambda h: (h.first, h.last, h.label, h.term))
        return tuple(found)

    def _assemble(
        self,
        doc: Doc,
        entry: _Entry,
        first: int,
        last: int,
        places: _Places,
        origin: Sequence[int],
        repaired: Sequence[bool],
    ) -> Hit | None:
        """One occurrence of an entry from its first part, following its `~` gaps; None if incomplete."""
        if first == last and entry.parts[0] in self.accent_strict and _accented(doc.original(origin[first])):
            return None
        if len(entry.parts) == 1:
            return Hit(
                entry.label,
                origin[first],
                origin[last],
                frozenset(origin[first : last + 1]),
                entry.term,
                fuzzy=any(repaired[first : last + 1]),
            )
        literal = set(range(first, last + 1))
        end = last
        sentence = doc.sentence[origin[first]]
        for part in range(1, len(entry.parts)):
            # The next part starts after at most GAP_WORDS words, in the same sentence.
            follow = [
                (f, la)
                for f, la in places.get(entry.parts[part])
                if end < f <= end + GAP_WORDS + 1 and doc.sentence[origin[f]] == sentence
            ]
            if not follow:
                return None
            f, la = min(follow)
            literal.update(range(f, la + 1))
            end = la
        return Hit(
            entry.label,
            origin[first],
            origin[end],
            frozenset(origin[i] for i in literal),
            entry.term,
            fuzzy=any(repaired[i] for i in range(first, end + 1)),
        )

    def _repair(self, doc: Doc) -> tuple[list[str], list[int], list[bool]]:
        """The words to scan: misspelt words corrected, glued words split, each with its origin.

        Only words that are not words of the language are touched (a dictionary decides, loaded on
        the first message that needs it), and never a capitalised word after a preposition of place
        ("à Conches", "in Sale"): that is a name.
        """
        words: list[str] = []
        origin: list[int] = []
        repaired: list[bool] = []
        known: frozenset[str] | None = None
        looked_up = False
        locative = self._locative_words()
        for index, word in enumerate(doc.words):
            pieces = [word]
            if (
                len(word) >= _FUZZY_MIN_WORD
                and word.isalpha()
                and word not in self.vocabulary
                and not (doc.capital[index] and index > 0 and doc.words[index - 1] in locative)
            ):
                if not looked_up:
                    known, looked_up = known_words(self.lang), True
                if known is not None and word not in known:
                    corrected = self.variants.get(word)
                    if corrected is not None and not _accented_letters(doc.original(index)) <= self.accents.get(
                        corrected, frozenset()
                    ):
                        corrected = None
                    # A capital inside a sentence makes a name ("l'Aïd" is not "laid"), unless the word
                    # is one that is written with a capital ("Muslm").
                    if corrected is not None and doc.capital[index] and not doc.clause_mark[index]:
                        corrected = corrected if corrected in self.proper else None
                    if corrected is not None:
                        pieces = [corrected]
                    elif len(word) >= _GLUE_MIN_WORD:
                        pieces = self._split(word, known) or pieces
            for piece in pieces:
                words.append(piece)
                origin.append(index)
                repaired.append(pieces != [word])
        return words, origin, repaired

    def _locative_words(self) -> frozenset[str]:
        return _locatives(self.lang)

    def _split(self, word: str, known: frozenset[str]) -> list[str] | None:
        """Words stuck together ("jedeteste" → je + deteste), when one of them is worth it."""
        pieces = _segment(
            word, lambda piece: piece in known or piece in self.vocabulary, lambda piece: piece in self.glue_vocabulary
        )
        if pieces is None or len(pieces) < 2 or not any(p in self.glue_vocabulary for p in pieces):
            return None
        if pieces[-1] in _INFLECTIONS:
            return None  # "dyked", "hoeing": a word and its ending, not two words glued
        return pieces


class _Places:
    """Word ranges (in the scanned words) of the parts found in one scan, each computed when first
    asked: the later parts of a `~` term are only looked up after its first."""

    __slots__ = ("_pieces", "_ranges", "_word_starts", "scan")

    def __init__(self, scan: Scan, words: Sequence[str]) -> None:
        self.scan = scan
        # When no word holds a space, the scanned words are the pieces of the scanned text and
        # `Scan.word_ranges` answers in their indices (the joined words are usually their own
        # normalised form, and then no span of the text is computed at all).
        self._pieces = scan.text.count(" ") == len(words) - 1
        # Otherwise, offset of each word in the joined text: the words before an offset are the word
        # starts up to it, less one (the joined text has one space between words).
        starts = [0]
        if not self._pieces:
            for word in words:
                starts.append(starts[-1] + len(word) + 1)
            starts.pop()
        self._word_starts = starts
        self._ranges: dict[str, list[tuple[int, int]]] = {}

    def get(self, part: str) -> list[tuple[int, int]]:
        ranges = self._ranges.get(part)
        if ranges is None and self._pieces:
            ranges = self._ranges[part] = list(self.scan.word_ranges(part))
        elif ranges is None:
            starts = self._word_starts
            ranges = self._ranges[part] = [
                (bisect_right(starts, start) - 1, bisect_right(starts, end) - 1) for start, end in self.scan.spans(part)
            ]
        return ranges


# --------------------------------------------------------------------------------------------------
# French conjugation of lexicon verbs

# Endings of a French -er verb after its stem: present, imperative, future, conditional.
FRENCH_ER_TENSES: Final = (
    "e", "es", "ent", "ons", "ez", "erai", "eras", "era", "erons", "erez", "eront", "erais", "erait", "eraient",
)  # fmt: skip
FRENCH_ER_PARTICIPLES: Final = ("é", "ée", "és", "ées")


def french_inflections(term: str, endings: Sequence[str]) -> list[str]:
    """Conjugated forms of a French -er verb, alone or first in a `~` term ("casser ~ gueule" → "casse ~ gueule").

    Written once per verb in the lexicon files, found in every tense the analyzer asks for: "je te
    démonte la gueule", "on crame le dépôt", "gazez-les". Other words and other groups are left alone.
    """
    head, gap, rest = term.partition(GAP)
    verb = head.strip()
    if " " in verb or not verb.endswith("er") or len(verb) < 5:
        return []
    stem = verb[:-2]
    return [f"{stem}{ending}" + (f" {gap} {rest.strip()}" if gap else "") for ending in endings]


# --------------------------------------------------------------------------------------------------
# the shared prefilter


def screened(analyzer: str, lang: str, text: str) -> bool:
    """The prefilter of `analyzer` ("hate", "insults", "threats"): can `text` concern it at all?

    The trigger terms of the three analyzers live in one automaton, and the answer for a text is
    memoised, so the engine normalises and scans a message once for the three of them: the first
    analyzer asked pays one normalisation and one automaton pass, the others a cache lookup.
    """
    return analyzer in _screened(lang, text)


_ALL: Final = frozenset({"hate", "insults", "threats"})


@functools.lru_cache(maxsize=_SCREEN_MEMO)
def _screened(lang: str, text: str) -> frozenset[str]:
    # A bounded memo of a pure function (like `re`'s pattern cache): it never changes an answer, and
    # `lru_cache` is safe to share between threads.
    if "*" in text and _MASKED.search(text):
        return _ALL  # a masked word ("p*te") is only read on the slow path, where it is restored
    screen = _screen(lang)
    found = frozenset(key[0] for key in screen.scan(text).keys if isinstance(key, tuple))
    if found != _ALL and _leet_letters(text):
        # Digits the normaliser keeps ("tu3" reads as a code) may hide a trigger that `prepare` restores.
        decoded = _LEET_WORD.sub(lambda m: "".join(_LEET.get(c, c)[0] for c in m[0]), text)
        found |= frozenset(key[0] for key in screen.scan(decoded).keys if isinstance(key, tuple))
    return found


def _leet_letters(text: str) -> bool:
    """A leet digit next to a letter ("t3", "bu73r"); "(17)" and "212 €" have none. Looks only around digits."""
    for digit in _LEET_DIGIT.finditer(text):
        at = digit.start()
        if (at > 0 and text[at - 1].isalpha()) or (at + 1 < len(text) and text[at + 1].isalpha()):
            return True
    return False


@functools.cache
def _screen(lang: str) -> TermMatcher:
    # The three analyzers of this family import this module, so they are imported here, when the
    # first message is screened.
    from policy.analyzers import hate, insults, threats

    specs: list[TermSpec] = []
    for name, lexicon in (("hate", hate.lexicon), ("insults", insults.lexicon), ("threats", threats.lexicon)):
        specs.extend(TermSpec((name, spec.key), spec.term) for spec in lexicon(lang).trigger_specs)
    return TermMatcher.build(specs)


@functools.cache
def _aliases(lang: str) -> dict[str, str]:
    """SMS spellings of `lang` (`[alias]` lines "u = you" of data/hate/grammar.{lang}.txt)."""
    path = data_file("hate", "grammar", lang)
    out: dict[str, str] = {}
    for line in read_sections(path).get("alias", ()) if path.exists() else ():
        short, _, word = line.partition("=")
        if not word.strip():
            raise ValueError(f"{path}: alias `{line}` needs the form `short = word`")
        out[normalise_term(short.strip())] = normalise_term(word.strip())
    return out


def _spellings(term: str, spelt_as: Mapping[str, Sequence[str]]) -> list[str]:
    """`term` with each word that has SMS spellings written in them ("end you" → "end u", "end ya")."""
    words = normalise_term(term).split(" ")
    options = [[word, *spelt_as.get(word, ())] for word in words]
    return [" ".join(choice) for choice in product(*options) if list(choice) != words]


@functools.cache
def _locatives(lang: str) -> frozenset[str]:
    path = data_file("hate", "grammar", lang)
    return (
        frozenset(normalise_term(w) for w in read_sections(path).get("locative", ())) if path.exists() else frozenset()
    )


def _fold(written: str) -> str:
    """Lowercase without accents, letters not squeezed: the spelling a typo is made from."""
    decomposed = unicodedata.normalize("NFKD", written.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _accented_letters(written: str) -> frozenset[str]:
    return frozenset(c for c in written.casefold() if not c.isascii() and c.isalpha())


def _accented(written: str) -> bool:
    return not written.isascii() and any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", written))


def _edits(word: str) -> set[str]:
    """The word with one letter dropped, or two neighbouring letters swapped."""
    dropped = {word[:i] + word[i + 1 :] for i in range(len(word))}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return (dropped | swapped) - {word}


def _segment(word: str, is_piece: Callable[[str], bool], is_wanted: Callable[[str], bool]) -> list[str] | None:
    """Split `word` into at most `_GLUE_MAX_PIECES` pieces that pass `is_piece`, one stranger allowed.

    Among the splits, the one whose wanted pieces cover the most letters wins, then the one with no
    piece outside the dictionary, then the one with the fewest pieces: "womani" is "woman i", not
    "wo mani"; "hangal" is "hang al", not "han gal"; "bitchbehaviour" is "bitch behaviour" even if the
    dictionary lacks "behaviour". A split needs at least one wanted piece to be returned at all.
    """
    size = len(word)
    # best[(end, count, strangers)] = (letters covered by wanted pieces, pieces)
    best: dict[tuple[int, int, int], tuple[int, list[str]]] = {(0, 0, 0): (0, [])}
    for end in range(1, size + 1):
        for start in range(max(0, end - 24), end):
            piece = word[start:end]
            # One-letter pieces only as the French elided words and English "i"/"a".
            if len(piece) == 1 and piece not in "jldmnstcaiy":
                continue
            known = is_piece(piece)
            # A piece missing from the dictionary may only close the word ("bitch|behaviour"): one
            # before a wanted piece is too often the head of a name ("thessalo|nique").
            if not known and (len(piece) < _GLUE_MIN_STRANGER or end != size):
                continue
            gain = len(piece) if is_wanted(piece) else 0
            for count in range(_GLUE_MAX_PIECES):
                for strangers in (0, 1):
                    before = best.get((start, count, strangers))
                    now = strangers + (0 if known else 1)
                    if before is None or now > 1:
                        continue
                    if not known and not before[0]:
                        continue  # the stranger must follow a wanted piece
                    candidate = (before[0] + gain, [*before[1], piece])
                    current = best.get((end, count + 1, now))
                    if current is None or candidate[0] > current[0]:
                        best[(end, count + 1, now)] = candidate
    finals = [
        (score, -strangers, -count, pieces)
        for (end, count, strangers), (score, pieces) in best.items()
        if end == size and count and score
    ]
    if not finals:
        return None
    return max(finals)[3]
