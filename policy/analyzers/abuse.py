"""Analysis stage, shared part of the abuse analyzers (threats, hate, insults): lexicons, words, clauses.

The three analyzers read a message the same way:

1. **prefilter** — one `TermMatcher` scan (normalisation + one automaton pass) over the analyzer's
   *trigger* terms; a message with no trigger stops here;
2. **words** — the slow, offset-keeping normalisation gives the words of the message, each with its
   span in the original text, its sentence, whether it sits inside quotation marks and whether it was
   written with a capital;
3. **hits** — every lexicon term found (through the same `TermMatcher`), plus the two obfuscations the
   normaliser cannot undo because they need a dictionary: a letter dropped or two letters swapped
   ("muslman", "haet") and missing spaces ("Ihate", "justepitoyables"). Both only apply to words that
   are not real words of the language (pyspellchecker's frequency lists), so "therapist" is never read
   as "the rapist" and "back" never as "black";
4. **clauses** — sentence punctuation and clause-breaking words ("but", "mais") cut the message into
   clauses, the unit in which negation, persons and report verbs are looked for.

Lexicon files live in `policy/analyzers/data/{hate,insults,threats}/`: `[section]` headers, one term per
line, `#` comments, `*` ends a prefix (TermMatcher's wildcard) and `~` stands for a gap of up to
`GAP_WORDS` words inside a term ("cut ~ throat").
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from policy.text.matcher import TermMatcher, TermSpec
from policy.text.normalise import normalise, normalise_term, normalise_with_offsets

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
GAP: Final = "~"
GAP_WORDS: Final = 4  # "cut these gay people's throats": a determiner, a group, a possessive

# Sentence punctuation in the original text between two words.
_SENTENCE_MARKS: Final = frozenset(".!?;…\n\r")
_CLAUSE_MARKS: Final = frozenset(":")
_OPEN_QUOTES: Final = frozenset("“«„‟")
_CLOSE_QUOTES: Final = frozenset("”»")
_TOGGLE_QUOTES: Final = frozenset('"″')

# How often a word must occur in the frequency list to count as a real word of the language. Rare
# entries of the lists are often typos or names themselves ("cancre" for "cancer" is both).
_KNOWN_MIN_FREQUENCY: Final = 200
# Fuzzy matching (one letter dropped or two swapped) is only tried on words and terms this long: in
# shorter words a single change turns a word into another word too often.
_FUZZY_MIN_TERM: Final = 4
_FUZZY_MIN_WORD: Final = 3
# Missing spaces: a glued word is split into at most this many pieces.
_GLUE_MAX_PIECES: Final = 4
_GLUE_MIN_WORD: Final = 4
_GLUE_MIN_STRANGER: Final = 4  # a piece missing from the dictionary must be this long
# A trigger word this long is also looked for inside longer words, for the prefilter only.
_GLUE_MIN_TRIGGER: Final = 5
# Texts whose prefilter answer is remembered: enough for the three analyzers of a batch of messages.
_SCREEN_MEMO: Final = 4096


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
    """Spans inside *closed* quotation marks; a stray quote mark quotes nothing."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if opened is None and (char in _OPEN_QUOTES or char in _TOGGLE_QUOTES):
            opened = index
        elif opened is not None and (char in _CLOSE_QUOTES or char in _TOGGLE_QUOTES):
            regions.append((opened, index))
            opened = None
    return regions


