"""Analysis stage *qualification*: the press-law offence a message may constitute, and until when.

Combines the two analyses before it — who is aimed at (`targets`) and what is imputed
(`imputation`) — with the hate analyzer's grounds and the message's publicity, following the loi
du 29 juillet 1881 as summarised in LEGAL.md §1.1–1.2:

* **diffamation** (art. 29 al. 1): a live precise fact (not negated, not fiction, not quoted to be
  denounced, not about products or services) whose author position is held by an identifiable
  person or body — named, identifiable, company or official;
* **injure** (art. 29 al. 2): an invective (from the insult analyzer) or an accusatory
  qualification with no articulated fact ("escroc"), aimed at an identifiable target;
* **none**: criticism of products or services (Cass. 1re civ., 20 Sept 2012), opinions, neutralised
  imputations, or nobody identifiable.

A target of the discriminatory forms may also be a *group* ("envers une personne ou un groupe de
personnes à raison de…", art. 32 al. 2–3, 33 al. 3–4). Publicity comes from art. 23: a DM is not
public, and the offence is then a contravention (C. pén. R. 621-1 / R. 621-2, discriminatory forms
R. 625-8 / R. 625-8-1). Prescription: 3 months (art. 65), 1 year for the public discriminatory
délits (art. 65-3); the non-public discriminatory contraventions stay at 3 months.

This is triage for a legal team, not a legal opinion: the result says what the words support and
how sure the analysis is; truth and good faith (art. 35, case law) are for counsel.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from policy.analyzers.base import Cost, Finding
from policy.analyzers.imputation import Claim, Imputation
from policy.analyzers.targets import IDENTIFIABLE_KINDS, Target, TargetKind, TargetsResult

Offence = Literal["diffamation", "injure", "none"]
Ground = Literal["origin", "religion", "sex", "sexual_orientation", "gender_identity", "disability"]

COST = Cost.FIELD  # qualification itself only combines results already computed

LAW = "Loi du 29 juillet 1881"
PRESCRIPTION_MONTHS = 3  # art. 65
AGGRAVATED_PRESCRIPTION_MONTHS = 12  # art. 65-3

# The grounds of art. 32 al. 2 / 33 al. 3 (origin, ethnie, nation, race, religion) and of
# art. 32 al. 3 / 33 al. 4 (sex, sexual orientation, gender identity, disability), in the order
# used to pick one when several are reported.
GROUNDS: tuple[Ground, ...] = (
    "origin",
    "religion",
    "sex",
    "sexual_orientation",
    "gender_identity",
    "disability",
)
_ORIGIN_LIMB: frozenset[Ground] = frozenset({"origin", "religion"})
_GROUND_ALIASES: dict[str, Ground] = {
    "origin": "origin",
    "origine": "origin",
    "ethnicity": "origin",
    "ethnie": "origin",
    "ethnic_origin": "origin",
    "nation": "origin",
    "nationality": "origin",
    "national_origin": "origin",
    "race": "origin",
    "religion": "religion",
    "sex": "sex",
    "sexe": "sex",
    "sexual_orientation": "sexual_orientation",
    "orientation_sexuelle": "sexual_orientation",
    "gender_identity": "gender_identity",
    "identite_de_genre": "gender_identity",
    "disability": "disability",
    "handicap": "disability",
}


@dataclass(frozen=True, slots=True)
class Qualification:
    offence: Offence
    aggravated_ground: Ground | None
    target_kind: TargetKind
    public: bool
    citations: tuple[str, ...]
    confidence: float
    prescription_deadline: datetime | None
    explanation: str
    target: Target | None = None
    claim: Claim | None = None
    evidence: tuple[Finding, ...] = ()


def _cite(article: str) -> str:
    return f"{LAW}, art. {article}"


def normalise_grounds(grounds: Iterable[str]) -> tuple[Ground, ...]:
    """The protected grounds among `grounds`, in `GROUNDS` order.

    Other grounds (age, opinions…) are not in art. 32–33 and do not aggravate; they are ignored.
    """
    found = {
        _GROUND_ALIASES[g.strip().lower().replace(" ", "_").replace("-", "_")]
        for g in grounds
        if g.strip().lower().replace(" ", "_").replace("-", "_") in _GROUND_ALIASES
    }
    return tuple(g for g in GROUNDS if g in found)


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus calendar months, the day clamped to the end of a shorter month.

    31 Jan + 3 months = 30 Apr; 29 Feb 2024 + 12 months = 28 Feb 2025; the time of day and the
    time zone are kept. This is the "trois mois révolus" of art. 65 counted from date to date; the
    exact expiry (last day included or not) is counsel's call, so treat it as indicative.
    """
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# --------------------------------------------------------------------------- linking


