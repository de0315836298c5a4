"""The `roe` command as a user runs it: exit status, what is printed, JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_decide_text_shows_action_rule_and_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "decide", "Je sais où tu habites, tu vas le payer")
    assert status == 0
    assert "DELETE" in out and "menace" in out
    assert "evidence: «Je sais où tu habites»" in out  # the words that made the rule fire, as written
    assert "escalate → legal" in out


def test_decide_json_follows_the_wire_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "decide",
        "--format",
        "json",
        "--channel",
        "instagram",
        "--kind",
        "comment",
        "--author-name",
        "Léa",
        "--followers",
        "120",
        "--received-at",
        "2026-11-18T10:00:00+01:00",
        "ma commande n'est jamais arrivée, c'est inadmissible",
    )
    assert status == 0
    d = json.loads(out)
    assert set(d) >= {
        "message_id",
        "action",
        "escalations",
        "keep_evidence",
        "reply",
        "matched",
        "overridden",
        "errors",
        "policy",
        "elapsed_us",
    }
    assert d["action"] == "answer" and d["reply"].startswith("Bonjour Léa")
    assert set(d["matched"][0]) >= {"rule", "title", "effects", "because", "cite", "evidence", "source"}
    assert d["matched"][0]["source"].startswith("packs/service.roe:")


def test_decide_explain_prints_the_trace(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "decide", "--explain", "bonjour")
    assert status == 0 and "trace" in out and "menace" in out


def test_decide_stream_keeps_order_and_reports_bad_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "1", "text": "Je sais où tu habites"}),
        "{not json",
        json.dumps({"id": "3", "txt": "oops"}),
        "",
        json.dumps({"id": "4", "text": "merci !"}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, "decide", "--input", str(path))
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 1  # some lines were bad: said, not dropped
    assert [r.get("message_id") for r in results] == ["1", None, None, "4"]
    assert results[1] == {"line": 2, "error": {"field": None, "problem": results[1]["error"]["problem"], "column": 2}}
    assert results[2]["error"]["field"] == "txt" and results[2]["line"] == 3


def test_decide_rejects_a_bad_message_with_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "decide", "--received-at", "demain", "x")
    assert status == 2 and "`received_at`: `demain` is not an RFC 3339 timestamp" in err


def test_lint_reports_every_problem_and_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.roe"
    path.write_text("default answer\nrule r when text contains any insultes then delete\nrule s wehn x then hide\n")
    status, out, _ = run(capsys, "lint", str(path))
    assert status == 1
    assert "error[ROE103]: unknown keyword `wehn`" in out
    assert "1 file(s) checked: 1 error(s)" in out  # unknown names are not reported next to a syntax error


def test_lint_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.roe"
    path.write_text('default answer\nlexicon insults = ["a"]\nrule r when text contains any insultes then delete\n')
    status, out, _ = run(capsys, "lint", "--format", "json", str(path))
    report = json.loads(out)
    assert status == 1 and report["errors"] == 1
    [d] = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert (d["code"], d["line"], d["column"], d["text"], d["help"]) == (
        "ROE203",
        3,
        31,
        "insultes",
        "did you mean `insults`?",
    )


def test_lint_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.roe"
    path.write_text('rule r when text contains "x" then delete\ndefault answer\n')  # no policy header: warning
    assert run(capsys, "lint", str(path))[0] == 0
    assert run(capsys, "lint", "--strict", str(path))[0] == 1


def test_lint_the_bundled_rules_has_no_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "lint", str(ROOT / "rules"))
    assert status == 0, out


def test_test_reports_a_failing_example_with_location_expected_and_actual(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.roe"
    path.write_text("""default answer
rule menace when text contains "tuer" then delete
  examples
    "je vais te tuer" -> delete
    "ce prix me tue" -> answer
    "je vais te buter" -> delete
""")
    status, out, _ = run(capsys, "test", str(path))
    assert status == 1
    assert f"FAIL {path}:6: rule `menace`, menace #3" in out
    assert "expected: delete (rule matched)" in out
    assert "actual:   answer — matched: no rule (default)" in out
    assert "3 example(s): 2 passed, 1 failed" in out


def test_test_runs_case_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("""
- name: menace
  message: {text: "je sais où tu habites", kind: dm}
  expect: {action: delete, escalations: [legal], rules: [menace]}
- name: client
  message: "ma commande est en retard"
  expect: answer
""")
    status, out, _ = run(capsys, "test", str(cases))
    assert status == 0, out
    assert "2 example(s): 2 passed, 0 failed" in out


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            capsys,
        )[0]
        == 2
    )
