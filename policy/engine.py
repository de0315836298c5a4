"""The compiled policy and its decision procedure (DESIGN §3), written down once, here.

1. Every rule is evaluated; the decision lists every rule that matched, in a deterministic order
   (priority, highest first, then the order a reader meets the rules, includes expanded in place).
2. The strongest action wins: delete > hide > escalate > answer > ignore. Escalations accumulate from
   every matched rule, winners and losers; for a team named twice, the highest priority and the
   earliest deadline win. The rules whose action lost are listed in `overridden`.
3. When no rule matches, the policy's `default` applies.
4. A rule that cannot be evaluated counts as not matched; its error is reported and the policy's
   `on error` effects join the decision (default: escalate to moderation) — a broken rule never
   fails open.
5. Same policy, same message → same decision, byte for byte, timing aside.
6. Deadlines run from the message's `received_at` (or now) — wall-clock time, not business hours.

A `Policy` is immutable and shared freely between threads; each `decide` call has its own context.
"""

from __future__ import annotations

import time as _time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from policy.analyzers.registry import summaries
from policy.evaluate import Context, EvaluationError, Node
from policy.model import (
    Action,
    Decision,
    EscalationOut,
    Evidence,
    MatchedRule,
    Message,
    Overridden,
    PolicyRef,
    Priority,
    RuleError,
)
from policy.text.matcher import TermMatcher

Explain = Literal["off", "matches", "full"]

_EVIDENCE_ORDER: Final = attrgetter("start", "end", "label")

# Messages that make every analysis load (French and English, a person, a fact, a complaint).
WARM_UP_MESSAGES: tuple[dict[str, str], ...] = (
    {
        "text": "Bonjour, ma commande n'est jamais arrivée et le gérant du magasin de Lyon a encaissé deux fois.",
        "lang": "fr",
        "kind": "comment",
        "received_at": "2026-01-14T10:00:00+01:00",
    },
    {
        "text": "Hello, my order never arrived and the manager of your Leeds store charged me twice.",
        "lang": "en",
        "kind": "comment",
        "received_at": "2026-01-14T10:00:00+01:00",
    },
)


# ---------------------------------------------------------------- time


@lru_cache(maxsize=64)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())


@dataclass(frozen=True)
class Calendar:
    """Business hours and public holidays of a policy, in its time zone."""

    # For each weekday (0 = Monday), the opening ranges in minutes since midnight.
    hours: tuple[tuple[tuple[int, int], ...], ...]
    holidays: tuple[str, str | None]
    has_hours: bool

    def is_holiday(self, day: date) -> bool:
        country, subdivision = self.holidays
        return day in _holiday_dates(country, subdivision, day.year)

    def in_hours(self, local: datetime) -> bool:
        """Open now? Public holidays are closed days."""
        if self.is_holiday(local.date()):
            return False
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.hours[local.weekday()])


# ---------------------------------------------------------------- effects and rules


@dataclass(frozen=True)
class EscalationSpec:
    team: str
    team_title: str
    priority: Priority
    within: int  # seconds


@dataclass(frozen=True)
class Template:
    """A reply with `{placeholders}`; `{author.name|Madame, Monsieur}` gives a fallback."""

    name: str
    parts: tuple[tuple[bool, str, str], ...]  # (is_placeholder, literal or path, fallback)

    def render(self, ctx: Context) -> str:
        out: list[str] = []
        parts = self.parts
        for index, (is_placeholder, value, fallback) in enumerate(parts):
            if not is_placeholder:
                out.append(value)
                continue
            rendered = _placeholder(ctx, value) or fallback
            following = parts[index + 1][1] if index + 1 < len(parts) and not parts[index + 1][0] else ""
            if not rendered and out and out[-1].endswith(" ") and following[:1] in {",", ".", " ", ""}:
                # "Bonjour {author.name}, …" without a name reads "Bonjour, …", not "Bonjour , …".
                out[-1] = out[-1][:-1]
            out.append(rendered)
        return "".join(out).strip()


def _placeholder(ctx: Context, path: str) -> str:
    message = ctx.message
    if path.startswith("author."):
        value = getattr(message.author, path[7:], None) if message.author else None
    elif path == "policy.name":
        value = ctx.policy.name
    elif path == "policy.version":
        value = ctx.policy.version
    else:
        value = getattr(message, path, None)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class EffectSet:
    action: Action
    escalations: tuple[EscalationSpec, ...] = ()
    keep_evidence: bool = False
    template: Template | None = None
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompiledRule:
    id: str
    title: str | None
    priority: int
    order: int
    node: Node
    effects: EffectSet
    because: str | None
    cite: tuple[str, ...]
    categories: tuple[str, ...]
    source: str
    file: str
    line: int


# ---------------------------------------------------------------- the policy


