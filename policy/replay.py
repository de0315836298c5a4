"""Replay stage: decide a corpus of past messages with two versions of a policy and report what changes.

A legal team changes rules; before the change goes live they replay what the brand received (one
message JSON per line, the shape `roe decide --input` reads) with the *baseline* policy and the *new*
one, and read the differences: how many messages move from one action to another (answer → delete),
which rules fire on messages they did not fire on before (or no longer fire), and each changed message
with the rules responsible.

- Both versions decide every message at the same moment: its `received_at`, or one `now` fixed when the
  replay starts — so a message without a time cannot differ merely because the two runs were a second
  apart.
- A line that is not valid JSON, or a message the engine refuses, is reported with its line number and
  the problem; it is never dropped silently.
- Large corpora are split over worker processes; each worker compiles both policies once (a compiled
  `Policy` is not shipped between processes) and returns a small summary per line, in order.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from policy import Policy, load_policy
from policy.model import Decision, Message, MessageError

CHUNK = 200  # lines per task sent to a worker: large enough that inter-process traffic stays small
PARALLEL_FROM = 5000  # lines; below this, starting workers and compiling twice more costs more than it saves
TEXT_SHOWN = 100


@dataclass(frozen=True)
class Side:
    """What one policy decided for one message — only what a comparison looks at."""

    action: str
    rules: tuple[str, ...]
    effects: tuple[tuple[str, tuple[str, ...]], ...]  # (rule, its effects) for each matched rule
    escalations: tuple[str, ...]  # `team:priority`
    keep_evidence: bool
    reply: str | None
    errors: tuple[str, ...]  # rules that could not be evaluated
    default_applied: bool

    @classmethod
    def of(cls, decision: Decision) -> Side:
        return cls(
            action=decision.action.word,
            rules=decision.rule_ids,
            effects=tuple((m.rule, m.effects) for m in decision.matched),
            escalations=tuple(sorted(f"{e.team}:{e.priority.word}" for e in decision.escalations)),
            keep_evidence=decision.keep_evidence,
            reply=decision.reply,
            errors=tuple(sorted({e.rule for e in decision.errors})),
            default_applied=decision.default_applied,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "rules": list(self.rules),
            "escalations": list(self.escalations),
            "keep_evidence": self.keep_evidence,
            "reply": self.reply,
            "errors": list(self.errors),
        }


@dataclass(frozen=True)
class Compared:
    """One message decided by both policies."""

    line: int
    message_id: str | None
    text: str
    old: Side
    new: Side
    changes: tuple[str, ...]  # aspects that differ: action, escalations, keep_evidence, reply, rules, errors
    newly: tuple[str, ...]  # rules that fire now and did not before
    gone: tuple[str, ...]  # rules that fired before and no longer do
    responsible: tuple[str, ...]  # the rules (or `default`) the change comes from

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "message_id": self.message_id,
            "text": self.text,
            "changes": list(self.changes),
            "baseline": self.old.to_dict(),
            "new": self.new.to_dict(),
            "newly_firing": list(self.newly),
            "no_longer_firing": list(self.gone),
            "responsible": list(self.responsible),
        }


@dataclass(frozen=True)
class BadLine:
    line: int
    problem: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "problem": self.problem}


@dataclass(frozen=True, slots=True)
class Same:
    """A message both policies decide alike: only its action travels back from a worker."""

    line: int
    action: str


Result = Compared | Same | BadLine


# ---------------------------------------------------------------- comparing one line


class Replayer:
    """Both policies and the replay's moment; compares lines one by one."""

    def __init__(self, baseline: Policy, new: Policy, now: datetime) -> None:
        self.baseline = baseline
        self.new = new
        self.now = now

    def compare(self, number: int, raw: str) -> Result:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            return BadLine(number, f"not valid JSON: {exc.msg} (column {exc.colno})")
        try:
            message = Message.from_dict(data)
        except MessageError as exc:
            return BadLine(number, f"not a valid message: {exc}")
        old = Side.of(self.baseline.decide(message, explain="off", now=self.now))
        new = Side.of(self.new.decide(message, explain="off", now=self.now))
        compared = compare_sides(number, message, old, new)
        return compared if compared.changed else Same(number, old.action)


