"""Analysis stage: legal requests — what a legal team must see before anyone answers (`legal.*`).

Kinds (LEGAL.md §2.3 sends all of them to legal review):

- `formal_notice` — "je vous mets en demeure", "formal notice", "cease and desist", or an ultimatum
  whose consequence is legal ("sous 15 jours, à défaut je saisirai le tribunal", "within 14 days,
  failing which");
- `gdpr` — a data-protection right (GDPR art. 15-21: access, rectification, erasure, restriction,
  portability, objection): "supprimez mes données", "droit à l'oubli", "DSAR", "delete my data", or
  an act on data next to the author's own data, in other words ("une copie de toutes les infos que
  vous stockez à mon sujet", "erase everything you have on me");
  An article number ("article 17") is kept as evidence only next to a GDPR cue, since "l'article 17
  de vos CGV" is about the terms of sale;
- `regulator` — a complaint to an authority, filed or announced: CNIL, DGCCRF, ARCEP, Défenseur des
  droits, SignalConso, ICO, Trading Standards… A bare name counts only next to an action word
  ("je saisis la CNIL", "reported you to Trading Standards"): "l'enquête de la DGCCRF sur vos promos"
  reports news, it asks nothing;
- `class_action` — "action de groupe", "we are organising a class action";
- `discrimination` — a user complaining of discrimination suffered (by them or someone close): an
  explicit word ("discriminé", "délit de faciès", "racial profiling"), or adverse treatment ("on m'a
  refusé l'entrée", "refused service", "on m'a traité de", "called my wife") within
  `TREATMENT_WINDOW` words of a protected ground ("parce que je suis noir", "because of her hijab",
  "sale arabe"; a reason right before a protected trait: "because we're" + "gay"). Either alone is
  not enough: "ma carte a été refusée" and "je suis noir de monde" are not complaints. "Raciste",
  "sexist"… count next to a treatment, a ground or a victim ("on m'a", "my wife"): "les commentaires
  racistes sous ce post" is counter-speech;
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
_REGULATOR_WINDOW: Final = 6
_VICTIM_WINDOW: Final = 10
_DATA_WINDOW: Final = 8
_ULTIMATUM_WINDOW: Final = 15

# Labels without which the analysis has nothing to say: the gate opens on them only.
_TRIGGERS: Final = (
    *LEGAL_KINDS,
    "discrimination.ground",
    "discrimination.trait",
    "discrimination.word",
    "regulator.name",
    "lawyer.complaint",
    "gdpr.data",
    "formal_notice.deadline",
)
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
    _gdpr_request(cues, kinds, findings)
    _ultimatum(cues, kinds, findings)
    if "gdpr" in kinds:
        for _, article in cues.near("gdpr", "gdpr.article", _ARTICLE_WINDOW):
            findings.add(Finding("legal.gdpr.article", *article))
    _regulator(cues, kinds, findings)
    _complaint(cues, kinds, findings)
    _discrimination(cues, kinds, findings)
    if not kinds:
        return _NOTHING
    ordered = tuple(sorted(findings, key=lambda f: (f.start, f.end, f.label)))
    return LegalRequestResult(frozenset(kinds), ordered, _reason(text, kinds, ordered))


def _add(kinds: list[str], kind: str) -> None:
    if kind not in kinds:
        kinds.append(kind)
        kinds.sort(key=LEGAL_KINDS.index)


def _gdpr_request(cues: Cues, kinds: list[str], findings: set[Finding]) -> None:
    # "supprimez tout ce que vous avez sur moi": an act on data next to the author's own data.
    pairs = cues.near("gdpr.data", "gdpr.act", _DATA_WINDOW)
    if pairs:
        _add(kinds, "gdpr")
        for data, act in pairs:
            findings.update((Finding("legal.gdpr", *act), Finding("legal.gdpr", *data)))


def _ultimatum(cues: Cues, kinds: list[str], findings: set[Finding]) -> None:
    # "sous 15 jours, à défaut j'engagerai une procédure": a deadline with a legal consequence.
    pairs = cues.near("formal_notice.deadline", "formal_notice.consequence", _ULTIMATUM_WINDOW)
    if pairs:
        _add(kinds, "formal_notice")
        for deadline, consequence in pairs:
            findings.update((Finding("legal.formal_notice", *deadline), Finding("legal.formal_notice", *consequence)))


def _regulator(cues: Cues, kinds: list[str], findings: set[Finding]) -> None:
    pairs = cues.near("regulator.name", "regulator.action", _REGULATOR_WINDOW)
    if pairs:
        _add(kinds, "regulator")
        findings.update(Finding("legal.regulator", *name) for name, _ in pairs)


def _complaint(cues: Cues, kinds: list[str], findings: set[Finding]) -> None:
    # "plainte auprès de la CNIL" goes to the regulator; any other complaint filed is for a court.
    to_regulator = {complaint for complaint, _ in cues.near("lawyer.complaint", "regulator.name", _REGULATOR_WINDOW)}
    filed = [span for span in cues.exact("lawyer.complaint") if span not in to_regulator]
    if filed:
        _add(kinds, "lawyer")
        findings.update(Finding("legal.lawyer", *span) for span in filed)


def _discrimination(cues: Cues, kinds: list[str], findings: set[Finding]) -> None:
    pairs = list(cues.near("discrimination.treatment", "discrimination.ground", TREATMENT_WINDOW))
    # A reason right before a protected trait is a ground too ("because we're" + "gay").
    reasons = {because: trait for because, trait in cues.near("discrimination.because", "discrimination.trait", 0)}
    for treatment, because in cues.near("discrimination.treatment", "discrimination.because", TREATMENT_WINDOW):
        if because in reasons:
            pairs.append((treatment, (because[0], max(because[1], reasons[because][1]))))
    for treatment, ground in pairs:
        findings.add(Finding("legal.discrimination.treatment", *treatment))
        findings.add(Finding("legal.discrimination.ground", *ground))
    words = {
        word
        for context in ("discrimination.treatment", "discrimination.ground", "discrimination.victim")
        for word, _ in cues.near("discrimination.word", context, _VICTIM_WINDOW)
    }
    findings.update(Finding("legal.discrimination", *word) for word in words)
    if pairs or words:
        _add(kinds, "discrimination")


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
