"""The analyses rule files can use, as facts (see `policy.facts`): name, type, cost, getter, evidence.

Each analysis runs at most once per message, and only when a rule needs it and the cheaper operands
of its condition did not already decide (the compiler orders operands by the costs declared here).
Results are cached on the evaluation context under the analysis name, so that the decision can also
report what was found (`summaries`).

Conventions: a fact's findings carry labels that start with the fact's own path (`pii.phone`,
`target.named`, `threat.death`), so that `has pii(phone)` or `target named` keep only the evidence
that made them true.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policy.analyzers.base import Cost, Finding
from policy.facts import Fact, Type

if TYPE_CHECKING:
    from policy.analyzers.crisis import CrisisResult
    from policy.analyzers.doxxing import DoxxingResult
    from policy.analyzers.hate import HateResult
    from policy.analyzers.imputation import Imputation
    from policy.analyzers.insults import InsultResult
    from policy.analyzers.intent import Intent
    from policy.analyzers.legal_requests import LegalRequestResult
    from policy.analyzers.pii import OwnContacts, PiiMatch
    from policy.analyzers.qualification import Qualification
    from policy.analyzers.spam import SpamResult
    from policy.analyzers.targets import Organisation, Roster, TargetsResult
    from policy.analyzers.threats import ThreatResult
    from policy.evaluate import Context

PII_KINDS = ("phone", "email", "iban", "card", "nir", "address", "plate", "ip")
TARGET_KINDS = ("named", "identifiable", "group", "company", "official")
MENTIONS = ("person", "staff", "organisation", "official", "group")
IMPUTATIONS = ("precise_fact", "value_judgement", "invective", "none")
FORMS = ("assertive", "dubitative", "insinuation", "conditional", "reported")
OFFENCES = ("diffamation", "injure", "none")
GROUNDS = ("origin", "religion", "sex", "sexual_orientation", "gender_identity", "disability")
THREAT_KINDS = ("death", "violence", "property", "none")
CRISIS_SIGNALS = (
    "self_harm", "store_incident", "product_safety", "injury", "health", "phishing", "impersonation", "press",
    "virality", "boycott",
)  # fmt: skip
LEGAL_KINDS = ("formal_notice", "gdpr", "regulator", "class_action", "discrimination", "lawyer")
INTENTS = ("complaint", "question", "praise", "request", "chatter", "none")
SPAM_KINDS = ("spam", "scam")


@dataclass(frozen=True)
class AnalysisSettings:
    """What the analyses need to know about the organisation, built once when a policy compiles."""

    own: OwnContacts
    roster: Roster
    organisation: Organisation
    domains: tuple[str, ...] = ()


def build_settings(organisation: Mapping[str, Any] | None, staff: Iterable[Mapping[str, Any]]) -> AnalysisSettings:
    """From the policy's `organisation` and `staff` declarations (already checked)."""
    from policy.analyzers.pii import OwnContacts
    from policy.analyzers.targets import Organisation, Roster, StaffMember

    org = organisation or {}
    contacts = tuple(org.get("contacts", ()))
    own = OwnContacts(
        phones=frozenset(c for c in contacts if "@" not in c),
        emails=frozenset(c for c in contacts if "@" in c),
        domains=frozenset(org.get("domains", ())),
    )
    names = tuple(n for n in (org.get("name"), *org.get("aliases", ())) if n)
    return AnalysisSettings(
        own=own,
        roster=Roster(
            tuple(
                StaffMember(name=s["name"], roles=tuple(s.get("roles", ())), places=tuple(s.get("places", ())))
                for s in staff
            )
        ),
        organisation=Organisation(names=names, handles=tuple(org.get("handles", ()))),
        domains=tuple(org.get("domains", ())),
    )


def contact_problem(contact: str) -> str | None:
    """Why an `organisation … contacts [...]` entry is unusable, or None (for the checker)."""
    from policy.analyzers.pii import OwnContacts

    if "@" in contact:
        return None if "." in contact.rpartition("@")[2] else "an e-mail address needs a domain such as `example.fr`"
    try:
        OwnContacts(phones=frozenset({contact}))
    except ValueError:
        return "it is neither a phone number nor an e-mail address"
    return None


