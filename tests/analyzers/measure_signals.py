"""Precision and recall of the crisis, legal-request, spam and intent analyzers on the labelled corpus.

    python tests/analyzers/measure_signals.py [-v] [FILE.jsonl]

A script, not a test: it prints figures, it asserts nothing. The default file is
`tests/corpus/dev.jsonl`, the one analyzers may be tuned on; `holdout.jsonl` is only for reporting
a score once tuning is over (tests/corpus/README.md).

Each analyzer is scored against the corpus categories it feeds (LEGAL.md §2), one message at a time:

| analyzer says                                        | category it predicts |
|------------------------------------------------------|----------------------|
| a crisis signal other than impersonation or phishing | `crisis`             |
| `impersonation`                                      | `impersonation`      |
| a legal request                                      | `legal`              |
| spam or scam, or an impersonation or phishing *attack* (not a report) | `spam` |
| intent complaint, question or request                | `customer_service`   |
| intent praise                                        | `praise`             |
| intent chatter or none                               | `none`               |

Intent is scored on the messages whose categories are only `customer_service`, `praise` or `none`:
elsewhere the corpus names the legal category alone (a formal notice is also a complaint, but is
labelled `legal`), so counting those would only measure the labelling convention.

Crisis recall is also given per sub-type tag. Some labels depend on more than the text (an author
with 100,000 followers makes a complaint viral): those misses are the engine's to catch, with a rule
on `author.followers`, and are counted here all the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy.analyzers.crisis import find_crisis
from policy.analyzers.intent import classify_intent
from policy.analyzers.legal_requests import find_legal_requests
from policy.analyzers.spam import find_spam

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# The organisation of the corpus (tests/corpus/README.md).
ORGANISATION: dict[str, tuple[str, ...]] = {
    "organisation_names": ("Maison Lumière",),
    "organisation_handles": ("@MaisonLumiere",),
    "official_domains": ("maisonlumiere.fr",),
}
CRISIS_TAGS = ("product_safety", "injury", "health_risk", "store_incident", "self_harm", "press", "boycott", "virality")


INTENT_ONLY = frozenset({"customer_service", "praise", "none"})


def _predict(record: dict[str, Any]) -> set[str]:
    text, lang = record["text"], record["lang"]
    crisis = find_crisis(text, lang=lang, **ORGANISATION)
    predicted: set[str] = set()
    if crisis.signals - {"impersonation", "phishing"}:
        predicted.add("crisis")
    if "impersonation" in crisis.signals:
        predicted.add("impersonation")
    if find_legal_requests(text, lang=lang).found:
        predicted.add("legal")
    if find_spam(text, lang=lang, official_domains=ORGANISATION["official_domains"]).found or crisis.attacks:
        predicted.add("spam")
    intent = classify_intent(text, lang=lang).kind
    if intent in ("complaint", "question", "request"):
        predicted.add("customer_service")
    elif intent == "praise":
        predicted.add("praise")
    else:
        predicted.add("none")
    return predicted


@dataclass
class _Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        return (
            f"{name:<17} precision {precision:6.1%}  recall {recall:6.1%}   "
            f"(tp {self.tp:3}, fp {self.fp:3}, fn {self.fn:3})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=CORPUS / "dev.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in args.file.read_text("utf-8").splitlines() if line.strip()]

    categories = ("crisis", "impersonation", "legal", "spam")
    intents = ("customer_service", "praise", "none")
    scores = {category: _Score() for category in (*categories, *intents)}
    intent_messages = 0
    by_tag = {tag: _Score() for tag in CRISIS_TAGS}
    for record in records:
        expected = set(record["expect"]["categories"])
        predicted = _predict(record)
        shown = f"{record['id']}: {record['text'][:110]!r} → {sorted(predicted)}"
        for category in categories:
            _count(scores[category], category in expected, category in predicted, shown)
        if expected <= INTENT_ONLY:
            intent_messages += 1
            for category in intents:
                _count(scores[category], category in expected, category in predicted, shown)
        if "crisis" in expected:
            for tag in CRISIS_TAGS:
                if tag in record.get("tags", ()):
                    _count(by_tag[tag], True, "crisis" in predicted, shown)

    print(f"{args.file} — {len(records)} messages")
    for category in categories:
        print(scores[category].line(category))
    print(f"intent, on the {intent_messages} messages labelled only customer_service, praise or none:")
    for category in intents:
        print("  " + scores[category].line(category))
    print("crisis recall by sub-type:")
    for tag in CRISIS_TAGS:
        print("  " + by_tag[tag].line(tag))
    if args.verbose:
        for category in (*categories, *intents):
            _list(f"{category}: misses", scores[category].misses)
            _list(f"{category}: false alarms", scores[category].false_alarms)
    return 0


def _count(score: _Score, expected: bool, predicted: bool, shown: str) -> None:
    if expected and predicted:
        score.tp += 1
    elif predicted:
        score.fp += 1
        score.false_alarms.append(shown)
    elif expected:
        score.fn += 1
        score.misses.append(shown)


def _list(title: str, lines: list[str], out: Callable[[str], None] = print) -> None:
    if lines:
        out(f"\n{title}")
        for line in lines:
            out(f"  {line}")


if __name__ == "__main__":
    sys.exit(main())
