"""Deep lint, the words rules search for: terms that also match common words (ROE270, the
"Scunthorpe problem") and duplicate terms (ROE271).

A message and a term meet after normalisation (accents, case, doubled letters, leetspeak are
folded: see docs/normalisation.md). So `sale` also matches "salle", `kill*` matches "kilo" and `con*`
matches hundreds of everyday words. To show this to rule authors we check each term against the
common words of French and English.

The word lists come from `wordfreq` (PyPI, Apache-2.0 code, CC-BY-SA data, shipped inside the wheel:
nothing is downloaded at run time): word frequencies for 40 languages built from Wikipedia, subtitles,
news, books, the web and social media. It was chosen over a spelling dictionary (Debian's `wfrench`
/ `wamerican`) because *frequency* is what makes a false match hurt: a common word is one that is
written at least once per million words (Zipf ≥ 3), which gives about 30,000 words per language,
inflected forms included, and leaves out rare words no customer writes. Its lists are frozen since
2021 (the author stopped updating them), which suits a lint that must give the same answer every run.
When the package is missing the check is skipped with a warning (ROE279), so that a strict lint never
passes without having run it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

from policy.diagnostics import Diagnostic, Severity
from policy.source import SourceSpan
from policy.text.matcher import EXACT
from policy.text.normalise import WILDCARD, normalise, normalise_keeping_doubles, normalise_term

LANGUAGES = ("fr", "en")
COMMON_ZIPF = 3.0  # once per million words
MANY = 20  # a wildcard term matching this many common words matches too much to be meant
SHOWN = 5  # words shown in a warning


@dataclass(frozen=True)
class Word:
    text: str
    lang: str
    zipf: float


@dataclass(frozen=True)
class CommonWords:
    """The common words of French and English, by the form normalisation gives them."""

    by_form: Mapping[str, tuple[Word, ...]]
    forms: tuple[str, ...]  # sorted: the words a prefix matches are one slice
    reversed_forms: tuple[str, ...]  # each form spelt backwards, sorted: the words a suffix matches


@cache
def common_words() -> CommonWords | None:
    """Loaded once per process (a few hundred milliseconds); None when `wordfreq` is not installed."""
    try:
        import wordfreq
    except ImportError:
        return None
    found: dict[str, list[Word]] = {}
    # The lists are in buckets of one centibel: bucket i holds the words of Zipf frequency 9 - i/100.
    buckets = round((9 - COMMON_ZIPF) * 100) + 1
    for lang in LANGUAGES:
        for i, bucket in enumerate(wordfreq.get_frequency_list(lang)[:buckets]):
            zipf = wordfreq.cB_to_zipf(-i)
            for text in bucket:
                if not text.isalpha():
                    continue  # "l'", "aujourd'hui", numbers: not single words of letters
                form = normalise(text)
                # "aa", "mmm", "xxx": one letter repeated is a noise, not a word a term could be mistaken for.
                if len(form) > 1 and " " not in form:
                    found.setdefault(form, []).append(Word(text, lang, zipf))
    by_form = {form: tuple(words) for form, words in found.items()}
    return CommonWords(MappingProxyType(by_form), tuple(sorted(by_form)), tuple(sorted(f[::-1] for f in by_form)))


def _fold(text: str) -> str:
    """Case and accents folded, nothing else: how a reader compares two spellings."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_INFLECTION = re.compile(r"(?:ees|es|ee|e|s)$")


def same_word(word: str, term: str) -> bool:
    """Two spellings of one word, as far as a lint can tell.

    They differ only by what normalisation is *meant* to erase (case, accents, leetspeak, look-alike
    letters, invisible characters: `salé`/`sale`, `c0nnard`/`connard`), or by a gender or number
    ending (`employé`, `employée`, `employees`). What is left is what normalisation *adds*: words
    that differ by a doubled letter (`salle`/`sale`, `gross`/`gros`) meet once doubles are squeezed.
    """
    a, b = normalise_keeping_doubles(word), normalise_keeping_doubles(term)
    if a == b:
        return True
    stem_a, stem_b = _INFLECTION.sub("", a, count=1), _INFLECTION.sub("", b, count=1)
    return len(stem_a) >= 2 and stem_a == stem_b


@dataclass(frozen=True)
class Risk:
    """Common words a term matches that its author probably did not mean."""

    words: tuple[Word, ...]  # distinct words, most frequent first
    count: int  # common words the term matches in all
    foreign: bool  # the words match only because of normalisation, not by the letters written


