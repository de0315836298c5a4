"""Sandbox stage — rendering what a session produced (its blocks) on a rich console.

Kept apart from the session (which returns plain values and is tested without a terminal) and from the
`roe sandbox` command module (which `roe` imports on every run, so it stays light). Decisions and traces
are drawn by the shared renderers of `policy.cli.render`, so `roe decide` and the sandbox look alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from policy.cli.render import ACTION_STYLES, decision_text, trace_text
from policy.diagnostics import Diagnostic
from policy.sandbox.context import show_value
from policy.sandbox.session import (
    Block,
    ContextShown,
    Decided,
    HelpShown,
    Note,
    Problem,
    Quit,
    Reloaded,
    RulesShown,
    Saved,
    Traced,
    WhyShown,
)
from policy.sandbox.whynot import Reason


def render(con: Console, blocks: list[Block]) -> bool:
    """Print the blocks; True when one of them ends the session."""
    for block in blocks:
        if isinstance(block, Quit):
            return True
        if isinstance(block, Decided):
            _decided(con, block)
        elif isinstance(block, ContextShown):
            _context(con, block)
        elif isinstance(block, Note):
            con.print(Text(block.text, style="cyan"))
        elif isinstance(block, Problem):
            con.print(Text("error: ", style="bold red") + Text(block.text))
            if block.help:
                con.print(Text("  help: ", style="bold cyan") + Text(block.help))
        elif isinstance(block, Traced):
            if block.decision.explanation is not None:
                trace_text(con, block.decision.explanation)
        elif isinstance(block, WhyShown):
            _why(con, block)
        elif isinstance(block, Reloaded):
            _reloaded(con, block)
        elif isinstance(block, Saved):
            saved = block.saved
            con.print(f"saved case {saved.count} “{escape(saved.name)}” to {escape(str(saved.path))}")
            con.print(f"[dim]replay it with: {escape(block.replay)}[/]")
        elif isinstance(block, RulesShown):
            _rules(con, block)
        elif isinstance(block, HelpShown):
            _help(con, block)
    return False


def _decided(con: Console, block: Decided) -> None:
    message = block.message
    author = message.get("author") or {}
    who = ", ".join(f"{k}={show_value(v)}" for k, v in author.items()) or "no author"
    when = f"{block.local_time:%a %Y-%m-%d %H:%M}"
    if block.business_hours is not None:
        when += ", within business hours" if block.business_hours else ", outside business hours"
    if block.holiday:
        when += ", public holiday"
    con.print(
        f"[dim]{escape(str(message.get('channel') or '-'))} {escape(str(message.get('kind') or '-'))} · "
        f"{escape(who)} · {when}[/]"
    )
    decision_text(con, block.text, block.decision)
    decision = block.decision
    if decision.overridden:
        # Spelled out for CMs: a rule that lost still matched, and its escalations still apply; only its
        # action gave way to a stronger one.
        lost = ", ".join(f"{o.rule} ({o.action.word})" for o in decision.overridden)
        lost_ids = {o.rule for o in decision.overridden}
        escalating = [
            m.rule for m in decision.matched if m.rule in lost_ids and any(e.startswith("escalate") for e in m.effects)
        ]
        still = f"; {', '.join(escalating)} still escalate(s)" if escalating else ""
        con.print(
            f"  [bold]rules that lost:[/] {escape(lost)} — {escape(decision.overridden[0].by)} decides "
            f"{decision.action.word}{escape(still)}"
        )


def _context(con: Console, block: ContextShown) -> None:
    for name, value in block.context.describe():
        changed = block.changed in (name, "all")
        con.print(Text(f"  {name:<8}", style="bold" if changed else "dim") + Text(value))
    if block.moment:
        con.print(Text(f"           {block.moment}", style="dim"))
    if block.note:
        con.print(Text("  note: ", style="bold yellow") + Text(block.note))


def _why(con: Console, block: WhyShown) -> None:
    why = block.why
    title = f" “{why.title}”" if why.title else ""
    head = Text(f"{why.rule}", style="bold") + Text(f"{title} ({why.source}) ")
    if why.fired is None:
        head.append("could not be evaluated", style="yellow")
    elif why.fired:
        head.append("fired", style="green")
        if block.lost_to:
            head.append(f", but its action lost to {block.lost_to} ({block.action.word})")
    else:
        head.append("did not fire: its condition is false", style="red")
    con.print(head)
    _reason(con, why.reason, 1)


def _reason(con: Console, reason: Reason, depth: int) -> None:
    mark = {True: ("✔ true ", "green"), False: ("✘ false", "red"), None: ("? error", "yellow")}[reason.value]
    line = Text("  " * depth) + Text(mark[0], style=mark[1]) + Text(" ")
    line.append(f"{reason.name} " if reason.name else "", style="bold")
    line.append(reason.condition if not reason.name else f"(named condition, {reason.location})")
    if reason.detail:
        line.append(f"   {reason.detail}", style="dim")
    if reason.error:
        line.append(f"   {reason.error}", style="yellow")
    if reason.evidence:
        line.append("   evidence: " + ", ".join(reason.evidence), style="bold red")
    con.print(line)
    for child in reason.because:
        _reason(con, child, depth + 1)


def _reloaded(con: Console, block: Reloaded) -> None:
    diagnostics(con, block.diagnostics)
    if not block.ok:
        errors = sum(1 for d in block.diagnostics if d.is_error)
        con.print(
            Text("reload failed: ", style="bold red")
            + Text(f"{block.path} has {errors} error(s); still using the previous policy ")
            + Text(f"(sha256:{block.before.sha256[:12]})", style="dim")
        )
        return
    after = block.after
    assert after is not None  # INVARIANT: a successful reload has the new policy's reference
    same = after.sha256 == block.before.sha256
    con.print(
        f"reloaded {escape(block.path)}: "
        + ("no change" if same else f"sha256:{block.before.sha256[:12]} → sha256:{after.sha256[:12]}")
    )
    if block.added:
        con.print(f"  new rules: {', '.join(block.added)}")
    if block.removed:
        con.print(f"  rules gone: {', '.join(block.removed)}")
    if block.last_action is not None:
        before, now = block.last_action
        text = Text("  last message: ") + Text(f" {before.word.upper()} ", style=ACTION_STYLES[before])
        if before != now:
            text += Text(" → ") + Text(f" {now.word.upper()} ", style=ACTION_STYLES[now])
        else:
            text += Text(" (unchanged)", style="dim")
        con.print(text)


def _rules(con: Console, block: RulesShown) -> None:
    width = max((len(r.id) for r in block.rules), default=0)
    for rule in block.rules:
        line = Text(f"  {rule.id:<{width}}  ", style="bold") + Text(", ".join(rule.effects))
        if rule.title:
            line.append(f"  “{rule.title}”")
        line.append(f"  {rule.source}", style="dim")
        con.print(line)
    if block.disabled:
        con.print(Text(f"  disabled: {', '.join(block.disabled)}", style="dim"))


def _help(con: Console, block: HelpShown) -> None:
    width = max(len(f":{c.name} {c.argument}") for c in block.commands)
    for command in block.commands:
        usage = f":{command.name} {command.argument}".rstrip()
        aliases = f" (also :{', :'.join(command.aliases)})" if command.aliases else ""
        con.print(Text(f"  {usage:<{width}}  ", style="bold") + Text(command.summary + aliases))
    if len(block.commands) > 1:
        con.print(
            "[dim]  Anything else is a message to decide. A line ending with \\ continues on the next line "
            "(Esc-Enter too); start a message with \\: when it begins with a colon word.[/]"
        )


def diagnostics(con: Console, diagnostics: Iterable[Diagnostic]) -> None:
    for d in diagnostics:
        con.print(Text.from_ansi(d.render(color=con.is_terminal and not con.no_color)))
        con.print()
