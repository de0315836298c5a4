"""Precision and recall of the crisis, legal-request, spam and intent analyzers.

    python tests/analyzers/measure_signals.py [-v] [FILE.jsonl]             # a labelled corpus file
    python tests/analyzers/measure_signals.py [-v] signals                 # the generalisation set
    python tests/analyzers/measure_signals.py fresh                        # the fresh batch (report only)

A script, not a test: it prints figures, it asserts nothing.

**Corpus files.** The default file is `tests/corpus/dev.jsonl`, the one analyzers may be tuned on;
`holdout.jsonl` is only for reporting a score once tuning is over (tests/corpus/README.md). Each
analyzer is scored against the corpus categories it feeds (LEGAL.md §2), one message at a time:

| analyzer says                                        | category it predicts |
|------------------------------------------------------|----------------------|
| a crisis signal other than impersonation or phishing | `crisis`             |
| `impersonation` or `phishing` (the charter's `usurpation` rule fires on both) | `impersonation` |
| a legal request                                      | `legal`              |
| spam or scam, or an impersonation or phishing *attack* (not a report) | `spam` |
| intent complaint, question or request                | `customer_service`   |
| intent praise                                        | `praise`             |
| intent chatter or none                               | `none`               |

Intent is scored on the messages whose categories are only `customer_service`, `praise` or `none`:
elsewhere the corpus names the legal category alone (a formal notice is also a complaint, but is
labelled `legal`), so counting those would only measure the labelling convention. Crisis recall is
also given per sub-type tag. Some labels depend on more than the text (an author with 100,000
followers makes a complaint viral): those misses are the engine's to catch, with a rule on
`author.followers`, and are counted here all the same.

**The generalisation set** (`data/signals_generalisation.yaml`, see its header) is scored per signal,
on each half of its hash split: `tune` (analyzers may be tuned on it; `-v` lists its misses) and
`held-out` (figures only, never its misses). The fresh batches (`data/signals_fresh.yaml`) are scored whole, then
the second batch alone (figures only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policy.analyzers.crisis import find_crisis
from policy.analyzers.intent import classify_intent
from policy.analyzers.legal_requests import find_legal_requests
from policy.analyzers.spam import find_spam

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SIGNALS_SET = Path(__file__).resolve().parent / "data" / "signals_generalisation.yaml"
FRESH_SET = Path(__file__).resolve().parent / "data" / "signals_fresh.yaml"
# The organisation of the corpus (tests/corpus/README.md), as rules/main.roe declares it.
ORGANISATION: dict[str, tuple[str, ...]] = {
    "organisation_names": ("Maison Lumière", "MaisonLumiere", "Maison Lumiere"),
    "organisation_handles": ("@MaisonLumiere",),
    "official_domains": ("maisonlumiere.fr",),
}
CRISIS_TAGS = ("product_safety", "injury", "health_risk", "store_incident", "self_harm", "press", "boycott", "virality")
SAFETY = ("product_safety", "injury", "health", "store_incident")
CRISIS = ("self_harm", *SAFETY, "press", "boycott", "virality")
LEGAL = ("formal_notice", "gdpr", "regulator", "class_action", "discrimination", "lawyer")
INTENT_GROUPS = {
    "complaint": "customer_service",
    "question": "customer_service",
    "request": "customer_service",
    "praise": "praise",
    "chatter": "noise",
    "none": "noise",
}

INTENT_ONLY = frozenset({"customer_service", "praise", "none"})


@dataclass(frozen=True)
class Reading:
    """What the four analyzers say about one message, in the vocabulary of the labels."""

    signals: frozenset[str]  # crisis signals, "impersonation", legal kinds, "spam"
    reported: bool  # an impersonation or phishing the author reports
    intent: str


def read(text: str, lang: str) -> Reading:
    crisis = find_crisis(text, lang=lang, **ORGANISATION)
    signals = set(crisis.signals - {"impersonation", "phishing"})
    if crisis.signals & {"impersonation", "phishing"}:
        signals.add("impersonation")
    signals |= find_legal_requests(text, lang=lang).kinds
    if find_spam(text, lang=lang, official_domains=ORGANISATION["official_domains"]).found or crisis.attacks:
        signals.add("spam")
    return Reading(frozenset(signals), bool(crisis.reported), classify_intent(text, lang=lang).kind)


def half(text: str) -> str:
    """The generalisation set's split: `tune` when sha256(text)'s first byte is even, else `held-out`."""
    return "tune" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


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

    def count(self, expected: bool, predicted: bool, shown: str) -> None:
        if expected and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.false_alarms.append(shown)
        elif expected:
            self.fn += 1
            self.misses.append(shown)


# ---------------------------------------------------------------------------------------------- corpus


def _corpus_categories(reading: Reading) -> set[str]:
    predicted: set[str] = set()
    if reading.signals & set(CRISIS):
        predicted.add("crisis")
    if "impersonation" in reading.signals:
        predicted.add("impersonation")
    if reading.signals & set(LEGAL):
        predicted.add("legal")
    if "spam" in reading.signals:
        predicted.add("spam")
    group = INTENT_GROUPS[reading.intent]
    predicted.add("none" if group == "noise" else group)
    return predicted


def corpus(path: Path, verbose: bool) -> None:
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    categories = ("crisis", "impersonation", "legal", "spam")
    intents = ("customer_service", "praise", "none")
    scores = {category: _Score() for category in (*categories, *intents)}
    intent_messages = 0
    by_tag = {tag: _Score() for tag in CRISIS_TAGS}
    for record in records:
        expected = set(record["expect"]["categories"])
        predicted = _corpus_categories(read(record["text"], record["lang"]))
        shown = f"{record['id']}: {record['text'][:110]!r} → {sorted(predicted)}"
        for category in categories:
            scores[category].count(category in expected, category in predicted, shown)
        if expected <= INTENT_ONLY:
            intent_messages += 1
            for category in intents:
                scores[category].count(category in expected, category in predicted, shown)
        if "crisis" in expected:
            for tag in CRISIS_TAGS:
                if tag in record.get("tags", ()):
                    by_tag[tag].count(True, "crisis" in predicted, shown)

    print(f"{path} — {len(records)} messages")
    for category in categories:
        print(scores[category].line(category))
    print(f"intent, on the {intent_messages} messages labelled only customer_service, praise or none:")
    for category in intents:
        print("  " + scores[category].line(category))
    print("crisis recall by sub-type:")
    for tag in CRISIS_TAGS:
        print("  " + by_tag[tag].line(tag))
    if verbose:
        for category in (*categories, *intents):
            _list(f"{category}: misses", scores[category].misses)
            _list(f"{category}: false alarms", scores[category].false_alarms)


# ----------------------------------------------------------------------------------- generalisation set


def _families(signals: Iterable[str]) -> set[str]:
    """The signals plus the families the report also scores (any safety signal, any crisis, any legal)."""
    out = set(signals)
    if out & set(SAFETY):
        out.add("safety (any)")
    if out & set(CRISIS):
        out.add("crisis (any)")
    if out & set(LEGAL):
        out.add("legal (any)")
    return out


def generalisation(path: Path, verbose: bool, *, split: bool = True, batch: int | None = None) -> None:
    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text("utf-8"))
    if batch is not None:
        cases = [case for case in cases if case.get("batch") == batch]
    rows = (*CRISIS, "safety (any)", "crisis (any)", "impersonation", *LEGAL, "legal (any)", "spam")
    groups = ("customer_service", "praise", "noise")
    for part in ("tune", "held-out") if split else ("whole",):
        chosen = [case for case in cases if not split or half(case["text"]) == part]
        scores = {row: _Score() for row in (*rows, *groups)}
        reported = [0, 0]  # right, judged
        kinds = [0, 0]
        intents = 0
        ignored = _Score()  # chatter alone: the only intent the charter acts on differently (ignore)
        for case in chosen:
            reading = read(case["text"], case["lang"])
            expected, predicted = _families(case["signals"]), _families(reading.signals)
            shown = f"{case['text'][:110]!r} → {sorted(reading.signals)} {reading.intent}"
            for row in rows:
                scores[row].count(row in expected, row in predicted, shown)
            if "reported" in case and "impersonation" in predicted:
                reported[1] += 1
                reported[0] += reading.reported == case["reported"]
            if "intent" in case:
                intents += 1
                want, got = INTENT_GROUPS[case["intent"]], INTENT_GROUPS[reading.intent]
                kinds[1] += 1
                kinds[0] += case["intent"] == reading.intent or want == got == "noise"
                for group in groups:
                    scores[group].count(group == want, group == got, shown)
                ignored.count(case["intent"] == "chatter", reading.intent == "chatter", shown)
        named = f"batch {batch}" if batch is not None else f"{part} half" if split else "all batches"
        print(f"{path.name} — {named}: {len(chosen)} messages")
        for row in rows:
            if scores[row].tp + scores[row].fp + scores[row].fn:
                print("  " + scores[row].line(row))
        print(f"  impersonation reported vs attack right: {reported[0]}/{reported[1]}")
        print(f"  intent, on the {intents} messages with an intent label (exact kind right: {kinds[0]}/{kinds[1]}):")
        for group in groups:
            print("    " + scores[group].line(group))
        print("    " + ignored.line("chatter (ignored)"))
        if verbose and part == "tune":
            for row in (*rows, *groups):
                if "(any)" not in row:
                    _list(f"{row}: misses", scores[row].misses)
                    _list(f"{row}: false alarms", scores[row].false_alarms)
        print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", default=str(CORPUS / "dev.jsonl"), help="a .jsonl corpus file, or `signals`")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false alarms (tune half only)")
    args = parser.parse_args(argv)
    if args.file == "fresh":
        generalisation(FRESH_SET, verbose=False, split=False)
        generalisation(FRESH_SET, verbose=False, split=False, batch=2)
    elif args.file == "signals" or args.file.endswith((".yaml", ".yml")):
        generalisation(SIGNALS_SET if args.file == "signals" else Path(args.file), args.verbose)
    else:
        corpus(Path(args.file), args.verbose)
    return 0


def _list(title: str, lines: list[str], out: Callable[[str], None] = print) -> None:
    if lines:
        out(f"\n{title}")
        for line in lines:
            out(f"  {line}")


if __name__ == "__main__":
    sys.exit(main())
