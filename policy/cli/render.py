"""Human rendering of decisions and diagnostics for the terminal (shared by decide, test, sandbox)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from policy.model import Action, Decision

ACTION_STYLES = {
    Action.DELETE: "bold white on red",
    Action.HIDE: "bold black on yellow",
    Action.ESCALATE: "bold white on magenta",
    Action.ANSWER: "bold white on green",
    Action.IGNORE: "bold white on bright_black",
}


def console(stream: TextIO | None = None, *, color: bool | None = None) -> Console:
    stream = stream or sys.stdout
    force = None if color is None else color
    return Console(file=stream, force_terminal=force, no_color=(color is False), highlight=False, soft_wrap=True)


def highlighted(text: str, decision: Decision) -> Text:
    """The original message with every piece of evidence underlined."""
    out = Text(text)
    for rule in decision.matched:
        for e in rule.evidence:
            out.stylize("bold underline red", e.start, e.end)
    return out


def decision_text(con: Console, text: str, decision: Decision, *, explain: bool = False) -> None:
    action = decision.action
    head = Text(f" {action.word.upper()} ", style=ACTION_STYLES[action])
    if decision.default_applied:
        head.append("  no rule matched: the policy's default applies", style="dim")
    con.print(head)
    for esc in decision.escalations:
        con.print(
            f"  [bold]escalate[/] → {esc.team} ({escape(esc.team_title)}), priority {esc.priority.word}, "
            f"due {esc.due_at.isoformat(timespec='minutes')}",
        )
    if decision.keep_evidence:
        con.print("  [bold]keep evidence[/] before removing anything")
    if decision.reply:
        con.print(Text("  reply: ", style="bold") + Text(decision.reply, style="green"))
    con.print(Text("  message: ", style="bold") + highlighted(text, decision))
    overridden = {o.rule: o for o in decision.overridden}
    for rule in decision.matched:
        lost = overridden.get(rule.rule)
        mark = f"[dim](overridden by {lost.by})[/]" if lost else ""
        title = f" “{escape(rule.title)}”" if rule.title else ""
        effects = escape(", ".join(rule.effects))
        con.print(f"  [bold]✔ {rule.rule}[/]{title} → {effects} [dim]{escape(rule.source)}[/] {mark}")
        # Titles, reasons and citations are policy text: escaped, so `[...]` in them is not rich markup.
        if rule.because:
            con.print(f"      because: {escape(rule.because)}")
        if rule.cite:
            con.print(f"      cite: {escape('; '.join(rule.cite))}")
        for e in rule.evidence:
            con.print(
                Text("      evidence: ")
                + Text(f"«{e.text}»", style="bold red")
                + Text(f" {e.label} [{e.start}:{e.end}]", style="dim")
            )
    for err in decision.errors:
        con.print(
            f"  [bold red]✘ {err.rule}[/] could not be evaluated ({err.code}): {escape(err.message)} "
            f"[dim]{escape(err.source)}[/]"
        )
    if decision.categories:
        con.print(f"  [dim]categories: {', '.join(decision.categories)}[/]")
    if decision.analyses and (explain or _noteworthy(decision.analyses)):
        analyses_text(con, decision.analyses)
    con.print(
        f"  [dim]policy {escape(decision.policy.name)} {escape(decision.policy.version or '')} "
        f"sha256:{decision.policy.sha256[:12]} · {decision.elapsed_us} µs[/]"
    )
    if explain and decision.explanation is not None:
        trace_text(con, decision.explanation)


def _noteworthy(analyses: dict[str, Any]) -> bool:
    """Whether the legal analysis found something worth showing without being asked."""
    q = analyses.get("qualification")
    threat = analyses.get("threat") or {}
    hate = analyses.get("hate") or {}
    return bool(
        (q is not None and q.get("offence") != "none")
        or threat.get("is_threat")
        or threat.get("reported")
        or hate.get("is_hate")
    )


def analyses_text(con: Console, analyses: dict[str, Any]) -> None:
    """The legal analyses of the message: who is aimed at, what is imputed, how it qualifies, until when."""
    con.print("  [bold]legal analysis[/]")
    q = analyses.get("qualification")
    if q is not None:
        ground = f", aggravated: {q['aggravated_ground']}" if q.get("aggravated_ground") else ""
        where = "public" if q["public"] else "not public"
        con.print(
            f"    qualification: [bold]{q['offence']}[/] (confidence {q['confidence']:.2f}{ground}, {where}, "
            f"target {q['target_kind']})"
        )
        if q.get("prescription_deadline"):
            con.print(f"    limitation period ends: {escape(q['prescription_deadline'])}")
        if q.get("citations"):
            con.print(f"    cite: {escape('; '.join(q['citations']))}")
        if q.get("explanation"):
            con.print(f"    [dim]{escape(q['explanation'])}[/]")
    for t in analyses.get("targets", ()):
        who = f" ({escape(t['who'])})" if t.get("who") else ""
        con.print(f"    target: {t['kind']} «{escape(t['text'])}»{who} [dim]{escape(t['reason'])}[/]")
    imp = analyses.get("imputation")
    if imp is not None:
        flags = [
            k.replace("_", " ")
            for k in ("negated", "fiction", "quoted_to_denounce", "about_product_or_service")
            if imp.get(k)
        ]
        markers = f", opinion markers: {', '.join(imp['opinion_markers'])}" if imp.get("opinion_markers") else ""
        con.print(
            f"    imputation: {imp['kind']}, {imp['form']}"
            + (f" ({', '.join(flags)})" if flags else "")
            + escape(markers)
        )
    threat = analyses.get("threat")
    if threat is not None and (threat["is_threat"] or threat["reported"]):
        what = "reported threat" if threat["reported"] and not threat["is_threat"] else "threat"
        cites = f" — {escape('; '.join(threat['citations']))}" if threat.get("citations") else ""
        con.print(f"    {what}: {threat['kind'] or ''}{' (conditional)' if threat['conditional'] else ''}{cites}")
    hate = analyses.get("hate")
    if hate is not None and hate["is_hate"]:
        con.print(f"    hate: grounds {', '.join(hate['grounds']) or 'unspecified'} [dim]{escape(hate['reason'])}[/]")


def trace_text(con: Console, explanation: dict[str, Any]) -> None:
    con.print(
        f"[bold]trace[/] [dim](local time {explanation['local_time']}, "
        f"business hours: {explanation['business_hours']}, holiday: {explanation['holiday']})[/]"
    )
    for rule in explanation["rules"]:
        _trace_node(con, rule, 1, label=f"{rule['rule']} [dim]{escape(rule['source'])}[/]")


def _trace_node(con: Console, node: dict[str, Any], depth: int, label: str | None = None) -> None:
    value = node.get("value")
    mark = {True: "[green]true [/]", False: "[red]false[/]", None: "[yellow]error[/]"}[value]
    extra = ""
    if "actual" in node:
        extra = f"  [dim]{node['field']} = {escape(repr(node['actual']))}[/]"
    if "error" in node:
        extra += f"  [yellow]{escape(node['error'])}[/]"
    if node.get("evidence"):
        extra += "  [dim]evidence: " + escape(", ".join(f"«{e['text']}»" for e in node["evidence"])) + "[/]"
    text = " ".join(node["condition"].split())
    if len(text) > 90:
        text = text[:87] + "…"
    # Conditions are rule text (regexes such as `[a-z]+`): escaped so rich does not read them as markup.
    text = escape(text)
    prefix = "  " * depth
    if label:
        con.print(f"{prefix}{mark} {label}")  # label: rule id and source, markup built by trace_text
        con.print(f"{prefix}    [dim]when[/] {text}{extra}")
    else:
        con.print(f"{prefix}{mark} {text}{extra}")
    for child in node.get("children", ()):
        _trace_node(con, child, depth + 2)
