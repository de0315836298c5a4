"""Deep lint, the rest of a careful review: hidden characters in literals (ROE272, ROE273), regular
expressions that match every message (ROE274), declarations nothing uses (ROE280–ROE283), removals
without a legal basis (ROE290) and rules without examples (ROE291)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass

from policy import ast
from policy.check.rules import rule_action
from policy.check.symbols import Symbols
from policy.diagnostics import Diagnostic, Severity
from policy.loader import Bundle
from policy.model import Action
from policy.regex import RegexError, compile_regex
from policy.source import SourceSpan


def _warn(code: str, message: str, span: SourceSpan, help: str, notes: tuple[str, ...] = ()) -> Diagnostic:
    return Diagnostic(code, message, span, help, Severity.WARNING, notes)


# ---------------------------------------------------------------- hidden characters

# Scripts whose letters look like Latin ones. A word of one of them alone is a word of that language;
# mixed with Latin letters it is a disguise (or a copy-paste accident).
LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")
# Joiners and selectors that belong inside emoji sequences (👨‍👩‍👧, ❤️, flags): allowed there only.
_EMOJI_GLUE = {0x200D, 0xFE0E, 0xFE0F, *range(0xE0020, 0xE0080)}
# Characters that show nothing but are not format characters (Unicode "default ignorable").
_BLANK_LETTERS = {0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, *range(0xFE00, 0xFE10)}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def _invisible(ch: str, before: str) -> bool:
    code = ord(ch)
    if code in _EMOJI_GLUE and before and not before.isalnum():
        return False
    return unicodedata.category(ch) == "Cf" or code in _BLANK_LETTERS


def _disguised(ch: str) -> str | None:
    """The Latin letter a character passes for, when it is not one."""
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch and folded.isascii() and folded.isalpha():
        return folded  # fullwidth, mathematical, circled letters: `ｃ`, `𝐜`
    if _script(ch) in LOOKALIKE_SCRIPTS and ch.isalpha():
        from policy.text.normalise import normalise

        latin = normalise(f"a{ch}")[1:]  # the pipeline maps look-alikes only next to a Latin letter
        return latin if latin.isascii() and latin.isalpha() else None
    return None


def hidden_characters(span: SourceSpan) -> Iterator[Diagnostic]:
    """Invisible characters, and look-alike letters inside Latin words, written as such in a literal.

    Only characters typed as themselves are reported: written as `\\u200b`, a character is visible in
    the file and clearly meant.
    """
    text = span.source.text
    raw = text[span.start : span.end]
    for i, ch in enumerate(raw):
        offset = span.start + i
        before = raw[i - 1] if i else ""
        if _invisible(ch, before):
            name = unicodedata.name(ch, "unnamed character")
            yield _warn(
                "ROE273",
                f"invisible character U+{ord(ch):04X} ({name.lower()}) in `{_word_at(raw, i)}`",
                span.source.span(offset, offset + 1),
                f"delete it; if it is really meant, write it as `\\u{ord(ch):04x}` so that readers see it",
            )
            continue
        latin = _disguised(ch)
        if latin is None:
            continue
        word = _word_at(raw, i)
        if not any(_is_latin(c) for c in word) and _script(ch) in LOOKALIKE_SCRIPTS:
            continue  # a whole word in Cyrillic or Greek is that language, not a disguise
        yield _warn(
            "ROE272",
            f"`{word}` hides a look-alike letter: `{ch}` ({unicodedata.name(ch, '?').lower()}) looks like `{latin}`",
            span.source.span(offset, offset + 1),
            f"type it again with the Latin letter `{latin}`; messages are compared after their look-alike letters "
            "are read as Latin, so the plain spelling already matches the disguised one",
        )


def _is_latin(ch: str) -> bool:
    return (ch.isascii() and ch.isalpha()) or _script(ch) == "LATIN"


def _word_at(text: str, index: int) -> str:
    start = index
    while start > 0 and (text[start - 1].isalnum() or _invisible(text[start - 1], "a")):
        start -= 1
    end = index + 1
    while end < len(text) and (text[end].isalnum() or _invisible(text[end], "a")):
        end += 1
    word = text[start:end]
    return "".join(c if c.isprintable() and not _invisible(c, "a") else f"\\u{ord(c):04x}" for c in word) or "…"


def literal_spans(bundle: Bundle) -> Iterator[SourceSpan]:
    """Every string and regular expression written in the rule files, and every lexicon file term."""
    for file in bundle.files:
        for item in file.module.items:
            yield from _literals(item)
    for terms in bundle.lexicon_files.values():
        for term in terms:
            yield term.span


def _literals(node: object) -> Iterator[SourceSpan]:
    if isinstance(node, ast.Str | ast.Regex):
        yield node.span
        return
    if isinstance(node, tuple):
        for child in node:
            yield from _literals(child)
    elif is_dataclass(node) and not isinstance(node, type):
        for f in fields(node):
            if f.name != "span":
                yield from _literals(getattr(node, f.name))


# ---------------------------------------------------------------- regular expressions

# Texts of every shape a message can have: a regular expression that finds a match in all of them
# (starting with the empty text) matches everywhere.
_PROBES = ("", "a", " ", "0", "é", "\n", "x y", "😍")


def empty_matches(conditions: Iterable[ast.Condition]) -> Iterator[Diagnostic]:
    for cond in conditions:
        for node in ast.walk_condition(cond):
            if not isinstance(node, ast.Matches):
                continue
            try:
                regex = compile_regex(node.regex.pattern, node.regex.flags)
            except RegexError:
                continue  # ROE211
            if all(regex.search(probe) is not None for probe in _PROBES):
                yield _warn(
                    "ROE274",
                    f"`/{node.regex.pattern}/{node.regex.flags}` matches every message: it can match an empty piece "
                    "of text anywhere",
                    node.regex.span,
                    "make it need at least one character (`+` instead of `*`, no empty alternative `a|`); "
                    "anchor it (`^…$`) to describe a whole message",
                )


# ---------------------------------------------------------------- unused declarations


def unused(symbols: Symbols, conditions: list[ast.Condition]) -> Iterator[Diagnostic]:
    used_lexicons: set[str] = set()
    used_defines: set[str] = set()
    for cond in conditions:
        for node in ast.walk_condition(cond):
            if isinstance(node, ast.Contains):
                for terms in (node.terms, node.near):
                    if isinstance(terms, ast.LexiconRef):
                        used_lexicons.add(terms.name.value)
            elif isinstance(node, ast.Has):
                used_lexicons.update(a.value for a in node.args if isinstance(a, ast.Ident))
            elif isinstance(node, ast.Ref) and len(node.path.parts) == 1:
                used_defines.add(node.path.dotted)
    effects = [e for _, rule in symbols.rules for e in rule.then]
    for decl in (symbols.default, symbols.on_error):
        if decl is not None:
            effects.extend(decl.effects)
    used_templates = {
        e.template.value for e in effects if isinstance(e, ast.Answer) and isinstance(e.template, ast.Name)
    }
    used_teams = {e.team.value for e in effects if isinstance(e, ast.Escalate)}

    for name, lexicon in symbols.lexicons.items():
        if name not in used_lexicons:
            yield _warn(
                "ROE280",
                f"lexicon `{name}` is never used",
                lexicon.span,
                f"use it in a rule (`text contains any {name}`), or remove it",
            )
    for name, define in symbols.defines.items():
        if name not in used_defines:
            yield _warn(
                "ROE281",
                f"the named condition `{name}` is never used",
                define.name.span,
                f"use it in a rule (`when {name}`), or remove it",
            )
    for name, template in symbols.templates.items():
        if name not in used_templates:
            yield _warn(
                "ROE282",
                f"template `{name}` is never used",
                template.name.span,
                f"reply with it in a rule (`then answer with {name}`), or remove it",
            )
    for name, team in symbols.teams.items():
        if not team.builtin and name not in used_teams:
            yield _warn(
                "ROE283",
                f"team `{name}` is never escalated to",
                team.span,
                f"escalate to it in a rule (`then escalate to {name}`), or remove it",
            )


# ---------------------------------------------------------------- rules


def rule_hygiene(symbols: Symbols) -> Iterator[Diagnostic]:
    for _file, rule in symbols.rules:
        action = rule_action(rule.then)
        if action in {Action.DELETE, Action.HIDE} and not rule.cites:
            assert action is not None
            yield _warn(
                "ROE290",
                f"rule `{rule.id.value}` removes messages (`{action.word}`) but cites no legal ground",
                rule.id.span,
                'add `cite "…"` (the article of law, or the clause of the charter): every removal must be '
                "justified to the author and the community",
            )
        if not rule.examples:
            yield _warn(
                "ROE291",
                f"rule `{rule.id.value}` has no examples",
                rule.id.span,
                'add `examples` with a message it must catch and one it must let through, e.g. `"…" -> delete`; '
                "`roe test` runs them",
            )
