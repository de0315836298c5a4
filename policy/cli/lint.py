"""`roe lint`: check rule files and report every problem, compiler style."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import orjson

from policy import Checked, check_policy
from policy.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_diagnostics
from policy.diagnostics import sort_diagnostics

_INCLUDE = re.compile(r'^\s*include\s+"([^"\n]+)"', re.MULTILINE)


ORDER = 30


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "lint",
        help="check rule files and report every problem",
        description="Check rule files. A folder is checked through its main files: the .roe files that no "
        "other file of the folder includes. Exit status 1 when there are errors (or warnings with --strict).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="rule files or folders (default: the bundled policy)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def policy_roots(paths: list[str]) -> list[Path]:
    """The main files among the given files and folders (files nobody includes)."""
    from policy.resources import default_policy_path

    if not paths:
        return [default_policy_path()]
    roots: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p.resolve() for p in path.rglob("*.roe"))
            included: set[Path] = set()
            for f in files:
                for target in _INCLUDE.findall(f.read_text(encoding="utf-8", errors="replace")):
                    included.add((f.parent / target).resolve())
            roots.extend(f for f in files if f not in included)
        else:
            roots.append(path)
    return roots


def run(args: argparse.Namespace) -> int:
    roots = policy_roots(args.paths)
    missing = [r for r in roots if not r.exists()]
    if missing:
        for r in missing:
            print(f"error: no such file or folder `{r}`", file=sys.stderr)
        return EXIT_USAGE
    if not roots:
        print("error: no .roe file found", file=sys.stderr)
        return EXIT_USAGE
    results: list[Checked] = [check_policy(root) for root in roots]
    diagnostics = sort_diagnostics(d for r in results for d in r.diagnostics)
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if args.format == "json":
        report: dict[str, Any] = {
            "files": sorted({f.source.path for r in results for f in r.bundle.files}),
            "diagnostics": [d.to_dict() for d in diagnostics],
            "errors": errors,
            "warnings": warnings,
        }
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        print_diagnostics(diagnostics, sys.stdout)
        files = sum(len(r.bundle.files) for r in results)
        print(f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)")
    if errors or (args.strict and warnings):
        return EXIT_FAILED
    return EXIT_OK
