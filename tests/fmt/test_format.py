"""`roe fmt`: the canonical layout keeps the meaning and the comments, and is stable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from policy.ast import Comment
from policy.format import format_text
from policy.source import Source
from policy.syntax import parse
from tests.conftest import ROOT, golden
from tests.fmt.strategies import policy_file

HERE = Path(__file__).parent
RULE_FILES = sorted(
    [
        *(ROOT / "rules").rglob("*.roe"),
        *(ROOT / "tests" / "syntax" / "golden").glob("*.roe"),
        *(ROOT / "tests" / "diagnostics" / "golden").glob("*.roe"),
        *(HERE / "golden").glob("*.roe"),
    ]
)


def comment_pieces(comments: tuple[Comment, ...]) -> list[str]:
    """Every comment's words, however comments were regrouped on lines."""
    return sorted(p.strip() for c in comments for p in re.split(r"\s+(?=#)", c.text.rstrip()) if p.strip())


def assert_formats_well(text: str, name: str = "x.roe") -> str:
    before = parse(Source(name, text))
    assert before.ok
    result = format_text(text, name)
    assert result.text is not None
    after = parse(Source(name, result.text))
    assert [d.render() for d in after.diagnostics] == []
    assert after.module == before.module  # the meaning: spans are out of the tree's equality
    assert format_text(result.text, name).text == result.text  # stable
    assert comment_pieces(after.module.comments) == comment_pieces(before.module.comments)
    return result.text


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_rule_file_keeps_its_meaning_and_comments(path: Path) -> None:
    assert_formats_well(path.read_text(encoding="utf-8"), path.name)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policy_file())
def test_generated_policies_keep_their_meaning_and_comments(text: str) -> None:
    assert_formats_well(text)


GOLDEN_INPUTS = sorted(p for p in (HERE / "golden").glob("*.roe") if not p.name.endswith(".formatted.roe"))


@pytest.mark.parametrize("path", GOLDEN_INPUTS, ids=lambda p: p.stem)
def test_layout_matches_golden(path: Path) -> None:
    actual = format_text(path.read_text(encoding="utf-8"), path.name).text or ""
    assert actual == golden(path.with_name(path.stem + ".formatted.roe"), actual)


def test_the_bundled_rules_are_formatted() -> None:
    unformatted = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "rules").rglob("*.roe")
        if format_text(p.read_text(encoding="utf-8")).text != p.read_text(encoding="utf-8")
    ]
    assert unformatted == [], "run `roe fmt rules/`"


def test_a_file_with_a_syntax_error_is_refused_with_its_diagnostics() -> None:
    result = format_text("default answer\nrule r wehn x then delete\n", "broken.roe")
    assert result.text is None and not result.ok and not result.changed
    assert [(d.code, d.message) for d in result.diagnostics] == [("ROE103", "unknown keyword `wehn`")]


