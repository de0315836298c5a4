"""Evaluation stage: compiled condition nodes and the per-message context they read.

A compiled condition is a small tree of `Node`s. `test` is the fast path (a boolean, nothing
recorded); `evidence` is asked only of rules that matched; `trace` only when a full explanation is
requested — so explaining costs nothing when it is off (STYLE §10).

Three-valued logic. A node that cannot be evaluated (a missing field, a failing analysis) raises
`EvaluationError`, which `and` / `or` treat as *unknown*: `false and unknown` is false, `true or
unknown` is true, anything else unknown propagates and the rule counts as not matched with its
error reported (DESIGN §3.4). This makes the result independent of operand order, which the
compiler is free to change to run cheap operands first.

The context caches per message whatever several rules may ask for: the normalised text and its
lexicon matches (one automaton pass per field), links, analyses and named conditions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from policy.analyzers.base import Finding
from policy.facts import Fact, MissingValue
from policy.model import Evidence, Message
from policy.source import SourceSpan

if TYPE_CHECKING:
    from policy.engine import Policy
    from policy.text.links import Link
    from policy.text.matcher import Scan

MAX_EVIDENCE = 50  # per condition: enough to show a CM, bounded for a message full of matches


class EvaluationError(Exception):
    """A condition could not be evaluated for this message (ROE3xx)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


class Context:
    """Everything evaluated about one message, computed at most once."""

    __slots__ = ("_cache", "_local", "message", "policy", "received_at")

    def __init__(self, policy: Policy, message: Message, now: datetime) -> None:
        self.policy = policy
        self.message = message
        self.received_at = message.received_at or now
        self._local: datetime | None = None
        self._cache: dict[Any, Any] = {}

    # ------------------------------------------------------------ time

    @property
    def local_time(self) -> datetime:
        if self._local is None:
            self._local = self.received_at.astimezone(self.policy.tz)
        return self._local

    def is_holiday(self) -> bool:
        return self.policy.calendar.is_holiday(self.local_time.date())

    def in_business_hours(self) -> bool:
        return self.policy.calendar.in_hours(self.local_time)

    # ------------------------------------------------------------ text

    def field_text(self, fact: Fact) -> str:
        try:
            value = fact.get(self)
        except MissingValue as exc:
            raise EvaluationError("ROE301", str(exc)) from None
        return value if isinstance(value, str) else str(value)

    def scan(self, fact: Fact) -> Scan:
        key = ("scan", fact.path)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.policy.matcher.scan(self.field_text(fact))
        return found

    def links(self) -> tuple[Link, ...]:
        found = self._cache.get("links")
        if found is None:
            from policy.text.links import find_links

            found = self._cache["links"] = find_links(self.message.text)
        return found

    def lang(self) -> str:
        if self.message.lang:
            return self.message.lang
        found = self._cache.get("lang")
        if found is None:
            from policy.text.lang import guess_language

            found = self._cache["lang"] = guess_language(self.message.text)
        return found

    def shown(self, evidence: Iterable[Evidence]) -> list[Evidence]:
        """Evidence as a decision may show it: personal data masked unless the policy allows it.

        Masks every piece of personal data the analysis found inside an evidence span, whatever rule
        produced the span (a lexicon, a regular expression or the analysis itself), with the masked
        form the personal-data analysis computed.
        """
        items = list(evidence)
        if self.policy.show_personal_data or "pii" not in self._cache:
            return items
        matches = self._cache["pii"]
        out = []
        for e in items:
            overlapping = [m for m in matches if m.start < e.end and e.start < m.end]
            if not overlapping:
                out.append(e)
                continue
            text = self.message.text
            pieces: list[str] = []
            position = e.start
            for m in sorted(overlapping, key=lambda m: m.start):
                pieces.append(text[position : max(position, m.start)])
                pieces.append(m.masked)
                position = max(position, m.end)
            pieces.append(text[position : e.end] if position < e.end else "")
            out.append(Evidence(e.start, e.end, "".join(pieces), e.label))
        return out

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """An analysis or a named condition, computed once per message."""
        if key in self._cache:
            return self._cache[key]
        value = self._cache[key] = compute()
        return value


# ---------------------------------------------------------------- nodes


class Node:
    __slots__ = ("cost", "span")

    def __init__(self, span: SourceSpan, cost: int) -> None:
        self.span = span
        self.cost = cost

    def test(self, ctx: Context) -> bool:
        raise NotImplementedError

    def evidence(self, ctx: Context, out: list[Evidence]) -> None:
        """Append the evidence of a node that is true (never called when false)."""

    def details(self, ctx: Context) -> dict[str, Any]:
        """What a full trace shows next to the value (the field's actual value…)."""
        return {}

    def children(self) -> tuple[Node, ...]:
        return ()

    def trace(self, ctx: Context) -> dict[str, Any]:
        out: dict[str, Any] = {"condition": self.span.text, "at": f"{self.span.line}:{self.span.column}"}
        try:
            value = self.test(ctx)
        except EvaluationError as exc:
            out["value"] = None
            out["error"] = exc.message
        else:
            out["value"] = value
            if value:
                found: list[Evidence] = []
                self.evidence(ctx, found)
                if found:
                    out["evidence"] = [e.to_dict() for e in ctx.shown(found)]
        try:
            out.update(self.details(ctx))
        except EvaluationError as exc:
            out.setdefault("error", exc.message)
        kids = self.children()
        if kids:
            out["children"] = [k.trace(ctx) for k in kids]
        return out


