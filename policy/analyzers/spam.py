"""Analysis stage: spam and scams in a message (`spam.*`); LEGAL.md §2.2 removes both.

A **scam** tries to take money or data from the reader:

- an investment pitch: a crypto/forex/trading asset with a promise ("rendement garanti", "passive
  income"), an amount per period ("500€/day", "20% par mois") or a private contact;
- a promise of earnings ("gagnez 200 euros par jour depuis chez vous") with a contact or a link;
- a prize or giveaway lure ("gagnez un iPhone", "you've won a gift card") with a link or contact;
- a fund-recovery pitch ("a recovery expert helped me recover my funds, contact him on WhatsApp");
- a clairvoyant or marabout offer ("retour de l'être aimé en 7 jours");
- a phishing attempt, whoever it imitates: a parcel or refund lure with a link or a small fee, a
  request for a code or a card number;
- a link to a look-alike of the organisation's own sites ("maisonIumiere.fr-verif.com").

The last two are read by `policy.analyzers.crisis.imitation_attempt`, which also tells an attack from
a user *reporting* one.

**Spam** is noise that advertises: follow-for-follow, adult spam, promotional links (the same foreign
site twice, three foreign links, two with promotional words, one with a discount: "-70 %"), a link
shortener with a money word, a lure to the author's profile ("lien dans mon profil" + "gratos"), a
messaging-app contact pitch ("contactez-moi sur WhatsApp au +33…"), a bare giveaway shout.

Links hidden from link finders count as links: defanged ("hxxps://site[.]com") or spaced out so that
only the normaliser glues them back ("b i t . l y", "h t t p s : / /"); see `cues.hidden_links`.

Not spam: a customer's link to the photo of a broken product (image and video hosts are never
counted), a link to the organisation's own site (`official_domains`), a question about paying in
bitcoin, a request to be contacted in DM.

Words are read in the message's language (`lang`; "fr" and "en", both for any other value): spam
words are ordinary words elsewhere ("sale" is dirty in French, a promotion in English). Cost:
`Cost.PATTERNS` — the raw-text gate, one automaton pass and the link finder.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

from policy.analyzers.abuse import read_sections
from policy.analyzers.base import Finding
from policy.analyzers.crisis import imitation_attempt
from policy.analyzers.cues import DATA_DIR, Cues, Span, hidden_links, languages, lexicon, may_hide_links
from policy.text.links import Link, domain_matches, find_links
from policy.text.normalise import normalise

__all__ = ["SpamKind", "SpamResult", "find_spam"]

SpamKind = Literal["spam", "scam"]

# Labels that can start a spam or scam reading; promotional and money words only count with links.
_TRIGGERS: Final = (
    "loan",
    "replica",
    "asset",
    "pitch",
    "giveaway",
    "recovery",
    "follow",
    "adult",
    "adult.weak",
    "contact",
    "contact.pitch",
    "link.word",
    "psychic",
    "profile",
)
_AMOUNT = r"\d[\d  .,]*"
_CURRENCY = r"(?:€|euros?|eur|\$|usd|dollars?|£|gbp|k€|k\$|k)"
_PERIOD = r"(?:jour|jours|day|days|semaine|week|mois|month|heure|hour|hr|h|j|an|year)"
# "this week", "en une semaine", "in 3 days": a sum made in a short time is a promise too.
_SPAN = r"(?:this|in a|in one|last|in \d+|cette|en une|en un|en \d+|la semaine|le mois)\s*(?:dernière\s+)?"
# "500€/day", "3000€ par semaine", "$2,000 weekly", "20% par mois", "200 euros par jour"
_EARNINGS: Final = re.compile(
    rf"(?:{_AMOUNT}\s*{_CURRENCY}|[€$£]\s*{_AMOUNT}|\d+(?:[.,]\d+)?\s*%)\s*"
    rf"(?:(?:/|par|per|a|an|each|every|chaque|tous les|toutes les)\s*{_PERIOD}\b|daily|weekly|monthly|hebdo\w*"
    rf"|mensuel\w*|quotidien\w*|journalier\w*"
    rf"|{_SPAN}{_PERIOD}s?\b)",
    re.IGNORECASE,
)
# "-70 %", "90% off", "50 % de réduction": a discount, promotion's surest sign.
_DISCOUNT: Final = re.compile(r"-\s?\d{1,2}\s?%|\d{1,2}\s?%\s*(?:off|de (?:réduction|remise)|sur tout)", re.IGNORECASE)
# "x50", "x 100": the multiplier of a pump-and-dump pitch.
_MULTIPLIER: Final = re.compile(r"(?<![\w])x\s?\d{1,4}(?![\w,.])", re.IGNORECASE)
_MONEY: Final = re.compile(r"[€$£]|\d\s?(?:eur|euros?|gbp|usd)\b", re.IGNORECASE)
# "30 balles", "5€", "$20": an asking price.
_PRICE: Final = re.compile(rf"(?:{_AMOUNT}\s*(?:{_CURRENCY}|balles)(?!\w)|[€$£]\s*\d)", re.IGNORECASE)
_PHONE: Final = re.compile(r"(?<!\w)\+?\d[\d .-]{7,}\d(?!\w)")

_REASONS: Final = {
    "investment": "investment pitch",
    "earnings": "promise of earnings",
    "giveaway": "prize or giveaway lure",
    "recovery": "fund-recovery pitch",
    "follow": "follow-for-follow",
    "adult": "adult spam",
    "links": "repeated promotional links",
    "shortener": "link shortener with a money lure",
    "contact": "messaging-app contact pitch",
    "psychic": "clairvoyant or marabout offer",
    "profile": "lure to the author's profile",
    "shout": "giveaway shout",
    "loan": "loan or credit offer",
    "replica": "counterfeit goods",
    "sale": "goods sold through a private contact",
    "phishing": "phishing attempt",
    "lookalike": "link to a look-alike of the organisation's site",
}


@dataclass(frozen=True, slots=True)
class SpamResult:
    """Spam or scam in one message.

    `kind` is "scam" (money or data taken from the reader), "spam" (advertising noise) or None;
    `findings` are `spam.*` spans of the original text; `reason` is one sentence for a CM.
    """

    kind: SpamKind | None
    findings: tuple[Finding, ...]
    reason: str

    @property
    def found(self) -> bool:
        return self.kind is not None


_NOTHING: Final = SpamResult(None, (), "no spam")


@dataclass(frozen=True, slots=True)
class _Hosts:
    shorteners: tuple[str, ...]
    messaging: tuple[str, ...]
    evidence: tuple[str, ...]


@cache
def _hosts() -> _Hosts:
    sections = read_sections(DATA_DIR / "spam" / "hosts.txt")
    return _Hosts(sections["shorteners"], sections["messaging"], sections["evidence"])


@cache
def _shortener_words() -> frozenset[str]:
    """The shorteners' names as a spaced-out "b i t . l y" reads once squeezed: computed once, not per message."""
    return frozenset(_squeezed(host.split(".")[0]) for host in _hosts().shorteners)