def make_doc(text: str) -> Doc:
    norm = normalise_with_offsets(text)
    words = norm.text.split(" ") if norm.text else []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for word in words:
        start, end = norm.to_original(position, position + len(word))
        starts.append(start)
        ends.append(end)
        position += len(word) + 1
    regions = _quoted_regions(text)
    sentence: list[int] = []
    clause_mark: list[bool] = []
    comma: list[bool] = []
    quoted: list[bool] = []
    capital: list[bool] = []
    current = 0
    for index, start in enumerate(starts):
        gap = text[ends[index - 1] : start] if index else ""
        if any(char in _SENTENCE_MARKS for char in gap):
            current += 1
        sentence.append(current)
        clause_mark.append(index == 0 or any(c in _SENTENCE_MARKS or c in _CLAUSE_MARKS for c in gap))
        comma.append("," in gap)
        quoted.append(any(lo < start < hi for lo, hi in regions))
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
        tuple(starts),
        tuple(ends),
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
def known_words(lang: str) -> frozenset[str]:
    """Normalised words of `lang` frequent enough to be real words (built once per language, lazily).

    pyspellchecker ships word-frequency lists (OpenSubtitles) inside the package, so nothing is
    downloaded; it is only used here, as a dictionary.
    """
    from spellchecker import SpellChecker  # a second or so to load: only on the slow path

    try:
        frequency = SpellChecker(language=lang, distance=1).word_frequency
    except ValueError:
        return frozenset()
    return frozenset(
        normalise(word) for word, count in frequency.items() if count >= _KNOWN_MIN_FREQUENCY and word.isalpha()
    )


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
    matcher: TermMatcher  # every part of every entry, keyed (entry index, part index)
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
        vocabulary: set[str] = set()
        fuzzy_words: set[str] = set()
        glue_words: set[str] = set()
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for label, term in entries:
            parts = tuple(normalise_term(part) for part in term.split(GAP))
            if any(not part.strip() for part in parts) or (label, parts) in seen:
                continue
            seen.add((label, parts))
            index = len(built)
            built.append(_Entry(label, term, parts))
            words = [w for part in parts for w in part.split(" ") if "*" not in w]
            vocabulary.update(words)
            if label.startswith(proper_prefixes):
                proper_words.update(words)
                proper_written.update(term.replace(GAP, " ").split())
            for number, part in enumerate(parts):
                specs.append(TermSpec((index, number), part))
            if label.startswith(fuzzy_prefixes):
                for written in term.replace(GAP, " ").split():
                    if written.isalpha() and len(written) >= _FUZZY_MIN_TERM:
                        fuzzy_words.add(written)
            if label.startswith(glue_prefixes):
                glue_words.update(w for w in words if len(w) >= _FUZZY_MIN_WORD)
            if label.startswith(trigger_prefixes):
                # A `~` term triggers on its longest part ("break ~ legs" on "break").
                trigger_specs.append(TermSpec(label, max(term.split(GAP), key=len).strip()))
                if len(words) == 1 and len(parts) == 1 and label.startswith(glue_prefixes):
                    # A trigger glued to its neighbour ("muslimvermin", "a s l u t" → "aslut") hides from
                    # word boundaries: look for it inside words, or only at their end for short words,
                    # which hide too often inside ordinary words.
                    word = words[0]
                    if len(word) >= _GLUE_MIN_TRIGGER:
                        trigger_specs.append(TermSpec(label, f"*{word}*"))
                    elif len(word) >= _FUZZY_MIN_WORD:
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
            trigger_specs=tuple(trigger_specs),
            vocabulary=frozenset(vocabulary),
            glue_vocabulary=frozenset(glue_words),
            variants=variants,
            accents=accents,
            accent_strict=frozenset(normalise_term(word) for word in accent_strict),
            proper=frozenset(proper_words),
        )

    def hits(self, doc: Doc) -> tuple[Hit, ...]:
        """Every term of the lexicon in `doc`, obfuscations included, sorted by position."""
        words, origin, repaired = self._repair(doc)
        joined = " ".join(words)
        scan = self.matcher.scan(joined)
        # Word ranges (in `words`) of every part of every entry.
        ranges: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for key in scan.keys:
            if isinstance(key, tuple):
                for start, end in scan.spans(key):
                    first = joined.count(" ", 0, start)
                    ranges.setdefault(key, []).append((first, first + joined.count(" ", start, end)))
        found: list[Hit] = []
        for (index, number), places in ranges.items():
            if number != 0:
                continue
            entry = self.entries[index]
            for first, last in places:
                hit = self._assemble(doc, entry, index, first, last, ranges, origin, repaired)
                if hit is not None:
                    found.append(hit)
        found.sort(key=lambda h: (h.first, h.last, h.label, h.term))
        return tuple(found)

    def _assemble(
        self,
        doc: Doc,
        entry: _Entry,
        index: int,
        first: int,
        last: int,
        ranges: Mapping[tuple[int, int], list[tuple[int, int]]],
        origin: Sequence[int],
        repaired: Sequence[bool],
    ) -> Hit | None:
        """One occurrence of an entry from its first part, following its `~` gaps; None if incomplete."""
        if first == last and entry.parts[0] in self.accent_strict and _accented(doc.original(origin[first])):
            return None
        literal = set(range(first, last + 1))
        end = last
        sentence = doc.sentence[origin[first]]
        for part in range(1, len(entry.parts)):
            # The next part starts after at most GAP_WORDS words, in the same sentence.
            follow = [
                (f, la)
                for f, la in ranges.get((index, part), ())
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
        locative = self._locative_words()
        for index, word in enumerate(doc.words):
            pieces = [word]
            if (
                len(word) >= _FUZZY_MIN_WORD
                and word.isalpha()
                and word not in self.vocabulary
                and not (doc.capital[index] and index > 0 and doc.words[index - 1] in locative)
            ):
                known = known_words(self.lang) if known is None else known
                if word not in known:
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
        return pieces


# --------------------------------------------------------------------------------------------------
# the shared prefilter


def screened(analyzer: str, lang: str, text: str) -> bool:
    """The prefilter of `analyzer` ("hate", "insults", "threats"): can `text` concern it at all?

    The trigger terms of the three analyzers live in one automaton, and the answer for a text is
    memoised, so the engine normalises and scans a message once for the three of them: the first
    analyzer asked pays one normalisation and one automaton pass, the others a cache lookup.
    """
    return analyzer in _screened(lang, text)


@functools.lru_cache(maxsize=_SCREEN_MEMO)
def _screened(lang: str, text: str) -> frozenset[str]:
    # A bounded memo of a pure function (like `re`'s pattern cache): it never changes an answer, and
    # `lru_cache` is safe to share between threads.
    return frozenset(key[0] for key in _screen(lang).scan(text).keys if isinstance(key, tuple))


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


# --------------------------------------------------------------------------------------------------
# clauses and the questions every analyzer asks of them


@dataclass(frozen=True, slots=True)
class Reading:
    """A message read against a lexicon: its words, its hits, its clauses."""

    doc: Doc
    hits: tuple[Hit, ...]
    clause: tuple[int, ...]  # clause number of each word

    def labelled(self, *prefixes: str) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if h.label.startswith(prefixes))

    def clause_of(self, hit: Hit) -> int:
        return self.clause[hit.first]

    def in_clause(self, clause: int, *prefixes: str) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if self.clause[h.first] == clause and h.label.startswith(prefixes))

    def in_sentence(self, sentence: int, *prefixes: str) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if self.doc.sentence[h.first] == sentence and h.label.startswith(prefixes))

    def clause_words(self, clause: int) -> range:
        indices = [i for i, c in enumerate(self.clause) if c == clause]
        return range(indices[0], indices[-1] + 1) if indices else range(0)


