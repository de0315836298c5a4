"""Checking stage: a loaded bundle in, every diagnostic out (sorted), and the symbol tables.

Runs after parsing, before compiling. It reports *all* problems at once (STYLE §5); the compiler only
ever sees a policy without errors, so a broken file never yields a partial policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy.check.conditions import Env, check_condition, define_cycles
from policy.check.lint import deep_lint
from policy.check.rules import check_rules
from policy.check.symbols import Symbols, check_lexicon_terms, collect
from policy.diagnostics import Diagnostic, sort_diagnostics
from policy.facts import Fact, builtin_facts
from policy.loader import Bundle

# Codes about names that may be declared inside a part of a file that failed to parse: reporting
# them next to a syntax error would mostly be noise.
_NAME_CODES = {"ROE201", "ROE202", "ROE203", "ROE204", "ROE205", "ROE225"}


@dataclass(frozen=True)
class Checked:
    bundle: Bundle
    symbols: Symbols
    facts: dict[str, Fact]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)


def check(bundle: Bundle, *, lint: bool = True) -> Checked:
    """Every diagnostic of `bundle`. `lint=False` leaves out the deep lint, which only ever adds
    warnings (ROE260–ROE291) and only to a policy without errors: for a caller that compiles and
    drops the warnings it is most of the cost of a check (loading the common-word lists alone takes
    most of a second), and whether the policy has errors does not depend on it."""
    diagnostics: list[Diagnostic] = list(bundle.diagnostics)
    symbols = collect(bundle, diagnostics)
    check_lexicon_terms(symbols, diagnostics)
    facts = builtin_facts()
    env = Env(facts, symbols.defines, set(symbols.lexicons), bool(symbols.hours), diagnostics)
    for define in symbols.defines.values():
        check_condition(define.condition, env)
    define_cycles(symbols.defines, env)
    check_rules(symbols, env)
    if lint:
        diagnostics.extend(deep_lint(bundle, symbols, facts, diagnostics))
    if any(d.code.startswith("ROE1") for d in diagnostics):
        diagnostics = [d for d in diagnostics if d.code not in _NAME_CODES]
    return Checked(bundle, symbols, facts, tuple(sort_diagnostics(diagnostics)))
