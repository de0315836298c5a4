"""Checking stage, part 2: conditions — names resolved, types compared, regexes compiled.

Every `when` and every `define` goes through here. A condition that passes can be compiled without
further checks: each path names a fact or a named condition, each comparison has operands of
compatible types, each lexicon exists, each regular expression compiles in the linear-time engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy import ast
from policy.diagnostics import Diagnostic, Severity, did_you_mean, suggest
from policy.facts import Fact, Type, metadata_fact
from policy.model import MessageError, parse_timestamp
from policy.regex import RegexError, compile_regex

BOOL_WORDS = {"true": True, "yes": True, "oui": True, "false": False, "no": False, "non": False}
_ORDERED = {Type.NUMBER, Type.DATETIME, Type.TIME, Type.ANY}
_OBJECTS = {"author", "received_at", "link", "metadata"}


@dataclass
class Env:
    facts: dict[str, Fact]
    defines: dict[str, ast.Define]
    lexicons: set[str]
    has_hours: bool
    diagnostics: list[Diagnostic]

    def error(self, code: str, message: str, span: object, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help))  # type: ignore[arg-type]

    def warn(self, code: str, message: str, span: object, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help, Severity.WARNING))  # type: ignore[arg-type]


def resolve_fact(path: ast.Path, env: Env) -> Fact | None:
    dotted = path.dotted
    fact = env.facts.get(dotted)
    if fact is not None:
        return fact
    if path.parts[0] == "metadata" and len(path.parts) > 1:
        return metadata_fact(dotted)
    return None


def _unknown(path: ast.Path, env: Env, *, allow_defines: bool) -> None:
    dotted = path.dotted
    candidates = set(env.facts) | ({*env.defines} if allow_defines else set())
    help = did_you_mean(dotted, candidates)
    if path.parts[0] in _OBJECTS and len(path.parts) > 1:
        fields = sorted(f for f in env.facts if f.startswith(path.parts[0] + "."))
        env.error(
            "ROE201",
            f"unknown field `{dotted}`",
            path.span,
            help or (f"known fields: {', '.join(f'`{f}`' for f in fields)}" if fields else None),
        )
    elif dotted in env.defines and not allow_defines:
        env.error(
            "ROE206",
            f"`{dotted}` is a named condition, not a field",
            path.span,
            f"use it alone: `{dotted}`, or combine it with `and` / `or`",
        )
    else:
        env.error(
            "ROE202",
            f"unknown condition or field `{dotted}`",
            path.span,
            help or "declare it with `define`, or see `docs/language.md` for the fields and analyses",
        )


def check_condition(cond: ast.Condition, env: Env) -> None:
    if isinstance(cond, ast.And | ast.Or):
        for operand in cond.operands:
            check_condition(operand, env)
    elif isinstance(cond, ast.Not):
        check_condition(cond.operand, env)
    elif isinstance(cond, ast.Ref):
        _check_ref(cond, env)
    elif isinstance(cond, ast.Is):
        _check_is(cond, env)
    elif isinstance(cond, ast.Compare):
        fact = _fact_or_report(cond.path, env)
        if fact is not None:
            check_value(fact, cond.value, cond.op, env)
    elif isinstance(cond, ast.InList):
        fact = _fact_or_report(cond.path, env)
        if fact is not None:
            if not cond.values:
                env.warn("ROE258", "the list is empty, so this test is never true", cond.span, "add values to the list")
            for value in cond.values:
                check_value(fact, value, "in", env)
    elif isinstance(cond, ast.Contains):
        _check_contains(cond, env)
    elif isinstance(cond, ast.Matches):
        _check_matches(cond, env)
    elif isinstance(cond, ast.Has):
        _check_has(cond, env)
    elif isinstance(cond, ast.Hours) and not env.has_hours:
        env.error(
            "ROE226",
            f"`{cond.span.text}` needs the policy's business hours",
            cond.span,
            "declare them in the main file, e.g. `hours mon-fri 09:00-19:00, sat 10:00-17:00`",
        )


def _fact_or_report(path: ast.Path, env: Env) -> Fact | None:
    fact = resolve_fact(path, env)
    if fact is None:
        _unknown(path, env, allow_defines=False)
    return fact


def _check_ref(cond: ast.Ref, env: Env) -> None:
    dotted = cond.path.dotted
    if len(cond.path.parts) == 1 and dotted in env.defines:
        return
    fact = resolve_fact(cond.path, env)
    if fact is None:
        _unknown(cond.path, env, allow_defines=True)
        return
    if fact.type in {Type.BOOL, Type.SET, Type.DOMAINS, Type.ANY}:
        return
    help = {
        Type.NUMBER: f"compare it, e.g. `{dotted} >= 1000`",
        Type.TEXT: f'search it, e.g. `{dotted} contains "…"`',
        Type.STRING: f"compare it, e.g. `{dotted} == …`",
        Type.ENUM: f"compare it, e.g. `{dotted} == {fact.values[0] if fact.values else '…'}`",
        Type.DATETIME: f'compare it, e.g. `{dotted} >= "2026-01-01T00:00:00+01:00"`',
        Type.TIME: f"compare it, e.g. `{dotted} >= 22:00`",
    }.get(fact.type)
    env.error("ROE206", f"`{dotted}` is {fact.type.article}, not a yes/no condition", cond.path.span, help)


def _check_is(cond: ast.Is, env: Env) -> None:
    fact = _fact_or_report(cond.path, env)
    if fact is None:
        return
    dotted = cond.path.dotted
    word = cond.value.value
    if fact.type in {Type.ENUM, Type.SET}:
        if word not in fact.values:
            env.error(
                "ROE215",
                f"`{word}` is not a value of `{dotted}`",
                cond.value.span,
                did_you_mean(word, fact.values, known="values"),
            )
    elif fact.type is Type.STRING:
        if fact.known and word not in fact.known:
            env.warn(
                "ROE255",
                f"`{word}` is not a usual value of `{dotted}`",
                cond.value.span,
                did_you_mean(word, fact.known, known="usual values"),
            )
    elif fact.type is not Type.ANY:
        env.error(
            "ROE206",
            f"`{dotted}` is {fact.type.article}; `{dotted} {word}` does not test it",
            cond.span,
            "write `field == value` for a comparison, or the yes/no field alone",
        )


def check_value(fact: Fact, value: ast.Value, op: str, env: Env) -> None:
    """Report a value whose type does not fit the fact, or an operator the type does not allow."""
    dotted = fact.path
    t = fact.type
    if op in {"<", "<=", ">", ">="} and t not in _ORDERED:
        env.error(
            "ROE206", f"`{op}` cannot compare {t.article} (`{dotted}`)", value.span, "use `==`, `!=` or `in [...]`"
        )
        return
    if t is Type.ANY:
        return
    shown = value.span.text or str(getattr(value, "value", ""))
    mismatch = f"`{dotted}` is {t.article} but `{shown}` is {_value_article(value)}"
    if t is Type.NUMBER:
        if not isinstance(value, ast.Number):
            env.error("ROE206", mismatch, value.span, f"compare it with a number, e.g. `{dotted} >= 1000`")
    elif t is Type.BOOL:
        if not (isinstance(value, ast.Ident) and value.value in BOOL_WORDS):
            env.error("ROE206", mismatch, value.span, f"write `{dotted}` or `not {dotted}`")
    elif t is Type.TIME:
        if not isinstance(value, ast.Time):
            env.error("ROE206", mismatch, value.span, f"write a time of day, e.g. `{dotted} >= 22:00`")
    elif t is Type.DATETIME:
        if not isinstance(value, ast.Str):
            env.error("ROE206", mismatch, value.span, 'write a quoted timestamp, e.g. `"2026-11-22T03:00:00+01:00"`')
        else:
            try:
                parse_timestamp(value.value, dotted)
            except MessageError as exc:
                env.error("ROE230", f"`{value.value}` is not a valid timestamp: {exc.problem}", value.span, exc.help)
    elif t in {Type.ENUM, Type.SET}:
        word = getattr(value, "value", None)
        if not isinstance(value, ast.Ident | ast.Str) or word not in fact.values:
            env.error(
                "ROE215",
                f"`{shown}` is not a value of `{dotted}`",
                value.span,
                did_you_mean(str(word), fact.values, known="values"),
            )
    elif t in {Type.STRING, Type.TEXT}:
        if not isinstance(value, ast.Ident | ast.Str):
            env.error("ROE206", mismatch, value.span, "compare it with a word or a quoted string")
        elif fact.known and isinstance(value, ast.Ident) and value.value not in fact.known:
            env.warn(
                "ROE255",
                f"`{value.value}` is not a usual value of `{dotted}`",
                value.span,
                did_you_mean(value.value, fact.known, known="usual values"),
            )
    elif t is Type.DOMAINS:
        env.error("ROE206", f"`{dotted}` is {t.article}", value.span, f'write `has {dotted}("example.com")`')


def _value_article(value: ast.Value) -> str:
    if isinstance(value, ast.Number):
        return "a number"
    if isinstance(value, ast.Str):
        return "a string"
    if isinstance(value, ast.Time):
        return "a time of day"
    return "a word"


def check_terms(terms: ast.Terms, env: Env) -> None:
    from policy.text.matcher import TermMatcher

    if isinstance(terms, ast.LexiconRef):
        name = terms.name.value
        if name not in env.lexicons:
            env.error(
                "ROE203",
                f"unknown lexicon `{name}`",
                terms.name.span,
                did_you_mean(name, env.lexicons, known="declared lexicons") or "declare it with `lexicon`",
            )
    else:
        strings = (terms.text,) if isinstance(terms, ast.Phrase) else terms.terms
        for s in strings:
            problem = TermMatcher.validate(s.value)
            if problem is not None:
                env.error(
                    "ROE219",
                    f"`{s.value}` can never match: {problem}",
                    s.span,
                    "write at least one letter or digit; `*` stands for the rest of a word",
                )


def _check_contains(cond: ast.Contains, env: Env) -> None:
    fact = _fact_or_report(cond.path, env)
    if fact is not None and fact.type is not Type.TEXT:
        texts = sorted(f.path for f in env.facts.values() if f.type is Type.TEXT)
        env.error(
            "ROE206",
            f"`contains` searches text, and `{fact.path}` is {fact.type.article}",
            cond.path.span,
            "text fields are " + ", ".join(f"`{t}`" for t in texts),
        )
    check_terms(cond.terms, env)
    if cond.near is not None:
        check_terms(cond.near, env)


def _check_matches(cond: ast.Matches, env: Env) -> None:
    fact = _fact_or_report(cond.path, env)
    if fact is not None and fact.type not in {Type.TEXT, Type.STRING, Type.ANY}:
        env.error(
            "ROE206",
            f"`matches` reads text, and `{fact.path}` is {fact.type.article}",
            cond.path.span,
            "use it on `text`, `author.name`, `author.handle` or another text field",
        )
    try:
        compile_regex(cond.regex.pattern, cond.regex.flags)
    except RegexError as exc:
        env.error("ROE211", f"invalid regular expression: {exc.problem}", cond.regex.span, exc.help)


def has_fact(path: ast.Path, facts: dict[str, Fact]) -> Fact | None:
    """The fact `has` reads: an analysis (`pii`, `link`…) by name or alias, else a field."""
    dotted = path.dotted
    if dotted in facts:
        return facts[dotted]
    return next((f for f in facts.values() if dotted in f.aliases), None)


def _check_has(cond: ast.Has, env: Env) -> None:
    fact = has_fact(cond.path, env.facts)
    if fact is None and cond.path.parts[0] == "metadata" and len(cond.path.parts) > 1:
        fact = metadata_fact(cond.path.dotted)
    if fact is None:
        things = sorted(f.path for f in env.facts.values() if f.type in {Type.SET, Type.DOMAINS})
        best = suggest(cond.path.dotted, [*things, *env.facts])
        env.error(
            "ROE202",
            f"unknown analysis or field `has {cond.path.dotted}`",
            cond.path.span,
            f"did you mean `has {best}`?" if best else "known: " + ", ".join(f"`has {t}`" for t in things),
        )
        return
    if fact.type not in {Type.SET, Type.DOMAINS}:
        if cond.args:
            env.error(
                "ROE206",
                f"`has {fact.path}(…)` needs an analysis with kinds; `{fact.path}` is {fact.type.article}",
                cond.span,
                f"write `has {fact.path}` to test that the message has it",
            )
        return
    for arg in cond.args:
        if fact.type is Type.SET:
            word = getattr(arg, "value", None)
            if not isinstance(arg, ast.Ident | ast.Str) or word not in fact.values:
                env.error(
                    "ROE215",
                    f"`{arg.span.text}` is not a kind of `{fact.path}`",
                    arg.span,
                    did_you_mean(str(word), fact.values, known="kinds"),
                )
        else:  # domains: quoted domains, or the name of a lexicon of domains
            if isinstance(arg, ast.Ident):
                if arg.value not in env.lexicons:
                    env.error(
                        "ROE203",
                        f"unknown lexicon `{arg.value}`",
                        arg.span,
                        did_you_mean(arg.value, env.lexicons, known="declared lexicons")
                        or 'write a quoted domain such as `"bit.ly"`, or the name of a lexicon of domains',
                    )
            elif not isinstance(arg, ast.Str) or "." not in arg.value:
                env.error(
                    "ROE206",
                    f"`{arg.span.text}` is not a web domain",
                    arg.span,
                    'write a quoted domain such as `"bit.ly"`',
                )


def define_cycles(defines: dict[str, ast.Define], env: Env) -> None:
    """`define a = b` and `define b = a` can never be evaluated."""
    graph = {
        name: {
            node.path.dotted
            for node in ast.walk_condition(d.condition)
            if isinstance(node, ast.Ref) and node.path.dotted in defines
        }
        for name, d in defines.items()
    }
    reported: set[str] = set()

    def visit(name: str, stack: list[str]) -> None:
        if name in stack:
            cycle = [*stack[stack.index(name) :], name]
            if not reported.intersection(cycle):
                reported.update(cycle)
                d = defines[cycle[0]]
                env.error(
                    "ROE222",
                    "named conditions refer to each other in a cycle: " + " → ".join(f"`{c}`" for c in cycle),
                    d.name.span,
                    "a named condition cannot depend on itself; break the cycle",
                )
            return
        for nxt in sorted(graph.get(name, ())):
            visit(nxt, [*stack, name])

    for name in sorted(graph):
        visit(name, [])
