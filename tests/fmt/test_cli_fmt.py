"""`roe fmt` as a user runs it: files rewritten or checked, diffs, refusals, exit status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from policy.cli.main import main
from tests.conftest import ROOT

MESSY = "rule r   when a and b then delete  # why\n"
TIDY = "rule r\n  when a and b\n  then delete  # why\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["fmt", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_rewrites_files_in_place_and_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    messy = tmp_path / "a.roe"
    messy.write_text(MESSY)
    tidy = tmp_path / "sub" / "b.roe"
    tidy.parent.mkdir()
    tidy.write_text(TIDY)
    status, _, err = run(capsys, str(tmp_path))
    assert status == 0
    assert messy.read_text() == TIDY and tidy.read_text() == TIDY
    assert "1 file(s) formatted, 1 already formatted" in err
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was moved over the original


def test_check_writes_nothing_and_fails_when_a_file_would_change(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "a.roe"
    path.write_text(MESSY)
    status, _, err = run(capsys, "--check", str(path))
    assert status == 1 and path.read_text() == MESSY
    assert "would reformat" in err
    path.write_text(TIDY)
    assert run(capsys, "--check", str(path))[0] == 0


def test_diff_prints_a_unified_diff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.roe"
    path.write_text(MESSY)
    status, out, _ = run(capsys, "--diff", str(path))
    assert status == 0 and path.read_text() == MESSY
    assert out.splitlines()[2:] == [
        "@@ -1 +1,3 @@",
        "-rule r   when a and b then delete  # why",
        "+rule r",
        "+  when a and b",
        "+  then delete  # why",
    ]
    assert out.startswith("--- ") and "(original)" in out and "(formatted)" in out


def test_a_file_with_syntax_errors_is_never_rewritten(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.roe"
    broken.write_text("rule r wehn a then delete\n")
    fine = tmp_path / "fine.roe"
    fine.write_text(MESSY)
    status, _, err = run(capsys, str(tmp_path))
    assert status == 1
    assert broken.read_text() == "rule r wehn a then delete\n"
    assert fine.read_text() == TIDY  # the other files are still formatted
    assert "error[ROE103]: unknown keyword `wehn`" in err
    assert "has syntax errors; it was not formatted" in err


def test_lexicon_files_are_left_alone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lexicon = tmp_path / "insultes.txt"
    lexicon.write_text("connard   # a term\n")
    status, _, err = run(capsys, str(lexicon))
    assert status == 0 and lexicon.read_text() == "connard   # a term\n"
    assert "not a rule file" in err


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, str(tmp_path / "nope.roe"))[0] == 2


def test_stdin_to_stdout(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(MESSY))
    status, out, _ = run(capsys, "-")
    assert (status, out) == (0, TIDY)


def test_the_bundled_rules_pass_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--check", str(ROOT / "rules"))
    assert status == 0, err
