"""`roe fmt`: rewrite rule files in the canonical layout, or check that they already are."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from pathlib import Path

from policy.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_diagnostics
from policy.format import Formatted, format_source
from policy.loader import display_path
from policy.source import Source

ORDER = 35


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "fmt",
        help="lay rule files out the canonical way",
        description="Rewrite .roe files (given, or found in the given folders) in the one canonical layout, "
        "comments kept. A file with a syntax error is never rewritten. Lexicon files (.txt) are left alone. "
        "`-` reads a file on stdin and writes it formatted on stdout.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="rule files or folders, or - for stdin")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    p.add_argument("--diff", action="store_true", help="write nothing; print what would change as a unified diff")
    p.set_defaults(run=run)


def rule_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The .roe files to format, and the paths that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.rglob("*.roe")))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(raw)
    return files, missing


def run(args: argparse.Namespace) -> int:
    if args.paths == ["-"]:
        return _stdin(args)
    files, missing = rule_files(args.paths)
    for raw in missing:
        print(f"error: no such file or folder `{raw}`", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    write = not (args.check or args.diff)
    changed = unchanged = broken = 0
    for path in files:
        if path.suffix != ".roe":
            print(f"note: `{display_path(path)}` is not a rule file (.roe); left alone", file=sys.stderr)
            continue
        result = format_source(Source(display_path(path), path.read_text(encoding="utf-8")))
        if not result.ok:
            broken += 1
            _refuse(result)
            continue
        if not result.changed:
            unchanged += 1
            continue
        changed += 1
        if args.diff:
            sys.stdout.write(_diff(result))
        if write:
            _replace(path, result.text or "")
            print(f"formatted {result.source.path}", file=sys.stderr)
        elif args.check:
            print(f"would reformat {result.source.path}", file=sys.stderr)
    verb = "formatted" if write else "would be formatted"
    print(
        f"{changed} file(s) {verb}, {unchanged} already formatted"
        + (f", {broken} with syntax errors left untouched" if broken else ""),
        file=sys.stderr,
    )
    if broken or (args.check and changed):
        return EXIT_FAILED
    return EXIT_OK


def _stdin(args: argparse.Namespace) -> int:
    result = format_source(Source("<stdin>", sys.stdin.read()))
    if not result.ok:
        _refuse(result)
        return EXIT_FAILED
    if args.diff:
        sys.stdout.write(_diff(result))
    elif not args.check:
        sys.stdout.write(result.text or "")
    return EXIT_FAILED if args.check and result.changed else EXIT_OK


def _refuse(result: Formatted) -> None:
    print_diagnostics(result.diagnostics)
    print(f"error: `{result.source.path}` has syntax errors; it was not formatted", file=sys.stderr)


def _diff(result: Formatted) -> str:
    name = result.source.path
    lines = difflib.unified_diff(
        _lines(result.source.text),
        _lines(result.text or ""),
        fromfile=f"{name} (original)",
        tofile=f"{name} (formatted)",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _lines(text: str) -> list[str]:
    # Only "\n" ends a line of a rule file; `str.splitlines` would also cut at U+2028 inside a string.
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _replace(path: Path, text: str) -> None:
    """Write the new text next to the file, then move it over: an interrupted run never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