def _any(domain: str, hosts: tuple[str, ...]) -> bool:
    return any(domain_matches(domain, host) for host in hosts)


def find_spam(
    text: str,
    *,
    lang: str,
    links: tuple[Link, ...] | None = None,
    official_domains: tuple[str, ...] = (),
) -> SpamResult:
    """Spam or scam in `text`. `links` are the message's links when already found (`find_links`);
    links to `official_domains` (the organisation's sites) are never promotional."""
    lex = lexicon("spam", languages(lang), _TRIGGERS)
    if links is None:
        links = find_links(text) if "." in text or "://" in text else ()
    admitted = lex.admits(text)
    if not links and not admitted and not may_hide_links(text):
        return _NOTHING
    hosts = _hosts()
    foreign = [
        link for link in links if not _any(link.domain, official_domains) and not _any(link.domain, hosts.evidence)
    ]
    messaging = [link for link in foreign if _any(link.domain, hosts.messaging)]
    shorteners: list[Span] = [(link.start, link.end) for link in foreign if _any(link.domain, hosts.shorteners)]
    cues = lex.find(text) if admitted or may_hide_links(text) else None
    hidden: tuple[Span, ...] = ()
    if cues is not None:
        hidden = hidden_links(text, cues.exact("link.word"), links)
        # A spaced-out "b i t . l y" is a shortener too.
        shortener_words = _shortener_words()
        shorteners += [s for s in hidden if _squeezed(text[s[0] : s[1]]) in shortener_words]
    found = _Reading(text, cues, foreign, hidden, messaging, shorteners).result()
    if found.found:
        return found
    # An attack needs somewhere to send the reader or money to take: without a link, a contact or a
    # sum, the second reading (a crisis-lexicon scan) is not worth its cost.
    reachable = foreign or hidden or (cues is not None and cues.has("contact")) or _MONEY.search(text)
    return _scam_by_imitation(text, lang, links, official_domains) if reachable else _NOTHING


