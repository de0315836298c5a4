"""Analysis stage: crisis signals — what PR, safety or legal must see now, even on a Sunday (`crisis.*`).

Signals (LEGAL.md §2.1 escalates every one of them):

- `product_safety` — a product caught fire, melted, exploded, a shard of glass in food;
- `injury` — someone hurt by a product or in a store ("mon fils s'est brûlé", "I cut myself on");
- `health` — intoxication, allergy, food poisoning, a toxic substance ("j'ai été malade après",
  "plomb" in a mug's paint);
- `store_incident` — a store on fire, a bomb alert, a shooting, an evacuation;
- `self_harm` — suicidal ideation said outright ("j'ai plus envie de vivre", "unalive") or through
  the warning signs prevention services list, each a cue family: hopelessness ("ma vie n'a plus de
  sens", "no way out"), being a burden ("ils seraient mieux sans moi", "no one will miss me"), a
  farewell to everyone ("mon dernier message", "tell my kids I love them"), and distress that may be
  about living ("j'en peux plus", "I can't do this anymore") unless it is about an order ("j'en peux
  plus de vos retards") — each enough alone; and pairs of words innocent apart and alarming together
  (`_SELF_HARM_PAIRS`): a first-person wish or plan next to an ending ("je pense à" + "en finir",
  "thinking of" + "ending things"), a means next to a preparation or a goodbye ("j'ai mis de côté" +
  "assez de cachets"). Recall first: only idioms cancel a cue ("mort de rire", "mourir de chaud",
  "to die for", "c'est du suicide commercial", "en finir avec ce dossier");
- `press` — a journalist's enquiry ("journaliste au Parisien", "pour un article", "could you
  comment"), or a consumer going to a named outlet ("je vais envoyer ça à Que Choisir");
- `boycott` — "#BoycottX", "boycottez", "n'achetez plus chez", "stop buying from";
- `virality` — "partagez massivement", "RT pour que ça se sache", "1000 personnes ont partagé",
  "12 000 partages", "5k retweets" (a count of at least `VIRAL_COUNT`);
- `impersonation` — a fake account of the organisation: a handle that imitates one of its handles
  (typo, look-alike letters: "@MaisonLumlere"; its name plus a service word: "@MaisonLumiere_Offre"),
  an account *name* made the same way ("le compte « Maison Lumière Soldes » sur TikTok"), a web
  domain that carries its name but is not one of its domains (defanged ones too: "hxxps://…[.]com"),
  someone claiming to be its customer service while sending people elsewhere (WhatsApp, DM, another
  site) or asking for secrets, or a user reporting a fake account;
- `phishing` — a request for a secret (code, password, card number) sent away from the brand, or a
  lure ("cliquez ici pour récupérer votre remboursement", "verify your account", "held at customs")
  pointing to a place that is not the organisation's or asking for a small fee ("pay £2.99"); or a
  user reporting one.

`reported` says, for impersonation and phishing, that the author *reports* an attack (a fake account,
a phishing SMS received, a warning to others) rather than commits it: the CM thanks a reporter and
removes an attacker. For the other signals the author always speaks of their own situation.

Cues are French and English whatever `lang` says: a crisis signal must not be missed because the
language guess was wrong. Cost: `Cost.SCAN` — the raw-text gate, then one automaton pass, plus the
link finder and handle checks for messages with a link or an @handle.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from policy.analyzers.abuse import read_sections
from policy.analyzers.base import Finding
from policy.analyzers.cue_gate import word_rank
from policy.analyzers.cues import DATA_DIR, HANDLE, Cues, Span, hidden_links, languages, lexicon, may_hide_links
from policy.text.links import Link, domain_matches, find_links
from policy.text.normalise import normalise, normalise_with_offsets

__all__ = ["CRISIS_SIGNALS", "VIRAL_COUNT", "CrisisResult", "find_crisis", "imitation_attempt"]

CRISIS_SIGNALS: Final = (
    "self_harm",
    "store_incident",
    "product_safety",
    "injury",
    "health",
    "phishing",
    "impersonation",
    "press",
    "virality",
    "boycott",
)
"""In order of urgency: the reason names the most urgent first."""

VIRAL_COUNT: Final = 100
"""Shares, retweets or views from which a count is a virality signal ("3 likes" is not)."""

_DIRECT: Final = ("self_harm", "store_incident", "product_safety", "injury", "health", "press", "virality", "boycott")
# Cue families that raise a signal on their own, besides the signal's own label.
_ALONE: Final = {
    "self_harm": ("self_harm.hopeless", "self_harm.burden", "self_harm.farewell", "self_harm.distress"),
    "health": ("health.symptom",),
}
# Families innocent apart and alarming together, at most so many words apart: (trigger, other, words).
# The first of a pair opens the gate; the other is an everyday word ("je veux", "lampe", "magasin").
_PAIRS: Final = {
    "self_harm": (
        ("self_harm.end", "self_harm.will", 6),  # "je pense à" + "en finir", "je compte les jours … partir"
        ("self_harm.method", "self_harm.will", 6),  # "I keep thinking about" + "all the pills"
        ("self_harm.method", "self_harm.prepare", 6),  # "j'ai mis de côté" + "assez de cachets"
        ("self_harm.method", "self_harm.end", 8),
        ("self_harm.goodbye", "self_harm.end", 12),  # "Adieu, je pars pour de bon"
        ("self_harm.goodbye", "self_harm.method", 12),
        ("self_harm.goodbye", "self_harm.goodbye", 12),  # "given away my cat … I won't need them"
        ("self_harm.life", "self_harm.weary", 3),  # "j'en ai marre de ma vie", "I hate my life"
    ),
    "product_safety": (
        ("product_safety.hazard", "product_safety.object", 10),  # "le radiateur s'est mis à fumer"
        ("product_safety.small_parts", "product_safety.child", 15),  # "les aimants se détachent, mon bébé"
    ),
    "injury": (
        ("injury.body", "injury.harm", 3),  # "fracturé le poignet", "sliced his palm"
        ("injury.body", "injury.reflexive", 2),
        ("injury.reflexive", "injury.body.shared", 1),  # "s'est coincé la main"
        ("injury.care", "injury.fall", 20),  # "my mum fell … she's in A&E"
        ("injury.care", "injury.harm", 12),
        ("injury.care", "product_safety.object", 12),  # "aux urgences après avoir joué avec le jouet"
        ("injury.fall", "store_incident.place", 6),  # "a glissé dans le rayon"
    ),
    "store_incident": (
        ("store_incident.event", "store_incident.place", 8),  # "fumée noire … du magasin"
    ),
    "press": (
        ("press.role", "press.work", 15),  # "pigiste pour Libération … un reportage"
        ("press.role", "press.ask", 15),
        ("press.work", "press.ask", 12),  # "we're running a piece … have a comment?"
    ),
    "virality": (
        ("virality.share", "virality.purpose", 6),  # "partagez pour qu'ils réagissent"
        ("virality.spread", "virality.platform", 3),  # "all over Reddit"
    ),
}
_SAFETY: Final = ("store_incident", "product_safety", "injury", "health")
_TRIGGERS: Final = (
    *_DIRECT,
    *(label for labels in _ALONE.values() for label in labels),
    *dict.fromkeys(trigger for pairs in _PAIRS.values() for trigger, _, _ in pairs),
    "press.outlet",
    "virality.count",
    "impersonation.report",
    "contact",
    "phishing.secret",
    "phishing.lure",
    "phishing.word",
    "link.word",
)
_OUTLET_WINDOW: Final = 6
# The cues that can raise a signal, mark a report or keep a finding besides the handles and links
# (`_Reading.result`). Not `contact` nor `link.word`, which only add to what a handle or a link says;
# not the second words of pairs, which need the first; not `fiction` nor `phishing.demand`, which
# only take from or add to what others say. The steps read them exactly (`Cues.exact`), but for
# `virality.count`, which covers the labels below it (`Cues.has`).
_TELLING: Final = frozenset(
    (
        *_DIRECT,
        *(label for labels in _ALONE.values() for label in labels),
        *(first for pairs in _PAIRS.values() for first, _, _ in pairs),
        "press.outlet",
        "virality.count",
        "impersonation.report",
        "impersonation.claim",
        "phishing.report",
        "phishing.word",
        "phishing.secret",
        "phishing.lure",
    )
)
_NAMES: Final = {
    "self_harm": "possible suicidal ideation",
    "store_incident": "incident in a store",
    "product_safety": "product safety incident",
    "injury": "injury",
    "health": "health incident",
    "phishing": "phishing",
    "impersonation": "impersonation of the organisation",
    "press": "press enquiry",
    "virality": "virality",
    "boycott": "call for a boycott",
}
# "pay £2.99", "(frais 1,99€)", "régler 3 €": the small fee of a parcel or customs lure.
_FEE: Final = re.compile(
    r"(?:[£$€]\s?\d{1,3}(?:[.,]\d{1,2})?|\d{1,3}(?:[.,]\d{1,2})?\s?(?:€|£|\$|eur\b|euros?\b))", re.IGNORECASE
)
# "1000 personnes ont partagé", "12 000 partages", "5k retweets", "2,3M de vues"
_COUNT: Final = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[  .,]\d{3})+|\d+(?:[.,]\d+)?)\s*([kKmM]\b)?\s*(?:de\s+)?"
    r"(?:(?:personnes|gens|people|comptes|accounts)\s+(?:ont\s+|have\s+)?"
    r"(?:partag\w*|retweet\w*|vu|seen|shared|liked|like)"
    r"|partages|retweets|rts?\b|vues|views|shares|reposts|likes)"
    # "retweeté plus de 5000 fois", "shared 300 times"
    r"|(?:partag|retweet|repost|lik|vu|share|view)\w*\s+(?:plus de\s+|more than\s+|over\s+)?"
    r"(\d{1,3}(?:[  .,]\d{3})+|\d+(?:[.,]\d+)?)\s*([kKmM]\b)?\s*(?:fois|times)\b"
    # "vu par 80k personnes", "seen by over 2,000 people"
    r"|(?:vue?s?|seen|viewed|partagée?s?|shared)\s+(?:par|by)\s+(?:plus de\s+|more than\s+|over\s+)?"
    r"(\d{1,3}(?:[  .,]\d{3})+|\d+(?:[.,]\d+)?)\s*([kKmM]\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CrisisResult:
    """The crisis signals of one message.

    `signals` ⊆ `CRISIS_SIGNALS`; `reported` ⊆ {"impersonation", "phishing"} ∩ `signals`: the author
    reports the attack rather than commits it (`attacks` is the rest). `findings` are `crisis.*` spans
    of the original text; `reason` is one sentence for a CM.
    """

    signals: frozenset[str]
    findings: tuple[Finding, ...]
    reason: str
    reported: frozenset[str] = field(default=frozenset())

    @property
    def found(self) -> bool:
        return bool(self.signals)

    @property
    def attacks(self) -> frozenset[str]:
        """Impersonation or phishing committed by this very message."""
        return (self.signals & {"impersonation", "phishing"}) - self.reported


_NOTHING: Final = CrisisResult(frozenset(), (), "no crisis signal")


@dataclass(frozen=True, slots=True)
class _Organisation:
    handles: frozenset[str]  # casefolded, without "@"
    names: tuple[str, ...]  # normalised ("maison lumiere")
    cores: frozenset[str]  # skeletons of the names, handles and domains ("malsonlumlere", see `_skeleton`)
    handle_cores: frozenset[str]  # skeletons of the handles only
    short_cores: frozenset[str]  # abbreviations of the names ("mlumlere", "lumlere"): with a service word only
    domains: tuple[str, ...]


_SHORT_WORD: Final = 6
"""Letters a name's word needs to stand for the name on its own."""
_RARE_RANK: Final = 5000
"""Frequency rank from which a word is rare enough to stand for a name ("maison" is far more common)."""


