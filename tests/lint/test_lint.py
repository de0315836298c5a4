"""Deep lint: the warnings of `tests/lint/cases.yaml`, the default policy, and the word lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policy import check_policy, check_text
from policy.check.lint.words import common_words, same_word

HERE = Path(__file__).parent
HEADER = 'policy "Test" version "1"\ndefault answer\n'
OFFSET = HEADER.count("\n")
CASES = [pytest.param(case, id=case["name"]) for case in yaml.safe_load((HERE / "cases.yaml").read_text("utf-8"))]


def deep(code: str) -> bool:
    return "ROE260" <= code <= "ROE299"


@pytest.mark.parametrize("case", CASES)
def test_warnings(case: dict[str, Any], tmp_path: Path) -> None:
    checked = check_text(HEADER + case["source"], path=tmp_path / "policy.roe")
    found = [d for d in checked.diagnostics if deep(d.code)]
    expected = case["expect"]
    assert [d.code for d in found] == [e["code"] for e in expected], [d.render() for d in found]
    for d, e in zip(found, expected, strict=True):
        assert not d.is_error
        assert (d.span.line - OFFSET, d.span.text) == (e["line"], e["underlined"])
        if "message" in e:
            assert d.message == e["message"]
        if "notes" in e:
            assert list(d.notes) == e["notes"]
        assert d.help and (d.message[0].islower() or d.message[0] == "`")


def test_the_default_policy_has_no_deep_warning() -> None:
    """`roe lint --strict rules/` passes: the bundled charter triggers no deep-lint warning."""
    checked = check_policy()
    assert [d.render() for d in checked.diagnostics if deep(d.code)] == []


def test_the_word_lists_hold_common_french_and_english_words() -> None:
    words = common_words()
    assert words is not None, "wordfreq is a dependency of the lint"
    for form in ("salle", "maison", "house", "kilometre", "connard"):
        assert any(w.text for w in words.by_form.get(form.replace("ll", "l").replace("nn", "n"), ()))
    assert len(words.forms) > 40_000


@pytest.mark.parametrize(
    ("word", "term", "same"),
    [
        ("salé", "sale", True),  # accents: what normalisation is meant to erase
        ("c0nnard", "connard", True),  # leetspeak too
        ("employees", "employé", True),  # a number or gender ending
        ("handicapées", "handicapés", True),
        ("salle", "sale", False),  # a doubled letter: what normalisation adds
        ("gross", "gros", False),
        ("niger", "nigger", False),
    ],
)
def test_same_word(word: str, term: str, same: bool) -> None:
    assert same_word(word, term) is same


def test_without_word_lists_the_check_says_it_was_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    lint = importlib.import_module("policy.check.lint")  # `policy.check` is also a function's name
    monkeypatch.setattr(lint, "common_words", lambda: None)
    checked = check_text(HEADER + 'rule r when text contains "sale" then answer\n  examples\n    "x" -> answer\n')
    assert [d.code for d in checked.diagnostics if deep(d.code)] == ["ROE279"]


def test_a_bug_of_the_lint_never_stops_a_valid_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from policy import compile_text

    lint = importlib.import_module("policy.check.lint")

    def broken(*_: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(lint, "lint_conditions", broken)
    source = HEADER + 'rule r when text contains "x" then answer\n'
    checked = check_text(source)
    assert checked.ok and [d.code for d in checked.diagnostics if deep(d.code)] == ["ROE299"]
    assert "RuntimeError: boom" in checked.diagnostics[-1].message
    assert compile_text(source).rule("r") is not None
