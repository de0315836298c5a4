"""Shared fixtures: the bundled default policy (compiled once) and a compiler for inline rule text."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from policy import Policy, compile_text, load_policy

ROOT = Path(__file__).resolve().parent.parent
UPDATE_GOLDEN = os.environ.get("ROE_UPDATE_GOLDEN") == "1"

HEADER = """policy "Test" version "1"
default answer
on error escalate to moderation
timezone "Europe/Paris"
team legal "Direction juridique" within 4h
team pr "Relations presse" within 1h
"""


@pytest.fixture(scope="session")
def default_policy() -> Policy:
    return load_policy()


@pytest.fixture
def compile_rules() -> Callable[..., Policy]:
    """Compile rules under a standard header (`default answer`, teams legal and pr)."""

    def build(rules: str, *, header: str = HEADER) -> Policy:
        return compile_text(header + rules)

    return build


def golden(path: Path, actual: str) -> str:
    """The expected text of a golden file; with ROE_UPDATE_GOLDEN=1, (re)write it from `actual`."""
    if UPDATE_GOLDEN or not path.exists():
        if not UPDATE_GOLDEN:
            pytest.fail(f"missing golden file {path}; run with ROE_UPDATE_GOLDEN=1 to create it, then review it")
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8")