@functools.lru_cache(maxsize=64)
def _organisation(names: tuple[str, ...], handles: tuple[str, ...], domains: tuple[str, ...]) -> _Organisation:
    # Cached: a policy passes the same organisation with every message, and normalising it each time
    # would cost more than the rest of a cue-free message.
    bare = {h.strip().lstrip("@").casefold() for h in handles if h.strip().lstrip("@")}
    handle_cores = {_skeleton(h) for h in bare}
    name_cores = {_skeleton(n) for n in names}
    domain_cores = {_skeleton(d.split(".")[0]) for d in domains}
    cores = {c for c in handle_cores | name_cores | domain_cores if len(c) >= 4}
    normalised_names = tuple(n for n in (normalise(name) for name in names) if n)
    short: set[str] = set()
    for name in normalised_names:
        words = name.split(" ")
        if len(words) >= 2:
            # "mlumiere", "maisonl": how look-alike domains shorten a two-word name
            short.add(_skeleton("".join(w[0] for w in words[:-1]) + words[-1]))
            short.add(_skeleton(words[0] + "".join(w[0] for w in words[1:])))
        # One word of the name stands for it only when it is no everyday word ("maison" is one).
        short.update(_skeleton(w) for w in words if len(w) >= _SHORT_WORD and word_rank(w) >= _RARE_RANK)
    return _Organisation(
        frozenset(bare),
        normalised_names,
        frozenset(cores),
        frozenset(handle_cores),
        frozenset(short - cores),
        tuple(domains),
    )