def read(doc: Doc, hits: Sequence[Hit], *, clause_break: str) -> Reading:
    """Cut `doc` into clauses at sentence marks, colons and `clause_break` hits."""
    # A break word inside a longer phrase ("nothing but", "can't help themselves but") breaks nothing.
    inside = {i for h in hits if h.label != clause_break and h.last > h.first for i in range(h.first + 1, h.last + 1)}
    # Set phrases cover their first word too: "quand même" is not "quand".
    inside |= {i for h in hits if h.label in (G + "idiom", G + "not_negation") for i in range(h.first, h.last + 1)}
    breaks = {h.first for h in hits if h.label == clause_break and h.first not in inside}
    # A comma followed by a subject starts a new clause: "ils ne changeront jamais, il faut les…".
    subjects = {G + "first_person", G + "second_person", G + "anaphor", G + "impersonal"}
    objects = {i for h in hits if h.label == G + "object_pronoun" for i in h.literal}
    breaks |= {h.first for h in hits if h.label in subjects and doc.comma[h.first] and h.first not in objects}
    clause: list[int] = []
    current = -1
    for index in range(len(doc)):
        if doc.clause_mark[index] or index in breaks:
            current += 1
        clause.append(current)
    return Reading(doc, tuple(hits), tuple(clause))