_RANK: dict[TargetKind, int] = {
    "named": 5,
    "identifiable": 4,
    "official": 3,
    "company": 2,
    "group": 1,
    "none": 0,
}


def _eligible(targets: TargetsResult, allow_group: bool) -> list[Target]:
    return [t for t in targets.targets if t.kind in IDENTIFIABLE_KINDS or (allow_group and t.kind == "group")]


def _link_fact(claim: Claim, targets: list[Target]) -> tuple[Target | None, float]:
    """The target that holds the author position of `claim`, and how sure the link is.

    The account a reply is addressed to is left out unless it is the very word before the verb:
    "@user les migrants agressent…" speaks to @user about others, "@lea (vendeuse à Lille) a volé…"
    speaks about @lea.
    """
    head = claim.subject_head
    targets = [t for t in targets if not t.addressee or (head is not None and t.start < head[1] and head[0] < t.end)]
    if not targets:
        return None, 0.0
    if claim.cue == "insinuation":
        # An insinuation with no act named is about whoever the message designates.
        return max(targets, key=lambda t: (_RANK[t.kind], t.confidence, -t.start)), 0.8
    if claim.subject is not None:
        s, e = claim.subject
        inside = [t for t in targets if t.start < e and s < t.end]
        if inside:
            return max(inside, key=lambda t: (t.end, _RANK[t.kind])), 1.0
        if claim.passive:
            return None, 0.0  # "j'ai été volé" with no agent: the author is not designated
    before = [t for t in targets if claim.sentence[0] <= t.start < claim.start]
    if before:
        return max(before, key=lambda t: (t.end, _RANK[t.kind])), 0.9
    if claim.pronoun_subject:
        earlier = [t for t in targets if t.end <= claim.sentence[0]]
        if earlier:
            return max(earlier, key=lambda t: (t.end, _RANK[t.kind])), 0.75
    return None, 0.0


def _link_words(claim: Claim, targets: list[Target], sentences_in_message: int) -> tuple[Target | None, float]:
    """The target of an invective or epithet: same sentence, else a short message's only person.

    An accusatory term that the insult analyzer did not flag ("voleur", "crook") is only aimed at
    someone through its frame ("X est un voleur", "escroc de gérant"), which `imputation` reads
    into the claim's subject; without one it is aimed at no one.
    """
    if claim.domain == "accusation":
        if claim.subject is None:
            return None, 0.0
        s, e = claim.subject
        framed = [t for t in targets if t.start < e and s < t.end and not t.addressee]
        if not framed:
            return None, 0.0
        center = (claim.start + claim.end) / 2
        return min(framed, key=lambda t: (abs((t.start + t.end) / 2 - center), -_RANK[t.kind])), 1.0
    if claim.designated is not None:
        return claim.designated, 1.0  # "ce connard à l'accueil de Lyon": the word names who it is about
    same = [t for t in targets if claim.sentence[0] <= t.start < claim.sentence[1]]
    pool, factor = (same, 1.0) if same else ((targets, 0.8) if sentences_in_message <= 3 else ([], 0.0))
    if not pool:
        return None, 0.0
    center = (claim.start + claim.end) / 2
    # A person before a company: in "un mec à la caisse de Bordeaux, c'est un travelo, vous avez
    # perdu la tête" the epithet is for the man, the "vous" is the brand being reproached.
    return min(
        pool,
        key=lambda t: (t.legal_person or t.kind == "group", abs((t.start + t.end) / 2 - center), -_RANK[t.kind]),
    ), factor


# --------------------------------------------------------------------------- citations