def find_crisis(
    text: str,
    *,
    lang: str,
    organisation_names: tuple[str, ...] = (),
    organisation_handles: tuple[str, ...] = (),
    official_domains: tuple[str, ...] = (),
) -> CrisisResult:
    """Crisis signals in `text`, read in French and English whatever `lang` says.

    The organisation's names, handles ("@MaisonLumiere") and domains ("maisonlumiere.fr") let the
    analysis tell its own accounts and sites from imitations; without them, handles and links are
    judged by the words around them only.
    """
    lex = lexicon("crisis", languages(lang, every=True), _TRIGGERS)
    org = _organisation(organisation_names, organisation_handles, official_domains)
    # The gate knows the lexicon only; the organisation's handles and look-alike links are checked apart.
    admitted = lex.admits(text)
    links = find_links(text) if "." in text or "://" in text else ()
    imitable = bool(org.cores) and ("@" in text or bool(links) or may_hide_links(text))
    if not admitted and not imitable:
        return _NOTHING
    cues = lex.find(text)
    return _Reading(text, cues, org, links).result()


class _Reading:
    """One message being read: its cues, links and handles, and the findings kept so far."""

    def __init__(self, text: str, cues: Cues, org: _Organisation, links: tuple[Link, ...]) -> None:
        self.text = text
        self.cues = cues
        self.org = org
        self.links = links
        self.foreign_links = tuple(link for link in links if not _official(link, org.domains))
        self.hidden = hidden_links(text, cues.exact("link.word"), links)
        self.findings: set[Finding] = set()
        self.signals: set[str] = set()

    def result(self) -> CrisisResult:
        if any(_telling(label) for label in self.cues.occurring()):
            return self._full_result()
        # INVARIANT: with no telling cue, every step but the handles and links finds nothing (each
        # needs one of `_TELLING`), and without a report nothing is `reported`.
        self._impersonation(self._fake_handles() + self._fake_names())
        if not self.signals:
            return _NOTHING
        findings = tuple(sorted(self.findings, key=lambda f: (f.start, f.end, f.label)))
        return CrisisResult(frozenset(self.signals), findings, self._reason(frozenset(), findings), frozenset())

    def _full_result(self) -> CrisisResult:
        for signal in _DIRECT:
            self._cue(signal, signal)
        self._families()
        if self.cues.exact("fiction"):
            # "Dans mon roman, le gérant empoisonne ses clients": nobody was hurt.
            self.signals.difference_update(_SAFETY)
        self._press()
        self._virality_count()
        reporting = self._reporting()
        handles = self._fake_handles() + self._fake_names()
        self._impersonation(handles)
        self._phishing(handles)
        if not self.signals:
            return _NOTHING
        reported = frozenset(self.signals & {"impersonation", "phishing"} if reporting else ())
        findings = tuple(sorted(self.findings, key=lambda f: (f.start, f.end, f.label)))
        return CrisisResult(frozenset(self.signals), findings, self._reason(reported, findings), reported)

    # ----------------------------------------------------------------------------------------------

    def _cue(self, label: str, signal: str | None) -> bool:
        """Keep the spans of cue `label` as findings; mark `signal` when given. True if any."""
        spans = self.cues.exact(label)
        self._keep(f"crisis.{label}", spans)
        if spans and signal:
            self.signals.add(signal)
        return bool(spans)

    def _keep(self, label: str, spans: Iterable[Span]) -> None:
        self.findings.update(Finding(label, start, end) for start, end in spans)

    def _families(self) -> None:
        """Signals from families of cues: alone (`_ALONE`) or in pairs (`_PAIRS`)."""
        for signal, labels in _ALONE.items():
            for label in labels:
                self._cue(label, signal)
        for signal, pairs in _PAIRS.items():
            for first, second, within in pairs:
                found = self.cues.near(first, second, within)
                if found:
                    self.signals.add(signal)
                    self._keep(f"crisis.{first}", [a for a, _ in found])
                    self._keep(f"crisis.{second}", [b for _, b in found])

    def _press(self) -> None:
        pairs = self.cues.near("press.outlet", "press.contact", _OUTLET_WINDOW)
        if pairs:
            self.signals.add("press")
            for outlet, contact in pairs:
                self._keep("crisis.press.outlet", [outlet])
                self._keep("crisis.press.contact", [contact])

    def _virality_count(self) -> None:
        if not self.cues.has("virality.count"):
            return
        for match in _COUNT.finditer(self.text):
            groups = [g for g in match.groups()]
            first = next(i for i in range(0, len(groups), 2) if groups[i])
            number, suffix = groups[first], groups[first + 1]
            if _count(number, suffix) >= VIRAL_COUNT:
                self.signals.add("virality")
                self._keep("crisis.virality", [match.span()])

    def _reporting(self) -> bool:
        reports = [self._cue(label, None) for label in ("impersonation.report", "phishing.report")]
        return any(reports) or bool(self.cues.exact("phishing.word"))

    def _vehicles(self, handles: list[Span]) -> bool:
        """Somewhere to send people that is not the organisation's: foreign link, fake handle, contact."""
        found = False
        if self.foreign_links or self.hidden:
            self._keep("crisis.link", [(link.start, link.end) for link in self.foreign_links])
            self._keep("crisis.link", self.hidden)
            found = True
        if handles:
            found = True
        return self._cue("contact", None) or found

    def _impersonation(self, handles: list[Span]) -> None:
        domains = [(link.start, link.end) for link in self.foreign_links if _imitates(link.domain, self.org)]
        domains += [
            span
            for span in self.hidden
            if _imitates(self.text[span[0] : span[1]], self.org) and not self._official_hidden(span)
        ]
        if domains:
            self._keep("crisis.impersonation.domain", domains)
        claimed = bool(self.cues.exact("impersonation.claim")) and (
            self._vehicles(handles) or bool(self.cues.exact("phishing.secret") and self.cues.exact("phishing.demand"))
        )
        if claimed:
            self._cue("impersonation.claim", None)
        if handles or domains or claimed or self.cues.exact("impersonation.report"):
            self.signals.add("impersonation")

    def _fake_handles(self) -> list[Span]:
        """@handles imitating the organisation's, and account names written like handles without the
        "@" ("signalez le compte maisonlumiere.soldes")."""
        text = self.text
        if not self.org.cores:
            return []
        # Cheap tests first: an @handle has its "@", a bare one two letters joined by "." or "_".
        handles = "@" in text
        bare = ("." in text or "_" in text) and _JOINED.search(text) is not None
        if not (handles or bare):
            return []
        other_cues = any(
            self.cues.exact(label)
            for label in ("impersonation.report", "impersonation.claim", "phishing.secret", "phishing.lure", "contact")
        )
        found: list[Span] = []
        for match in HANDLE.finditer(text) if handles else ():
            if _fake_handle(match[1], self.org, other_cues):
                found.append(match.span())
        if bare:
            for match in _BARE_HANDLE.finditer(text):
                inside_link = any(link.start <= match.start() < link.end for link in self.links)
                if not inside_link and _fake_handle(match[0], self.org, other_cues):
                    found.append(match.span())
        self._keep("crisis.impersonation.handle", found)
        return found

    def _official_hidden(self, span: Span) -> bool:
        """A defanged link to one of the organisation's own sites ("maisonlumiere[.]fr")."""
        token = self.text[span[0] : span[1]]
        for defanged, plain in (("[.]", "."), ("(.)", "."), ("[dot]", "."), ("(dot)", "."), ("hxxp", "http")):
            token = token.replace(defanged, plain)
        return any(_official(link, self.org.domains) for link in find_links(token))

    def _fake_names(self) -> list[Span]:
        """The organisation's name plus a service word, written as an account's name, next to an
        account or platform word ("le compte « Maison Lumière Soldes » sur TikTok")."""
        if not self.org.names:
            return []
        words = self.cues.normalised.split(" ")
        if _account_words().isdisjoint(words):
            return []
        padded = f" {self.cues.normalised} "
        found: list[Span] = []
        for name in self.org.names:
            start = padded.find(f" {name} ")
            while start >= 0:
                # The service word may follow a country ("Maison Lumière France Promo").
                after = padded[start + len(name) + 2 :].split(" ", 2)[:2]
                hit = 0 if after and after[0] in _service_words() else None
                if hit is None and len(after) == 2 and after[0] in _country_words() and after[1] in _service_words():
                    hit = 1
                if hit is not None and not self._in_handle(start):
                    end = start + len(name) + 1 + len(" ".join(after[: hit + 1]))
                    found.append(normalise_with_offsets(self.text).to_original(start, end))
                start = padded.find(f" {name} ", start + 1)
        self._keep("crisis.impersonation.name", found)
        return found

    def _in_handle(self, start: int) -> bool:
        """Is the name found at `start` of the normalised text written as an @handle?"""
        begin, _ = normalise_with_offsets(self.text).to_original(start, start + 1)
        return begin > 0 and self.text[begin - 1] == "@"

    def _phishing(self, handles: list[Span]) -> None:
        """A report of phishing, or a phishing attempt *in the organisation's name*: one that does not
        use the brand (a parcel lure, a prize) is spam, not an impersonation (`imitation_attempt`)."""
        if self.cues.exact("phishing.word"):
            self._cue("phishing.word", "phishing")
        secret = bool(self.cues.exact("phishing.secret"))
        lure = bool(self.cues.exact("phishing.lure"))
        if not (secret or lure):
            return
        reported = bool(self.cues.exact("phishing.report") or self.cues.exact("impersonation.report"))
        attack = self.attempt(handles)
        if reported or (attack and ("impersonation" in self.signals or self._names_the_organisation())):
            self.signals.add("phishing")
            if not reported:
                self.signals.add("impersonation")  # a phishing post in the brand's name
            for label in ("phishing.secret", "phishing.lure", "phishing.demand"):
                self._cue(label, None)

    def attempt(self, handles: list[Span]) -> bool:
        """A request for a secret with a demand or somewhere to send it, or a lure with somewhere to
        go or a small fee to pay."""
        secret = bool(self.cues.exact("phishing.secret"))
        lure = bool(self.cues.exact("phishing.lure"))
        if not (secret or lure):
            return False
        demand = bool(self.cues.exact("phishing.demand"))
        vehicle = self._vehicles(handles)
        if lure and not vehicle:
            # A parcel or customs lure that asks for a small fee needs no link to be an attack.
            fees = [match.span() for match in _FEE.finditer(self.text)]
            self._keep("crisis.phishing.fee", fees)
            vehicle = bool(fees)
        return (secret and (demand or vehicle)) or (lure and vehicle)

    def _names_the_organisation(self) -> bool:
        padded = f" {self.cues.normalised} "
        if any(f" {name} " in padded for name in self.org.names):
            return True
        read = _skeleton(self.cues.normalised)
        return any(core in read for core in self.org.cores)

    def _reason(self, reported: frozenset[str], findings: tuple[Finding, ...]) -> str:
        parts = []
        for signal in CRISIS_SIGNALS:
            if signal not in self.signals:
                continue
            said = next((f.text_in(self.text) for f in findings if f.label.startswith(f"crisis.{signal}")), "")
            name = _NAMES[signal]
            if signal in reported:
                name = f"reported {name}"
            parts.append(f"{name} (`{said}`)" if said else name)
        return "Crisis signal: " + ", ".join(parts)


