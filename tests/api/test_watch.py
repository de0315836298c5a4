"""`--watch`: every file of the policy — rule files, includes, lexicon files — is watched; a change is
compiled aside and swapped in; a broken file keeps the last good policy serving."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AUTH, INSULTES, LOOPBACK, MAIN_ROE, SPAM_ROE, AppFactory


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def watching(make_app: AppFactory) -> Iterator[TestClient]:
    with TestClient(make_app(watch=True), client=LOOPBACK) as client:
        time.sleep(0.3)  # let the watcher arm
        yield client


def action(client: TestClient, text: str) -> str:
    return str(client.post("/v1/decisions", json={"text": text}, headers=AUTH).json()["action"])


def reloads(client: TestClient) -> float:
    total = 0.0
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("roe_policy_reloads_total{") and 'trigger="watch"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_a_lexicon_file_change_is_picked_up(watching: TestClient, policy_path: Path) -> None:
    assert watching.get("/v1/policy", headers=AUTH).json()["watching"] is True
    assert action(watching, "quel nigaud") == "answer"
    (policy_path.parent / "lexicons" / "insultes.txt").write_text(INSULTES + "nigaud\n", encoding="utf-8")
    wait_for(lambda: action(watching, "quel nigaud") == "hide")
    assert watching.get("/v1/policy", headers=AUTH).json()["last_reload"]["trigger"] == "watch"


def test_an_included_rule_file_saved_by_rename_is_picked_up(watching: TestClient, policy_path: Path) -> None:
    spam = policy_path.parent / "packs" / "spam.roe"
    temporary = spam.with_name(".spam.roe.swp")  # how editors save: write aside, rename over
    temporary.write_text(SPAM_ROE.replace("gagnez un iphone", "cliquez ici"), encoding="utf-8")
    os.replace(temporary, spam)
    wait_for(lambda: action(watching, "cliquez ici") == "delete")
    assert action(watching, "gagnez un iphone") == "answer"


def test_a_broken_file_keeps_the_last_good_policy_then_a_fix_is_picked_up(
    watching: TestClient, policy_path: Path
) -> None:
    good = watching.get("/v1/policy", headers=AUTH).json()["sha256"]
    policy_path.write_text(MAIN_ROE.replace("any insultes", "any insultez"), encoding="utf-8")
    wait_for(lambda: watching.get("/v1/policy", headers=AUTH).json()["last_error"] is not None)
    info = watching.get("/v1/policy", headers=AUTH).json()
    assert info["sha256"] == good
    assert info["last_error"]["trigger"] == "watch"
    assert info["last_error"]["diagnostics"][0]["code"] == "ROE203"
    assert action(watching, "abruti") == "hide"  # the last good policy still decides

    policy_path.write_text(MAIN_ROE.replace("then hide", "then delete"), encoding="utf-8")
    wait_for(lambda: action(watching, "abruti") == "delete")
    assert watching.get("/v1/policy", headers=AUTH).json()["last_error"] is None


def test_a_new_include_is_watched_too(watching: TestClient, policy_path: Path) -> None:
    extra = policy_path.parent / "extra"
    extra.mkdir()
    (extra / "more.roe").write_text('rule promo "Promo" when text contains "code promo" then ignore\n', "utf-8")
    policy_path.write_text(MAIN_ROE + '\ninclude "extra/more.roe"\n', encoding="utf-8")
    wait_for(lambda: action(watching, "un code promo") == "ignore")
    time.sleep(0.5)  # the watcher re-arms on the new folder
    (extra / "more.roe").write_text('rule promo "Promo" when text contains "code promo" then hide\n', "utf-8")
    wait_for(lambda: action(watching, "un code promo") == "hide")


def test_other_files_next_to_the_rules_cost_no_reload(watching: TestClient, policy_path: Path) -> None:
    before = reloads(watching)
    for i in range(5):
        (policy_path.parent / "decisions.jsonl").write_text("x" * i, encoding="utf-8")
        (policy_path.parent / "notes.txt").write_text("y" * i, encoding="utf-8")
        time.sleep(0.1)
    time.sleep(1.0)
    assert reloads(watching) == before
