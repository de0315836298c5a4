"""Replay: a corpus decided by two versions of the rules, and what changes between them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from policy.cli.main import main
from policy.replay import CHUNK, numbered, replay

HEADER = """policy "Replay test" version "{version}"
default answer
on error escalate to moderation
timezone "Europe/Paris"
hours mon-fri 09:00-19:00
team legal "Direction juridique" within 4h
team pr "Relations presse" within 1h
"""

BASELINE = (
    HEADER.format(version="1")
    + """
rule plainte when text contains "commande" then answer
rule injure when text contains "abruti" then hide
rule presse when text contains "journaliste" then escalate to pr
rule nuit when outside hours and text contains "feu" then escalate to legal
"""
)

NEW = (
    HEADER.format(version="2")
    + """
rule plainte when text contains "commande" then answer
rule injure when text contains "abruti" or text contains "crétin" then delete
rule menace when text contains "je vais te retrouver" then delete, escalate to legal
rule nuit when outside hours and text contains "feu" then escalate to legal
"""
)

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # a Sunday night in Paris: outside hours

CORPUS = [
    {"id": "m1", "text": "ma commande est en retard", "received_at": "2026-11-18T10:00:00+01:00"},
    {"id": "m2", "text": "espèce d'abruti", "received_at": "2026-11-18T10:00:00+01:00"},
    {"id": "m3", "text": "quel crétin ce vendeur", "received_at": "2026-11-18T10:00:00+01:00"},
    {"id": "m4", "text": "je suis journaliste au Monde", "received_at": "2026-11-18T10:00:00+01:00"},
    {"id": "m5", "text": "je vais te retrouver, abruti", "received_at": "2026-11-18T10:00:00+01:00"},
    {"id": "m6", "text": "la lampe a pris feu"},  # no time: decided as of the replay's moment, by both
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    old = tmp_path / "old.roe"
    new = tmp_path / "new.roe"
    old.write_text(BASELINE, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps(m, ensure_ascii=False) for m in CORPUS]
    lines[3:3] = ["", "{pas du json", '{"text": "x", "kind": "dms"}']
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return old, new, corpus


def run_replay(files: tuple[Path, Path, Path], jobs: int = 1) -> dict[str, object]:
    old, new, corpus = files
    lines = list(numbered(corpus.read_text(encoding="utf-8").splitlines()))
    return replay(str(corpus), lines, old, new, NOW, jobs=jobs).to_dict()


def test_action_transitions_are_counted(files: tuple[Path, Path, Path]) -> None:
    report = run_replay(files)
    assert report["lines"] == 8 and report["decided"] == 6
    assert report["changed"] == 4 and report["action_changes"] == 4 and report["unchanged"] == 2
    # Most frequent first, then by name.
    assert report["transitions"] == [
        {"from": "hide", "to": "delete", "count": 2},
        {"from": "answer", "to": "answer", "count": 1},
        {"from": "answer", "to": "delete", "count": 1},
        {"from": "escalate", "to": "answer", "count": 1},
        {"from": "escalate", "to": "escalate", "count": 1},
    ]


def test_rules_newly_firing_and_no_longer_firing(files: tuple[Path, Path, Path]) -> None:
    report = run_replay(files)
    assert report["rules"] == [
        {"rule": "injure", "newly_firing": 1, "no_longer_firing": 0, "in_baseline": True, "in_new": True},
        {"rule": "menace", "newly_firing": 1, "no_longer_firing": 0, "in_baseline": False, "in_new": True},
        {"rule": "presse", "newly_firing": 0, "no_longer_firing": 1, "in_baseline": True, "in_new": False},
    ]
    assert report["rules_only_in_new"] == ["menace"] and report["rules_only_in_baseline"] == ["presse"]


def test_changed_messages_name_the_rules_responsible(files: tuple[Path, Path, Path]) -> None:
    report = run_replay(files)
    messages = {m["message_id"]: m for m in report["messages"]}  # type: ignore[attr-defined]
    assert list(messages) == ["m2", "m3", "m4", "m5"]
    # Same rule, new effects: the rule whose effects changed is responsible.
    assert messages["m2"]["responsible"] == ["injure"] and messages["m2"]["newly_firing"] == []
    assert messages["m3"]["responsible"] == ["injure"] and messages["m3"]["newly_firing"] == ["injure"]
    assert messages["m4"]["no_longer_firing"] == ["presse"] and messages["m4"]["changes"] == [
        "action",
        "escalations",
        "rules",
    ]
    assert messages["m5"]["responsible"] == ["menace", "injure"]
    assert messages["m5"]["new"]["escalations"] == ["legal:normal"]
    assert messages["m2"]["line"] == 2 and messages["m4"]["line"] == 7


def test_bad_lines_are_reported_with_their_number(files: tuple[Path, Path, Path]) -> None:
    report = run_replay(files)
    assert report["bad_lines"] == [
        {"line": 5, "problem": "not valid JSON: Expecting property name enclosed in double quotes (column 2)"},
        {"line": 6, "problem": "not a valid message: `kind`: unknown kind `dms` (did you mean `dm`?)"},
    ]


def test_a_policy_replayed_against_itself_changes_nothing(files: tuple[Path, Path, Path]) -> None:
    old, _, corpus = files
    report = run_replay((old, old, corpus))
    assert report["changed"] == 0 and report["rules"] == []
    # The message without a time was decided at the replay's moment (outside hours) by both versions:
    # escalated, with the journalist's message.
    assert report["transitions"] == [
        {"from": "answer", "to": "answer", "count": 2},
        {"from": "escalate", "to": "escalate", "count": 2},
        {"from": "hide", "to": "hide", "count": 2},
    ]


def test_workers_give_the_same_report_as_one_process(files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    old, new, _ = files
    corpus = tmp_path / "big.jsonl"
    lines = [json.dumps({**CORPUS[i % len(CORPUS)], "id": f"m{i}"}) for i in range(3 * CHUNK + 7)]
    lines[CHUNK + 3] = "not json"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run_replay((old, new, corpus), jobs=1)
    two = run_replay((old, new, corpus), jobs=2)
    assert two == one
    assert one["bad_lines"] == [{"line": CHUNK + 4, "problem": "not valid JSON: Expecting value (column 1)"}]


# ---------------------------------------------------------------- roe replay


def test_cli_text(files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new, corpus = files
    status = main(["replay", str(corpus), "--policy", str(new), "--baseline", str(old)])
    out, err = capsys.readouterr()
    assert status == 1  # two lines could not be decided
    assert err == ""  # no progress bar: stderr is not a terminal
    assert f"replay of {corpus}: 8 message line(s), 6 decided by both policies, 2 bad line(s)" in out
    assert (
        "4 message(s) change: 4 change action, 0 change only escalations, evidence, reply or rules; 2 unchanged" in out
    )
    assert "  hide     → delete        2" in out
    assert "  menace  +1 newly firing (new rule)" in out
    assert "  presse  −1 no longer firing (removed rule)" in out
    assert "  line 8 [m5] hide → delete: «je vais te retrouver, abruti»" in out
    assert "      + menace now fire(s); changed: escalations; responsible: menace, injure" in out
    assert "  line 5: not valid JSON" in out


def test_cli_json_and_limit(files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new, corpus = files
    main(["replay", str(corpus), "--policy", str(new), "--baseline", str(old), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["baseline"]["version"] == "1" and report["new"]["version"] == "2"
    assert len(report["messages"]) == 4
    main(["replay", str(corpus), "--policy", str(new), "--baseline", str(old), "--limit", "1"])
    out = capsys.readouterr().out
    assert "… 3 more (--limit 0 shows all, --format json lists all)" in out


def test_cli_clean_corpus_exits_0(files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new, _ = files
    clean = old.parent / "clean.jsonl"
    clean.write_text(json.dumps(CORPUS[0]) + "\n", encoding="utf-8")
    assert main(["replay", str(clean), "--policy", str(new), "--baseline", str(old)]) == 0
    assert "0 message(s) change" in capsys.readouterr().out


def test_cli_broken_policy_and_missing_corpus(
    files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, corpus = files
    new.write_text(NEW.replace('text contains "crétin"', "text contains any nope"), encoding="utf-8")
    assert main(["replay", str(corpus), "--policy", str(new), "--baseline", str(old)]) == 1
    err = capsys.readouterr().err
    assert "unknown lexicon `nope`" in err and "nothing was replayed" in err
    assert main(["replay", str(old.parent / "missing.jsonl"), "--baseline", str(old)]) == 2
    assert "cannot read" in capsys.readouterr().err
