"""Analysis stage: what the author of a message wants (`intent.*`) — the CM's first triage.

Kinds, in the order they win when a message mixes them:

- `complaint` — about a delivery, a refund, a product's quality, its price or the service, however
  harsh, profane or sarcastic ("c'est de la merde votre truc", "merci pour le colis arrivé en miettes,
  bravo 👏"), or something that did not happen to what the organisation sells or does ("le bon de
  livraison n'a jamais été signé", "my order still hasn't shipped"). Criticism of products and
  services is lawful (Cass. 1re civ. 20 Sept 2012, LEGAL.md §1.2) and gets an answer. Praise words
  next to a complaint are read as sarcasm (`intent.sarcasm`); some phrases are sarcastic on their own
  ("merci pour rien", "thanks for nothing", "🙃");
- `request` — something the author wants done: help, a call back, a cancellation, an exchange. A
  bare request form ("pouvez-vous", "please", "svp") only makes a request when no question cue is
  there ("pouvez-vous me dire si vous l'avez en 38 ?" is a question);
- `question` — opening hours, stock, sizes, delivery; interrogative words count only in a message
  with a question mark ("quand je suis arrivé…" is no question);
- `praise` — thanks, compliments, recommendations ("pas déçue du tout" included);
- when none of these is said outright, everyday words of satisfaction and dissatisfaction ("lent",
  "gentil", "flimsy", "helpful") decide between a complaint and praise; "pas" right before one
  cancels it;
- `chatter` — users talking to each other ("@léa regarde ça", "mdr", "first!", emoji only, "les
  commentaires sous ce post…" when nothing of ours is named), friends tagged and nothing else;
- `none` — nothing of the above.

`confidence` grows with the number of cues of the winning kind and drops with cues of rival kinds.
Words are read in the message's language (`lang`; both French and English for any other value).
Cost: `Cost.SCAN` — the raw-text gate, then one automaton pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from policy.analyzers.base import Finding
from policy.analyzers.cues import HANDLE, Cues, Span, languages, lexicon

__all__ = ["INTENT_KINDS", "Intent", "IntentKind", "classify_intent"]

IntentKind = Literal["complaint", "question", "praise", "request", "chatter", "none"]
INTENT_KINDS: Final[tuple[IntentKind, ...]] = ("complaint", "request", "question", "praise", "chatter", "none")

_COMPLAINTS: Final = (
    "complaint.delivery",
    "complaint.refund",
    "complaint.quality",
    "complaint.price",
    "complaint.service",
    "complaint.tone",
)
_TRIGGERS: Final = (
    *_COMPLAINTS,
    "complaint.negation",
    "complaint.word",
    "complaint.denial",
    "praise.word",
    "praise.denial",
    "sarcasm",
    "praise",
    "praise.thanks",
    "request",
    "request.modal",
    "request.polite",
    "question",
    "question.if_mark",
    "chatter",
    "chatter.meta",
    "chatter.laugh",
    "chatter.first",
    "chatter.friend",
)
# A praise word trailing off ("Génial…", "Bravo pour le nouveau site… il faut 12 clics") then more
# words: said through gritted teeth.
_TRAILING_OFF: Final = re.compile(r"[^.!?…\n]{0,60}?(?:…|\.\.\.+)\s*\w")
_TOPICS: Final = {
    "complaint.delivery": "delivery",
    "complaint.refund": "refund",
    "complaint.quality": "quality",
    "complaint.price": "price",
    "complaint.service": "service",
}


@dataclass(frozen=True, slots=True)
class Intent:
    """The intent of one message: `kind`, the cues behind it, one sentence for a CM, a confidence in [0, 1].

    Findings: `intent.complaint.<topic>` (delivery, refund, quality, service), `intent.sarcasm`,
    `intent.request`, `intent.question`, `intent.praise`, `intent.chatter`.
    """

    kind: IntentKind
    findings: tuple[Finding, ...]
    reason: str
    confidence: float


def classify_intent(text: str, *, lang: str) -> Intent:
    """The intent of `text` (see the module docstring for the kinds and their order)."""
    if not text.strip():
        return Intent("none", (), "empty message", 1.0)
    lex = lexicon("intent", languages(lang), _TRIGGERS)
    if not lex.admits(text):
        return _no_cue(text)
    # Without a cue, `_Reading.intent` comes to `_no_cue` too; it asks for the spans it needs only.
    return _Reading(text, lex.find(text)).intent()


_RACE_WORDS: Final = 3
"""Words up to which "first" / "premier" is the race to comment."""


def _no_cue(text: str) -> Intent:
    if _emoji_only(text):
        # Emoji and punctuation only: a reaction between users, nothing to answer.
        return Intent("chatter", (Finding("intent.chatter", 0, len(text)),), "Chatter: emoji only", 0.6)
    if "?" in text and len(text.split()) >= 2:
        return Intent("question", (), "Question: a question mark without a known topic", 0.35)
    if _tags_only(text):
        # "@lea_b @tom_r": friends tagged under a post, nothing said to anyone else.
        return Intent("chatter", (Finding("intent.chatter", 0, len(text)),), "Chatter: tags only", 0.6)
    return Intent("none", (), "no customer intent", 0.6)


class _Reading:
    def __init__(self, text: str, cues: Cues) -> None:
        self.text = text
        self.cues = cues

    def spans(self, *labels: str) -> list[tuple[str, Span]]:
        return [(label, span) for label in labels for span in self.cues.exact(label)]

    def intent(self) -> Intent:
        # Spans are worked out when first asked for (`Cues.exact`): each is asked for where it is
        # first needed, so a complaint does not pay for the chatter and request cues.
        text, asks = self.text, "?" in self.text
        if _emoji_only(text):
            return _no_cue(text)  # a reaction, even a heart: users between themselves
        addressed = bool(HANDLE.search(text))
        complaint = self.spans(*_COMPLAINTS) + [
            ("complaint.service", negation)
            for negation, _ in self.cues.near("complaint.negation", "complaint.topic", 6)
        ]
        praise = self.spans("praise", "praise.thanks")
        sarcasm = self.spans("sarcasm") + [
            ("sarcasm", span) for _, span in self.spans("praise") if _TRAILING_OFF.match(text, span[1])
        ]
        action = self.spans("request")
        question = self.spans("question") + (self.spans("question.if_mark") if asks else [])
        laughs = self.spans("chatter.laugh")
        if laughs and self._about_our_content() and not addressed:
            # "mort de rire avec votre pub": a laugh at what the organisation posted is a compliment.
            praise = praise + [("praise", span) for _, span in laughs]
            laughs = []

        tone_only = {label for label, _ in complaint} == {"complaint.tone"}
        swearing: list[tuple[str, Span]] = []
        meta = self.spans("chatter.meta")
        if meta and not addressed and not self._ours():
            # "les commentaires racistes sous ce post sont à vomir": users answering users.
            return self._make("chatter", meta, [], len(complaint) + len(sarcasm))
        if tone_only and not sarcasm and not addressed and not self._ours():
            # Swearing or an eye-roll at the day, at nothing of ours: untargeted profanity (LEGAL.md
            # §2.5) is no complaint.
            swearing, complaint = complaint, []
        if complaint or sarcasm:
            # Praise next to a complaint says the opposite of what it says: sarcasm.
            ironic = sarcasm + [
                ("sarcasm", span) for _, span in praise if complaint and not any(_overlap(span, s) for _, s in sarcasm)
            ]
            rivals = len(action) + len(question)
            return self._make("complaint", complaint, ironic, rivals)
        polite = self.spans("request.modal", "request.polite")
        if action:
            return self._make("request", action + polite, [], len(question))
        race = self.spans("chatter.first") if len(text.split()) <= _RACE_WORDS else []
        chatter = self.spans("chatter") + race + laughs + (self.spans("chatter.friend") if addressed else [])
        if chatter and addressed:
            # "@Kevin t'as vu le match hier ?": a question, but to a friend.
            return self._make("chatter", chatter, [], len(question) + len(praise))
        if question:
            return self._make("question", question, [], len(polite) + len(praise))
        if polite:
            return self._make("request", polite, [], len(praise))
        if chatter and not praise:
            return self._make("chatter", chatter, [], len(praise))
        if praise and asks:
            # "Super produit ! Vous l'avez en bleu ?": the question is what needs an answer.
            mark = text.rindex("?")
            return self._make("question", [("question", (mark, mark + 1))], [], len(praise))
        if praise:
            return self._make("praise", praise, [], len(chatter))
        # Nothing strong: everyday words of (dis)satisfaction decide, dissatisfaction on a tie
        # ("livraison lente mais vendeur gentil" deserves the apology).
        unhappy = self.spans("complaint.word", "complaint.denial")
        happy = self.spans("praise.word", "praise.denial")
        if unhappy and len(unhappy) >= len(happy):
            return self._make("complaint", unhappy, [], len(happy))
        if happy:
            return self._make("praise", happy, [], len(unhappy))
        if swearing:
            return self._make("chatter", swearing, [], 0)  # ignored, as §2.5 says
        return _no_cue(text)

    def _ours(self) -> bool:
        """Is something of the organisation's named (its content, or a topic of complaint)?"""
        return bool(self.spans("address") or self.spans("complaint.topic"))

    def _about_our_content(self) -> bool:
        return bool(self.spans("address"))

    def _make(
        self, kind: IntentKind, cues: list[tuple[str, Span]], ironic: list[tuple[str, Span]], rivals: int
    ) -> Intent:
        found = {_finding(label, span) for label, span in cues}
        found |= {Finding("intent.sarcasm", *span) for _, span in ironic}
        findings = tuple(sorted(found, key=lambda f: (f.start, f.end, f.label)))
        strength = len({span for _, span in cues}) + 2 * len(ironic)
        confidence = min(0.95, max(0.3, 0.5 + 0.15 * min(strength, 3) - 0.1 * min(rivals, 2)))
        return Intent(kind, findings, self._reason(kind, cues, ironic), round(confidence, 2))

    def _reason(self, kind: IntentKind, cues: list[tuple[str, Span]], ironic: list[tuple[str, Span]]) -> str:
        def said(span: Span) -> str:
            return f"`{self.text[span[0] : span[1]]}`"

        first = min(cues, key=lambda c: c[1], default=None)
        if kind == "complaint":
            topics = sorted({_TOPICS[label] for label, _ in cues if label in _TOPICS})
            what = "Complaint" + (f" about {' and '.join(topics)}" if topics else "")
            if first is not None:
                what += f" ({said(first[1])})"
            if ironic:
                what += f", sarcastic {said(min(span for _, span in ironic))}"
            return what
        names = {"request": "Request", "question": "Question", "praise": "Praise", "chatter": "Chatter"}
        return names.get(kind, "No customer intent") + (f" ({said(first[1])})" if first else "")


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _finding(label: str, span: Span) -> Finding:
    # The request and question sub-labels only steer the decision; evidence shows the kind.
    base = label.split(".")[0] if not label.startswith("complaint.") else label
    return Finding(f"intent.{base}", *span)


_WORD_CHARACTER: Final = re.compile(r"[^\W_]")


def _tags_only(text: str) -> bool:
    return "@" in text and _WORD_CHARACTER.search(HANDLE.sub(" ", text)) is None


def _emoji_only(text: str) -> bool:
    return _WORD_CHARACTER.search(text) is None and bool(text.strip())