ANALYSIS_LANGS = ("fr", "en")
PRIMARY_LANG = "fr"  # French first: a message in another or an unknown language is read as French


def analysis_lang(ctx: Context) -> str:
    """The language the analyses read the message in: French or English."""
    lang = ctx.lang()
    return lang if lang in ANALYSIS_LANGS else PRIMARY_LANG


def abuse_lang(ctx: Context) -> str:
    """For insults, hate and threats: French, English, or `und` — they then read both, which suits the
    short messages whose language cannot be guessed ("fucking monday", "sale c0nnard")."""
    lang = ctx.lang()
    return lang if lang in ANALYSIS_LANGS else "und"


def _settings(ctx: Context) -> AnalysisSettings:
    settings: AnalysisSettings = ctx.policy.settings["analysis"]
    return settings


# ---------------------------------------------------------------- analyses, cached per message


def _pii(ctx: Context) -> tuple[PiiMatch, ...]:
    def run() -> tuple[PiiMatch, ...]:
        from policy.analyzers.pii import find_pii

        return find_pii(ctx.message.text, own=_settings(ctx).own)

    result: tuple[PiiMatch, ...] = ctx.cached("pii", run)
    return result


def _doxxing(ctx: Context) -> DoxxingResult:
    def run() -> DoxxingResult:
        from policy.analyzers.doxxing import detect_doxxing

        return detect_doxxing(ctx.message.text, _pii(ctx))

    result: DoxxingResult = ctx.cached("doxxing", run)
    return result


def _insults(ctx: Context) -> InsultResult:
    def run() -> InsultResult:
        from policy.analyzers.insults import find_insults

        return find_insults(ctx.message.text, lang=abuse_lang(ctx))

    result: InsultResult = ctx.cached("insults", run)
    return result


def _hate(ctx: Context) -> HateResult:
    def run() -> HateResult:
        from policy.analyzers.hate import find_hate

        return find_hate(ctx.message.text, lang=abuse_lang(ctx))

    result: HateResult = ctx.cached("hate", run)
    return result


def _threats(ctx: Context) -> ThreatResult:
    def run() -> ThreatResult:
        from policy.analyzers.threats import find_threats

        return find_threats(ctx.message.text, lang=abuse_lang(ctx))

    result: ThreatResult = ctx.cached("threats", run)
    return result


def _targets(ctx: Context) -> TargetsResult:
    def run() -> TargetsResult:
        from policy.analyzers.targets import find_targets

        settings = _settings(ctx)
        return find_targets(
            ctx.message.text, lang=analysis_lang(ctx), roster=settings.roster, organisation=settings.organisation
        )

    result: TargetsResult = ctx.cached("targets", run)
    return result


def _imputation(ctx: Context) -> Imputation:
    def run() -> Imputation:
        from policy.analyzers.imputation import analyze_imputation

        return analyze_imputation(ctx.message.text, lang=analysis_lang(ctx), invectives=_insults(ctx).insults)

    result: Imputation = ctx.cached("imputation", run)
    return result


def _crisis(ctx: Context) -> CrisisResult:
    def run() -> CrisisResult:
        from policy.analyzers.crisis import find_crisis

        settings = _settings(ctx)
        return find_crisis(
            ctx.message.text,
            lang=analysis_lang(ctx),
            organisation_names=settings.organisation.names,
            organisation_handles=settings.organisation.handles,
            official_domains=settings.domains,
        )

    result: CrisisResult = ctx.cached("crisis", run)
    return result


def _legal(ctx: Context) -> LegalRequestResult:
    def run() -> LegalRequestResult:
        from policy.analyzers.legal_requests import find_legal_requests

        return find_legal_requests(ctx.message.text, lang=analysis_lang(ctx))

    result: LegalRequestResult = ctx.cached("legal_requests", run)
    return result


def _intent(ctx: Context) -> Intent:
    def run() -> Intent:
        from policy.analyzers.intent import classify_intent

        return classify_intent(ctx.message.text, lang=analysis_lang(ctx))

    result: Intent = ctx.cached("intent", run)
    return result


