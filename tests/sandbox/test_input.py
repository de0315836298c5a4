"""Reading input: command parsing, continued lines, context values, completion and the prompt's keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from policy.sandbox.commands import Command, MessageLine, UnknownCommand, join_continued, parse_line
from policy.sandbox.context import ContextError, parse_count
from policy.sandbox.prompt import SandboxCompleter, history_path, open_history, prompt_session


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        (":why eloge", Command("why", "eloge")),
        ('  :author name="Léa"  ', Command("author", 'name="Léa"')),
        (":q", Command("quit", "")),
        (":?", Command("help", "")),
        (":ctx", Command("context", "")),
        (":whi eloge", UnknownCommand("whi", "why")),
        (":zzz", UnknownCommand("zzz", None)),
        (":)", MessageLine(":)")),
        (":-( nul", MessageLine(":-( nul")),
        ("\\:p trop drôle", MessageLine(":p trop drôle")),
        ("ma commande", MessageLine("ma commande")),
        ("", None),
    ],
)
def test_parse_line(line: str, parsed: object) -> None:
    assert parse_line(line) == parsed


def test_a_trailing_backslash_continues_the_input() -> None:
    lines = ["première ligne \\\n", "deuxième\n", ":context\n", "fin \\\\\n", "dernier \\"]
    assert list(join_continued(lines)) == ["première ligne \ndeuxième", ":context", "fin \\", "dernier "]


@pytest.mark.parametrize(("raw", "value"), [("50000", 50000), ("50 000", 50000), ("50k", 50000), ("1,2M", 1200000)])
def test_counts_as_cms_write_them(raw: str, value: int) -> None:
    assert parse_count(raw, "followers") == value


@pytest.mark.parametrize("raw", ["1.5", "beaucoup", "-3"])
def test_bad_counts(raw: str) -> None:
    with pytest.raises(ContextError):
        parse_count(raw, "followers")


def completions(text: str, rules: tuple[str, ...] = ("eloge", "injure", "injure_privee")) -> list[str]:
    completer = SandboxCompleter(lambda: rules)
    return [c.text for c in completer.get_completions(Document(text, len(text)), CompleteEvent())]


def test_completion_of_commands_rule_ids_and_values() -> None:
    assert completions(":re") == [":reset", ":reload"]
    assert completions(":why inj") == ["injure", "injure_privee"]
    assert completions(":kind d") == ["dm"]
    assert completions(":channel inst") == ["instagram"]
    assert completions(':author name="Léa" fol') == ["followers="]
    assert completions("bonjour :wh") == []  # a message is not completed


def test_completion_of_files_after_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cases.yaml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert completions(":save ca") == ["ses.yaml"]


def test_completion_sees_rules_after_a_reload() -> None:
    rules: list[str] = ["eloge"]
    completer = SandboxCompleter(lambda: rules)
    rules.append("eloge_vip")
    found = [c.text for c in completer.get_completions(Document(":why elo", 8), CompleteEvent())]
    assert found == ["eloge", "eloge_vip"]


def read_input(keys: str) -> str:
    """What the sandbox prompt returns when `keys` are typed."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        session = prompt_session(lambda: (), history=InMemoryHistory(), input=pipe, output=DummyOutput())
        return session.prompt("> ")


def test_enter_sends_and_a_trailing_backslash_continues() -> None:
    assert read_input("bonjour\r") == "bonjour"
    assert read_input("ligne un \\\rligne deux\r") == "ligne un \nligne deux"


def test_escape_enter_inserts_a_line_break() -> None:
    assert read_input("haut\x1b\rbas\r") == "haut\nbas"


def test_history_lives_in_the_state_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert history_path() == tmp_path / "roe" / "history"
    history = open_history()
    history.append_string(":why eloge")
    assert ":why eloge" in (tmp_path / "roe" / "history").read_text(encoding="utf-8")