def _scam_by_imitation(text: str, lang: str, links: tuple[Link, ...], official_domains: tuple[str, ...]) -> SpamResult:
    """A link to a look-alike of the organisation's sites, or a phishing attempt (see the docstring)."""
    found = imitation_attempt(text, lang=lang, links=links, official_domains=official_domains)
    if not found:
        return _NOTHING
    why = "lookalike" if any(f.label == "crisis.impersonation.domain" for f in found) else "phishing"
    if why == "lookalike":
        found = tuple(f for f in found if f.label == "crisis.impersonation.domain")
    findings = tuple(
        Finding(f"spam.{why}" if why == "lookalike" else f.label.replace("crisis.", "spam."), f.start, f.end)
        for f in found
    )
    return SpamResult("scam", findings, _reason(why, findings[0].text_in(text)))


def _reason(why: str, said: str) -> str:
    return f"Scam: {_REASONS[why]} (`{said}`)"


def _squeezed(text: str) -> str:
    return normalise(text).replace(" ", "")


class _Reading:
    def __init__(
        self,
        text: str,
        cues: Cues | None,
        foreign: list[Link],
        hidden: tuple[Span, ...],
        messaging: list[Link],
        shorteners: list[Span],
    ) -> None:
        self.text = text
        self.cues = cues
        # Links that advertise: every foreign link found, and every link hidden from link finders.
        self.links: list[Span] = [(link.start, link.end) for link in foreign] + list(hidden)
        self.domains = [link.domain for link in foreign] + [normalise(text[a:b]) for a, b in hidden]
        self.messaging = messaging
        self.shorteners = shorteners
        self.findings: set[Finding] = set()

    def has(self, label: str) -> bool:
        return self.cues is not None and bool(self.cues.exact(label))

    def keep(self, *labels: str) -> None:
        for label in labels:
            if self.cues is not None:
                self._spans(f"spam.{label}", self.cues.exact(label))

    def _spans(self, label: str, spans: tuple[Span, ...] | list[Span]) -> None:
        self.findings.update(Finding(label, start, end) for start, end in spans)

    def result(self) -> SpamResult:
        earnings = [m.span() for m in _EARNINGS.finditer(self.text)]
        contact = self.has("contact") or bool(self.messaging)
        # The reader is to get in touch: a messaging app, "écris-moi", the profile, or a number to call.
        reach = contact or self.has("contact.pitch") or self.has("profile") or bool(_PHONE.search(self.text))
        linked = bool(self.links)
        verdict = self._scam(earnings, contact, reach, linked) or self._spam(contact, linked, reach)
        if verdict is None:
            return _NOTHING
        kind, why = verdict
        if earnings:
            self._spans("spam.earnings", earnings)
        if reach:
            self.keep("contact", "contact.pitch")
            self._spans("spam.link", [(link.start, link.end) for link in self.messaging])
        findings = tuple(sorted(self.findings, key=lambda f: (f.start, f.end, f.label)))
        said = findings[0].text_in(self.text) if findings else ""
        reason = f"{kind.capitalize()}: {_REASONS[why]}" + (f" (`{said}`)" if said else "")
        return SpamResult(kind, findings, reason)

    def _scam(self, earnings: list[Span], contact: bool, reach: bool, linked: bool) -> tuple[SpamKind, str] | None:
        multipliers = [m.span() for m in _MULTIPLIER.finditer(self.text)]
        self._spans("spam.pitch", multipliers)
        pitch = self.has("pitch") or bool(multipliers)
        if self.has("asset") and (pitch or earnings or reach):
            self.keep("asset", "pitch")
            return "scam", "investment"
        if (earnings or self._strong_pitch()) and (reach or linked):
            self.keep("pitch")
            self._links()
            return "scam", "earnings"
        if (self.has("giveaway") or self.has("giveaway.prize")) and (linked or reach):
            self.keep("giveaway", "giveaway.prize", "profile")
            self._links()
            return "scam", "giveaway"
        if self.has("recovery") and (reach or linked):
            self.keep("recovery")
            return "scam", "recovery"
        if self.has("psychic"):
            self.keep("psychic")
            return "scam", "psychic"
        if self.has("loan") and (reach or linked or _PHONE.search(self.text)):
            # Credit offered to strangers in a comment, with somewhere to apply: advance-fee fraud.
            self.keep("loan")
            self._links()
            return "scam", "loan"
        return None

    def _strong_pitch(self) -> bool:
        # Without an amount, a pitch needs a money word or a second pitch: "opportunité" alone is a
        # job seeker.
        pitches = self.cues.exact("pitch") if self.cues is not None else ()
        return bool(pitches) and (self.has("money") or len(pitches) >= 2)

    def _spam(self, contact: bool, linked: bool, reach: bool) -> tuple[SpamKind, str] | None:
        if self.has("follow"):
            self.keep("follow")
            return "spam", "follow"
        lured = linked or contact or self.has("promo") or self.has("profile")
        # "my bio" is both a weak adult word and a lure to the profile: it cannot be both halves.
        profile = self.cues.exact("profile") if self.cues is not None else ()
        weak = self.cues.exact("adult.weak") if self.cues is not None else ()
        suggestive = any(not any(p[0] < w[1] and w[0] < p[1] for p in profile) for w in weak)
        if self.has("adult") or (suggestive and lured):
            self.keep("adult", "adult.weak", "promo")
            self._links()
            return "spam", "adult"
        discounts = [m.span() for m in _DISCOUNT.finditer(self.text)]
        promo = self.has("promo") or bool(discounts)
        repeated = max(Counter(self.domains).values(), default=0) >= 2
        if len(self.links) >= 3 or repeated or (len(self.links) >= 2 and promo) or (self.links and discounts):
            self.keep("promo")
            self._spans("spam.promo", discounts)
            self._links()
            return "spam", "links"
        replica = self.has("replica") and (linked or reach)
        if replica or (self.links and len(self.cues.exact("promo") if self.cues else ()) >= 2):
            # Counterfeits with a link or a contact, or one link and two promotional phrases: an ad.
            self.keep("replica", "promo")
            self._links()
            return "spam", "replica" if self.has("replica") else "links"
        if self.has("contact.pitch") and contact and _PRICE.search(self.text):
            # "Air Max à 30 balles, écris-moi sur Telegram": goods sold through a private channel.
            self.keep("contact", "contact.pitch")
            self._spans("spam.price", [m.span() for m in _PRICE.finditer(self.text)])
            return "spam", "sale"
        if self.shorteners and (self.has("money") or promo):
            self.keep("money", "promo")
            self._spans("spam.shortener", self.shorteners)
            return "spam", "shortener"
        if self.has("profile") and (self.has("money") or self.has("pitch") or self.has("giveaway.prize")):
            self.keep("profile", "money", "pitch", "giveaway.prize")
            return "spam", "profile"
        if contact and self.has("contact.pitch") and _PHONE.search(self.text):
            self._spans("spam.phone", [m.span() for m in _PHONE.finditer(self.text)])
            return "spam", "contact"
        if self.has("giveaway"):
            self.keep("giveaway")
            return "spam", "shout"
        return None

    def _links(self) -> None:
        self._spans("spam.link", self.links)
