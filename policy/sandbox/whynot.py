"""Sandbox stage — `:why RULE`: why a rule did (not) fire on a message, read from the rule's node trace.

The trace (`Node.trace`) gives every condition of the rule, its value, the field's actual value and
its evidence. This module keeps only the part that *decided* the outcome, the way a reviewer would
explain it:

- an `and` that is false is false because of its false operands (the true ones do not matter);
- an `or` that is false is false because every operand is;
- a `not` is false because its operand is true (and then the evidence of that operand is the answer:
  "not fired, because the text *does* contain «commande»");
- a named condition is explained by its body; a condition that could not be evaluated by its error.

When the rule fired, the same walk gives the operands that made it true.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from policy.engine import CompiledRule, Policy
from policy.evaluate import AndNode, Context, DefineNode, Node, OrNode
from policy.model import Message

MAX_SHOWN = 120  # characters of a value or a condition shown on one line


@dataclass(frozen=True)
class Reason:
    """One condition, its value for the message, and the sub-conditions that made it so."""

    condition: str
    location: str
    value: bool | None  # None: could not be evaluated
    detail: str | None = None  # the actual value read: `author.followers = 1200`, the local time…
    error: str | None = None
    evidence: tuple[str, ...] = ()
    name: str | None = None  # set for a named condition (`define`)
    because: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class WhyNot:
    rule: str
    title: str | None
    source: str
    fired: bool | None  # None: the rule could not be evaluated
    reason: Reason


def why(policy: Policy, rule: CompiledRule, message: Message | Mapping[str, Any], now: datetime) -> WhyNot:
    """Explain the outcome of `rule` for `message`, decided at `now` (the session's decision time)."""
    msg = message if isinstance(message, Message) else Message.from_dict(message)
    ctx = Context(policy, msg, now)
    trace = rule.node.trace(ctx)
    reason = _explain(rule.node, trace)
    return WhyNot(rule.id, rule.title, rule.source, reason.value, reason)


def _explain(node: Node, trace: Mapping[str, Any]) -> Reason:
    value: bool | None = trace.get("value")
    pairs = list(zip(node.children(), trace.get("children", ()), strict=False))
    pairs.sort(key=lambda pair: pair[0].span.start)  # the compiler reorders by cost; show source order
    if value is None:
        chosen = [p for p in pairs if p[1].get("value") is None]
    elif isinstance(node, AndNode) and value is False:
        chosen = [p for p in pairs if p[1].get("value") is not True]
    elif isinstance(node, OrNode) and value is True:
        chosen = [p for p in pairs if p[1].get("value") is True]
    else:
        chosen = pairs
    name = node.name if isinstance(node, DefineNode) else None
    return Reason(
        condition=_one_line(node.span.text),
        location=node.span.location(),
        value=value,
        detail=_detail(trace),
        error=trace.get("error"),
        evidence=tuple(_evidence(trace)),
        name=name,
        because=tuple(_explain(child, child_trace) for child, child_trace in chosen),
    )


def _detail(trace: Mapping[str, Any]) -> str | None:
    if "actual" in trace:
        actual = trace["actual"]
        shown = "(not sent)" if actual is None else _shown_value(actual)
        return f"{trace.get('field')} = {shown}"
    if "normalised" in trace:
        return f"{trace.get('field', 'text')} as matched: «{_clip(str(trace['normalised']))}»"
    if "local_time" in trace:
        return f"local time {trace['local_time']}"
    return None


def _shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return f'"{_clip(value)}"'
    if isinstance(value, Sequence):
        return "[" + ", ".join(str(v) for v in value) + "]" if value else "[] (nothing found)"
    return str(value)


def _evidence(trace: Mapping[str, Any]) -> list[str]:
    return [f"«{e['text']}» {e['label']}" for e in trace.get("evidence", ())]


def _one_line(text: str) -> str:
    return _clip(" ".join(text.split()))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
