"""Helpers shared by the `roe` commands: loading a policy and reporting its diagnostics."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from policy import Policy, PolicyError, load_policy
from policy.diagnostics import Diagnostic
from policy.resources import default_policy_path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def use_color(stream: object = None) -> bool:
    stream = stream or sys.stdout
    import os

    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    color = use_color(out)
    for d in diagnostics:
        print(d.render(color=color), file=out)
        print(file=out)


def load_or_report(path: str | None, *, show_personal_data: bool = False) -> Policy | None:
    """The policy at `path` (the bundled default when None); prints diagnostics and returns None on error."""
    target = Path(path) if path else default_policy_path()
    try:
        return load_policy(target, show_personal_data=show_personal_data)
    except PolicyError as exc:
        print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.is_error)
        print(f"error: the policy `{target}` has {errors} error(s); nothing was decided", file=sys.stderr)
        return None
    except FileNotFoundError:
        print(f"error: no policy at `{target}`", file=sys.stderr)
        return None