def _spam(ctx: Context) -> SpamResult:
    def run() -> SpamResult:
        from policy.analyzers.spam import find_spam

        domains = _settings(ctx).domains
        return find_spam(ctx.message.text, lang=analysis_lang(ctx), links=ctx.links(), official_domains=domains)

    result: SpamResult = ctx.cached("spam", run)
    return result


def is_public(ctx: Context) -> bool:
    """A DM is not public (art. 23); without `kind`, a message is taken as public — the safer reading."""
    return ctx.message.kind != "dm"


def _qualification(ctx: Context) -> Qualification:
    def run() -> Qualification:
        from policy.analyzers.nlp import NlpUse
        from policy.analyzers.qualification import qualify
        from policy.analyzers.targets import TargetsResult

        imputation = _imputation(ctx)
        # INVARIANT: with nothing imputed (no fact, judgement or invective) there is no offence, whoever
        # is named: the targets — the costliest analysis, sometimes spaCy — are not needed to say so.
        targets = _targets(ctx) if imputation.claims else TargetsResult((), (), NlpUse.SKIPPED)
        return qualify(
            targets=targets,
            imputation=imputation,
            hate_grounds=_hate(ctx).grounds,
            public=is_public(ctx),
            received_at=ctx.local_time,
        )

    result: Qualification = ctx.cached("qualification", run)
    return result


# ---------------------------------------------------------------- facts


def _mentions(ctx: Context) -> frozenset[str]:
    staff = {m.name for m in _settings(ctx).roster.members}
    found: set[str] = set()
    for t in _targets(ctx).targets:
        if t.kind in ("named", "identifiable"):
            found.add("person")
        if t.who in staff:
            found.add("staff")
        if t.kind == "company":
            found.add("organisation")
        elif t.kind in ("official", "group"):
            found.add(t.kind)
    return frozenset(found)


def _natural_person(ctx: Context) -> bool:
    target = _qualification(ctx).target
    # A group is not a person (the hate rules judge groups); a company or a public body is not either.
    return target is not None and target.kind in ("named", "identifiable", "official") and not target.legal_person


def _fact(
    path: str,
    type_: Type,
    doc: str,
    get: Callable[[Context], Any],
    cost: Cost,
    values: tuple[str, ...] = (),
    findings: Callable[[Context], Iterable[Finding]] | None = None,
    label: str | None = None,
) -> Fact:
    return Fact(path, type_, doc, get, cost=cost, values=values, findings=findings, label=label)


