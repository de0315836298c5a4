"""Sandbox stage — `:save FILE`: turn a message tried in the sandbox into a decision test case.

The case is written in the case-file format of `policy.testing.load_case_file`, so `roe test FILE`
replays it. It pins down everything the decision depended on: the channel, the kind and the author as
set in the context, and the exact moment (`received_at`), written even when the CM typed the message
"now" — otherwise the case file's default moment would apply and a decision that depended on business
hours could change. An unset channel or kind is written as `null`, which overrides the case-file
defaults, for the same reason.

The expectation is the decision as it stands: the action, the teams it escalates to, and the rules that
matched. A legal reviewer edits it when the current decision is not the wanted one.

The file is appended to, never rewritten: the new text is checked to read back as the old cases plus
the new one before anything is written, so a hand-written file in a style we cannot append to (a flow
list `[...]`) is refused rather than damaged.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policy.model import Decision

MAX_NAME = 60


class SaveError(ValueError):
    pass


@dataclass(frozen=True)
class SavedCase:
    path: Path
    name: str
    count: int  # cases in the file after saving


def case_entry(message: Mapping[str, Any], decision: Decision, *, name: str | None, note: str) -> dict[str, Any]:
    """The YAML mapping of one case: `name`, `note`, `message`, `expect`."""
    text = str(message["text"])
    pinned: dict[str, Any] = {"text": text}
    for key in ("channel", "kind"):
        pinned[key] = message.get(key)  # None → `null`: do not let the case-file defaults apply
    for key in ("received_at", "author", "lang", "thread_id", "id", "metadata"):
        if message.get(key) is not None:
            pinned[key] = message[key]
    expect: dict[str, Any] = {"action": decision.action.word}
    teams = [e.team for e in decision.escalations]
    if teams:
        expect["escalations"] = teams
    if decision.matched:
        expect["rules"] = list(decision.rule_ids)
    return {"name": name or _default_name(text), "note": note, "message": pinned, "expect": expect}


def _default_name(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_NAME else flat[: MAX_NAME - 1] + "…"


def append_case(path: Path, entry: Mapping[str, Any]) -> SavedCase:
    """Append one case to a YAML case file (created when missing). Raises `SaveError`."""
    try:
        old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as exc:
        raise SaveError(f"cannot read `{path}`: {exc.strerror or exc}") from None
    try:
        old = yaml.safe_load(old_text) if old_text.strip() else None
    except yaml.YAMLError:
        raise SaveError(f"`{path}` is not valid YAML; fix it or save to another file") from None
    if old is None:
        old = []
    if not isinstance(old, list):
        raise SaveError(f"`{path}` is not a list of cases; save to another file")
    block = yaml.safe_dump([dict(entry)], allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    prefix = old_text if not old_text or old_text.endswith("\n") else old_text + "\n"
    new_text = prefix + ("\n" if old_text.strip() else "") + block
    try:
        appended = yaml.safe_load(new_text)
    except yaml.YAMLError:
        appended = None
    if appended != [*old, dict(entry)]:
        raise SaveError(f"cannot append to `{path}` as it is written (a flow-style list?); save to another file")
    _write_atomically(path, new_text)
    return SavedCase(path, str(entry["name"]), len(old) + 1)


def _write_atomically(path: Path, text: str) -> None:
    # Written beside the target, then renamed: an interrupted save never leaves half a case file.
    target = path.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            # mkstemp creates 0600; keep the mode of the file we replace, or the usual 0644 for a new one.
            os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SaveError(f"cannot write `{path}`: {exc.strerror or exc}") from None
