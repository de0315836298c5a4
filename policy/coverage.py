"""Coverage stage: which rules and which conditions of a policy its tests exercise, and by which test.

A *probe* is one message a test decides: an inline example of a rule, a case of a case file, or a
decision made while a feature scenario ran. Each probe is evaluated against every condition of every
rule (the public `CompiledRule.node` trees and their `test`), so the report says, for each rule, which
tests made it fire, and for each condition, which tests saw it true and which saw it false.

What is counted (written down once, here, and in `roe test --help`):

- **rules**: a rule is covered when at least one test made it fire. The figure `--min-coverage` checks
  is the percentage of the policy's enabled rules that fired at least once.
- **conditions**: every node of every `when` tree counts once — the whole `when` of each rule, each
  operand of `and` / `or` at every depth, and each named condition (`define`) once however many rules
  use it, with the operands of its body. A `not` and its operand count as one condition, shown as the
  operand (one is true exactly when the other is false), and a named condition stands for its body's
  top node. A condition is
  covered when some test saw it true *and* some test saw it false; a condition that could not be
  evaluated for a message (a missing field) counts as neither for that message. Every condition is
  evaluated for every probe — even where the engine's `and` would have stopped early — since its value
  for that message does not depend on the order.

Feature scenarios use whatever policy their steps give (often a policy written in the scenario itself).
They are recorded, not parsed: `roe test --coverage` runs pytest on the features folder with this
module as a plugin (`pytest -p policy.coverage --roe-record FILE features/`), which wraps
`Policy.decide` for the duration of the run and writes one JSON line per decision: the scenario, the
policy's sha256, the message and the moment. Decisions made with the policy under test (same sha256:
same rule files) count for its coverage; the others are only counted as "other policies".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from policy.engine import CompiledRule, Policy
from policy.evaluate import Context, DefineNode, EvaluationError, Node, NotNode
from policy.model import Message, MessageError
from policy.testing import Case

if TYPE_CHECKING:
    import pytest

ProbeKind = Literal["example", "case", "scenario"]
KINDS: tuple[ProbeKind, ...] = ("example", "case", "scenario")
# Examples and cases always carry `received_at`; this moment only matters for a probe without one.
FIXED_NOW = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Probe:
    kind: ProbeKind
    name: str  # how the report names the test: `menace_personne #2`, a case name, a scenario
    location: str
    message: Mapping[str, Any]
    now: datetime = FIXED_NOW


# ---------------------------------------------------------------- the conditions of a policy


@dataclass
class ConditionCoverage:
    text: str
    location: str
    name: str | None  # the named condition, for a `define`
    within: str | None  # the named condition whose body holds this one
    rules: list[str] = field(default_factory=list)  # the rules whose `when` uses it
    true_by: list[str] = field(default_factory=list)
    false_by: list[str] = field(default_factory=list)
    error_by: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.true_by) and bool(self.false_by)

    @property
    def missing(self) -> str | None:
        """What no test showed yet: `never true`, `never false`, `never evaluated`."""
        if self.covered:
            return None
        if not self.true_by and not self.false_by:
            return "never evaluated" if not self.error_by else "only errors"
        return "never true" if not self.true_by else "never false"

    def to_dict(self) -> dict[str, Any]:
        return {
            "condition": self.text,
            "location": self.location,
            "named": self.name,
            "within": self.within,
            "rules": self.rules,
            "covered": self.covered,
            "true_by": self.true_by,
            "false_by": self.false_by,
            "error_by": self.error_by,
        }


@dataclass
class RuleCoverage:
    id: str
    title: str | None
    source: str
    conditions: list[int]  # indexes into `CoverageReport.conditions`
    fired_by: list[str] = field(default_factory=list)
    fired_by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    error_by: list[str] = field(default_factory=list)

    @property
    def fired(self) -> bool:
        return bool(self.fired_by)


@dataclass
class CoverageReport:
    policy: str
    version: str | None
    sha256: str
    root: str
    rules: list[RuleCoverage]
    conditions: list[ConditionCoverage]
    probes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    invalid: list[str] = field(default_factory=list)  # probes whose message the engine refused

    @property
    def rules_fired(self) -> int:
        return sum(1 for r in self.rules if r.fired)

    @property
    def rule_percent(self) -> float:
        return 100.0 * self.rules_fired / len(self.rules) if self.rules else 100.0

    @property
    def conditions_covered(self) -> int:
        return sum(1 for c in self.conditions if c.covered)

    @property
    def condition_percent(self) -> float:
        return 100.0 * self.conditions_covered / len(self.conditions) if self.conditions else 100.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": {"name": self.policy, "version": self.version, "sha256": self.sha256, "root": self.root},
            "probes": self.probes,
            "invalid": self.invalid,
            "rules": {
                "total": len(self.rules),
                "fired": self.rules_fired,
                "percent": round(self.rule_percent, 1),
                "never_fired": [r.id for r in self.rules if not r.fired],
            },
            "conditions": {
                "total": len(self.conditions),
                "covered": self.conditions_covered,
                "percent": round(self.condition_percent, 1),
                "counted": "every node of every `when` tree once (a `not` as its operand, a named condition "
                "for its body's top node); covered when seen both true and false",
            },
            "by_rule": [
                {
                    "rule": r.id,
                    "title": r.title,
                    "source": r.source,
                    "fired": r.fired,
                    "fired_by": r.fired_by,
                    "fired_by_kind": r.fired_by_kind,
                    "error_by": r.error_by,
                    "conditions": [self.conditions[i].to_dict() for i in r.conditions],
                }
                for r in self.rules
            ],
            "named_conditions": [c.to_dict() for c in self.conditions if c.name is not None],
        }


class _Tree:
    """The counted condition nodes of a policy, each once, and which rule uses which."""

    def __init__(self, rules: Sequence[CompiledRule]) -> None:
        self.nodes: list[Node] = []
        self.index: dict[int, int] = {}  # id(node) → position; nodes live as long as the policy
        self.conditions: list[ConditionCoverage] = []
        self._below: dict[int, list[int]] = {}  # id(node) → counted nodes at or under it
        self.by_rule = {rule.id: self._visit(rule.node, counted=True, rule=rule.id, within=None) for rule in rules}

    def _visit(self, node: Node, *, counted: bool, rule: str, within: str | None) -> list[int]:
        known = self._below.get(id(node))
        if known is not None:  # a named condition already met in another rule
            for i in known:
                if rule not in self.conditions[i].rules:
                    self.conditions[i].rules.append(rule)
            return known
        found: list[int] = []
        # A `not` and its operand are one condition (one is true exactly when the other is false): the
        # operand is counted, since it may be a named condition. A named condition is always counted, and
        # stands for its body's top node, which is not counted again.
        negation = isinstance(node, NotNode)
        named = isinstance(node, DefineNode)
        if (counted or named) and not negation:
            position = len(self.nodes)
            self.index[id(node)] = position
            self.nodes.append(node)
            name = node.name if isinstance(node, DefineNode) else None
            text = _one_line(node.span.text)
            self.conditions.append(ConditionCoverage(text, node.span.location(), name, within, [rule]))
            found.append(position)
        inner = node.name if isinstance(node, DefineNode) else within
        for child in sorted(node.children(), key=lambda n: n.span.start):
            child_counted = counted if negation else not named
            found.extend(self._visit(child, counted=child_counted, rule=rule, within=inner))
        self._below[id(node)] = found
        return found


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 160 else flat[:159] + "…"


def measure(policy: Policy, probes: Iterable[Probe]) -> CoverageReport:
    """Evaluate every condition of `policy` for every probe."""
    tree = _Tree(policy.rules)
    rules = [RuleCoverage(r.id, r.title, r.source, tree.by_rule[r.id]) for r in policy.rules]
    report = CoverageReport(policy.name, policy.version, policy.sha256, policy.root, rules, tree.conditions)
    for probe in probes:
        report.probes[probe.kind] += 1
        label = probe.name
        try:
            message = Message.from_dict(probe.message)
        except MessageError as exc:
            report.invalid.append(f"{label} ({probe.location}): {exc}")
            continue
        ctx = Context(policy, message, probe.now)
        for node, condition in zip(tree.nodes, tree.conditions, strict=True):
            value = _value(node, ctx)
            target = condition.error_by if value is None else condition.true_by if value else condition.false_by
            target.append(label)
        for rule, compiled in zip(rules, policy.rules, strict=True):
            value = _value(compiled.node, ctx)
            if value is None:
                rule.error_by.append(label)
            elif value:
                rule.fired_by.append(label)
                rule.fired_by_kind[probe.kind] += 1
    return report


def _value(node: Node, ctx: Context) -> bool | None:
    try:
        return node.test(ctx)
    except EvaluationError:
        return None
    except Exception:  # an analysis crashed: the engine counts the rule as not evaluated, so do we
        return None


# ---------------------------------------------------------------- probes from the three kinds of tests


def example_probes(cases: Iterable[Case]) -> list[Probe]:
    return [Probe("example", c.name, c.location, c.message) for c in cases]


def case_probes(cases: Iterable[Case]) -> list[Probe]:
    return [Probe("case", f"{c.name} ({c.location})", c.location, c.message) for c in cases]


@dataclass(frozen=True)
class FeatureRun:
    """The decisions recorded while the feature scenarios ran."""

    folder: str
    status: int  # pytest's exit status (0 all passed, 1 some failed, …)
    records: tuple[Mapping[str, Any], ...]
    output: str  # pytest's summary, shown when the run went wrong

    @property
    def scenarios(self) -> int:
        return len({r["test"] for r in self.records})

    def probes_for(self, sha256: str) -> list[Probe]:
        return [
            Probe("scenario", r["test"], r["test"], r["message"], datetime.fromisoformat(r["now"]))
            for r in self.records
            if r["policy"] == sha256
        ]

    def other_policies(self, shas: Iterable[str]) -> list[OtherPolicy]:
        """The policies, other than those in `shas`, that scenarios decided with, and the rules they fired."""
        known = set(shas)
        found: dict[str, OtherPolicy] = {}
        for r in self.records:
            if r["policy"] in known:
                continue
            other = found.setdefault(r["policy"], OtherPolicy(str(r["name"]), str(r["policy"])))
            other.decisions += 1
            for rule in r.get("fired", ()):
                other.fired.setdefault(rule, set()).add(str(r["test"]))
        return list(found.values())


@dataclass
class OtherPolicy:
    """A policy written in the scenarios themselves: only which of its rules fired is known."""

    name: str
    sha256: str
    decisions: int = 0
    fired: dict[str, set[str]] = field(default_factory=dict)  # rule → scenarios

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sha256": self.sha256,
            "decisions": self.decisions,
            "fired": {rule: sorted(tests) for rule, tests in sorted(self.fired.items())},
        }


def run_features(folder: Path) -> FeatureRun:
    """Run pytest on the feature folder with the recorder; raises `RuntimeError` when pytest cannot run."""
    import importlib.util

    if importlib.util.find_spec("pytest") is None or importlib.util.find_spec("pytest_bdd") is None:
        raise RuntimeError("pytest and pytest-bdd are needed to run the feature scenarios (pip install 'roe[test]')")
    with tempfile.TemporaryDirectory(prefix="roe-coverage-") as tmp:
        record = Path(tmp) / "decisions.jsonl"
        folder = folder.resolve()
        # Run from the folder's parent so a source checkout's `policy` package is the one imported.
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(folder.parent), os.environ.get("PYTHONPATH")])),
        }
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "policy.coverage",
                "--roe-record",
                str(record),
                str(folder),
            ],
            cwd=folder.parent,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode not in (0, 1, 5):  # 1: some failed (what ran still counts); 5: nothing collected
            raise RuntimeError(
                f"pytest could not run the scenarios of {folder} (exit {done.returncode}):\n"
                + (done.stdout + done.stderr)[-2000:]
            )
        records = tuple(_read_records(record)) if record.exists() else ()
    summary = (done.stdout.strip().splitlines() or [""])[-1]
    return FeatureRun(str(folder), done.returncode, records, summary)


def _read_records(path: Path) -> Iterator[Mapping[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


# ---------------------------------------------------------------- the recorder (a pytest plugin)


class Recorder:
    """Wraps `Policy.decide` while installed and writes every decision made as one JSON line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.test = "(outside any test)"
        self._out = path.open("a", encoding="utf-8")
        self._original = Policy.decide

    def install(self) -> None:
        original = self._original
        recorder = self

        def decide(
            self: Policy, message: Message | Mapping[str, Any], *, explain: Any = "matches", now: datetime | None = None
        ) -> Any:
            # The moment is fixed here and passed on, so the coverage run sees the same `now`.
            moment = now or datetime.now(UTC)
            decision = original(self, message, explain=explain, now=moment)
            recorder.write(self, message, moment, decision.rule_ids)
            return decision

        Policy.decide = decide  # type: ignore[method-assign]

    def uninstall(self) -> None:
        Policy.decide = self._original  # type: ignore[method-assign]
        self._out.close()

    def write(self, policy: Policy, message: Message | Mapping[str, Any], now: datetime, fired: Sequence[str]) -> None:
        msg = message if isinstance(message, Message) else Message.from_dict(message)
        record = {
            "test": self.test,
            "policy": policy.sha256,
            "name": policy.name,
            "root": policy.root,
            "message": msg.to_dict(),
            "now": now.isoformat(),
            "fired": list(fired),
        }
        self._out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        self._out.flush()


_RECORDER_KEY = "roe_coverage_recorder"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--roe-record", metavar="FILE", default=None, help="record every Policy.decide call (ROE coverage) to FILE"
    )


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--roe-record")
    if path:
        recorder = Recorder(Path(path))
        recorder.install()
        setattr(config, _RECORDER_KEY, recorder)


def pytest_unconfigure(config: pytest.Config) -> None:
    recorder = getattr(config, _RECORDER_KEY, None)
    if isinstance(recorder, Recorder):
        recorder.uninstall()


def pytest_runtest_setup(item: pytest.Item) -> None:
    recorder = getattr(item.config, _RECORDER_KEY, None)
    if isinstance(recorder, Recorder):
        recorder.test = item.nodeid


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Name the decisions of a scenario after it: `features/x.feature:12 Scenario name [example]`."""
    recorder = getattr(request.config, _RECORDER_KEY, None)
    if isinstance(recorder, Recorder):
        node_name = request.node.name
        example = node_name[node_name.index("[") :] if "[" in node_name else ""
        recorder.test = f"{feature.rel_filename}:{scenario.line_number} {scenario.name}{example}".rstrip()