class AndNode(Node):
    __slots__ = ("operands",)

    def __init__(self, span: SourceSpan, operands: list[Node]) -> None:
        # INVARIANT: operands sorted by cost; three-valued logic keeps the result order-independent.
        self.operands = tuple(sorted(operands, key=lambda n: n.cost))
        super().__init__(span, sum(n.cost for n in operands))

    def test(self, ctx: Context) -> bool:
        unknown: EvaluationError | None = None
        for node in self.operands:
            try:
                if not node.test(ctx):
                    return False
            except EvaluationError as exc:
                unknown = unknown or exc
        if unknown is not None:
            raise unknown
        return True

    def evidence(self, ctx: Context, out: list[Evidence]) -> None:
        for node in self.operands:
            node.evidence(ctx, out)

    def children(self) -> tuple[Node, ...]:
        return self.operands


class OrNode(Node):
    __slots__ = ("operands",)

    def __init__(self, span: SourceSpan, operands: list[Node]) -> None:
        self.operands = tuple(sorted(operands, key=lambda n: n.cost))
        super().__init__(span, sum(n.cost for n in operands))

    def test(self, ctx: Context) -> bool:
        unknown: EvaluationError | None = None
        for node in self.operands:
            try:
                if node.test(ctx):
                    return True
            except EvaluationError as exc:
                unknown = unknown or exc
        if unknown is not None:
            raise unknown
        return False

    def evidence(self, ctx: Context, out: list[Evidence]) -> None:
        for node in self.operands:
            try:
                if node.test(ctx):
                    node.evidence(ctx, out)
            except EvaluationError:
                continue

    def children(self) -> tuple[Node, ...]:
        return self.operands


class NotNode(Node):
    __slots__ = ("operand",)

    def __init__(self, span: SourceSpan, operand: Node) -> None:
        self.operand = operand
        super().__init__(span, operand.cost)

    def test(self, ctx: Context) -> bool:
        return not self.operand.test(ctx)

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


class DefineNode(Node):
    """A named condition: evaluated once per message, however many rules use it."""

    __slots__ = ("body", "name")

    def __init__(self, span: SourceSpan, name: str, body: Node) -> None:
        self.name = name
        self.body = body
        super().__init__(span, body.cost)

    def test(self, ctx: Context) -> bool:
        key = ("define", self.name)
        cache = ctx._cache
        if key in cache:
            value = cache[key]
        else:
            try:
                value = self.body.test(ctx)
            except EvaluationError as exc:
                value = exc
            cache[key] = value
        if isinstance(value, EvaluationError):
            raise value
        return bool(value)

    def evidence(self, ctx: Context, out: list[Evidence]) -> None:
        self.body.evidence(ctx, out)

    def details(self, ctx: Context) -> dict[str, Any]:
        return {"define": self.name}

    def children(self) -> tuple[Node, ...]:
        return (self.body,)


def findings_to_evidence(ctx: Context, findings: Iterable[Finding], out: list[Evidence]) -> None:
    text = ctx.message.text
    for f in findings:
        if len(out) >= MAX_EVIDENCE:
            return
        out.append(Evidence(f.start, f.end, text[f.start : f.end], f.label))


class FactNode(Node):
    """A test on one fact: a comparison, `in [...]`, `kind dm`, `has pii(phone)`, a yes/no field."""

    __slots__ = ("fact", "predicate", "selects")

    def __init__(
        self,
        span: SourceSpan,
        fact: Fact,
        predicate: Callable[[Any], bool],
        selects: Callable[[Finding], bool] | None = None,
    ) -> None:
        self.fact = fact
        self.predicate = predicate
        self.selects = selects  # which findings of the fact are evidence for this test (None: all)
        super().__init__(span, int(fact.cost))

    def _value(self, ctx: Context) -> Any:
        try:
            return self.fact.get(ctx)
        except MissingValue as exc:
            raise EvaluationError("ROE301", str(exc)) from None

    def test(self, ctx: Context) -> bool:
        try:
            return self.predicate(self._value(ctx))
        except (TypeError, ValueError) as exc:
            raise EvaluationError("ROE303", f"`{self.fact.path}` has a value this test cannot use: {exc}") from None

    def evidence(self, ctx: Context, out: list[Evidence]) -> None:
        if self.fact.findings is None:
            return
        findings = tuple(self.fact.findings(ctx))
        selected = findings if self.selects is None else tuple(filter(self.selects, findings))
        # Analyses label their findings by what they saw, not always by the value a rule tests
        # (`hate.ground religion` is shown by the words of the hate): then all of them are evidence.
        findings_to_evidence(ctx, selected or findings, out)

    def details(self, ctx: Context) -> dict[str, Any]:
        value = self._value(ctx)
        if isinstance(value, frozenset | set):
            value = sorted(value)
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        elif not isinstance(value, str | int | float | bool | list | type(None)):
            value = str(value)
        if isinstance(value, str) and self.fact.path.startswith(("text", "author.name")):
            return {"field": self.fact.path}
        return {"field": self.fact.path, "actual": value}


