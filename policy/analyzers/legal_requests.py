"""Analysis stage: legal requests — what a legal team must see before anyone answers (`legal.*`).

Kinds (LEGAL.md §2.3 sends all of them to legal review):

- `formal_notice` — "je vous mets en demeure", "formal notice", "cease and desist";
- `gdpr` — a data-protection right (GDPR art. 15-21: access, rectification, erasure, restriction,
  portability, objection): "supprimez mes données", "droit à l'oubli", "DSAR", "delete my data".
  An article number ("article 17") is kept as evidence only next to a GDPR cue, since "l'article 17
  de vos CGV" is about the terms of sale;
- `regulator` — CNIL, DGCCRF, ARCEP, Défenseur des droits, SignalConso, ICO, Trading Standards…;
- `class_action` — "action de groupe", "we are organising a class action";
- `discrimination` — a user complaining of discrimination they suffered: an explicit word
  ("discriminé", "raciste", "racial profiling"), or adverse treatment ("on m'a refusé l'entrée",
  "refused service", "on m'a traité de") within `TREATMENT_WINDOW` words of a protected ground
  ("parce que je suis noir", "because of my wheelchair", "sale arabe"). Either alone is not enough:
  "ma carte a été refusée" and "je suis noir de monde" are not complaints;
- `lawyer` — a lawyer, a complaint to the police or a court: "mon avocat", "je porte plainte",
  "saisir le tribunal", "small claims". The fruit does not count: a lawyer cue next to "mûr",
  "guacamole" or "kilo" is about the shop's avocados ("mes avocats étaient pas mûrs"); "les avocats"
  alone (a joke about lawyers) is no cue.

Cues are French and English whatever `lang` says (a legal request must not be missed because the
language guess was wrong). Cost: `Cost.SCAN` — the raw-text gate, then one automaton pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from policy.analyzers.base import Finding
from policy.analyzers.cues import Cues, languages, lexicon

__all__ = ["LEGAL_KINDS", "TREATMENT_WINDOW", "LegalRequestResult", "find_legal_requests"]

LEGAL_KINDS: Final = ("formal_notice", "gdpr", "regulator", "class_action", "discrimination", "lawyer")
TREATMENT_WINDOW: Final = 12
"""Words allowed between adverse treatment and its ground ("on m'a refusé l'entrée du magasin hier
soir parce que je suis noir")."""
_ARTICLE_WINDOW: Final = 6

# Labels without which the analysis has nothing to say: the gate opens on them only.
_TRIGGERS: Final = (*LEGAL_KINDS, "discrimination.ground")
_NAMES: Final = {
    "formal_notice": "formal notice",
    "gdpr": "GDPR request",
    "regulator": "regulator named",
    "class_action": "class action",
    "discrimination": "discrimination complaint",
    "lawyer": "lawyer or court",
}


@dataclass(frozen=True, slots=True)
class LegalRequestResult:
    """The legal requests of one message.

    `kinds` ⊆ `LEGAL_KINDS`; `findings` are `legal.<kind>` spans of the original text (plus
    `legal.gdpr.article`, `legal.discrimination.treatment` and `legal.discrimination.ground` for the
    parts of combined cues); `reason` is one sentence for a CM.
    """

    kinds: frozenset[str]
    findings: tuple[Finding, ...]
    reason: str

    @property
    def found(self) -> bool:
        return bool(self.kinds)


_NOTHING: Final = LegalRequestResult(frozenset(), (), "no legal request")


def find_legal_requests(text: str, *, lang: str) -> LegalRequestResult:
    """Legal requests in `text`, read in French and English whatever `lang` says."""
    lex = lexicon("legal", languages(lang, every=True), _TRIGGERS)
    if not lex.admits(text):
        return _NOTHING
    cues = lex.find(text)
    if not cues.labels:
        return _NOTHING
    findings: set[Finding] = set()
    kinds: list[str] = []
    for kind in LEGAL_KINDS:
        spans = cues.exact(kind)
        if spans:
            kinds.append(kind)
            findings.update(Finding(f"legal.{kind}", start, end) for start, end in spans)
    if "gdpr" in kinds:
        for _, article in cues.near("gdpr", "gdpr.article", _ARTICLE_WINDOW):
            findings.add(Finding("legal.gdpr.article", *article))
    _discrimination(cues, kinds, findings)
    if not kinds:
        return _NOTHING
    ordered = tuple(sorted(findings, key=lambda f: (f.start, f.end, f.label)))
    return LegalRequestResult(frozenset(kinds), ordered, _reason(text, kinds, ordered))


def _discrimination(cues: Cues, kinds: list[str], findings: set[Finding]) -> None:
    pairs = cues.near("discrimination.treatment", "discrimination.ground", TREATMENT_WINDOW)
    if not pairs:
        return
    if "discrimination" not in kinds:
        kinds.append("discrimination")
        kinds.sort(key=LEGAL_KINDS.index)
    for treatment, ground in pairs:
        findings.add(Finding("legal.discrimination.treatment", *treatment))
        findings.add(Finding("legal.discrimination.ground", *ground))


def _reason(text: str, kinds: list[str], findings: tuple[Finding, ...]) -> str:
    parts = []
    for kind in kinds:
        said = [f.text_in(text) for f in findings if f.label == f"legal.{kind}"][:1]
        if not said:  # discrimination from a treatment and its ground: show both
            said = [
                next(f.text_in(text) for f in findings if f.label == f"legal.{kind}.{part}")
                for part in ("treatment", "ground")
            ]
        parts.append(f"{_NAMES[kind]} (" + " … ".join(f"`{s}`" for s in said) + ")")
    return "Legal request: " + ", ".join(parts) + "; for legal review before any answer"
