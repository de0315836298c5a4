"""`roe sandbox` end to end: on a pseudo-terminal (the prompt_toolkit UI), and through a pipe.

The terminal test drives the real command the way a CM would: typing, Tab completion, a continued line,
Ctrl-D. It uses the standard library's `pty` (no extra test dependency); the pipe test runs the command
with stdin from a file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")
TIMEOUT = 60.0  # seconds: generous, a loaded machine can be slow to start Python and compile the policy


class Terminal:
    """A child process on a pseudo-terminal, read until an expected text shows up."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True
        )
        os.close(slave)
        self.seen = ""

    def expect(self, pattern: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        regex = re.compile(pattern)
        while True:
            match = regex.search(self.seen)
            if match:
                # Consume up to the match, so the next expectation looks at what comes after.
                self.seen = self.seen[match.end() :]
                return match.group(0)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {pattern!r}; the screen shows:\n{self.seen[-3000:]}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk and self.process.poll() is not None:
                    raise AssertionError(f"the sandbox exited while waiting for {pattern!r}:\n{self.seen[-3000:]}")
                self.seen += ANSI.sub("", chunk.decode("utf-8", errors="replace"))

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def close(self) -> int:
        """Wait for the child to exit, reading what it still writes so it never blocks on a full pty."""
        deadline = time.monotonic() + TIMEOUT
        try:
            while self.process.poll() is None and time.monotonic() < deadline:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if ready:
                    with contextlib.suppress(OSError):
                        os.read(self.master, 65536)
            return self.process.wait(timeout=1)
        finally:
            os.close(self.master)


def env_for(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(
        PYTHONPATH=str(ROOT),
        XDG_STATE_HOME=str(tmp_path / "state"),  # the history file of this test, not the user's
        TERM="xterm-256color",
        PROMPT_TOOLKIT_NO_CPR="1",  # a pty answers no cursor-position requests
    )
    return env


@pytest.mark.skipif(not sys.platform.startswith(("linux", "darwin")), reason="needs a POSIX pseudo-terminal")
def test_sandbox_on_a_terminal(tmp_path: Path, policy_file: Path) -> None:
    argv = [sys.executable, "-m", "policy.cli.main", "sandbox", "--policy", str(policy_file)]
    term = Terminal(argv, env_for(tmp_path), tmp_path)
    # Keys are sent only once the prompt is back: between two prompts the terminal is in cooked mode,
    # where the line discipline would swallow Ctrl-D, as it would for a person typing ahead.
    try:
        term.expect(r"ROE sandbox — Sandbox test 1 \(6 rules\)")
        term.expect(r"facebook/comment>")
        term.send(":kind dm\r")
        term.expect(r"kind    dm")
        term.expect(r"facebook/dm>")
        term.send("espèce d'abruti\r")
        term.expect(r"DELETE")
        term.expect(r"✔ injure “Injure” → delete, keep evidence")
        term.expect(r"evidence: «abruti»")
        term.expect(r"facebook/dm>")
        # Tab completes the rule id (a single candidate is inserted at once).
        term.send(":why plai\t")
        term.expect(r"plainte")
        term.send("\r")
        term.expect(r"plainte “Client mécontent” \(policy.roe:\d+\) did not fire")
        term.expect(r"facebook/dm>")
        # A line ending with a backslash continues: one message over two lines.
        term.send("ma commande \\\r")
        term.expect(r"…")  # the continuation prompt
        term.send("jamais livrée\r")
        term.expect(r"ANSWER")
        term.expect(r"reply: Bonjour à vous, désolés !")
        term.expect(r"facebook/dm>")
        term.send(":save cases.yaml\r")
        term.expect(r"saved case 1")
        term.expect(r"facebook/dm>")
        term.send(":nope\r")
        term.expect(r"unknown command `:nope`")
        term.expect(r"facebook/dm>")
        term.send("\x04")  # Ctrl-D leaves
        assert term.close() == 0
    finally:
        if term.process.poll() is None:
            term.process.kill()
            term.process.wait()
    [case] = yaml.safe_load((tmp_path / "cases.yaml").read_text(encoding="utf-8"))
    assert case["message"]["text"] == "ma commande \njamais livrée" and case["message"]["kind"] == "dm"
    history = (tmp_path / "state" / "roe" / "history").read_text(encoding="utf-8")
    assert "+:kind dm" in history and "+:why plainte" in history


def test_sandbox_through_a_pipe(tmp_path: Path, policy_file: Path) -> None:
    script = "\n".join(
        [
            ":author name=Léa followers=20000",
            "boycott \\",
            "de votre commande",
            ":why eloge",
            ":kind dms",
            ":quit",
            "never decided",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-m", "policy.cli.main", "sandbox", "--policy", str(policy_file)],
        input=script,
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        cwd=tmp_path,
        timeout=TIMEOUT,
        check=False,
    )
    out = done.stdout
    assert "\x1b[" not in out  # plain text: stdout is not a terminal and colour was not forced
    assert " ESCALATE " in out and "escalate → pr (Relations presse), priority critical" in out
    assert "reply:" not in out
    assert "> boycott \n  de votre commande" in out
    assert "eloge “Compliment” (policy.roe:22) did not fire: its condition is false" in out
    assert "error: unknown kind `dms`\n  help: did you mean `dm`?" in out
    assert "never decided" not in out
    assert "rules that lost: plainte (answer) — vip decides escalate" in out
    assert done.returncode == 1  # an input was refused


def test_sandbox_refuses_a_broken_policy(tmp_path: Path) -> None:
    broken = tmp_path / "broken.roe"
    broken.write_text('policy "x"\ndefault answer\nrule a when text contains any nope then delete\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "policy.cli.main", "sandbox", "--policy", str(broken)],
        input="",
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        cwd=tmp_path,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 1
    assert "unknown lexicon `nope`" in done.stderr
    assert f"error: the policy `{broken}` has errors" in done.stderr