def risk(term: str, words: CommonWords) -> Risk | None:
    stripped = term.strip()
    exact = stripped.startswith(EXACT)
    core = stripped[len(EXACT) :] if exact else stripped
    form = normalise_term(core)
    if not form or " " in form or not form.replace(WILDCARD, ""):
        return None  # phrases of several words are specific enough; empty terms are ROE219
    if WILDCARD not in form:
        if exact:
            return None  # an exact term keeps doubled letters: only its own spellings meet it
        return _plain_risk(core, form, words)
    if exact:
        return None  # an exact term cannot have a wildcard (ROE219)
    return _wildcard_risk(core, form, words)


def _plain_risk(core: str, form: str, words: CommonWords) -> Risk | None:
    others = _ranked(w for w in words.by_form.get(form, ()) if not same_word(w.text, core))
    return Risk(others, len(others), True) if others else None


def _wildcard_risk(core: str, form: str, words: CommonWords) -> Risk | None:
    pattern = re.compile("".join("[^ ]*" if part == WILDCARD else re.escape(part) for part in _split(form)))
    if form.endswith(WILDCARD) and WILDCARD not in form[:-1]:
        matched = _prefixed(words.forms, form[:-1])
    else:
        matched = tuple(f for f in _candidates(form, words) if pattern.fullmatch(f))
    if not matched:
        return None
    written = re.compile("".join(r"\w*" if part == WILDCARD else re.escape(part) for part in _split(_fold(core))))
    found = [w for f in matched for w in words.by_form[f]]
    foreign = [w for w in found if not written.fullmatch(_fold(w.text))]
    if foreign:
        return Risk(_ranked(foreign), len(matched), True)
    if len(matched) >= MANY:
        return Risk(_ranked(found), len(matched), False)
    return None


def _prefixed(forms: tuple[str, ...], prefix: str) -> tuple[str, ...]:
    """The sorted `forms` that start with `prefix` (one slice of them)."""
    start = bisect.bisect_left(forms, prefix)
    return forms[start : bisect.bisect_left(forms, prefix + "\U0010ffff")]


def _candidates(form: str, words: CommonWords) -> tuple[str, ...]:
    """The common forms a one-word wildcard `form` may match, sorted: those that start with its first
    letters (`con*ard`), else those that end with its last ones (`*phobe`); all when it has neither.

    Trying every common word against each wildcard term costs about a millisecond a term, ten
    seconds for a lexicon of 10,000 terms; a slice of the sorted forms costs a few microseconds.
    """
    parts = form.split(WILDCARD)
    if parts[0]:
        return _prefixed(words.forms, parts[0])
    if parts[-1]:
        return tuple(sorted(f[::-1] for f in _prefixed(words.reversed_forms, parts[-1][::-1])))
    return words.forms


def _split(form: str) -> list[str]:
    return [part for part in re.split(f"({re.escape(WILDCARD)})", form) if part]


def _ranked(found: Iterable[Word]) -> tuple[Word, ...]:
    best: dict[str, Word] = {}
    for word in found:
        key = word.text.casefold()
        if key not in best or word.zipf > best[key].zipf:
            best[key] = word
    return tuple(sorted(best.values(), key=lambda w: (-w.zipf, w.text)))


def _listed(words: tuple[Word, ...]) -> str:
    shown = ", ".join(f"`{w.text}`" for w in words[:SHOWN])
    return shown + (", …" if len(words) > SHOWN else "")


def risk_warning(term: str, span: SourceSpan, where: str, found: Risk) -> Diagnostic:
    shown = term.strip()
    if WILDCARD not in shown:
        plural = "s" if len(found.words) > 1 else ""
        message = f"term `{shown}` {where}also matches the common word{plural} {_listed(found.words)}"
        help = f"write `{EXACT}{shown}` to match this spelling only: an exact term keeps doubled letters apart"
    elif found.foreign:
        message = f"term `{shown}` {where}also matches common words spelt otherwise, such as {_listed(found.words)}"
        help = "write the forms you mean as separate terms, or a longer stem before `*`"
    else:
        message = f"term `{shown}` {where}matches {found.count} common words, such as {_listed(found.words)}"
        help = "write the forms you mean as separate terms, or a longer stem before `*`"
    notes = ("messages and terms are compared after normalisation: case, accents, doubled letters, leetspeak",)
    return Diagnostic("ROE270", message, span, help, Severity.WARNING, notes)


def missing_word_lists(span: SourceSpan) -> Diagnostic:
    return Diagnostic(
        "ROE279",
        "terms were not checked against common words: the `wordfreq` word lists are not installed",
        span,
        "install the project's dependencies (`pip install -e .`), or `pip install wordfreq`",
        Severity.WARNING,
    )


# ---------------------------------------------------------------- duplicate terms


@dataclass(frozen=True)
class Term:
    text: str
    span: SourceSpan


def term_key(text: str) -> tuple[bool, str]:
    """What a term matches: (exact?, normalised form). Equal keys match the same words."""
    stripped = text.strip()
    if stripped.startswith(EXACT):
        return True, normalise_term(stripped[len(EXACT) :], keep_doubles=True)
    return False, normalise_term(stripped)


