"""Parser golden tests: each `golden/*.roe` parses without diagnostics into the tree of its `.ast.json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy.ast import to_data
from policy.source import Source
from policy.syntax import parse
from tests.conftest import golden

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.roe")), ids=lambda p: p.stem)
def test_parse_matches_golden_tree(path: Path) -> None:
    result = parse(Source(path.name, path.read_text(encoding="utf-8")))
    assert [d.render() for d in result.diagnostics] == []
    actual = json.dumps(to_data(result.module), ensure_ascii=False, indent=1) + "\n"
    assert actual == golden(path.with_suffix(".ast.json"), actual)


def test_spans_are_left_out_of_equality() -> None:
    a = parse(Source("a.roe", 'rule r when text contains "x" then delete')).module
    b = parse(Source("b.roe", '\n\n  rule   r\n when text contains "x"\n then   delete  # moved\n')).module
    assert a == b
    assert a.items[0].span.line == 1 and b.items[0].span.line == 3  # type: ignore[union-attr]


def test_comments_are_kept_with_their_positions() -> None:
    module = parse(Source("c.roe", "# first\nrule r when x then delete # trailing\n")).module
    assert [(c.text, c.span.line) for c in module.comments] == [("# first", 1), ("# trailing", 2)]