def _citations(
    offence: Offence, target: Target | None, ground: Ground | None, grounds: tuple[Ground, ...], public: bool
) -> tuple[str, ...]:
    kind = target.kind if target is not None else "group"
    official_body = kind == "official" and target is not None and target.legal_person
    if offence == "diffamation":
        cites = [_cite("29 al. 1")]
        if public:
            cites.append(_cite("23"))
            if ground is not None:
                limbs = {"32 al. 2" if g in _ORIGIN_LIMB else "32 al. 3" for g in grounds}
                cites.extend(_cite(limb) for limb in sorted(limbs))
            elif kind == "official":
                cites.append(_cite("30" if official_body else "31"))
            else:
                cites.append(_cite("32 al. 1"))
        else:
            cites.append("C. pén. R. 625-8" if ground is not None else "C. pén. R. 621-1")
    else:
        cites = [_cite("29 al. 2")]
        if public:
            cites.append(_cite("23"))
            if ground is not None:
                limbs = {"33 al. 3" if g in _ORIGIN_LIMB else "33 al. 4" for g in grounds}
                cites.extend(_cite(limb) for limb in sorted(limbs))
            elif kind == "official":
                cites.append(_cite("33 al. 1"))
            else:
                cites.append(_cite("33 al. 2"))
        else:
            cites.append("C. pén. R. 625-8-1" if ground is not None else "C. pén. R. 621-2")
    cites.append(_cite("65"))
    if public and ground is not None:
        cites.append(_cite("65-3"))
    return tuple(cites)


# --------------------------------------------------------------------------- explanation

_TARGET_WORDS: dict[TargetKind, str] = {
    "named": "a named person",
    "identifiable": "an identifiable person",
    "official": "a public official or body",
    "company": "the company",
    "group": "a group",
    "none": "no one",
}
_FORM_WORDS = {
    "assertive": "",
    "dubitative": ", put as a question or a doubt",
    "insinuation": ", by insinuation",
    "conditional": ", in the conditional",
    "reported": ", as hearsay",
}
_GROUND_WORDS: dict[Ground, str] = {
    "origin": "origin",
    "religion": "religion",
    "sex": "sex",
    "sexual_orientation": "sexual orientation",
    "gender_identity": "gender identity",
    "disability": "disability",
}


def _who(target: Target | None) -> str:
    if target is None:
        return "a group designated by the hate analysis"
    label = _TARGET_WORDS[target.kind]
    return f"{label} (« {target.who} »)" if target.who else label


def _explain(offence: Offence, claim: Claim, target: Target | None, ground: Ground | None, public: bool) -> str:
    where = "in a public message" if public else "in a non-public message (contravention)"
    aggravation = f", aggravated on the ground of {_GROUND_WORDS[ground]}" if ground else ""
    if offence == "diffamation":
        fact = f"« {claim.phrase} »{_FORM_WORDS[claim.form]}"
        return (
            f"Imputes a precise fact ({fact}) to {_who(target)} {where}: possible diffamation "
            f"(art. 29 al. 1){aggravation}. Truth and good faith are for legal to assess (art. 35): keep the "
            "evidence and escalate."
        )
    what = "an accusatory term with no precise fact" if claim.domain == "accusation" else "an invective"
    return f"« {claim.text} » is {what} aimed at {_who(target)} {where}: injure (art. 29 al. 2){aggravation}."


# --------------------------------------------------------------------------- public API


