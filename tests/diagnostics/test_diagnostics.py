"""Diagnostics as the author sees them: code, message, help, underlined text — one loader, data in YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from policy import check_text
from tests.conftest import golden

HERE = Path(__file__).parent
CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted(HERE.glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("case", CASES)
def test_diagnostics(case: dict[str, Any], tmp_path: Path) -> None:
    checked = check_text(case["source"], path=tmp_path / "policy.roe", files=case.get("files", {}))
    errors = [d for d in checked.diagnostics if d.is_error]
    expected = case["expect"]
    assert [d.code for d in errors] == [e["code"] for e in expected], [d.render() for d in errors]
    for d, e in zip(errors, expected, strict=True):
        assert d.span.line == e["line"]
        assert d.span.text == e["underlined"]
        if "message" in e:
            assert d.message == e["message"]
        if "help" in e:
            assert d.help == e["help"]
        if "file" in e:
            assert Path(d.span.path).name == e["file"]
    assert not checked.ok


@pytest.mark.parametrize("path", sorted((HERE / "golden").glob("*.roe")), ids=lambda p: p.stem)
def test_rendering_matches_golden(path: Path) -> None:
    checked = check_text(path.read_text(encoding="utf-8"), path=path.name)
    actual = "\n\n".join(d.render() for d in checked.diagnostics) + "\n"
    assert actual == golden(path.with_suffix(".txt"), actual)
