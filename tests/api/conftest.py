"""Fixtures of the HTTP API tests: a small policy on disk (rule files, an include, a lexicon file) that
tests may edit, and in-process apps built on it with known keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import Keyring
from api.policy_store import PolicyStore
from api.settings import ServeSettings

CLIENT_KEY = "client-0123456789abcdef-key"
ADMIN_KEY = "admin-0123456789abcdef-key"
KEYRING = Keyring.build([CLIENT_KEY], [ADMIN_KEY])
AUTH = {"Authorization": f"Bearer {CLIENT_KEY}"}
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}
LOOPBACK = ("127.0.0.1", 50000)
PROBLEM = "application/problem+json"

MAIN_ROE = """\
policy "API test policy" version "1"
default answer
on error escalate to moderation
timezone "Europe/Paris"
team legal "Direction juridique" within 4h

lexicon insultes from "lexicons/insultes.txt"

include "packs/spam.roe"

rule menace "Menace" priority 10
  when text contains "je sais où tu habites"
  then delete, keep evidence, escalate to legal priority critical
  because "Menace contre une personne."
  cite "Code pénal, art. 222-17"

rule insulte "Insulte"
  when text contains any insultes
  then hide

rule influence "Compte influent"
  when has metadata.score and metadata.score >= 3
  then escalate to legal priority high
"""
SPAM_ROE = """\
rule spam "Spam"
  when text contains "gagnez un iphone"
  then delete
"""
INSULTES = "abruti\ncrétin\n"


def write_policy(root: Path, *, main: str = MAIN_ROE, spam: str = SPAM_ROE, insultes: str = INSULTES) -> Path:
    (root / "packs").mkdir(parents=True, exist_ok=True)
    (root / "lexicons").mkdir(parents=True, exist_ok=True)
    (root / "main.roe").write_text(main, encoding="utf-8")
    (root / "packs" / "spam.roe").write_text(spam, encoding="utf-8")
    (root / "lexicons" / "insultes.txt").write_text(insultes, encoding="utf-8")
    return root / "main.roe"


@pytest.fixture
def policy_path(tmp_path: Path) -> Path:
    return write_policy(tmp_path / "rules")


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(policy_path: Path) -> AppFactory:
    """`make_app(load=True, keyring=KEYRING, **settings)`: an app on the test policy."""

    def build(*, load: bool = True, keyring: Keyring = KEYRING, **settings: Any) -> FastAPI:
        config = ServeSettings(policy=str(policy_path), **settings)
        store = PolicyStore(config.policy)
        if load:
            assert store.reload("startup").ok
        return create_app(config, keyring=keyring, store=store)

    return build


@pytest.fixture
def client(make_app: AppFactory) -> Iterator[TestClient]:
    with TestClient(make_app(), client=LOOPBACK) as c:
        yield c


def assert_problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    """The response is an RFC 9457 problem of this status and kind; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:roe:problem:{kind}"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert isinstance(body["errors"], list)
    return body


@pytest.fixture(autouse=True)
def _no_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the HTTP contract, not the analyzers: a full explanation must not spend
    20 s loading spaCy's French model (the library reads `ROE_NLP` on every call)."""
    monkeypatch.setenv("ROE_NLP", "off")