def words_of(hits: Iterable[Hit]) -> set[int]:
    return {i for h in hits for i in h.literal}


# --------------------------------------------------------------------------------------------------
# grammar shared by the three analyzers (data/hate/grammar.{lang}.txt)

G = "gram."
_NOT_TERMS: Final = frozenset({"accent_strict"})  # sections that are word lists, not terms to find
# French negation: "ne … pas" is one negation, so French markers are counted together.
_FRENCH_NE: Final = frozenset({"ne", "n"})
_RHETORICAL_WORDS: Final = 5  # "isn't it clear…?", "n'est-ce pas évident…?": a question tag, not a denial
_SUBJECT_WINDOW: Final = 4  # how far before a report verb its subject is looked for


def grammar_entries(lang: str) -> list[tuple[str, str]]:
    sections = read_sections(data_file("hate", "grammar", lang))
    return [(G + name, term) for name, terms in sections.items() if name not in _NOT_TERMS for term in terms]


def grammar_words(lang: str, section: str) -> tuple[str, ...]:
    return read_sections(data_file("hate", "grammar", lang)).get(section, ())


def consumed_words(reading: Reading) -> set[int]:
    """Words that belong to a matched phrase, so that a negation word inside it negates nothing else."""
    keep = (G + "not_negation", G + "denounce", G + "endorse", G + "report_noun")
    return {i for h in reading.hits if not h.label.startswith(G) or h.label in keep for i in h.literal}


def is_negated(reading: Reading, hit: Hit, consumed: set[int], lang: str) -> bool:
    """Whether a negation (or a reversal such as "opposite of") governs `hit` in its clause."""
    doc = reading.doc
    clause = reading.clause[hit.first]
    # Markers before the hit, or inside one of its `~` gaps ("lives do not matter").
    before = [
        h
        for h in reading.in_clause(clause, G + "negation")
        if h.first < hit.last and not (h.literal & consumed) and not (h.literal & hit.literal)
    ]
    if before and doc.question[hit.first]:
        # Question tags ("isn't it obvious that…?") ask for agreement; they deny nothing.
        start = min(reading.clause_words(clause).start, hit.first)
        sentence_start = next(i for i in range(start, -1, -1) if i == 0 or doc.sentence[i - 1] != doc.sentence[i])
        before = [h for h in before if h.first - sentence_start >= _RHETORICAL_WORDS]
    if before and reading.in_clause(clause, G + "negative_quantifier") and reading.in_clause(clause, G + "comparative"):
        # "nothing is worse than X", "nul n'est aussi crasseux que ces X": a superlative about X.
        before = []
    if before:
        reports = reading.in_clause(clause, G + "report", G + "permit")
        barriers = [
            c
            for c in reading.in_clause(clause, G + "complementizer")
            if c.last < hit.first and not (c.literal & consumed)
        ]

        def blocked(marker: Hit) -> bool:
            # Negation reaches into "that/que" only through a verb of saying or thinking.
            return any(
                marker.last < c.first and not any(marker.last < r.first < c.first for r in reports) for c in barriers
            )

        before = [m for m in before if not blocked(m)]
    if before and lang == "fr":
        # "il n'y a aucune place": "aucune" belongs to the phrase, and so does its "ne".
        partners = [
            h
            for h in reading.in_clause(clause, G + "negation")
            if h.literal & consumed and doc.words[h.first] not in _FRENCH_NE
        ]
        before = [
            m
            for m in before
            if not (doc.words[m.first] in _FRENCH_NE and any(0 < p.first - m.last <= 3 for p in partners))
        ]
    if before and lang == "fr" and all(doc.words[m.first] in _FRENCH_NE for m in before):
        # "ils ne sont que des…" is restrictive ("nothing but"), not a negation.
        after_ne = range(max(m.last for m in before) + 1, reading.clause_words(clause).stop)
        if any(doc.words[i] in ("que", "qu") for i in after_ne):
            before = []
    reversals = [
        h
        for h in reading.in_clause(clause, G + "reversal")
        if h.last < hit.first and not (h.literal & consumed) and not (h.literal & hit.literal)
    ]
    return bool(before) != (len(reversals) % 2 == 1)


