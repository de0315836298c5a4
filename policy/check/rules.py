"""Checking stage, part 3: what rules do — effects, reply templates and inline examples.

A rule must decide an action; escalations name declared teams and known priorities; `answer with`
names a declared template whose placeholders exist; every example expects a real action and sets
only message fields, with values of the right type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policy import ast
from policy.check.conditions import BOOL_WORDS, Env, check_condition, check_value, resolve_fact
from policy.check.symbols import Symbols
from policy.diagnostics import Diagnostic, Severity, did_you_mean
from policy.facts import Type
from policy.model import Action, Priority

ACTION_WORDS = tuple(a.word for a in Action)
PRIORITY_WORDS = tuple(p.word for p in Priority)
# Words rule authors reach for instead of the five actions, in English and French.
ACTION_SYNONYMS = {
    "remove": "delete", "supprimer": "delete", "suppression": "delete", "ban": "delete", "block": "delete",
    "mask": "hide", "masquer": "hide", "cacher": "hide",
    "reply": "answer", "respond": "answer", "répondre": "answer", "repondre": "answer",
    "skip": "ignore", "ignorer": "ignore", "none": "ignore",
    "escalade": "escalate", "escalader": "escalate", "transmettre": "escalate", "forward": "escalate",
}  # fmt: skip

# Placeholders a reply may use: message fields that are safe and meaningful to write back.
PLACEHOLDERS = (
    "author.name",
    "author.handle",
    "author.id",
    "channel",
    "kind",
    "id",
    "thread_id",
    "lang",
    "policy.name",
    "policy.version",
)
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}|]*)(?:\|([^{}]*))?\}")
# Fields an example may set after `with`.
EXAMPLE_FIELDS = (
    "id",
    "channel",
    "kind",
    "lang",
    "thread_id",
    "received_at",
    "author.id",
    "author.name",
    "author.handle",
    "author.followers",
    "author.verified",
    "author.prior_violations",
)


def rule_action(effects: Iterable[ast.Effect]) -> Action | None:
    """The strongest action among a list of effects (None when there is none)."""
    actions = [_effect_action(e) for e in effects]
    present = [a for a in actions if a is not None]
    return max(present) if present else None


def _effect_action(effect: ast.Effect) -> Action | None:
    return {
        ast.Answer: Action.ANSWER,
        ast.Ignore: Action.IGNORE,
        ast.Hide: Action.HIDE,
        ast.Delete: Action.DELETE,
        ast.Escalate: Action.ESCALATE,
    }.get(type(effect))


def check_effects(effects: tuple[ast.Effect, ...], span: object, symbols: Symbols, env: Env, *, where: str) -> None:
    strongest = rule_action(effects)
    if strongest is None:
        env.error(
            "ROE220",
            f"{where} decides no action",
            span,
            "add one of `answer`, `ignore`, `hide`, `delete` or `escalate to <team>`",
        )
    for effect in effects:
        action = _effect_action(effect)
        if strongest is not None and action is not None and action < strongest and action is not Action.ESCALATE:
            env.warn(
                "ROE257",
                f"`{action.word}` never applies next to the stronger `{strongest.word}`",
                effect.span,
                "remove it: the strongest action of a rule wins (escalations still accumulate)",
            )
        if isinstance(effect, ast.Escalate):
            if effect.team.value not in symbols.teams:
                env.error(
                    "ROE205",
                    f"unknown team `{effect.team.value}`",
                    effect.team.span,
                    did_you_mean(effect.team.value, symbols.teams, known="declared teams")
                    or f'declare it: `team {effect.team.value} "<name>" within 4h`',
                )
            if effect.priority is not None and effect.priority.value not in PRIORITY_WORDS:
                env.error(
                    "ROE224",
                    f"unknown priority `{effect.priority.value}`",
                    effect.priority.span,
                    did_you_mean(effect.priority.value, PRIORITY_WORDS, known="priorities"),
                )
        elif isinstance(effect, ast.Answer) and effect.template is not None:
            if isinstance(effect.template, ast.Name):
                if effect.template.value not in symbols.templates:
                    env.error(
                        "ROE204",
                        f"unknown template `{effect.template.value}`",
                        effect.template.span,
                        did_you_mean(effect.template.value, symbols.templates, known="declared templates")
                        or f'declare it: `template {effect.template.value} = "…"`',
                    )
            else:
                check_template_text(effect.template, env)
            if strongest is not None and strongest > Action.ANSWER:
                env.warn(
                    "ROE254",
                    f"the reply is never sent: this rule's action is `{strongest.word}`",
                    effect.span,
                    "a reply goes with `answer` only; remove `with …`",
                )


def check_template_text(text: ast.Str, env: Env) -> None:
    for match in _PLACEHOLDER.finditer(text.value):
        name = match.group(1)
        if name is None:
            continue
        if name.strip() not in PLACEHOLDERS:
            env.error(
                "ROE213",
                f"unknown placeholder `{{{name}}}` in a reply template",
                text.span,
                did_you_mean(name.strip(), PLACEHOLDERS, known="placeholders")
                or "write `{{` and `}}` for literal braces",
            )
    stray = _PLACEHOLDER.sub("", text.value)
    if "{" in stray or "}" in stray:
        env.error(
            "ROE213",
            "unbalanced `{` or `}` in a reply template",
            text.span,
            "placeholders read `{author.name}`; write `{{` and `}}` for literal braces",
        )


def check_examples(rule: ast.Rule, symbols: Symbols, env: Env) -> None:
    for example in rule.examples:
        expected = example.expected
        word = expected.action.value
        if word not in ACTION_WORDS:
            hint = ACTION_SYNONYMS.get(word.lower())
            env.error(
                "ROE214",
                f"`{word}` is not an action",
                expected.action.span,
                f"did you mean `{hint}`?" if hint else did_you_mean(word, ACTION_WORDS, known="actions are"),
            )
        for team in expected.escalations:
            if team.value not in symbols.teams:
                env.error(
                    "ROE205",
                    f"unknown team `{team.value}`",
                    team.span,
                    did_you_mean(team.value, symbols.teams, known="declared teams"),
                )
        seen: set[str] = set()
        for item in example.context:
            dotted = item.path.dotted
            if dotted in seen:
                env.error("ROE228", f"`{dotted}` is set twice in this example", item.span, "keep one value")
            seen.add(dotted)
            if dotted not in EXAMPLE_FIELDS and not dotted.startswith("metadata."):
                env.error(
                    "ROE228",
                    f"an example cannot set `{dotted}`",
                    item.path.span,
                    did_you_mean(dotted, EXAMPLE_FIELDS, known="examples can set"),
                )
                continue
            fact = resolve_fact(item.path, env)
            if fact is None:
                continue
            if fact.type is Type.BOOL and isinstance(item.value, ast.Ident) and item.value.value in BOOL_WORDS:
                continue
            check_value(fact, item.value, "==", env)


def check_rules(symbols: Symbols, env: Env) -> None:
    for _file, rule in symbols.rules:
        check_condition(rule.when, env)
        check_effects(rule.then, rule.id.span, symbols, env, where=f"rule `{rule.id.value}`")
        check_examples(rule, symbols, env)
    for template in symbols.templates.values():
        check_template_text(template.text, env)
    for decl, where in ((symbols.default, "`default`"), (symbols.on_error, "`on error`")):
        if decl is not None:
            check_effects(decl.effects, decl.span, symbols, env, where=where)
            if isinstance(decl, ast.DefaultDecl) and rule_action(decl.effects) is Action.DELETE:
                env.diagnostics.append(
                    Diagnostic(
                        "ROE259",
                        "the default deletes every message no rule matches",
                        decl.span,
                        "a default of `answer` or `escalate to moderation` keeps unknown cases in human hands",
                        Severity.WARNING,
                    )
                )