def qualify(
    *,
    targets: TargetsResult,
    imputation: Imputation,
    hate_grounds: frozenset[str] = frozenset(),
    public: bool,
    received_at: datetime,
) -> Qualification:
    """Qualify a message under the loi du 29 juillet 1881 from its targets and imputation."""
    grounds = normalise_grounds(hate_grounds)
    ground = grounds[0] if grounds else None
    eligible = _eligible(targets, allow_group=ground is not None)
    claims = imputation.claims
    sentence_count = len({c.sentence for c in claims}) or 1

    def result(offence: Offence, claim: Claim, target: Target | None, confidence: float) -> Qualification:
        aggravated = ground if offence != "none" else None
        months = AGGRAVATED_PRESCRIPTION_MONTHS if (public and aggravated) else PRESCRIPTION_MONTHS
        evidence = [Finding(f"qualification.{offence}", claim.start, claim.end)]
        if target is not None:
            evidence.append(Finding(f"target.{target.kind}", target.start, target.end))
        return Qualification(
            offence=offence,
            aggravated_ground=aggravated,
            target_kind=target.kind if target is not None else "group",
            public=public,
            citations=_citations(offence, target, aggravated, grounds, public),
            confidence=round(min(0.95, confidence), 2),
            prescription_deadline=add_months(received_at, months),
            explanation=_explain(offence, claim, target, aggravated, public),
            target=target,
            claim=claim,
            evidence=tuple(sorted(evidence, key=lambda f: (f.start, f.end))),
        )

    # 1. Diffamation: the strongest live, honour-harming fact with an identifiable author.
    facts = [c for c in claims if c.kind == "precise_fact" and c.live and not c.about_product_or_service]
    for claim in sorted(facts, key=lambda c: -c.confidence):
        target, link = _link_fact(claim, eligible)
        if target is None and ground is not None and claim.circumstances:
            # Said of a whole protected group, an act is a *fact* only with something to prove — a
            # time, a place, a sum, an object ("ont volé 300 € dans la caisse hier"); "ils volent
            # tout" is a generalisation, which the hate rules answer (art. 24, 33 al. 3).
            return result("diffamation", claim, None, claim.confidence * 0.6)
        if target is not None:
            return result("diffamation", claim, target, min(claim.confidence, target.confidence) * link)

    # 2. Injure: an invective, or an accusatory epithet with no fact, aimed at someone.
    words = [
        c
        for c in claims
        if c.live and not c.about_product_or_service and (c.kind == "invective" or c.domain == "accusation")
    ]
    for claim in sorted(words, key=lambda c: (c.kind != "invective", -c.confidence)):
        target, link = _link_words(claim, eligible, sentence_count)
        if target is None and ground is not None:
            return result("injure", claim, None, claim.confidence * 0.6)
        if target is not None:
            # An epithet without fact is an insult in case law, but less surely than an invective.
            weight = 1.0 if claim.kind == "invective" else 0.75
            return result("injure", claim, target, min(claim.confidence, target.confidence) * link * weight)

    return _none(targets, imputation, claims, eligible, ground, public)


def _none(
    targets: TargetsResult,
    imputation: Imputation,
    claims: tuple[Claim, ...],
    eligible: list[Target],
    ground: Ground | None,
    public: bool,
) -> Qualification:
    live = [c for c in claims if c.live]
    dead = [c for c in claims if not c.live and (c.kind != "value_judgement" or c.domain == "accusation")]
    content = [c for c in live if c.kind != "invective"]
    if content and all(c.about_product_or_service for c in content):
        quoted = content[0].phrase
        why, confidence = (
            (
                f"Criticism of products or services (« {quoted} »), not an attack on anyone's honour: "
                "no press-law offence (Cass. 1re civ., 20 Sept 2012); answer it."
            ),
            0.8,
        )
    elif not live and dead:
        c = dead[0]
        state = "negated" if c.negated else "marked as fiction or a joke" if c.fiction else "quoted to be denounced"
        why, confidence = f"The imputation (« {c.phrase} ») is {state}: nothing is asserted.", 0.7
    elif any(c.kind == "precise_fact" for c in live):
        kinds = sorted({t.kind for t in targets.targets}) or ["none"]
        why = (
            "A fact is imputed but to no identifiable person or body "
            f"(targets: {', '.join(kinds)}); an indeterminate group cannot be defamed."
        )
        confidence = 0.65
    elif any(c.kind == "invective" for c in live):
        why, confidence = "An invective aimed at no identifiable person (untargeted profanity).", 0.65
    elif any(c.kind == "value_judgement" for c in live):
        opinion = " (stated as an opinion)" if imputation.opinion_markers else ""
        why, confidence = (
            (
                "A value judgement with no precise fact" + opinion + ": lawful opinion unless the "
                "insult analysis finds it outrageous."
            ),
            0.75,
        )
    else:
        why, confidence = "No imputation, judgement or invective was found.", 0.9
    if ground is not None:
        why += " A protected ground was reported: see the hate rules (art. 24)."
    best = max(eligible, key=lambda t: (_RANK[t.kind], t.confidence), default=None)
    return Qualification(
        offence="none",
        aggravated_ground=None,
        target_kind=best.kind if best is not None else targets.kind,
        public=public,
        citations=(),
        confidence=confidence,
        prescription_deadline=None,
        explanation=why,
        target=best,
    )
