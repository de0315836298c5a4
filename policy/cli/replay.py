"""`roe replay`: decide a corpus of past messages with two versions of the rules and show what changes.

The comparison lives in `policy.replay`; this module reads the corpus, shows progress on a terminal
(stderr only, so the report can be redirected) and prints the report as text or JSON.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from policy.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_diagnostics
from policy.diagnostics import PolicyError

if TYPE_CHECKING:
    from rich.progress import Progress

    from policy.replay import ReplayReport

ORDER = 50
PROGRESS_FROM = 2000  # lines: a shorter replay is over before a progress bar is worth drawing


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "replay",
        help="decide past messages with two versions of the rules and show what changes",
        description="Decide every message of a JSON-lines corpus (one message per line, as `roe decide --input` "
        "reads) with the baseline policy and the new one, and report the action transitions, the rules that "
        "newly fire or no longer fire, and each changed message with the rules responsible. Messages without "
        "`received_at` are decided as of the moment the replay starts, by both policies. Exit status 1 when "
        "some lines could not be decided (they are listed).",
    )
    p.add_argument("corpus", metavar="CORPUS.jsonl", help="past messages, one JSON object per line (`-` for stdin)")
    p.add_argument("--policy", metavar="NEW", help="the new rules (default: the bundled charter)")
    p.add_argument("--baseline", metavar="OLD", required=True, help="the rules in force today")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--jobs", type=int, default=0, metavar="N", help="worker processes (default: every core for large corpora)"
    )
    p.add_argument(
        "--limit", type=int, default=50, metavar="N", help="changed messages shown in text (default 50; 0: all)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from policy.replay import numbered, replay  # `roe` imports every command module: the stage only when run

    if args.jobs < 0 or args.limit < 0:
        print("error: --jobs and --limit take a number ≥ 0", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.corpus == "-":
            lines = list(numbered(sys.stdin))
        else:
            with open(args.corpus, encoding="utf-8") as stream:
                lines = list(numbered(stream))
    except OSError as exc:
        print(f"error: cannot read `{args.corpus}`: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError as exc:
        print(f"error: `{args.corpus}` is not UTF-8 text: {exc.reason} at byte {exc.start}", file=sys.stderr)
        return EXIT_USAGE
    now = datetime.now(UTC).replace(microsecond=0)
    show = sys.stderr.isatty() and len(lines) >= PROGRESS_FROM
    try:
        if show:
            with _progress() as bar:
                task = bar.add_task("replaying", total=len(lines))
                report = replay(
                    args.corpus,
                    lines,
                    Path(args.baseline),
                    _path(args.policy),
                    now,
                    jobs=args.jobs,
                    progress=lambda n: bar.advance(task, n),
                )
        else:
            report = replay(args.corpus, lines, Path(args.baseline), _path(args.policy), now, jobs=args.jobs)
    except PolicyError as exc:
        print_diagnostics(exc.diagnostics)
        print("error: a policy has errors; nothing was replayed", file=sys.stderr)
        return EXIT_FAILED
    except FileNotFoundError as exc:
        print(f"error: no policy at `{exc.filename}`", file=sys.stderr)
        return EXIT_FAILED
    if args.format == "json":
        sys.stdout.buffer.write(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")
    else:
        _print(report, args.limit)
    return EXIT_FAILED if report.bad else EXIT_OK


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def _progress() -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,  # the bar disappears once the report is printed
    )


def _policy_line(label: str, data: dict[str, Any]) -> str:
    return (
        f"  {label:<9}{data['name']} {data['version'] or ''} sha256:{data['sha256'][:12]} "
        f"({data['rules']} rules, {data['root']})"
    )


def _print(report: ReplayReport, limit: int) -> None:
    data = report.to_dict()
    bad = f", {len(report.bad)} bad line(s)" if report.bad else ""
    print(f"replay of {report.corpus}: {report.lines} message line(s), {report.decided} decided by both policies{bad}")
    print(_policy_line("baseline", data["baseline"]))
    print(_policy_line("new", data["new"]))
    print(f"  messages without received_at are decided as of {data['now']}")
    if report.only_in_new:
        print(f"  rules only in the new policy: {', '.join(report.only_in_new)}")
    if report.only_in_baseline:
        print(f"  rules only in the baseline: {', '.join(report.only_in_baseline)}")
    print()
    others = len(report.changed) - report.action_changes
    print(
        f"{len(report.changed)} message(s) change: {report.action_changes} change action, {others} change only "
        f"escalations, evidence, reply or rules; {report.decided - len(report.changed)} unchanged"
    )
    moved = [t for t in data["transitions"] if t["from"] != t["to"]]
    if moved:
        print("\naction transitions:")
        for t in moved:
            print(f"  {t['from']:<8} → {t['to']:<8} {t['count']:>6}")
    kept = [t for t in data["transitions"] if t["from"] == t["to"]]
    if kept:
        print("  unchanged: " + ", ".join(f"{t['from']} {t['count']}" for t in kept))
    if data["rules"]:
        print("\nrules:")
        width = max(len(r["rule"]) for r in data["rules"])
        for r in data["rules"]:
            parts = []
            if r["newly_firing"]:
                parts.append(f"+{r['newly_firing']} newly firing")
            if r["no_longer_firing"]:
                parts.append(f"−{r['no_longer_firing']} no longer firing")
            where = " (new rule)" if not r["in_baseline"] else " (removed rule)" if not r["in_new"] else ""
            print(f"  {r['rule']:<{width}}  {', '.join(parts)}{where}")
    if report.changed:
        shown = report.changed if limit == 0 else report.changed[:limit]
        print("\nchanged messages:")
        for c in shown:
            ident = f" [{c.message_id}]" if c.message_id else ""
            head = f"{c.old.action} → {c.new.action}" if c.old.action != c.new.action else f"{c.new.action} (same)"
            print(f"  line {c.line}{ident} {head}: «{c.text}»")
            details = []
            if c.newly:
                details.append("+ " + ", ".join(c.newly) + " now fire(s)")
            if c.gone:
                details.append("− " + ", ".join(c.gone) + " no longer fire(s)")
            other = [a for a in c.changes if a not in ("action", "rules")]
            if other:
                details.append("changed: " + ", ".join(other))
            details.append("responsible: " + ", ".join(c.responsible))
            print("      " + "; ".join(details))
        if len(shown) < len(report.changed):
            print(f"  … {len(report.changed) - len(shown)} more (--limit 0 shows all, --format json lists all)")
    if report.bad:
        print("\nbad lines (not decided):")
        for b in report.bad:
            print(f"  line {b.line}: {b.problem}")
