"""The references follow the code: docs/diagnostics.md documents every diagnostic code the code base can
produce (and only those); docs/language.md every field, analysis, value and reserved word."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DOC = ROOT / "docs" / "diagnostics.md"
LANGUAGE = ROOT / "docs" / "language.md"
CODE = re.compile(r"""["'](ROE\d{3})["']""")
HEADING = re.compile(r"^### (ROE\d{3}) — \S", re.MULTILINE)


def codes_in_code() -> set[str]:
    found: set[str] = set()
    for folder in ("policy", "api"):
        for path in (ROOT / folder).rglob("*.py"):
            found.update(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def entries() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    starts = [(m.group(1), m.start()) for m in HEADING.finditer(text)]
    ends = [s for _, s in starts[1:]] + [len(text)]
    return {code: text[start:end] for (code, start), end in zip(starts, ends, strict=True)}


def test_every_code_of_the_code_base_has_an_entry() -> None:
    missing = sorted(codes_in_code() - set(entries()))
    assert missing == [], f"document these codes in docs/diagnostics.md: {', '.join(missing)}"


def test_no_entry_for_a_code_that_no_longer_exists() -> None:
    stale = sorted(set(entries()) - codes_in_code())
    assert stale == [], f"these codes are documented but never produced: {', '.join(stale)}"


def test_every_entry_says_what_why_example_and_instead() -> None:
    incomplete = {
        code: [part for part in ("What", "Why", "Example", "Instead") if f"**{part}**" not in body]
        for code, body in entries().items()
    }
    assert {code: parts for code, parts in incomplete.items() if parts} == {}


def test_each_code_has_one_entry() -> None:
    codes = HEADING.findall(DOC.read_text(encoding="utf-8"))
    assert len(codes) == len(set(codes))


def test_every_field_analysis_and_value_is_in_the_language_reference() -> None:
    from policy.facts import builtin_facts

    text = LANGUAGE.read_text(encoding="utf-8")
    missing = sorted(
        name for path, fact in builtin_facts().items() for name in (path, *fact.values) if f"`{name}`" not in text
    )
    assert missing == [], f"document these in docs/language.md: {', '.join(missing)}"


def test_every_reserved_word_is_listed() -> None:
    from policy.syntax import keywords

    section = LANGUAGE.read_text(encoding="utf-8").split("## Reserved words", 1)[1]
    assert sorted(keywords()) == sorted(re.findall(r"`([a-z_]+)`", section))


def test_codes_named_in_the_language_reference_exist() -> None:
    named = set(re.findall(r"ROE\d{3}", LANGUAGE.read_text(encoding="utf-8")))
    assert named <= set(entries())
