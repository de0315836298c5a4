"""`roe sandbox`: try messages against a policy, interactively (prompt_toolkit) or from a pipe.

The session logic lives in `policy.sandbox`; this module reads input, hands it to the session and
renders the blocks it returns (`policy.sandbox.render`). On a terminal the input is a prompt with
history, multi-line editing and completion; when stdin is not a terminal, each line (or `\\`-continued
lines) is one input, the output is plain unless FORCE_COLOR is set, and the exit status is 1 when an
input was refused.

`roe` imports every command module to build its help, so the sandbox itself is imported only when run.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text

from policy.cli.common import EXIT_FAILED, EXIT_OK, use_color
from policy.cli.render import console
from policy.resources import default_policy_path

if TYPE_CHECKING:
    from rich.console import Console

    from policy.sandbox.session import Session

ORDER = 20


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sandbox",
        help="try messages interactively and see what the policy decides",
        description="An interactive session: type a message to see the decision; set its context with "
        ":channel, :kind, :author, :at; ask :why RULE; :save FILE keeps it as a test case. :help lists "
        "the commands. When stdin is not a terminal, every line is one input.",
    )
    p.add_argument("--policy", metavar="PATH", help="rule file to use (default: the bundled charter)")
    p.add_argument("--show-personal-data", action="store_true", help="do not mask personal data in evidence and traces")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from policy.sandbox.render import diagnostics
    from policy.sandbox.session import Session

    path = Path(args.policy) if args.policy else None
    try:
        session, checked = Session.open(path, show_personal_data=args.show_personal_data)
    except OSError as exc:
        print(f"error: cannot read the policy `{path or default_policy_path()}`: {exc}", file=sys.stderr)
        return EXIT_FAILED
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if session is None:
        diagnostics(console(sys.stderr, color=use_color(sys.stderr)), checked.diagnostics)
        target = path or default_policy_path()
        print(f"error: the policy `{target}` has errors; fix them and start again", file=sys.stderr)
        return EXIT_FAILED
    if interactive:
        return _interactive(session, console(color=use_color()))
    forced = bool(os.environ.get("FORCE_COLOR")) and not os.environ.get("NO_COLOR")
    return _piped(session, sys.stdin, console(color=forced))


def _interactive(session: Session, con: Console) -> int:
    from policy.sandbox.prompt import prompt_session  # prompt_toolkit is only needed on a terminal
    from policy.sandbox.render import render

    prompt = prompt_session(lambda: session.rule_ids)
    ref = session.policy.ref
    con.print(
        f"[bold]ROE sandbox[/] — {escape(ref.name)} {escape(ref.version or '')} "
        f"({len(session.policy.rules)} rules). Type a message; [bold]:help[/] for commands, Ctrl-D to leave."
    )
    con.print("[dim]Enter sends; end a line with \\ or press Esc-Enter for a line break.[/]")
    # The analyses load their word lists and the NLP model on first use (seconds): do it while the CM
    # types the first message. A message sent before it ends waits for the same locks, never fails.
    threading.Thread(target=session.policy.warm_up, name="roe-warm-up", daemon=True).start()
    while True:
        context = session.context
        try:
            line = prompt.prompt(f"{context.channel or '-'}/{context.kind or '-'}> ")
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line, as in a shell
        except EOFError:
            return EXIT_OK
        try:
            blocks = session.handle(line)
        except KeyboardInterrupt:  # a slow analysis interrupted: back to the prompt, not out of the sandbox
            con.print("[dim]interrupted[/]")
            continue
        if render(con, blocks):
            return EXIT_OK


def _piped(session: Session, lines: Iterable[str], con: Console) -> int:
    from policy.sandbox.commands import join_continued
    from policy.sandbox.render import render
    from policy.sandbox.session import Problem

    status = EXIT_OK
    for entry in join_continued(lines):
        if not entry.strip():
            continue
        con.print(Text("> " + entry.replace("\n", "\n  "), style="dim"))  # a transcript reads like the session
        blocks = session.handle(entry)
        if any(isinstance(b, Problem) for b in blocks):
            status = EXIT_FAILED
        if render(con, blocks):
            break
    return status
