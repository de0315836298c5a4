"""Analyzer contract shared by every analysis (links, personal data, targets, threats…).

An analyzer is a *pure* function of the message text (plus policy-level settings fixed at compile
time). It declares a cost so that the compiler can order the operands of `and` / `or` and run an
expensive analysis only when a rule needs it and cheaper operands did not already decide.

Every analyzer reports what it saw as `Finding`s whose spans are offsets **in the original text**
(never in a normalised copy), so that a decision can always show the exact words to a CM.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Cost(IntEnum):
    """Relative cost of an analysis, used only to order condition operands."""

    FIELD = 1  # a message field or a value computed from fields (channel, kind, hours)
    SCAN = 10  # one linear pass over the text (a regex, the lexicon automaton)
    PATTERNS = 50  # several passes, validation of candidates (personal data, links)
    NLP = 1000  # a statistical pipeline (spaCy): only when nothing cheaper decided


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of evidence: a labelled span of the original text.

    `label` is dotted and stable (`pii.phone`, `threat.death`, `target.identifiable`), because rule
    authors and integrators read it. `start`/`end` are Python string offsets into the original text.
    """

    label: str
    start: int
    end: int

    def text_in(self, original: str) -> str:
        return original[self.start : self.end]