@dataclass(frozen=True)
class Policy:
    """A compiled, immutable policy. Build it with `policy.load_policy` / `policy.compile_text`."""

    name: str
    version: str | None
    sha256: str
    rules: tuple[CompiledRule, ...]
    disabled: tuple[str, ...]
    default: EffectSet
    on_error: EffectSet
    tz: ZoneInfo
    calendar: Calendar
    matcher: TermMatcher
    teams: Mapping[str, EscalationSpec]
    root: str
    loaded_at: datetime
    files: tuple[str, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)
    show_personal_data: bool = False

    @cached_property
    def ref(self) -> PolicyRef:
        # Built once: every decision carries it, and it is immutable like the policy.
        return PolicyRef(self.name, self.version, self.sha256)

    def warm_up(self) -> None:
        """Load what the analyses load on first use (word lists, automata, the NLP model), so that the
        first real message does not pay for it. Decides a few fixed messages with a full explanation,
        which runs every analysis; idempotent and thread-safe (the analyses load under their own locks)."""
        for message in WARM_UP_MESSAGES:
            self.decide(message, explain="full")

    def rule(self, rule_id: str) -> CompiledRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def decide(
        self,
        message: Message | Mapping[str, Any],
        *,
        explain: Explain = "matches",
        now: datetime | None = None,
    ) -> Decision:
        """Decide one message. Raises `MessageError` for a message that is not valid."""
        started = _time.perf_counter_ns()
        if not isinstance(message, Message):
            message = Message.from_dict(message)
        # `now` only stands in for a missing `received_at`: the clock is not read when the message has one.
        ctx = Context(self, message, now or message.received_at or datetime.now(UTC))

        matched: list[CompiledRule] = []
        errors: list[RuleError] = []
        for rule in self.rules:
            try:
                if rule.node.test(ctx):
                    matched.append(rule)
            except EvaluationError as exc:
                errors.append(RuleError(rule.id, exc.code, exc.message, rule.source))
            except Exception as exc:  # an analysis crashed: fail safe, never fail open (DESIGN §3.4)
                errors.append(
                    RuleError(
                        rule.id, "ROE302", f"the rule could not be evaluated: {type(exc).__name__}: {exc}", rule.source
                    )
                )

        default_applied = not matched
        contributing: list[tuple[str, EffectSet]] = [(r.id, r.effects) for r in matched]
        if default_applied:
            contributing.append(("default", self.default))
        if errors:
            contributing.append(("on error", self.on_error))
        # The strongest action, and the first contributor that has it, in one pass.
        winner, first = contributing[0]
        action = first.action
        keep_evidence = escalates = False
        for name, effects in contributing:
            if effects.action > action:
                action, winner = effects.action, name
            keep_evidence = keep_evidence or bool(effects.keep_evidence)
            escalates = escalates or bool(effects.escalations)

        reply = None
        if action is Action.ANSWER:
            template = next(
                (e.template for _, e in contributing if e.action is Action.ANSWER and e.template is not None), None
            )
            if template is not None:
                reply = template.render(ctx)

        escalations = self._escalations(contributing, ctx.received_at) if escalates else ()
        matched_out = tuple([self._matched(rule, ctx, explain) for rule in matched])
        overridden = tuple([Overridden(r.id, r.effects.action, winner) for r in matched if r.effects.action < action])
        explanation = self._explanation(ctx) if explain == "full" else None
        analyses = summaries(ctx, full=explain == "full")
        return Decision(
            message.id,
            action,
            escalations,
            keep_evidence,
            reply,
            matched_out,
            overridden,
            tuple(errors),
            self.ref,
            default_applied,
            tuple(sorted({c for r in matched for c in r.categories})) if matched else (),
            (_time.perf_counter_ns() - started) // 1000,
            explanation,
            analyses or None,
        )

    # ------------------------------------------------------------ pieces of a decision

    def _escalations(
        self, contributing: list[tuple[str, EffectSet]], received_at: datetime
    ) -> tuple[EscalationOut, ...]:
        if not any(effects.escalations for _, effects in contributing):
            return ()  # most decisions: no time zone conversion, nothing to sort
        merged: dict[str, EscalationOut] = {}
        received_at = received_at.astimezone(self.tz)
        for name, effects in contributing:
            for spec in effects.escalations:
                due = received_at + timedelta(seconds=spec.within)
                current = merged.get(spec.team)
                if current is None:
                    merged[spec.team] = EscalationOut(spec.team, spec.priority, due, spec.team_title, (name,))
                else:
                    merged[spec.team] = EscalationOut(
                        spec.team,
                        max(current.priority, spec.priority),
                        min(current.due_at, due),
                        spec.team_title,
                        (*current.rules, name),
                    )
        return tuple(sorted(merged.values(), key=lambda e: (-e.priority, e.due_at, e.team)))

    @staticmethod
    def _matched(rule: CompiledRule, ctx: Context, explain: Explain) -> MatchedRule:
        evidence: tuple[Evidence, ...] = ()
        if explain != "off":
            found: list[Evidence] = []
            rule.node.evidence(ctx, found)
            evidence = tuple(sorted(set(ctx.shown(found)), key=_EVIDENCE_ORDER))
        return MatchedRule(
            rule.id,
            rule.title,
            rule.effects.action,
            rule.effects.texts,
            rule.because,
            rule.cite,
            evidence,
            rule.source,
            rule.categories,
        )

    def _explanation(self, ctx: Context) -> dict[str, Any]:
        rules = []
        for rule in self.rules:
            entry = rule.node.trace(ctx)
            rules.append({"rule": rule.id, "source": rule.source, "matched": entry.get("value") is True, **entry})
        return {
            "received_at": ctx.received_at.isoformat(),
            "local_time": ctx.local_time.isoformat(),
            "timezone": str(self.tz),
            "business_hours": ctx.in_business_hours() if self.calendar.has_hours else None,
            "holiday": ctx.is_holiday(),
            "rules": rules,
        }