def analysis_facts() -> list[Fact]:
    pii_findings: Callable[[Context], Iterable[Finding]] = lambda ctx: (m.finding for m in _pii(ctx))  # noqa: E731
    return [
        # personal data
        _fact(
            "pii",
            Type.SET,
            "kinds of personal data in the text (not the organisation's own contacts)",
            lambda ctx: frozenset(m.kind for m in _pii(ctx)),
            Cost.PATTERNS,
            PII_KINDS,
            pii_findings,
        ),
        _fact(
            "pii.own",
            Type.SET,
            "kinds of personal data the author gives about themselves",
            lambda ctx: frozenset(m.kind for m in _pii(ctx) if m.owner == "author"),
            Cost.PATTERNS,
            PII_KINDS,
            lambda ctx: (m.finding for m in _pii(ctx) if m.owner == "author"),
        ),
        _fact(
            "pii.others",
            Type.SET,
            "kinds of personal data about someone else, or whose owner is unclear",
            lambda ctx: frozenset(m.kind for m in _pii(ctx) if m.owner != "author"),
            Cost.PATTERNS,
            PII_KINDS,
            lambda ctx: (m.finding for m in _pii(ctx) if m.owner != "author"),
        ),
        _fact(
            "doxxing",
            Type.BOOL,
            "personal data published to expose someone (C. pén. art. 223-1-1)",
            lambda ctx: _doxxing(ctx).is_doxxing,
            Cost.PATTERNS,
            (),
            lambda ctx: _doxxing(ctx).findings,
        ),
        # abuse
        _fact(
            "insult",
            Type.BOOL,
            "an invective or term of contempt aimed at someone (not negated, not quoted)",
            lambda ctx: _insults(ctx).aimed,
            Cost.PATTERNS,
            (),
            lambda ctx: _insults(ctx).insults,
        ),
        _fact(
            "profanity",
            Type.BOOL,
            'swearing aimed at nobody ("putain, encore en retard")',
            lambda ctx: bool(_insults(ctx).profanity),
            Cost.PATTERNS,
            (),
            lambda ctx: _insults(ctx).profanity,
        ),
        _fact(
            "hate",
            Type.BOOL,
            "hate on the grounds of origin, religion, sex, orientation, gender identity or disability",
            lambda ctx: _hate(ctx).is_hate,
            Cost.PATTERNS,
            (),
            lambda ctx: _hate(ctx).findings,
        ),
        _fact(
            "hate.ground",
            Type.SET,
            "the protected grounds the hate is aimed at",
            lambda ctx: frozenset(_hate(ctx).grounds) if _hate(ctx).is_hate else frozenset(),
            Cost.PATTERNS,
            GROUNDS,
            lambda ctx: _hate(ctx).findings,
        ),
        _fact(
            "threat",
            Type.BOOL,
            "the author threatens a person or property (222-17, 222-18, 322-12)",
            lambda ctx: _threats(ctx).is_threat,
            Cost.PATTERNS,
            (),
            lambda ctx: _threats(ctx).findings,
        ),
        _fact(
            "threat.kind",
            Type.ENUM,
            "death, violence or property (none when no threat)",
            lambda ctx: _threats(ctx).kind or "none",
            Cost.PATTERNS,
            THREAT_KINDS,
            lambda ctx: _threats(ctx).findings,
        ),
        _fact(
            "threat.conditional",
            Type.BOOL,
            "a threat with an order to fulfil a condition (222-18)",
            lambda ctx: _threats(ctx).is_threat and _threats(ctx).conditional,
            Cost.PATTERNS,
            (),
            lambda ctx: _threats(ctx).findings,
        ),
        _fact(
            "threat.reported",
            Type.BOOL,
            "the author reports a threat or an attack they suffered",
            lambda ctx: _threats(ctx).reported,
            Cost.PATTERNS,
            (),
            lambda ctx: _threats(ctx).findings,
        ),
        # press law
        _fact(
            "target",
            Type.SET,
            "who is aimed at: named, identifiable, group, company, official",
            lambda ctx: frozenset(t.kind for t in _targets(ctx).targets if t.kind != "none"),
            Cost.NLP,
            TARGET_KINDS,
            lambda ctx: _targets(ctx).findings,
        ),
        _fact(
            "mentions",
            Type.SET,
            "person, staff, organisation, official or group mentioned",
            _mentions,
            Cost.NLP,
            MENTIONS,
            lambda ctx: _targets(ctx).findings,
        ),
        _fact(
            "imputation",
            Type.ENUM,
            "what is imputed: precise_fact, value_judgement, invective or none",
            lambda ctx: _imputation(ctx).kind,
            Cost.NLP,
            IMPUTATIONS,
            lambda ctx: _imputation(ctx).findings,
        ),
        _fact(
            "imputation.form",
            Type.ENUM,
            "assertive, dubitative, insinuation, conditional or reported",
            lambda ctx: _imputation(ctx).form,
            Cost.NLP,
            FORMS,
            lambda ctx: _imputation(ctx).findings,
        ),
        _fact(
            "qualification",
            Type.ENUM,
            "the press-law offence the message may be: diffamation, injure or none",
            lambda ctx: _qualification(ctx).offence,
            Cost.NLP,
            OFFENCES,
            lambda ctx: _qualification(ctx).evidence,
        ),
        _fact(
            "qualification.ground",
            Type.ENUM,
            "the aggravating ground of the offence, or none",
            lambda ctx: _qualification(ctx).aggravated_ground or "none",
            Cost.NLP,
            (*GROUNDS, "none"),
            lambda ctx: _qualification(ctx).evidence,
        ),
        _fact(
            "qualification.target",
            Type.ENUM,
            "who the offence is aimed at: named, identifiable, company, official, group or none",
            lambda ctx: _qualification(ctx).target_kind,
            Cost.NLP,
            (*TARGET_KINDS, "none"),
            lambda ctx: _qualification(ctx).evidence,
        ),
        _fact(
            "qualification.natural_person",
            Type.BOOL,
            "the offence is aimed at a person (not a company or a public body)",
            _natural_person,
            Cost.NLP,
            (),
            lambda ctx: _qualification(ctx).evidence,
        ),
        _fact(
            "defamation",
            Type.BOOL,
            "a precise fact imputed to an identifiable person or body (art. 29 al. 1)",
            lambda ctx: _qualification(ctx).offence == "diffamation",
            Cost.NLP,
            (),
            lambda ctx: _qualification(ctx).evidence,
        ),
        _fact("public", Type.BOOL, "visible to the public (everything but a DM, art. 23)", is_public, Cost.FIELD),
        # crisis, legal requests, intent, spam
        _fact(
            "crisis",
            Type.SET,
            "crisis signals: " + ", ".join(CRISIS_SIGNALS),
            lambda ctx: _crisis(ctx).signals,
            Cost.PATTERNS,
            CRISIS_SIGNALS,
            lambda ctx: _crisis(ctx).findings,
        ),
        _fact(
            "crisis.reported",
            Type.SET,
            "impersonation or phishing the author reports (rather than commits)",
            lambda ctx: _crisis(ctx).reported,
            Cost.PATTERNS,
            CRISIS_SIGNALS,
            lambda ctx: _crisis(ctx).findings,
            label="crisis",
        ),
        _fact(
            "legal_request",
            Type.SET,
            "legal requests: " + ", ".join(LEGAL_KINDS),
            lambda ctx: _legal(ctx).kinds,
            Cost.PATTERNS,
            LEGAL_KINDS,
            lambda ctx: _legal(ctx).findings,
            label="legal",
        ),
        _fact(
            "intent",
            Type.ENUM,
            "what the author wants: " + ", ".join(INTENTS),
            lambda ctx: _intent(ctx).kind,
            Cost.PATTERNS,
            INTENTS,
            lambda ctx: _intent(ctx).findings,
        ),
        _fact(
            "spam",
            Type.SET,
            "spam or scam (empty when neither)",
            lambda ctx: frozenset({_spam(ctx).kind}) if _spam(ctx).kind else frozenset(),
            Cost.PATTERNS,
            SPAM_KINDS,
            lambda ctx: _spam(ctx).findings,
        ),
    ]


