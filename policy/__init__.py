"""ROE — rules of engagement: compile rule files once, decide each message, explain why.

The public contract of the library is `__all__` below::

    from policy import load_policy
    policy = load_policy("rules/main.roe")          # raises PolicyError with every diagnostic
    decision = policy.decide({"text": "…", "channel": "facebook", "kind": "comment"})
    decision.action, decision.escalations, decision.matched

Stages (one module each): `policy.syntax` (parse) → `policy.loader` (includes, lexicon files) →
`policy.check` (diagnostics) → `policy.compile` → `policy.engine` / `policy.evaluate` (decide).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from policy.check import Checked, check
from policy.compile import compile_checked
from policy.diagnostics import Diagnostic, PolicyError, Severity
from policy.engine import Policy
from policy.loader import Reader, load, read_file
from policy.model import Action, Decision, Message, MessageError, Priority
from policy.resources import default_policy_path

__all__ = [
    "Action",
    "Checked",
    "Decision",
    "Diagnostic",
    "Message",
    "MessageError",
    "Policy",
    "PolicyError",
    "Priority",
    "Severity",
    "check_policy",
    "check_text",
    "compile_checked",
    "compile_text",
    "default_policy_path",
    "load_policy",
]


def check_policy(path: str | Path | None = None, *, reader: Reader = read_file, lint: bool = True) -> Checked:
    """Parse and check a policy (the bundled default when `path` is None): every diagnostic, sorted.

    `lint=False` skips the deep lint's warnings (see `policy.check.check`)."""
    return check(load(Path(path) if path is not None else default_policy_path(), reader=reader), lint=lint)


def check_text(
    text: str, *, path: str | Path = "policy.roe", files: Mapping[str, str] | None = None, lint: bool = True
) -> Checked:
    """Check rule text held in memory. Includes and lexicon files are read from `files` (relative
    paths → text) when given, else from the disk, relative to `path`."""
    return check(load(Path(path), reader=_reader(path, files), text=text), lint=lint)


def load_policy(path: str | Path | None = None, *, show_personal_data: bool = False) -> Policy:
    """Load, check and compile a policy file. Raises `PolicyError` carrying every diagnostic.

    Warnings are not kept here, so the deep lint (warnings only) does not run: `roe lint` and
    `check_policy` report them."""
    checked = check_policy(path, lint=False)
    if not checked.ok:
        raise PolicyError(checked.diagnostics)
    return compile_checked(checked, show_personal_data=show_personal_data)


def compile_text(
    text: str,
    *,
    path: str | Path = "policy.roe",
    files: Mapping[str, str] | None = None,
    show_personal_data: bool = False,
) -> Policy:
    """Compile rule text held in memory (tests, the API's lint endpoint). Raises `PolicyError`."""
    checked = check_text(text, path=path, files=files, lint=False)  # warnings are dropped: no deep lint
    if not checked.ok:
        raise PolicyError(checked.diagnostics)
    return compile_checked(checked, show_personal_data=show_personal_data)


def _reader(path: str | Path, files: Mapping[str, str] | None) -> Reader:
    if files is None:
        return read_file
    base = Path(path).resolve().parent
    table = {(base / name).resolve(): content for name, content in files.items()}

    def read(p: Path) -> str:
        try:
            return table[p.resolve()]
        except KeyError:
            raise FileNotFoundError(str(p)) from None

    return read