class PresenceNode(Node):
    """`has author.followers`: the optional field was sent (the guard that avoids an evaluation error)."""

    __slots__ = ("fact",)

    def __init__(self, span: SourceSpan, fact: Fact) -> None:
        self.fact = fact
        super().__init__(span, int(fact.cost))

    def test(self, ctx: Context) -> bool:
        try:
            self.fact.get(ctx)
        except MissingValue:
            return False
        return True


class ContainsNode(Node):
    """`field contains <terms>`: one membership test on the per-message automaton scan."""

    __slots__ = ("fact", "key", "label", "scan_key")

    def __init__(self, span: SourceSpan, cost: int, fact: Fact, key: Any, label: str) -> None:
        self.fact = fact
        self.key = key
        self.label = label
        self.scan_key = ("scan", fact.path)  # where `Context.scan` keeps the scan of the field
        super().__init__(span, cost)

    def test(self, ctx: Context) -> bool:
        # The scan is made once per message and read by most conditions: read it straight from the cache.
        scan = ctx._cache.get(self.scan_key)
        if scan is None:
            scan = ctx.scan(self.fact)
        return self.key in scan.keys

    def evidence(self, ctx: Context, out: list[Evidence]) -> None:
        if self.fact.path != "text":
            return  # evidence spans are offsets of the message text
        text = ctx.message.text
        for start, end in ctx.scan(self.fact).spans(self.key)[:MAX_EVIDENCE]:
            out.append(Evidence(start, end, text[start:end], self.label))

    def details(self, ctx: Context) -> dict[str, Any]:
        if not ctx.policy.show_personal_data:
            return {"field": self.fact.path}  # the normalised text would repeat personal data
        return {"field": self.fact.path, "normalised": ctx.scan(self.fact).normalised}


class NearNode(Node):
    __slots__ = ("fact", "key_a", "key_b", "label_a", "label_b", "scan_key", "within")

    def __init__(
        self, span: SourceSpan, cost: int, fact: Fact, key_a: Any, key_b: Any, within: int, labels: tuple[str, str]
    ) -> None:
        self.fact = fact
        self.key_a = key_a
        self.key_b = key_b
        self.within = within
        self.label_a, self.label_b = labels
        self.scan_key = ("scan", fact.path)  # as in `ContainsNode`
        super().__init__(span, cost)

    def test(self, ctx: Context) -> bool:
        scan = ctx._cache.get(self.scan_key)
        if scan is None:
            scan = ctx.scan(self.fact)
        keys = scan.keys
        if self.key_a not in keys or self.key_b not in keys:
            return False
        return bool(scan.near(self.key_a, self.key_b, self.within))

    def evidence(self, ctx: Context, out: list[Evidence]) -> None:
        if self.fact.path != "text":
            return
        text = ctx.message.text
        seen: set[tuple[int, int, str]] = set()
        for a, b in ctx.scan(self.fact).near(self.key_a, self.key_b, self.within)[:MAX_EVIDENCE]:
            for (start, end), label in ((a, self.label_a), (b, self.label_b)):
                if (start, end, label) not in seen:
                    seen.add((start, end, label))
                    out.append(Evidence(start, end, text[start:end], label))


class RegexNode(Node):
    __slots__ = ("fact", "regex")

    def __init__(self, span: SourceSpan, cost: int, fact: Fact, regex: Any) -> None:
        self.fact = fact
        self.regex = regex
        super().__init__(span, cost)

    def test(self, ctx: Context) -> bool:
        return self.regex.search(ctx.field_text(self.fact)) is not None

    def evidence(self, ctx: Context, out: list[Evidence]) -> None:
        if self.fact.path != "text":
            return
        text = ctx.message.text
        for i, match in enumerate(self.regex.finditer(text)):
            if i >= MAX_EVIDENCE:
                break
            start, end = match.span()
            if end > start:
                out.append(Evidence(start, end, text[start:end], "regex"))


class HoursNode(Node):
    __slots__ = ("outside",)

    def __init__(self, span: SourceSpan, outside: bool) -> None:
        self.outside = outside
        super().__init__(span, 1)

    def test(self, ctx: Context) -> bool:
        return ctx.in_business_hours() != self.outside

    def details(self, ctx: Context) -> dict[str, Any]:
        return {"local_time": ctx.local_time.isoformat()}