def _telling(label: str) -> bool:
    return label in _TELLING or label.startswith("virality.count.")


def _count(number: str, suffix: str | None) -> float:
    """ "12 000" → 12000, "5k" → 5000, "2,3M" → 2300000."""
    if suffix:
        return float(number.replace(" ", "").replace("\u202f", "").replace(",", ".")) * (
            1e3 if suffix.lower() == "k" else 1e6
        )
    return float(re.sub(r"\D", "", number))


@cache
def _service_words() -> frozenset[str]:
    """Words a fake account adds to the organisation's name (`data/crisis/handles.txt`)."""
    return _handle_words("service_words")


@cache
def _service_skeletons() -> frozenset[str]:
    return frozenset(_skeleton(word) for word in _service_words())


@cache
def _country_words() -> frozenset[str]:
    """Countries and languages an official account's name may carry (`data/crisis/handles.txt`)."""
    return _handle_words("country_words")


@cache
def _account_words() -> frozenset[str]:
    """Words that make a look-alike name an account's name (`data/crisis/handles.txt`)."""
    return _handle_words("account_words")


def _handle_words(section: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in read_sections(DATA_DIR / "crisis" / "handles.txt")[section])


def _official(link: Link, domains: tuple[str, ...]) -> bool:
    return any(domain_matches(link.domain, domain) for domain in domains)


