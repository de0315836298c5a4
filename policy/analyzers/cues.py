"""Analysis stage shared by the cue analyzers (crisis, legal requests, intent, spam): cue lexicons.

A *cue* is a labelled phrase whose presence says something about a message ("a pris feu" →
`product_safety`). Each analyzer keeps its cues in `data/<family>/<lang>.txt`, read with
`policy.analyzers.abuse.read_sections`:

    [product_safety]          a section names a cue label; one term per line; `#` starts a comment
    a pris feu                matched on the shared normalised text, on word boundaries
    boycott*                  `*` ends a prefix (TermMatcher's wildcard)
    😍                        a term without letters (emoji) is looked for as written
    [!self_harm]              phrases that cancel a `self_harm` cue they overlap ("mort de rire"),
                              unless the cue holds the whole phrase: the longer phrase is the more
                              specific ("en finir avec" cancels "en finir", not "en finir avec la vie")
    [!lawyer within 4]        words that cancel a `lawyer` cue within 4 words ("avocats pas mûrs"),
                              but not a cue holding them
    [=poss]                   a word family, no label: `{poss}` in a term of any section stands for
    ma                        each of its words in turn ("{poss} main" is "ma main", "sa main"…),
    sa                        so a construction is written once (families may use families)

A cancel section applies to its label and to the labels below it (`[!complaint]` would cancel
`complaint.quality` too). Every analyzer runs in the same three steps:

1. `CueLexicon.admits` — the raw-text gate (`policy.analyzers.cue_gate`), a few microseconds, built
   from the analyzer's *trigger* labels only: those without which it has nothing to say (a contact
   channel is no spam by itself, so `spam.contact` is not a trigger);
2. `CueLexicon.find` — one `TermMatcher` scan, then the spans of the labels found, cancellations
   applied, and overlapping occurrences of one label reduced to the longest;
3. the analyzer's own logic combines labels (`Cues.has`, `Cues.near`) into its result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from policy.analyzers.abuse import read_sections
from policy.analyzers.base import Finding
from policy.analyzers.cue_gate import RawGate
from policy.text.links import Link
from policy.text.matcher import Scan, TermMatcher, TermSpec
from policy.text.normalise import normalise_term

__all__ = ["DATA_DIR", "HANDLE", "CueLexicon", "Cues", "Span", "hidden_links", "languages", "lexicon", "may_hide_links"]

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
LANGUAGES: Final = ("fr", "en")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Cancel:
    """A cancel section: its terms remove cues of `label` (or below it) they overlap or are near."""

    label: str
    within: int | None  # None: overlap only


def _parse_cancel(section: str) -> _Cancel:
    # "!label" or "!label within N"
    words = section[1:].split()
    if len(words) == 1:
        return _Cancel(words[0], None)
    if len(words) == 3 and words[1] == "within" and words[2].isdecimal():
        return _Cancel(words[0], int(words[2]))
    raise ValueError(f"cannot read the cancel section `[{section}]`: write `[!label]` or `[!label within N]`")


def _covers(label: str, ancestor: str) -> bool:
    return label == ancestor or label.startswith(ancestor + ".")


@dataclass(frozen=True, slots=True, eq=False)
class CueLexicon:
    """The cues of one analyzer in one or more languages: built once, immutable, shareable."""

    family: str
    labels: frozenset[str]
    matcher: TermMatcher  # keys: cue labels (str) and cancel sections (_Cancel)
    literals: tuple[tuple[str, str], ...]  # (label, emoji) for terms without letters
    cancels: tuple[_Cancel, ...]
    gate: RawGate
    ascii_literals: tuple[tuple[str, str], ...] = ()  # those of `literals` an ASCII text may hold
    literal_starts: frozenset[str] = frozenset()  # the first characters of `literals`

    @classmethod
    def build(cls, family: str, sections: Mapping[str, Iterable[str]], *, triggers: Iterable[str]) -> CueLexicon:
        """Compile `sections`; the gate admits texts that may hold a cue of one of the `triggers` labels."""
        trigger_labels = tuple(triggers)
        sections = _expanded(sections)
        specs: list[TermSpec] = []
        literals: dict[tuple[str, str], None] = {}
        cancels: dict[_Cancel, None] = {}
        gate_terms: list[str] = []
        labels: set[str] = set()
        for section, terms in sections.items():
            key: str | _Cancel
            if section.startswith("!"):
                key = _parse_cancel(section)
                cancels[key] = None
            else:
                key = section
                labels.add(section)
            for term in terms:
                # A cancel term alone never makes a finding: only trigger cues open the gate.
                opens_gate = isinstance(key, str) and key in trigger_labels
                if opens_gate:
                    gate_terms.append(term)
                if not normalise_term(term).strip():
                    if isinstance(key, str):
                        literals[(key, term)] = None
                    continue
                specs.append(TermSpec(key, term))
        matcher = TermMatcher.build(specs)
        if matcher.ignored:
            problems = "; ".join(f"`{spec.term}`: {why}" for spec, why in matcher.ignored)
            raise ValueError(f"cue lexicon `{family}` has terms that can never match: {problems}")
        return cls(
            family=family,
            labels=frozenset(labels),
            matcher=matcher,
            literals=tuple(literals),
            cancels=tuple(cancels),
            gate=RawGate.build(gate_terms),
            ascii_literals=tuple(pair for pair in literals if pair[1].isascii()),
            literal_starts=frozenset(term[0] for _, term in literals),
        )

    def admits(self, text: str) -> bool:
        """The prefilter: False only when no cue of this lexicon can be in `text`."""
        return self.gate.admits(text)

    def find(self, text: str) -> Cues:
        """Every cue in `text`, cancellations applied; spans are offsets of the original text.

        The spans of a label are worked out when first asked for: analyzers ask for a few labels of
        the many a text holds (a pair's second word is wanted only next to its first).
        """
        scan = self.matcher.scan(text)
        literal: dict[str, list[Span]] = {}
        # The terms without letters are emoji (`build` keeps the ASCII ones apart): not in an ASCII text,
        # and in another only with the first character of one of them.
        literals = self.ascii_literals if text.isascii() else self.literals
        if literals and self.literal_starts.isdisjoint(text):
            literals = ()
        for label, term in literals:
            start = text.find(term)
            while start >= 0:
                literal.setdefault(label, []).append((start, start + len(term)))
                start = text.find(term, start + len(term))
        return Cues(text, scan, self.cancels, literal)


_FAMILY_REFERENCE: Final = re.compile(r"\{(\w+)\}")


def _expanded(sections: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """The sections with their `{family}` references replaced by each word of `[=family]`."""
    families = {name[1:]: list(terms) for name, terms in sections.items() if name.startswith("=")}

    def expand(term: str, seen: tuple[str, ...]) -> list[str]:
        match = _FAMILY_REFERENCE.search(term)
        if match is None:
            return [term]
        name = match[1]
        if name not in families:
            raise ValueError(f"the term `{term}` uses the family `{{{name}}}`, but no section `[={name}]` defines it")
        if name in seen:
            raise ValueError(f"the family `[={name}]` uses itself")
        head, tail = term[: match.start()], term[match.end() :]
        return [
            expanded
            for word in families[name]
            for expanded in expand(f"{head}{word}{tail}", (*seen, name) if _FAMILY_REFERENCE.search(word) else seen)
        ]

    return {
        name: [expanded for term in terms for expanded in expand(term, ())]
        for name, terms in sections.items()
        if not name.startswith("=")
    }


def _cancelled(scan: Scan, label: str, cancel: _Cancel, spans: list[Span]) -> list[Span]:
    if cancel.within is None:
        blockers = scan.spans(cancel)
        return [s for s in spans if not any(_blocks(b, s) for b in blockers)]
    # As with overlaps, a cue holding the whole cancel phrase is the more specific ("go anywhere else").
    near = {cue for cue, blocker in scan.near(label, cancel, cancel.within) if not _holds(cue, blocker)}
    return [s for s in spans if s not in near]


def _blocks(blocker: Span, cue: Span) -> bool:
    """A cancel phrase blocks a cue it overlaps, unless the cue holds all of it (and more)."""
    overlaps = blocker[0] < cue[1] and cue[0] < blocker[1]
    return overlaps and not _holds(cue, blocker)


def _holds(cue: Span, blocker: Span) -> bool:
    return cue[0] <= blocker[0] and blocker[1] <= cue[1] and cue != blocker


def _longest(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Distinct spans, those inside a longer one of the same label dropped ("m'a traité de" ⊂ "on m'a…")."""
    ordered = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    out: list[Span] = []
    for span in ordered:
        if out and span[1] <= out[-1][1]:
            continue  # starts after and ends before the previous, longer span
        out.append(span)
    return tuple(out)


class Cues:
    """The cues found in one text: labels, their spans, and proximity between them.

    A label's spans are computed on first request and kept (cancellations applied, overlapping
    occurrences reduced to the longest); a label's spans depend on no other label's. A `Cues` belongs
    to the call that made it.
    """

    __slots__ = ("_cancels", "_literal", "_scan", "_spans", "text")

    def __init__(self, text: str, scan: Scan, cancels: tuple[_Cancel, ...], literal: Mapping[str, list[Span]]) -> None:
        self.text = text
        self._scan = scan
        self._cancels = cancels
        self._literal = literal  # spans of the terms without letters, by label
        self._spans: dict[str, tuple[Span, ...]] = {}

    def occurring(self) -> Iterable[str]:
        """Every label with an occurrence before cancellations (a superset of `labels`, cheap: no span)."""
        yield from (key for key in self._scan.keys if isinstance(key, str))
        yield from (label for label in self._literal if label not in self._scan.keys)

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(label for label in self.occurring() if self.exact(label))

    @property
    def normalised(self) -> str:
        """The normalised text the cues were found in (its main reading)."""
        return self._scan.normalised

    def has(self, label: str) -> bool:
        """True when a cue of `label` or of a label below it was found."""
        return any(_covers(found, label) and self.exact(found) for found in self.occurring())

    def exact(self, label: str) -> tuple[Span, ...]:
        """Spans of exactly `label` (not of the labels below it), sorted."""
        kept = self._spans.get(label)
        if kept is None:
            found = label in self._scan.keys or label in self._literal
            kept = self._spans[label] = self._work_out(label) if found else ()
        return kept

    def _work_out(self, label: str) -> tuple[Span, ...]:
        scan = self._scan
        spans = list(scan.spans(label)) if label in scan.keys else []
        spans.extend(self._literal.get(label, ()))
        if not spans:
            return ()
        for cancel in self._cancels:
            if cancel in scan.keys and _covers(label, cancel.label):
                spans = _cancelled(scan, label, cancel, spans)
        return _longest(spans) if spans else ()

    def spans(self, label: str) -> tuple[Span, ...]:
        """Spans of `label` and of the labels below it, sorted."""
        return tuple(sorted(s for found in self.occurring() if _covers(found, label) for s in self.exact(found)))

    def near(self, label_a: str, label_b: str, within: int) -> tuple[tuple[Span, Span], ...]:
        """Pairs of surviving cues of `label_a` and `label_b` at most `within` words apart.

        Exact labels only (no label below them): proximity is asked of specific cue families.
        """
        a_spans = self.exact(label_a)
        if not a_spans:
            return ()
        b_spans = self.exact(label_b)
        if not b_spans:
            return ()
        # Overlapping cues count as zero words apart ("on m'a traité de" and "traité de sale arabe").
        pairs = self._scan.near(label_a, label_b, within)
        return tuple((a, b) for a, b in pairs if a in a_spans and b in b_spans)

    def findings(self, prefix: str, labels: Iterable[str] | None = None) -> tuple[Finding, ...]:
        """Findings `prefix.label` for the cues of `labels` and below (default: all), by position."""
        wanted = tuple(labels) if labels is not None else None
        out = {
            Finding(f"{prefix}.{label}", start, end)
            for label in self.occurring()
            if wanted is None or any(_covers(label, w) for w in wanted)
            for start, end in self.exact(label)
        }
        return tuple(sorted(out, key=lambda f: (f.start, f.end, f.label)))


# An @handle as platforms allow them (letters, digits, "_" and "."), not the "@" of an e-mail address.
HANDLE: Final = re.compile(r"(?<![\w@.])@([^\W_][\w.]{1,29})")

# An address written so that link finders miss it: "hxxps://", "site[.]com", "site(dot)fr".
_DEFANGED: Final = re.compile(r"\S*(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|hxxps?\b)\S*", re.IGNORECASE)


def may_hide_links(text: str) -> bool:
    """Cheap test: could `text` hold a defanged address (see `hidden_links`)?"""
    return "[" in text or "(" in text or "xx" in text


def hidden_links(text: str, word_spans: Iterable[Span], links: Iterable[Link]) -> tuple[Span, ...]:
    """Links written so that link finders miss them. Hiding a link is itself the signal.

    `word_spans` are cues of link words ("http", "www", "bitly"): the normaliser glues a spaced-out
    "h t t p s" or "b i t . l y" back into one word, and one outside every link `find_links` saw is a
    hidden link. A defanged address ("hxxps://", "site[.]com") is one too.
    """
    found = tuple(links)
    spans = [s for s in word_spans if not any(link.start <= s[0] and s[1] <= link.end for link in found)]
    if may_hide_links(text):
        spans.extend(match.span() for match in _DEFANGED.finditer(text))
    return _longest(spans)


def languages(lang: str, *, every: bool = False) -> tuple[str, ...]:
    """The lexicon languages to read for a message in `lang` ("fr-FR" → fr).

    `every=True` reads French and English whatever `lang` says: for cues that must not be missed,
    since a French page receives English messages and short texts are often mislabelled.
    An unknown language reads both.
    """
    base = lang.split("-", 1)[0].strip().lower()
    if every or base not in LANGUAGES:
        return LANGUAGES
    return (base,)


@cache
def lexicon(family: str, langs: tuple[str, ...], triggers: tuple[str, ...]) -> CueLexicon:
    """The compiled cues of `family` for `langs`, built on first use and shared afterwards."""
    sections: dict[str, list[str]] = {}
    for lang in langs:
        for section, terms in read_sections(DATA_DIR / family / f"{lang}.txt").items():
            sections.setdefault(section, []).extend(terms)
    return CueLexicon.build(family, sections, triggers=triggers)
