"""`roe test`: run the examples written in rules (and case files) and report each failure."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

from policy import check_policy
from policy.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, load_or_report, print_diagnostics
from policy.cli.lint import policy_roots
from policy.compile import compile_checked
from policy.testing import Case, CaseFileError, CaseResult, example_cases, load_case_file, run_cases


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
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rule_paths = [p for p in args.paths if not p.endswith((".yaml", ".yml"))]
    case_paths = [Path(p) for p in args.paths if p.endswith((".yaml", ".yml"))]
    results: list[CaseResult] = []
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
            results.extend(run_cases(policy, example_cases(checked, policy)))
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
    failed = [r for r in results if not r.passed]
    if args.format == "json":
        report: dict[str, Any] = {
            "total": len(results),
            "passed": len(results) - len(failed),
            "failed": len(failed),
            "failures": [_failure_dict(r) for r in failed],
        }
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        for r in failed:
            _print_failure(r)
        print(f"{len(results)} example(s): {len(results) - len(failed)} passed, {len(failed)} failed")
    return EXIT_FAILED if failed else EXIT_OK


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