def test_a_reserved_word_used_as_a_name_is_a_syntax_error_too() -> None:
    assert not format_text('team rule "x"\n').ok


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # strings: one way of quoting; escapes only where needed
        ('template t = "caf\\u00e9 \\"x\\" \\/ \\\\"\n', 'template t = "café \\"x\\" / \\\\"\n'),
        # numbers and times as the grammar reads them back
        ("define d = metadata.score >= 007 and received_at.time < 6:05\n",
         "define d = metadata.score >= 7 and received_at.time < 06:05\n"),
        # parentheses only where needed, plus `and` inside `or` and after `not`
        ("define d = a or b and c\n", "define d = a or (b and c)\n"),
        ("define d = (a or b) and not c and not kind dm\n", "define d = (a or b) and not c and not (kind dm)\n"),
        ("define d = a or (b or c)\n", "define d = a or (b or c)\n"),
        ("define d = (a or b) or c\n", "define d = a or b or c\n"),
        # expectations written their shortest way
        ('rule r when a then escalate to legal examples "x" -> escalate, escalate to legal\n',
         'rule r\n  when a\n  then escalate to legal\n  examples\n    "x" -> escalate to legal\n'),
        ('rule r when a then delete examples "x" -> delete to legal matched\n',
         'rule r\n  when a\n  then delete\n  examples\n    "x" -> delete, escalate to legal matched\n'),
        # clauses in their canonical order, repeated clauses merged
        ('rule r when a then delete cite "A" because "B" category x cite "C" category y\n',
         'rule r\n  when a\n  then delete\n  because "B"\n  cite "A", "C"\n  category x, y\n'),
        # an organisation's clauses in their order, on one line when they fit; empty ones dropped
        ('organisation "O" domains ["o.fr"] aliases [] aliases ["Oh"]\n',
         'organisation "O" aliases ["Oh"] domains ["o.fr"]\n'),
        (f'staff "S" roles ["{"r" * 80}"] places ["p"]\n', f'staff "S"\n  roles ["{"r" * 80}"]\n  places ["p"]\n'),
    ],
)  # fmt: skip
def test_canonical_choices(source: str, expected: str) -> None:
    assert assert_formats_well(source) == expected


def test_long_conditions_break_at_the_outermost_operator_and_align_inside_parentheses() -> None:
    words = ", ".join(f'"mot{i}"' for i in range(12))
    text = assert_formats_well(
        f"rule r when text contains any [{words}] and (kind dm or channel == x or author.followers > 10) "
        f"and not (author.verified or text contains any [{words}]) then delete\n"
    )
    assert text.splitlines()[1:6] == [
        f"  when text contains any [{words}]",
        "    and (kind dm or channel == x or author.followers > 10)",
        "    and not (author.verified",
        f"             or text contains any [{words}])",
        "  then delete",
    ]


def test_examples_align_their_arrows_by_displayed_width() -> None:
    text = assert_formats_well('rule r when a then ignore examples "😍😍" -> ignore "abcdef" -> ignore\n')
    assert text.splitlines()[-2:] == ['    "😍😍"   -> ignore', '    "abcdef" -> ignore']


def test_long_cite_lists_go_one_per_line() -> None:
    cites = ", ".join(f'"Loi du 29 juillet 1881, art. {n}"' for n in (23, 29, 32, 33))
    text = assert_formats_well(f"rule r when a then delete cite {cites}\n")
    assert [line for line in text.splitlines() if "cite" in line] == [
        f'  cite "Loi du 29 juillet 1881, art. {n}"' for n in (23, 29, 32, 33)
    ]


def test_blank_lines_between_declarations() -> None:
    text = assert_formats_well(
        'policy "P"\ndefault answer\nteam a "A"\nteam b "B"\n\n\n\nteam c "C"\nlexicon l from "l.txt"\n'
        "rule r when a then ignore\nrule s when b then ignore\n"
    )
    assert text == (
        'policy "P"\ndefault answer\n\nteam a "A"\nteam b "B"\n\nteam c "C"\n\nlexicon l from "l.txt"\n\n'
        "rule r\n  when a\n  then ignore\n\nrule s\n  when b\n  then ignore\n"
    )


def test_comments_stay_next_to_their_code() -> None:
    text = assert_formats_well(
        "# header\n\nrule r when a # first\n and b then delete\n"
        '  examples "x" -> delete\n  # "y" -> answer\n\n# next\nrule s when c then ignore\n'
    )
    assert text == (
        "# header\n\nrule r\n  when a  # first\n    and b\n  then delete\n  examples\n"
        '    "x" -> delete\n    # "y" -> answer\n\n# next\nrule s\n  when c\n  then ignore\n'
    )


def test_an_empty_file_stays_empty_and_a_comment_only_file_keeps_its_comments() -> None:
    assert format_text("").text == ""
    assert format_text("\n\n# only\n\n\n# words   \n").text == "# only\n\n# words\n"
