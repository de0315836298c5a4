"""`roe decide`: decide one message given on the command line, or a JSON-lines stream."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

import orjson

from policy import Policy
from policy.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, load_or_report, use_color
from policy.cli.render import console, decision_text
from policy.engine import Explain
from policy.model import KINDS, MessageError

ORDER = 10


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "decide",
        help="decide a message and explain why",
        description="Decide one message with the policy (the bundled default unless --policy), "
        "or every message of a JSON-lines file with --input.",
    )
    p.add_argument("text", nargs="?", help="the message text")
    p.add_argument("--policy", metavar="PATH", help="rule file to use (default: the bundled charter)")
    p.add_argument("--channel", help="platform: facebook, instagram, x, tiktok, youtube, linkedin, google, forum…")
    p.add_argument("--kind", choices=KINDS, help="what the message is")
    p.add_argument("--id", dest="message_id", help="message id")
    p.add_argument("--thread-id", help="conversation id")
    p.add_argument("--lang", help="language code (fr, en…); guessed when absent")
    p.add_argument("--author-name", help="author's display name")
    p.add_argument("--author-handle", help="author's @handle")
    p.add_argument("--author-id", help="author's id")
    p.add_argument("--followers", type=int, metavar="N", help="author's follower count")
    p.add_argument("--verified", action=argparse.BooleanOptionalAction, default=None, help="author is verified")
    p.add_argument("--prior-violations", type=int, metavar="N", help="author's earlier removed messages")
    p.add_argument("--received-at", metavar="RFC3339", help="when the message arrived, e.g. 2026-11-22T03:00:00+01:00")
    p.add_argument("--input", metavar="FILE", help="decide every message of a JSON-lines file (`-` for stdin)")
    p.add_argument("--explain", action="store_true", help="show the full trace: every rule, every condition")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--show-personal-data", action="store_true", help="do not mask personal data in evidence")
    p.set_defaults(run=run)


def _message(args: argparse.Namespace) -> dict[str, Any]:
    message: dict[str, Any] = {"text": args.text}
    for key, value in (
        ("id", args.message_id),
        ("channel", args.channel),
        ("kind", args.kind),
        ("thread_id", args.thread_id),
        ("lang", args.lang),
        ("received_at", args.received_at),
    ):
        if value is not None:
            message[key] = value
    author = {
        k: v
        for k, v in (
            ("name", args.author_name),
            ("handle", args.author_handle),
            ("id", args.author_id),
            ("followers", args.followers),
            ("verified", args.verified),
            ("prior_violations", args.prior_violations),
        )
        if v is not None
    }
    if author:
        message["author"] = author
    return message


def run(args: argparse.Namespace) -> int:
    if (args.text is None) == (args.input is None):
        print("error: give the message text, or --input FILE (one JSON message per line)", file=sys.stderr)
        return EXIT_USAGE
    policy = load_or_report(args.policy, show_personal_data=args.show_personal_data)
    if policy is None:
        return EXIT_FAILED
    explain: Explain = "full" if args.explain else "matches"
    if args.input is not None:
        stream = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
        with stream:
            return _stream(policy, stream, explain)
    try:
        decision = policy.decide(_message(args), explain=explain)
    except MessageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(orjson.dumps(decision.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        decision_text(console(color=use_color()), args.text, decision, explain=args.explain)
    return EXIT_OK


def _stream(policy: Policy, lines: TextIO, explain: Explain) -> int:
    """One decision per input line, in order; a bad line yields an error line, never a gap."""
    status = EXIT_OK
    out = sys.stdout.buffer
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            result = policy.decide(data, explain=explain).to_dict()
        except json.JSONDecodeError as exc:
            result = {
                "line": number,
                "error": {"field": None, "problem": f"not valid JSON: {exc.msg}", "column": exc.colno},
            }
            status = EXIT_FAILED
        except MessageError as exc:
            result = {"line": number, "error": {"field": exc.field, "problem": exc.problem, "help": exc.help}}
            status = EXIT_FAILED
        out.write(orjson.dumps(result) + b"\n")
    out.flush()
    return status
