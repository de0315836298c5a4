"""`roe test`: run the examples written in rules (and case files) and report each failure.

With `--coverage`, also say which rules and conditions those tests exercise (`policy.coverage` computes
it; how conditions are counted is written there), including the decisions the feature scenarios make.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from policy import Policy, check_policy
from policy.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, load_or_report, print_diagnostics
from policy.cli.lint import policy_roots
from policy.compile import compile_checked
from policy.testing import Case, CaseFileError, CaseResult, example_cases, load_case_file, run_cases

if TYPE_CHECKING:
    from policy.coverage import CoverageReport, FeatureRun, Probe

ORDER = 40


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "test",
        help="run the examples of every rule, and case files",
        description="Run every rule's inline examples (for .roe files and folders) and decision case files "
        "(.yaml, decided with --policy or the bundled policy). Exit status 1 when an example fails.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="rule files, folders or .yaml case files")
    p.add_argument("--policy", metavar="PATH", help="policy for the case files (default: the bundled charter)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-q", "--quiet", action="store_true", help="print failures and the summary only")
    p.add_argument(
        "--coverage",
        action="store_true",
        help="report which rules fired and which conditions were seen true and false, and by which test "
        "(rule examples, case files and the feature scenarios' decisions)",
    )
    p.add_argument(
        "--min-coverage",
        type=float,
        metavar="N",
        help="with --coverage (implied): exit 1 when fewer than N%% of the rules fired in some test",
    )
    p.add_argument(
        "--features",
        metavar="DIR",
        help="feature folder whose scenarios count for --coverage (default: ./features when it exists)",
    )
    p.add_argument("--no-features", action="store_true", help="leave the feature scenarios out of --coverage")
    p.set_defaults(run=run)


@dataclass
class _Tested:
    """One policy under test and the probes of its tests, for --coverage."""

    policy: Policy
    probes: list[Probe] = field(default_factory=list)


def run(args: argparse.Namespace) -> int:
    # The coverage stage is imported only when asked for: `roe` imports every command module on each run.
    from policy.coverage import case_probes, example_probes, measure

    coverage = args.coverage or args.min_coverage is not None
    rule_paths = [p for p in args.paths if not p.endswith((".yaml", ".yml"))]
    case_paths = [Path(p) for p in args.paths if p.endswith((".yaml", ".yml"))]
    results: list[CaseResult] = []
    tested: dict[str, _Tested] = {}  # by sha256: the same rule files reached twice are one policy
    if rule_paths or not case_paths:
        for root in policy_roots(rule_paths):
            if not root.exists():
                print(f"error: no such file or folder `{root}`", file=sys.stderr)
                return EXIT_USAGE
            checked = check_policy(root)
            if not checked.ok:
                print_diagnostics(checked.errors)
                print(f"error: `{root}` has errors; run `roe lint {root}`", file=sys.stderr)
                return EXIT_FAILED
            policy = compile_checked(checked)
            examples = example_cases(checked, policy)
            results.extend(run_cases(policy, examples))
            tested.setdefault(policy.sha256, _Tested(policy)).probes.extend(example_probes(examples))
    if case_paths:
        case_policy = load_or_report(args.policy)
        if case_policy is None:
            return EXIT_FAILED
        cases: list[Case] = []
        for path in case_paths:
            try:
                cases.extend(load_case_file(path))
            except (CaseFileError, OSError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return EXIT_USAGE
        results.extend(run_cases(case_policy, cases))
        tested.setdefault(case_policy.sha256, _Tested(case_policy)).probes.extend(case_probes(cases))
    failed = [r for r in results if not r.passed]
    reports: list[CoverageReport] = []
    features: FeatureRun | None = None
    if coverage:
        try:
            features = _features(args)
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
        for sha, entry in tested.items():
            probes = entry.probes + (features.probes_for(sha) if features else [])
            reports.append(measure(entry.policy, probes))
    under = [r for r in reports if args.min_coverage is not None and r.rule_percent < args.min_coverage]
    if args.format == "json":
        report: dict[str, Any] = {
            "total": len(results),
            "passed": len(results) - len(failed),
            "failed": len(failed),
            "failures": [_failure_dict(r) for r in failed],
        }
        if coverage:
            report["coverage"] = {
                "reports": [r.to_dict() for r in reports],
                "features": _features_dict(features, tested),
                "min_coverage": args.min_coverage,
                "under_minimum": [r.root for r in under],
            }
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        for r in failed:
            _print_failure(r)
        print(f"{len(results)} example(s): {len(results) - len(failed)} passed, {len(failed)} failed")
        if coverage:
            _print_features(features, tested)
            for cov in reports:
                _print_coverage(cov)
        for cov in under:
            print(
                f"error: {cov.rule_percent:.1f}% of the rules of `{cov.root}` fired in a test, "
                f"under --min-coverage {args.min_coverage:g}%",
                file=sys.stderr,
            )
    return EXIT_FAILED if failed or under else EXIT_OK


# ---------------------------------------------------------------- coverage


def _features(args: argparse.Namespace) -> FeatureRun | None:
    """Run the feature scenarios with the decision recorder, unless told not to or there are none."""
    if args.no_features:
        return None
    folder = Path(args.features) if args.features else Path("features")
    if not folder.is_dir():
        if args.features:
            raise RuntimeError(f"no feature folder `{folder}`")
        return None
    if not any(folder.rglob("*.feature")):
        return None
    from policy.coverage import run_features

    return run_features(folder)


def _features_dict(features: FeatureRun | None, tested: dict[str, _Tested]) -> dict[str, Any] | None:
    if features is None:
        return None
    return {
        "folder": features.folder,
        "pytest_status": features.status,
        "summary": features.output,
        "decisions": len(features.records),
        "scenarios": features.scenarios,
        "other_policies": [o.to_dict() for o in features.other_policies(tested)],
    }


def _print_features(features: FeatureRun | None, tested: dict[str, _Tested]) -> None:
    if features is None:
        print("feature scenarios: not run (no features folder, or --no-features)")
        return
    print(
        f"feature scenarios: {features.folder} — {features.output or 'no output'}; "
        f"{len(features.records)} decision(s) in {features.scenarios} scenario(s)"
    )
    for other in features.other_policies(tested):
        fired = ", ".join(f"{rule} ({len(tests)})" for rule, tests in sorted(other.fired.items())) or "none"
        print(
            f"  {other.decisions} decision(s) with “{other.name}” sha256:{other.sha256[:12]} (a policy not under "
            f"test, e.g. written in a scenario); rules fired (scenarios): {fired}"
        )


def _names(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


def _print_coverage(cov: CoverageReport) -> None:
    probes = ", ".join(f"{n} {kind}(s)" for kind, n in cov.probes.items())
    print()
    print(f"coverage of {cov.policy} {cov.version or ''} ({cov.root})")
    print(f"  tests: {probes}")
    print(f"  rules fired by a test: {cov.rules_fired}/{len(cov.rules)} ({cov.rule_percent:.1f}%)")
    print(
        f"  conditions seen both true and false: {cov.conditions_covered}/{len(cov.conditions)} "
        f"({cov.condition_percent:.1f}%) — each node of each `when` once; a `not` as its operand; "
        "a named condition once"
    )
    width = max((len(r.id) for r in cov.rules), default=0)
    for rule in cov.rules:
        mark = "✔" if rule.fired else "✘"
        own = [cov.conditions[i] for i in rule.conditions if cov.conditions[i].within is None]
        done = sum(1 for c in own if c.covered)
        kinds = ", ".join(f"{n} {kind}(s)" for kind, n in rule.fired_by_kind.items() if n)
        fired = f"fired by {kinds}: {_names(rule.fired_by)}" if rule.fired else "NEVER FIRED"
        print(f"  {mark} {rule.id:<{width}}  conditions {done}/{len(own)}  {fired}")
        for c in own:
            if not c.covered:
                print(f"      {c.missing}: {c.text}  {c.location}")
    named = [c for c in cov.conditions if c.name is not None]
    if named:
        print("  named conditions:")
        for c in named:
            body = [x for x in cov.conditions if x.within == c.name]
            state = "covered" if c.covered else c.missing
            operands = f"; its operands {sum(1 for x in body if x.covered)}/{len(body)}" if body else ""
            print(f"    {c.name}: {state}{operands}  {c.location}")
            for x in body:
                if not x.covered:
                    print(f"        {x.missing}: {x.text}  {x.location}")
    never = [r.id for r in cov.rules if not r.fired]
    print(f"  rules no test made fire: {', '.join(never) if never else 'none'}")
    for problem in cov.invalid:
        print(f"  invalid test message: {problem}")


def _actual(r: CaseResult) -> str:
    d = r.decision
    if d is None:
        return "no decision"
    rules = ", ".join(f"{m.rule} ({m.source})" for m in d.matched) or "no rule (default)"
    teams = ", ".join(e.team for e in d.escalations)
    return f"{d.action.word}" + (f", escalate to {teams}" if teams else "") + f" — matched: {rules}"


def _print_failure(r: CaseResult) -> None:
    case = r.case
    owner = f"rule `{case.rule}`, " if case.rule else ""
    print(f"FAIL {case.location}: {owner}{case.name}")
    print(f"  message:  {case.message.get('text')!r}")
    expected = case.expect.action + (
        f", escalate to {', '.join(case.expect.escalations)}" if case.expect.escalations else ""
    )
    if case.rule is not None and case.expect.fires is not None:
        expected += f" (rule {'matched' if case.expect.fires else 'not matched'})"
    print(f"  expected: {expected}")
    print(f"  actual:   {_actual(r)}")
    for failure in r.failures:
        print(f"  - {failure}")
    print()


def _failure_dict(r: CaseResult) -> dict[str, Any]:
    return {
        "location": r.case.location,
        "rule": r.case.rule,
        "name": r.case.name,
        "message": dict(r.case.message),
        "expected": {
            "action": r.case.expect.action,
            "escalations": list(r.case.expect.escalations),
            "rule_matched": r.case.expect.fires,
        },
        "actual": r.decision.to_dict() if r.decision else None,
        "failures": list(r.failures),
    }
