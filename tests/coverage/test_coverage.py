"""Coverage: which rules fired and which conditions were seen true and false, by which test."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from policy import compile_text
from policy.coverage import Probe, measure, run_features
from policy.testing import EXAMPLE_DEFAULTS

POLICY = """policy "Coverage test" version "1"
default answer
on error escalate to moderation
timezone "Europe/Paris"
team pr "Relations presse" within 1h

define vip = author.followers >= 10000

rule plainte "Client mécontent"
  when text contains "commande" and not (text contains "merci")
  then answer
  examples
    "ma commande n'arrive pas" -> answer
    "merci pour la commande" -> answer unmatched

rule influence "Compte très suivi"
  when vip and text contains "boycott"
  then escalate to pr

rule celebrite "Compte très suivi qui félicite"
  when vip and text contains "bravo"
  then escalate to pr

rule injure "Injure"
  when text contains "abruti" or text contains "crétin"
  then delete
  examples
    "espèce d'abruti" -> delete
"""


def probe(text: str, name: str, **fields: object) -> Probe:
    return Probe("case", name, "here", {"text": text, **EXAMPLE_DEFAULTS, **fields})


def by_text(report: object) -> dict[str, tuple[list[str], list[str], list[str]]]:
    from policy.coverage import CoverageReport

    assert isinstance(report, CoverageReport)
    return {c.text: (c.true_by, c.false_by, c.error_by) for c in report.conditions}


def test_rules_record_the_tests_that_made_them_fire() -> None:
    policy = compile_text(POLICY)
    report = measure(policy, [probe("ma commande", "a"), probe("espèce d'abruti", "b"), probe("bonjour", "c")])
    fired = {r.id: r.fired_by for r in report.rules}
    assert fired == {"plainte": ["a"], "influence": [], "celebrite": [], "injure": ["b"]}
    assert report.rules_fired == 2 and report.rule_percent == 50.0
    assert report.probes == {"example": 0, "case": 3, "scenario": 0}


def test_conditions_are_counted_once_and_seen_true_and_false() -> None:
    policy = compile_text(POLICY)
    followers = {"author": {"followers": 50000}}
    report = measure(
        policy,
        [probe("ma commande", "a"), probe("merci pour la commande", "b", **followers), probe("bonjour", "c")],
    )
    seen = by_text(report)
    # Every node of every `when` once: the whole `when`, its operands; a `not` as its operand.
    assert list(seen) == [
        'text contains "commande" and not (text contains "merci")',
        'text contains "commande"',
        'text contains "merci"',
        'vip and text contains "boycott"',
        "define vip = author.followers >= 10000",
        'text contains "boycott"',
        'vip and text contains "bravo"',
        'text contains "bravo"',
        'text contains "abruti" or text contains "crétin"',
        'text contains "abruti"',
        'text contains "crétin"',
    ]
    assert seen['text contains "commande"'] == (["a", "b"], ["c"], [])
    # The named condition is counted once, for both rules; a message without followers is an error for it.
    [vip] = [c for c in report.conditions if c.name == "vip"]
    assert vip.rules == ["influence", "celebrite"]
    assert (vip.true_by, vip.false_by, vip.error_by) == (["b"], [], ["a", "c"])
    assert vip.missing == "never false"
    # `and` with an unknown operand: false when the other operand is false, unknown otherwise.
    influence = next(c for c in report.conditions if c.text == 'vip and text contains "boycott"')
    assert (influence.true_by, influence.false_by, influence.error_by) == ([], ["a", "b", "c"], [])
    alone = measure(policy, [probe("boycott", "d")])
    influence = next(c for c in alone.conditions if c.text == 'vip and text contains "boycott"')
    assert (influence.true_by, influence.false_by, influence.error_by) == ([], [], ["d"])
    covered = {c.text: c.covered for c in report.conditions}
    assert covered['text contains "commande"'] and not covered['text contains "crétin"']
    assert report.conditions_covered == sum(1 for c in report.conditions if c.true_by and c.false_by)


def test_a_message_the_engine_refuses_is_reported_not_counted() -> None:
    report = measure(compile_text(POLICY), [probe("x", "bad", kind="dms")])
    assert report.invalid == ["bad (here): `kind`: unknown kind `dms` (did you mean `dm`?)"]
    assert all(not c.true_by and not c.false_by for c in report.conditions)


def test_the_json_shape_names_everything() -> None:
    report = measure(compile_text(POLICY), [probe("espèce d'abruti", "b")]).to_dict()
    assert report["rules"] == {
        "total": 4,
        "fired": 1,
        "percent": 25.0,
        "never_fired": ["plainte", "influence", "celebrite"],
    }
    injure = next(r for r in report["by_rule"] if r["rule"] == "injure")
    assert injure["fired_by"] == ["b"] and injure["fired_by_kind"]["case"] == 1
    assert [c["condition"] for c in injure["conditions"]] == [
        'text contains "abruti" or text contains "crétin"',
        'text contains "abruti"',
        'text contains "crétin"',
    ]
    assert [c["named"] for c in report["named_conditions"]] == ["vip"]


# ---------------------------------------------------------------- the recorder, through pytest


FEATURE = """\
Feature: Coverage recorder
  Scenario: An insult is deleted
    When "espèce d'abruti" is decided
    Then the action is delete

  Scenario Outline: Complaints are answered
    When "<message>" is decided
    Then the action is answer

    Examples:
      | message               |
      | ma commande est là    |
      | bonjour               |
