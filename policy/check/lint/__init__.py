"""Deep lint (checking stage, last step): warnings about rules that are valid but wrong.

The checker proper (`policy.check`) reports what prevents a policy from running. This stage reads a
policy that runs and reports what a careful reviewer would: rules that can never match or never
change a decision, conditions that are never true, terms that also match everyday words, duplicate
terms, hidden characters, unused declarations, removals without a legal ground, rules without
examples. All warnings (ROE260–ROE299): `roe lint --strict` turns them into failures.

It runs only on a policy without errors: with unknown names and broken conditions, its findings would
mostly be echoes of the errors (a lexicon "unused" because its name was misspelt at the one place that
uses it). Fix the errors, and the next `roe lint` shows the warnings.
"""

from __future__ import annotations

from collections.abc import Sequence

from policy import ast
from policy.check.lint.hygiene import empty_matches, hidden_characters, literal_spans, rule_hygiene, unused
from policy.check.lint.logic import Reasoner
from policy.check.lint.reach import lint_conditions
from policy.check.lint.words import (
    Term,
    common_words,
    duplicates,
    missing_word_lists,
    risk,
    risk_warning,
    term_key,
)
from policy.check.symbols import Symbols
from policy.diagnostics import Diagnostic, Severity
from policy.facts import Fact
from policy.loader import Bundle, LexiconTerm

__all__ = ["deep_lint"]


def deep_lint(
    bundle: Bundle, symbols: Symbols, facts: dict[str, Fact], diagnostics: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """Every deep-lint warning of a checked policy; nothing when it has errors."""
    if any(d.is_error for d in diagnostics):
        return []
    try:
        return _deep_lint(bundle, symbols, facts)
    except Exception as exc:  # a bug of the lint must never stop a valid policy from loading
        return [
            Diagnostic(
                "ROE299",
                f"the deep lint stopped on an internal error: `{type(exc).__name__}: {exc}`",
                bundle.root.source.span(0, 0),
                "the policy itself is valid and runs; report this to the engineers with the rule files",
                Severity.WARNING,
            )
        ]


def _deep_lint(bundle: Bundle, symbols: Symbols, facts: dict[str, Fact]) -> list[Diagnostic]:
    conditions = [d.condition for d in symbols.defines.values()] + [r.when for _, r in symbols.rules]
    out: list[Diagnostic] = []
    out.extend(lint_conditions(symbols, Reasoner(symbols, facts)))
    out.extend(_terms(bundle, symbols, conditions))
    for span in literal_spans(bundle):
        out.extend(hidden_characters(span))
    out.extend(empty_matches(conditions))
    out.extend(unused(symbols, conditions))
    out.extend(rule_hygiene(symbols))
    return out


def _terms(bundle: Bundle, symbols: Symbols, conditions: list[ast.Condition]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    searched: set[str] = set()  # lexicons searched in text (not lists of web domains for `has link(…)`)
    lists: list[tuple[ast.Str, ...]] = []
    phrases: list[ast.Str] = []
    for cond in conditions:
        for node in ast.walk_condition(cond):
            if not isinstance(node, ast.Contains):
                continue
            for terms in (node.terms, node.near):
                if isinstance(terms, ast.LexiconRef):
                    searched.add(terms.name.value)
                elif isinstance(terms, ast.InlineTerms):
                    lists.append(terms.terms)
                elif isinstance(terms, ast.Phrase):
                    phrases.append(terms.text)

    for name, lexicon in symbols.lexicons.items():
        out.extend(duplicates([Term(t.text, t.span) for t in lexicon.terms], f"lexicon `{name}`"))
    for items in lists:
        out.extend(duplicates([Term(s.value, s.span) for s in items], "this list"))
    out.extend(_shared_terms(symbols))

    checked = [
        (t.text, t.span, f"of lexicon `{name}` ")
        for name, lexicon in symbols.lexicons.items()
        if name in searched
        for t in lexicon.terms
    ]
    checked += [(s.value, s.span, "") for items in lists for s in items]
    checked += [(s.value, s.span, "") for s in phrases]
    if not checked:
        return out
    words = common_words()
    if words is None:
        return [*out, missing_word_lists(bundle.root.source.span(0, 0))]
    for text, span, where in checked:
        found = risk(text, words)
        if found is not None:
            out.append(risk_warning(text, span, where, found))
    return out


def _shared_terms(symbols: Symbols) -> list[Diagnostic]:
    """A term in two lexicons that one rule uses together: one of the two copies is useless."""
    order = list(symbols.lexicons)
    reported: set[tuple[str, int]] = set()
    out: list[Diagnostic] = []
    for _file, rule in symbols.rules:
        names = sorted(_lexicons_of(rule.when, symbols, set()), key=order.index)
        for i, first in enumerate(names):
            keys: dict[tuple[bool, str], LexiconTerm] = {}
            for t in symbols.lexicons[first].terms:
                keys.setdefault(term_key(t.text), t)
            for second in names[i + 1 :]:
                for term in symbols.lexicons[second].terms:
                    other = keys.get(term_key(term.text))
                    where = (term.span.path, term.span.start)
                    if other is None or where in reported:
                        continue
                    reported.add(where)
                    out.append(
                        Diagnostic(
                            "ROE271",
                            f"term `{term.text.strip()}` is in lexicons `{first}` and `{second}`, which rule "
                            f"`{rule.id.value}` uses together",
                            term.span,
                            "keep it in one of the two lexicons",
                            Severity.WARNING,
                            (f"`{other.text.strip()}` of `{first}` is at {other.span.location()}",),
                        )
                    )
    return out


def _lexicons_of(cond: ast.Condition, symbols: Symbols, seen: set[str]) -> set[str]:
    names: set[str] = set()
    for node in ast.walk_condition(cond):
        if isinstance(node, ast.Contains):
            names.update(t.name.value for t in (node.terms, node.near) if isinstance(t, ast.LexiconRef))
        elif isinstance(node, ast.Ref) and node.path.dotted in symbols.defines and node.path.dotted not in seen:
            seen.add(node.path.dotted)
            names |= _lexicons_of(symbols.defines[node.path.dotted].condition, symbols, seen)
    return names