def compare_sides(number: int, message: Message, old: Side, new: Side) -> Compared:
    changes = tuple(
        aspect
        for aspect, before, after in (
            ("action", old.action, new.action),
            ("escalations", old.escalations, new.escalations),
            ("keep_evidence", old.keep_evidence, new.keep_evidence),
            ("reply", old.reply, new.reply),
            ("rules", set(old.rules), set(new.rules)),
            ("errors", old.errors, new.errors),
        )
        if before != after
    )
    newly = tuple(r for r in new.rules if r not in old.rules)
    gone = tuple(r for r in old.rules if r not in new.rules)
    responsible: tuple[str, ...] = ()
    if changes:
        # A rule that fires in both versions is responsible too when its own effects changed.
        before = dict(old.effects)
        altered = tuple(r for r, effects in new.effects if r in before and before[r] != effects)
        broken = tuple(sorted(set(old.errors) ^ set(new.errors)))
        responsible = _unique((*newly, *gone, *altered, *broken))
        if not responsible:
            # Same rules, same effects: what changed is the default, or a template's text.
            responsible = ("default",) if new.default_applied else tuple(r for r, _ in new.effects)
    text = " ".join(message.text.split())
    return Compared(
        number,
        message.id,
        text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…",
        old,
        new,
        changes,
        newly,
        gone,
        responsible,
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# ---------------------------------------------------------------- the report


@dataclass
class RuleDelta:
    newly: int = 0
    gone: int = 0


@dataclass
class ReplayReport:
    corpus: str
    now: datetime
    baseline: Policy
    new: Policy
    lines: int = 0
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    rules: dict[str, RuleDelta] = field(default_factory=dict)
    changed: list[Compared] = field(default_factory=list)
    bad: list[BadLine] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.lines += 1
        if isinstance(result, BadLine):
            self.bad.append(result)
            return
        if isinstance(result, Same):
            self.transitions[(result.action, result.action)] += 1
            return
        self.transitions[(result.old.action, result.new.action)] += 1
        for rule in result.newly:
            self.rules.setdefault(rule, RuleDelta()).newly += 1
        for rule in result.gone:
            self.rules.setdefault(rule, RuleDelta()).gone += 1
        self.changed.append(result)

    @property
    def decided(self) -> int:
        return sum(self.transitions.values())

    @property
    def action_changes(self) -> int:
        return sum(n for (a, b), n in self.transitions.items() if a != b)

    @property
    def only_in_new(self) -> tuple[str, ...]:
        old = {r.id for r in self.baseline.rules}
        return tuple(r.id for r in self.new.rules if r.id not in old)

    @property
    def only_in_baseline(self) -> tuple[str, ...]:
        new = {r.id for r in self.new.rules}
        return tuple(r.id for r in self.baseline.rules if r.id not in new)

    def sorted_rules(self) -> list[tuple[str, RuleDelta]]:
        return sorted(self.rules.items(), key=lambda item: (-(item[1].newly + item[1].gone), item[0]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "now": self.now.isoformat(),
            "baseline": _policy_dict(self.baseline),
            "new": _policy_dict(self.new),
            "lines": self.lines,
            "decided": self.decided,
            "changed": len(self.changed),
            "action_changes": self.action_changes,
            "unchanged": self.decided - len(self.changed),
            "transitions": [
                {"from": a, "to": b, "count": n}
                for (a, b), n in sorted(self.transitions.items(), key=lambda item: (-item[1], item[0]))
            ],
            "rules": [
                {
                    "rule": rule,
                    "newly_firing": delta.newly,
                    "no_longer_firing": delta.gone,
                    "in_baseline": self.baseline.rule(rule) is not None,
                    "in_new": self.new.rule(rule) is not None,
                }
                for rule, delta in self.sorted_rules()
            ],
            "rules_only_in_new": list(self.only_in_new),
            "rules_only_in_baseline": list(self.only_in_baseline),
            "messages": [c.to_dict() for c in self.changed],
            "bad_lines": [b.to_dict() for b in self.bad],
        }


def _policy_dict(policy: Policy) -> dict[str, Any]:
    return {**policy.ref.to_dict(), "root": policy.root, "rules": len(policy.rules)}


# ---------------------------------------------------------------- running a replay


def numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number, text) of every non-blank line."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line


def replay(
    corpus: str,
    lines: Sequence[tuple[int, str]],
    baseline_path: Path | None,
    new_path: Path | None,
    now: datetime,
    *,
    jobs: int = 0,
    progress: Callable[[int], None] | None = None,
) -> ReplayReport:
    """Compare every line. `jobs` 0 chooses: one process for a small corpus, every core for a large one.
    Raises `PolicyError` when a policy does not compile (checked here, before any worker starts)."""
    baseline = load_policy(baseline_path)
    new = load_policy(new_path)
    report = ReplayReport(corpus, now, baseline, new)
    workers = jobs if jobs > 0 else ((os.cpu_count() or 1) if len(lines) >= PARALLEL_FROM else 1)
    workers = max(1, min(workers, (len(lines) + CHUNK - 1) // CHUNK or 1))
    if workers == 1:
        replayer = Replayer(baseline, new, now)
        for number, raw in lines:
            report.add(replayer.compare(number, raw))
            if progress is not None:
                progress(1)
        return report
    chunks = [lines[i : i + CHUNK] for i in range(0, len(lines), CHUNK)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(baseline_path, new_path, now)) as pool:
        for results in pool.imap(_compare_chunk, chunks):  # imap keeps the corpus order
            for result in results:
                report.add(result)
            if progress is not None:
                progress(len(results))
    return report


# The replayer of a worker process, built once by the pool's initializer: the usual multiprocessing
# pattern for per-process state. It is process-local and never set in the parent.
_WORKER: Replayer | None = None


def _start_worker(baseline_path: Path | None, new_path: Path | None, now: datetime) -> None:
    global _WORKER
    _WORKER = Replayer(load_policy(baseline_path), load_policy(new_path), now)


def _compare_chunk(chunk: Sequence[tuple[int, str]]) -> list[Result]:
    assert _WORKER is not None  # INVARIANT: set by the pool initializer before any task runs
    return [_WORKER.compare(number, raw) for number, raw in chunk]
