"""Sandbox stage — the interactive input layer (prompt_toolkit): history, multi-line input, completion.

prompt_toolkit is used because it is the maintained library made for exactly this (readline-like
editing, a history file, completion menus, key bindings) and it needs no C extension.

- History persists across sessions in `$XDG_STATE_HOME/roe/history` (`~/.local/state/roe/history`).
- Enter sends the input. A line ending with `\\` continues on the next line, and Esc-Enter (Meta-Enter)
  inserts a line break anywhere: multi-line messages are typed as they will be posted.
- Tab completes command names, rule ids after `:why`, kinds after `:kind`, platforms after `:channel`,
  author fields after `:author` and file names after `:save`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output

from policy.model import KINDS, KNOWN_CHANNELS
from policy.sandbox.commands import COMMANDS
from policy.sandbox.context import AUTHOR_KEYS


def history_path() -> Path:
    """Where the sandbox keeps its input history (XDG base directory spec, state files)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "roe" / "history"


def open_history(path: Path | None = None) -> History:
    """The history file, or an in-memory history when the state directory cannot be written."""
    target = path or history_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch(exist_ok=True)
    except OSError:
        return InMemoryHistory()
    return FileHistory(str(target))


class SandboxCompleter(Completer):
    """Completes commands and their arguments; `rule_ids` is asked each time, so `:reload` is seen."""

    def __init__(self, rule_ids: Callable[[], Iterable[str]]) -> None:
        self.rule_ids = rule_ids
        self.paths = PathCompleter(expanduser=True)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor
        if not text.startswith(":") or "\n" in text:
            return
        head, space, rest = text[1:].partition(" ")
        if not space:
            for spec in COMMANDS:
                if spec.name.startswith(head):
                    yield Completion(f":{spec.name}", start_position=-len(text), display_meta=spec.summary)
            return
        if head == "save":
            yield from self.paths.get_completions(Document(rest, len(rest)), complete_event)
            return
        word = rest.rsplit(" ", 1)[-1]
        for candidate, meta in self._arguments(head, rest):
            if candidate.startswith(word) and candidate != word:
                yield Completion(candidate, start_position=-len(word), display_meta=meta)

    def _arguments(self, command: str, rest: str) -> list[tuple[str, str]]:
        if command == "why" and " " not in rest:
            return [(rule, "rule") for rule in self.rule_ids()]
        if command == "kind" and " " not in rest:
            return [(k, "kind") for k in (*KINDS, "none")]
        if command == "channel" and " " not in rest:
            return [(c, "platform") for c in (*KNOWN_CHANNELS, "none")]
        if command == "author":
            return [(f"{k}=", "author field") for k in AUTHOR_KEYS]
        if command == "at" and " " not in rest:
            return [("now", "the moment you type")]
        if command == "help" and " " not in rest:
            return [(spec.name, spec.summary) for spec in COMMANDS]
        return []


def key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("enter")
    def _send_or_continue(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        before = buffer.document.text_before_cursor
        if before.endswith("\\") and not before.endswith("\\\\"):
            buffer.delete_before_cursor(1)
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    def _line_break(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    return bindings


def prompt_session(
    rule_ids: Callable[[], Iterable[str]],
    history: History | None = None,
    *,
    input: Input | None = None,
    output: Output | None = None,
) -> PromptSession[str]:
    """The sandbox prompt; `input`/`output` default to the terminal (tests pass a pipe)."""
    return PromptSession(
        history=history if history is not None else open_history(),
        completer=SandboxCompleter(rule_ids),
        complete_while_typing=False,  # completion on Tab: a CM typing a message wants no pop-ups
        multiline=True,  # Enter is bound above: it sends, unless the line ends with `\`
        key_bindings=key_bindings(),
        prompt_continuation="… ",
        enable_history_search=True,
        input=input,
        output=output,
    )