"""

STEPS = """\
from pathlib import Path

import pytest
from pytest_bdd import parsers, scenarios, then, when

from policy import load_policy

scenarios(".")


@pytest.fixture
def state() -> dict:
    return {{"policy": load_policy(Path({policy!r}))}}


@when(parsers.parse('"{{text}}" is decided'))
def decide(state: dict, text: str) -> None:
    state["decision"] = state["policy"].decide({{"text": text, "received_at": "2026-01-14T10:00:00+01:00"}})


@then(parsers.parse("the action is {{action}}"))
def action(state: dict, action: str) -> None:
    assert state["decision"].action.word == action
"""


def test_feature_scenarios_are_recorded_with_their_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("PYTHONPATH", str(root))  # the checkout's `policy` in the pytest child process
    policy_path = tmp_path / "policy.roe"
    policy_path.write_text(POLICY, encoding="utf-8")
    folder = tmp_path / "features"
    folder.mkdir()
    (folder / "recorder.feature").write_text(FEATURE, encoding="utf-8")
    (folder / "test_recorder.py").write_text(STEPS.format(policy=str(policy_path)), encoding="utf-8")

    run = run_features(folder)
    assert run.status == 0, run.output
    assert run.scenarios == 3 and len(run.records) == 3
    names = sorted({str(r["test"]) for r in run.records})
    assert names[0].startswith("features/recorder.feature:2 An insult is deleted")
    assert names[1].startswith("features/recorder.feature:6 Complaints are answered[")

    policy = compile_text(POLICY, path=policy_path)
    probes = run.probes_for(policy.sha256)
    assert [p.message["text"] for p in probes] == ["espèce d'abruti", "ma commande est là", "bonjour"]
    assert run.other_policies([policy.sha256]) == []
    # Seen from another policy, the scenarios' policy is "other": which of its rules fired is still known.
    [other] = run.other_policies([])
    assert (other.name, other.sha256, other.decisions) == ("Coverage test", policy.sha256, 3)
    assert {rule: len(tests) for rule, tests in other.fired.items()} == {"injure": 1, "plainte": 1}
    report = measure(policy, probes)
    assert {r.id: r.fired_by_kind["scenario"] for r in report.rules} == {
        "plainte": 1,
        "influence": 0,
        "celebrite": 0,
        "injure": 1,
    }


def test_a_failing_scenario_still_counts_what_it_decided(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("PYTHONPATH", str(root))
    policy_path = tmp_path / "policy.roe"
    policy_path.write_text(POLICY, encoding="utf-8")
    folder = tmp_path / "features"
    folder.mkdir()
    feature = FEATURE.replace("Then the action is delete", "Then the action is ignore")
    (folder / "recorder.feature").write_text(feature, encoding="utf-8")
    (folder / "test_recorder.py").write_text(STEPS.format(policy=str(policy_path)), encoding="utf-8")
    run = run_features(folder)
    assert run.status == 1 and "1 failed" in run.output
    assert len(run.records) == 3


# ---------------------------------------------------------------- roe test --coverage


def write_policy(tmp_path: Path) -> Path:
    path = tmp_path / "policy.roe"
    path.write_text(POLICY, encoding="utf-8")
    return path


def test_cli_text_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from policy.cli.main import main

    path = write_policy(tmp_path)
    assert main(["test", "--coverage", "--no-features", str(path)]) == 0
    out = capsys.readouterr().out
    assert "3 example(s): 3 passed, 0 failed" in out
    assert "rules fired by a test: 2/4 (50.0%)" in out
    assert "✘ influence" in out and "NEVER FIRED" in out
    assert "✔ injure" in out and "fired by 1 example(s): injure #1" in out
    assert f'never true: text contains "crétin"  {path}:' in out
    assert "rules no test made fire: influence, celebrite" in out


def test_cli_min_coverage_fails_under_the_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from policy.cli.main import main

    path = write_policy(tmp_path)
    assert main(["test", "--min-coverage", "60", "--no-features", str(path)]) == 1
    err = capsys.readouterr().err
    assert "50.0% of the rules" in err and "under --min-coverage 60%" in err
    assert main(["test", "--min-coverage", "50", "--no-features", str(path)]) == 0


def test_cli_case_files_count_for_the_same_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from policy.cli.main import main

    path = write_policy(tmp_path)
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        textwrap.dedent("""\
        - name: boycott
          message: {text: "boycott !", author: {followers: 20000}}
          expect: {action: escalate, escalations: [pr], rules: [influence]}
        """),
        encoding="utf-8",
    )
    status = main(
        ["test", "--coverage", "--no-features", "--format", "json", "--policy", str(path), str(path), str(cases)]
    )
    assert status == 0
    report = json.loads(capsys.readouterr().out)
    [cov] = report["coverage"]["reports"]
    assert cov["probes"] == {"example": 3, "case": 1, "scenario": 0}
    assert cov["rules"]["never_fired"] == ["celebrite"]
    influence = next(r for r in cov["by_rule"] if r["rule"] == "influence")
    assert influence["fired_by"] == [f"boycott ({cases}:1)"]
    assert report["coverage"]["features"] is None