# ---------------------------------------------------------------- what a decision reports


def summaries(ctx: Context, *, full: bool = False) -> dict[str, Any]:
    """JSON-ready results of the legal analyses computed for this message (all of them when `full`)."""
    cache = ctx._cache
    out: dict[str, Any] = {}
    if full or "qualification" in cache:
        q = _qualification(ctx)
        out["qualification"] = {
            "offence": q.offence,
            "aggravated_ground": q.aggravated_ground,
            "target_kind": q.target_kind,
            "public": q.public,
            "citations": list(q.citations),
            "confidence": round(q.confidence, 2),
            "prescription_deadline": q.prescription_deadline.isoformat() if q.prescription_deadline else None,
            "explanation": q.explanation,
        }
    if full or "targets" in cache:
        out["targets"] = [
            {
                "kind": t.kind,
                "text": ctx.message.text[t.start : t.end],
                "start": t.start,
                "end": t.end,
                "who": t.who,
                "reason": t.reason,
            }
            for t in _targets(ctx).targets
        ]
    if full or "imputation" in cache:
        imp = _imputation(ctx)
        out["imputation"] = {
            "kind": imp.kind,
            "form": imp.form,
            "negated": imp.negated,
            "fiction": imp.fiction,
            "quoted_to_denounce": imp.quoted_to_denounce,
            "about_product_or_service": imp.about_product_or_service,
            "opinion_markers": list(imp.opinion_markers),
            "confidence": round(imp.confidence, 2),
        }
    if "threats" in cache or full:
        t = _threats(ctx)
        out["threat"] = {
            "is_threat": t.is_threat,
            "kind": t.kind,
            "conditional": t.conditional,
            "reported": t.reported,
            "citations": list(t.citations),
            "reason": t.reason,
        }
    if "hate" in cache or full:
        h = _hate(ctx)
        out["hate"] = {"is_hate": h.is_hate, "grounds": sorted(h.grounds), "reason": h.reason}
    return out