class _Keyed(NamedTuple):
    """A term's normalised forms, computed once (normalising is the cost of comparing terms)."""

    exact: bool
    form: str  # `term_key`'s form
    squeezed: str  # the form with doubled letters squeezed (the form itself unless exact)
    pattern: re.Pattern[str] | None  # for a one-word form with a wildcard: the words it matches


def _keyed(term: Term) -> _Keyed:
    exact, form = term_key(term.text)
    squeezed = normalise_term(term.text.strip()[len(EXACT) :]) if exact else form
    pattern = None
    if WILDCARD in form and " " not in form:
        pattern = re.compile("".join("[^ ]*" if part == WILDCARD else re.escape(part) for part in _split(form)))
    return _Keyed(exact, form, squeezed, pattern)


def _covers(term: _Keyed, other: _Keyed) -> bool:
    if other.exact and not term.exact:
        return False
    form = term.squeezed if term.exact and not other.exact else term.form
    if form == other.form:
        return True
    if WILDCARD in form or other.pattern is None:
        return False
    return other.pattern.fullmatch(form) is not None


def covered_by(term: Term, other: Term) -> bool:
    """Whatever `term` matches, `other` matches too (same normalised form, or a wider one)."""
    return _covers(_keyed(term), _keyed(other))


class _Wildcards:
    """The one-word wildcard terms of a list, indexed by the letters their matches start or end with.

    A form that `ab*` covers starts with "ab", one that `*yz` covers ends with "yz": looking up the
    prefixes and suffixes of a form finds every wildcard term that may cover it without trying them
    all (a lexicon of 30,000 terms would otherwise need 900 million comparisons).
    """

    def __init__(self, keyed: list[_Keyed]) -> None:
        self.by_prefix: dict[str, list[int]] = {}
        self.by_suffix: dict[str, list[int]] = {}
        self.open: list[int] = []  # `*ab*`: no fixed start or end, tried for every form
        for index, key in enumerate(keyed):
            if key.pattern is None:
                continue
            parts = key.form.split(WILDCARD)
            if parts[0]:
                self.by_prefix.setdefault(parts[0], []).append(index)
            elif parts[-1]:
                self.by_suffix.setdefault(parts[-1], []).append(index)
            else:
                self.open.append(index)

    def candidates(self, form: str) -> Iterator[int]:
        """Indices of the wildcard terms that may cover `form` (a superset; `_covers` decides)."""
        if WILDCARD in form or " " in form:
            return  # a one-word wildcard never covers a wildcard term or a phrase
        for end in range(1, len(form) + 1):
            yield from self.by_prefix.get(form[:end], ())
        for start in range(len(form)):
            yield from self.by_suffix.get(form[start:], ())
        yield from self.open


def duplicates(terms: list[Term], where: str) -> Iterator[Diagnostic]:
    """Terms of one lexicon (or one list) that another term of it already matches.

    Two terms with the same normalised form: the second is reported. A term that a wildcard term
    covers (`insulte` and `insult*`) is reported wherever it is.
    """
    keyed_all = [(t, _keyed(t)) for t in terms]
    kept = [(t, k) for t, k in keyed_all if k.form.replace(WILDCARD, "").strip()]  # else ROE219
    usable = [t for t, _ in kept]
    keyed = [k for _, k in kept]
    by_form: dict[str, list[int]] = {}
    for index, key in enumerate(keyed):
        by_form.setdefault(key.form, []).append(index)
    wildcards = _Wildcards(keyed)
    for index, term in enumerate(usable):
        key = keyed[index]
        # Every term that may cover this one: same form (squeezed, for an exact term) or a wildcard.
        candidates: set[int] = set()
        for form in {key.form, key.squeezed}:
            candidates.update(by_form.get(form, ()))
            candidates.update(wildcards.candidates(form))
        cover = None
        for other_index in sorted(candidates):
            other = keyed[other_index]
            if other_index == index or not _covers(key, other):
                continue
            mutual = _covers(other, key)
            if not mutual or other_index < index:
                cover = usable[other_index]
                break
        if cover is None:
            continue
        shown, first = term.text.strip(), cover.text.strip()
        if term_key(term.text) == term_key(cover.text):
            detail = "again" if shown == first else f"as `{first}`"
            message = f"term `{shown}` is already in {where} ({detail})"
        else:
            message = f"term `{shown}` is already matched by `{first}` in {where}"
        yield Diagnostic(
            "ROE271",
            message,
            term.span,
            "remove it: a term matches every spelling that normalises like it",
            Severity.WARNING,
            (f"`{first}` is at {cover.span.location()}",),
        )