def _skeleton(text: str) -> str:
    """How a handle or a domain reads to a hurried eye: normalised, without spaces, dots or dashes,
    and with the letters that pass for one another made one ("MaisonIumiere", "maisonlumiere" and
    "rnaisonlumiere" all read "malsonlumlere"). Only ever compared with other skeletons."""
    return normalise(text).replace(" ", "").replace("rn", "m").replace("vv", "w").replace("i", "l")


def _imitates(domain: str, org: _Organisation) -> bool:
    """A foreign domain that carries the organisation's name, as written or as it looks
    ("maisonlumiere-rembourse.com", "maisonIumiere.fr-verif.com"), one letter off
    ("maisonlumierre.com"), or shortened next to a service word ("mlumiere-livraison.net")."""
    host_text = domain.rsplit(".", 1)[0]
    host = _skeleton(host_text)
    if any(core in host for core in org.cores):
        return True
    if any(_near_inside(core, host) for core in org.cores if len(core) >= _TYPO_LENGTH):
        return True
    words = set(normalise(host_text).split(" "))
    return bool(words & _service_words()) and any(short in host for short in org.short_cores)


_TYPO_LENGTH: Final = 8
"""Letters a name needs before one letter off still reads as that name ("lumiere" → many words)."""


def _near_inside(core: str, host: str) -> bool:
    """`core` inside `host` with one letter added, dropped or changed."""
    size = len(core)
    return any(
        _close(host[start : start + width], core, 1)
        for width in (size - 1, size, size + 1)
        for start in range(max(0, len(host) - width + 1))
    )