def person_before(
    reading: Reading, index: int, *, window: int = _SUBJECT_WINDOW, subjects_only: bool = False
) -> str | None:
    """The nearest person word before word `index` in its clause: "first", "second", "third" or None.

    With `subjects_only`, object pronouns ("me traiter de…", "te tuer") are skipped.
    """
    clause = reading.clause[index]
    persons = {
        G + "first_person": "first",
        G + "second_person": "second",
        G + "third_person": "third",
        G + "anaphor": "third",
    }
    impersonal = words_of(reading.labelled(G + "impersonal"))
    if subjects_only:
        impersonal |= words_of(reading.labelled(G + "object_pronoun"))
    for position in range(index - 1, max(index - 1 - window, -1), -1):
        if reading.clause[position] != clause:
            break
        if position in impersonal:
            continue
        for hit in reading.hits:
            if hit.first <= position <= hit.last and hit.label in persons:
                return persons[hit.label]
    return None


def voice_of(reading: Reading, report: Hit) -> str:
    """Whose words a report verb introduces: "author" (I say, I think) or "other" (you said, saying…)."""
    person = person_before(reading, report.first, subjects_only=True)
    return "author" if person == "first" else "other"


def is_reported(
    reading: Reading, hit: Hit, consumed: set[int], lang: str, *, author_reenters: bool = False
) -> str | None:
    """Why `hit` is not the author's own claim (reported, denounced, quoted), or None when it is.

    With `author_reenters`, a report verb followed by "I/me" before the hit does not govern it: a
    feeling the author declares ("people who think they are my equal fill me with rage", "is it easy
    to tell that I am disgusted by…") is the author's, whoever's words come first.
    """
    doc = reading.doc
    sentence = doc.sentence[hit.first]
    if reading.in_sentence(sentence, G + "endorse"):
        return None
    if doc.quoted[hit.first] and not all(doc.quoted):
        return "quoted"
    firsts = words_of(reading.in_sentence(sentence, G + "first_person")) if author_reenters else set()
    for report in reading.in_sentence(sentence, G + "report"):
        if report.last >= hit.first or report.literal & hit.literal or voice_of(reading, report) != "other":
            continue
        if any(report.last < i < hit.first or i in hit.literal for i in firsts):
            continue
        return "reported"
    for denounce in reading.in_sentence(sentence, G + "denounce", G + "report_noun"):
        if not is_negated(reading, denounce, consumed, lang):
            return "denounced"
    clause = reading.clause[hit.first]
    end = reading.clause_words(clause).stop
    # "…worthless to you": the view is the addressee's when "to you" closes the clause (not in
    # "hatred for you women").
    if any(h.first > hit.last and h.last == end - 1 for h in reading.in_clause(clause, G + "attributed_other")):
        return "attributed"
    return None
