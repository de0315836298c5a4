"""Evaluation stage: how well a policy applies the charter on a labelled corpus of messages.

A corpus is a JSON-lines file of messages with what the whole charter must decide for each
(`tests/corpus/README.md`): `expect.action`, `expect.categories`, `expect.escalate_to`, and `tags`
(`obfuscated`, `fp_trap`, …). The report gives:

* action accuracy and the confusion matrix over actions (expected rows, decided columns);
* per category, precision and recall — a decision's categories are the `category` clauses of the
  rules that matched it (a decision no rule matched has none);
* per escalation team, precision and recall;
* the same figures on slices: obfuscated text, false-positive traps (and how many of them were wrongly
  removed), each language.

Everything is computed from decisions, so the figures measure the policy as deployed, analyses
included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy.engine import Policy
from policy.model import Action, Decision, MessageError

ACTIONS = tuple(a.word for a in sorted(Action, reverse=True))  # delete, hide, escalate, answer, ignore
REMOVING = {"delete", "hide"}
_MESSAGE_FIELDS = ("id", "text", "channel", "kind", "author", "received_at", "thread_id", "lang", "metadata")


class CorpusError(ValueError):
    pass


@dataclass(frozen=True)
class Labelled:
    id: str
    message: dict[str, Any]
    action: str
    categories: frozenset[str]
    teams: frozenset[str]
    tags: frozenset[str]
    lang: str


@dataclass(frozen=True)
class Outcome:
    case: Labelled
    action: str
    categories: frozenset[str]
    teams: frozenset[str]
    rules: tuple[str, ...]
    errors: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.action == self.case.action


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    source: str
    policy: str
    outcomes: list[Outcome] = field(default_factory=list)

    def accuracy(self, outcomes: Sequence[Outcome] | None = None) -> float | None:
        items = self.outcomes if outcomes is None else outcomes
        return sum(o.correct for o in items) / len(items) if items else None

    def confusion(self) -> dict[str, dict[str, int]]:
        table = {e: dict.fromkeys(ACTIONS, 0) for e in ACTIONS}
        for o in self.outcomes:
            table[o.case.action][o.action] += 1
        return table

    def categories(self) -> dict[str, Score]:
        names = sorted({c for o in self.outcomes for c in o.case.categories | o.categories})
        return {
            name: _score(self.outcomes, lambda o, n=name: n in o.case.categories, lambda o, n=name: n in o.categories)
            for name in names
        }

    def teams(self) -> dict[str, Score]:
        names = sorted({t for o in self.outcomes for t in o.case.teams | o.teams})
        return {
            name: _score(self.outcomes, lambda o, n=name: n in o.case.teams, lambda o, n=name: n in o.teams)
            for name in names
        }

    def slice(self, tag: str) -> list[Outcome]:
        return [o for o in self.outcomes if tag in o.case.tags]

    def slices(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for tag in ("obfuscated", "fp_trap"):
            items = self.slice(tag)
            entry: dict[str, Any] = {"messages": len(items), "action_accuracy": self.accuracy(items)}
            if tag == "obfuscated":
                removable = [o for o in items if o.case.action in REMOVING]
                entry["removed_when_expected"] = (
                    sum(o.action in REMOVING for o in removable) / len(removable) if removable else None
                )
            else:
                entry["wrongly_removed"] = (
                    sum(o.action in REMOVING and o.case.action not in REMOVING for o in items) / len(items)
                    if items
                    else None
                )
            out[tag] = entry
        for lang in sorted({o.case.lang for o in self.outcomes}):
            items = [o for o in self.outcomes if o.case.lang == lang]
            out[f"lang:{lang}"] = {"messages": len(items), "action_accuracy": self.accuracy(items)}
        return out

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct or o.errors]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "policy": self.policy,
            "messages": len(self.outcomes),
            "action_accuracy": self.accuracy(),
            "confusion": self.confusion(),
            "categories": {k: v.to_dict() for k, v in self.categories().items()},
            "teams": {k: v.to_dict() for k, v in self.teams().items()},
            "slices": self.slices(),
            "misses": [
                {
                    "id": o.case.id,
                    "text": o.case.message["text"],
                    "expected": o.case.action,
                    "decided": o.action,
                    "expected_categories": sorted(o.case.categories),
                    "categories": sorted(o.categories),
                    "rules": list(o.rules),
                    "errors": list(o.errors),
                }
                for o in self.misses()
            ],
        }


def _score(outcomes: Iterable[Outcome], expected: Any, predicted: Any) -> Score:
    tp = fp = fn = 0
    for o in outcomes:
        e, p = expected(o), predicted(o)
        tp += e and p
        fp += p and not e
        fn += e and not p
    return Score(tp, fp, fn)


def load_corpus(path: Path) -> list[Labelled]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            expect = record["expect"]
            cases.append(
                Labelled(
                    id=str(record.get("id", f"line {number}")),
                    message={k: record[k] for k in _MESSAGE_FIELDS if k in record},
                    action=expect["action"],
                    categories=frozenset(expect.get("categories", ())),
                    teams=frozenset(expect.get("escalate_to", ())),
                    tags=frozenset(record.get("tags", ())),
                    lang=str(record.get("lang", "und")),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}:{number}: not a labelled message ({type(exc).__name__}: {exc})") from None
        if cases[-1].action not in ACTIONS:
            raise CorpusError(f"{path}:{number}: `{cases[-1].action}` is not an action")
    return cases


def evaluate(policy: Policy, cases: Iterable[Labelled], *, source: str = "") -> Report:
    report = Report(source, f"{policy.name} {policy.version or ''} sha256:{policy.sha256[:12]}".strip())
    for case in cases:
        try:
            decision: Decision = policy.decide(case.message, explain="off")
        except MessageError as exc:
            report.outcomes.append(Outcome(case, "invalid", frozenset(), frozenset(), (), (str(exc),)))
            continue
        report.outcomes.append(
            Outcome(
                case,
                decision.action.word,
                frozenset(decision.categories),
                frozenset(e.team for e in decision.escalations),
                decision.rule_ids,
                tuple(f"{e.rule}: {e.message}" for e in decision.errors),
            )
        )
    return report


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{value:6.1%}"


def format_report(report: Report, *, misses: int = 20) -> str:
    lines = [f"Corpus {report.source}: {len(report.outcomes)} messages — policy {report.policy}"]
    lines.append(f"action accuracy: {_pct(report.accuracy())}")
    lines.append("")
    lines.append("confusion (expected ↓ / decided →)")
    lines.append("            " + "".join(f"{a:>10}" for a in ACTIONS))
    for expected, row in report.confusion().items():
        lines.append(f"{expected:>10}  " + "".join(f"{row[a]:>10}" for a in ACTIONS))
    lines.append("")
    lines.append(f"{'category':<22}{'precision':>10}{'recall':>10}{'support':>9}")
    for name, s in report.categories().items():
        lines.append(f"{name:<22}{_pct(s.precision):>10}{_pct(s.recall):>10}{s.support:>9}")
    lines.append("")
    lines.append(f"{'escalation team':<22}{'precision':>10}{'recall':>10}{'support':>9}")
    for name, s in report.teams().items():
        lines.append(f"{name:<22}{_pct(s.precision):>10}{_pct(s.recall):>10}{s.support:>9}")
    lines.append("")
    for name, entry in report.slices().items():
        extra = "".join(
            f", {k.replace('_', ' ')} {_pct(v).strip()}"
            for k, v in entry.items()
            if k not in {"messages", "action_accuracy"}
        )
        lines.append(
            f"{name}: {entry['messages']} messages, action accuracy {_pct(entry['action_accuracy']).strip()}{extra}"
        )
    wrong = report.misses()
    if wrong and misses:
        lines.append("")
        lines.append(f"misses ({len(wrong)}, first {min(misses, len(wrong))}):")
        for o in wrong[:misses]:
            text = " ".join(str(o.case.message["text"]).split())
            lines.append(
                f"  {o.case.id}: expected {o.case.action}, decided {o.action} "
                f"[{', '.join(o.rules) or 'default'}] — {text[:90]}"
            )
    return "\n".join(lines)