def _fake_handle(handle: str, org: _Organisation, other_cues: bool) -> bool:
    bare = handle.casefold().rstrip(".")
    if bare in org.handles:
        return False
    core = _skeleton(bare)
    if not core:
        return False
    # Written differently but read the same, or one or two letters off: a typo-squatted handle. Only
    # against declared handles: a handle equal to the *name* may well be the real account.
    if any(core == official or _close(core, official) for official in org.handle_cores if len(official) >= 6):
        return True
    words = set(normalise(bare.replace("_", " ").replace(".", " ")).split())
    service = bool(words & _service_words())
    for official in org.cores:
        # "@MaisonLumiereHelp": what the name is glued to is read as a skeleton too.
        glued = core.replace(official, "", 1)
        if official in core and core != official and (other_cues or service or glued in _service_skeletons()):
            return True
    return service and any(short in core for short in org.short_cores)


# An account name written without its "@": words joined by dots or underscores ("maisonlumiere.soldes").
_BARE_HANDLE: Final = re.compile(r"(?<![\w@/.:-])[^\W_]+(?:[._][^\W_]+)+(?![\w@])")
# What every bare handle holds (and few texts do: a "." ends a sentence).
_JOINED: Final = re.compile(r"[^\W_][._][^\W_]")


def imitation_attempt(
    text: str, *, lang: str, links: tuple[Link, ...], official_domains: tuple[str, ...] = ()
) -> tuple[Finding, ...]:
    """What makes `text` an attack whoever it imitates, for the spam analysis: links to look-alikes of
    `official_domains` (`crisis.impersonation.domain`), or a phishing attempt (a parcel lure with a
    link, "send us the code you received": `crisis.phishing.*`); () when there is none, or when the
    text *reports* one ("there's a fake site maisonlumiere-outlet.shop").
    """
    lex = lexicon("crisis", languages(lang, every=True), _TRIGGERS)
    org = _organisation((), (), official_domains)
    foreign = [link for link in links if not _official(link, official_domains)]
    lookalikes = [link for link in foreign if org.cores and _imitates(link.domain, org)]
    if not lookalikes and not lex.admits(text):
        return ()
    cues = lex.find(text)
    if cues.exact("phishing.report") or cues.exact("impersonation.report") or cues.exact("phishing.word"):
        return ()
    if lookalikes:
        return tuple(Finding("crisis.impersonation.domain", link.start, link.end) for link in lookalikes)
    reading = _Reading(text, cues, org, links)
    if not reading.attempt([]):
        return ()
    for label in ("phishing.secret", "phishing.lure", "phishing.demand"):
        reading._cue(label, None)
    return tuple(sorted(reading.findings, key=lambda f: (f.start, f.end, f.label)))


def _close(a: str, b: str, limit: int = 2) -> bool:
    """Levenshtein distance of at most `limit` (short strings: handles)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
