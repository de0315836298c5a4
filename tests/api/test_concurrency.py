"""Deciding from many threads while the policy is reloaded: no error, and every decision is made —
and labelled — by one whole policy, the old or the new, never a mix."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.policy_store import PolicyStore
from policy import check_policy
from tests.api.conftest import ADMIN, AUTH, MAIN_ROE

OLD = MAIN_ROE  # "abruti" → hide
NEW = MAIN_ROE.replace("then hide", "then delete")  # "abruti" → delete
THREADS = 8
ROUNDS = 25  # at least this many requests per thread, and until both versions have served (or 60 s)
DEADLINE = 60.0


def keep_going(done: int, seen: set[str], started: float) -> bool:
    if time.monotonic() - started > DEADLINE:
        return False
    return done < ROUNDS or len(seen) < 2


def two_versions(policy_path: Path) -> dict[str, str]:
    """sha256 of each version → the action it gives to "abruti"."""
    expected = {}
    for text, act in ((NEW, "delete"), (OLD, "hide")):
        policy_path.write_text(text, encoding="utf-8")
        expected[check_policy(policy_path).bundle.sha256] = act
    return expected  # the file is left at OLD, the version the server loads


def run_threads(work: Any, stop: threading.Event, toggle: Any) -> list[BaseException]:
    failures: list[BaseException] = []

    def guarded(fn: Any) -> None:
        try:
            fn()
        except BaseException as exc:  # collected and re-raised in the test thread
            failures.append(exc)
            stop.set()

    workers = [threading.Thread(target=guarded, args=(work,)) for _ in range(THREADS)]
    reloader = threading.Thread(target=guarded, args=(toggle,))
    for t in [*workers, reloader]:
        t.start()
    for t in workers:
        t.join()
    stop.set()
    reloader.join()
    return failures


def test_http_decisions_during_reloads(client: TestClient, policy_path: Path) -> None:
    expected = two_versions(policy_path)
    assert client.post("/v1/policy/reload", headers=ADMIN).status_code == 200
    seen: set[str] = set()
    stop = threading.Event()

    def decide() -> None:
        i, started = 0, time.monotonic()
        while keep_going(i, seen, started):
            i += 1
            if i % 3 == 0:
                r = client.post("/v1/decisions/batch", json={"messages": [{"text": "abruti"}] * 20}, headers=AUTH)
                assert r.status_code == 200, r.text
                body = r.json()
                shas = {d["policy"]["sha256"] for d in body["decisions"]}
                assert shas == {body["policy"]["sha256"]} == {r.headers["x-policy-sha256"]}
                decisions = body["decisions"]
            else:
                r = client.post("/v1/decisions", json={"text": "abruti"}, headers=AUTH)
                assert r.status_code == 200, r.text
                assert r.headers["x-policy-sha256"] == r.json()["policy"]["sha256"]
                decisions = [r.json()]
            for d in decisions:
                sha = d["policy"]["sha256"]
                assert expected[sha] == d["action"], (sha, d["action"])
                seen.add(sha)

    def toggle() -> None:
        flip = False
        while not stop.is_set():
            flip = not flip
            policy_path.write_text(NEW if flip else OLD, encoding="utf-8")
            r = client.post("/v1/policy/reload", headers=ADMIN)
            assert r.status_code == 200, r.text

    failures = run_threads(decide, stop, toggle)
    assert not failures, failures
    assert seen == set(expected)  # both versions did serve during the run


def test_library_level_swap_under_threads(policy_path: Path) -> None:
    expected = two_versions(policy_path)
    store = PolicyStore(policy_path)
    assert store.reload("startup").ok
    stop = threading.Event()
    seen: set[str] = set()

    def decide() -> None:
        i, started = 0, time.monotonic()
        while keep_going(i // 8, seen, started):
            i += 1
            policy = store.policy  # the one read a request makes
            assert policy is not None
            d = policy.decide({"text": "espèce d'abruti"})
            assert expected[d.policy.sha256] == d.action.word
            seen.add(d.policy.sha256)

    def toggle() -> None:
        flip = False
        while not stop.is_set():
            flip = not flip
            policy_path.write_text(NEW if flip else OLD, encoding="utf-8")
            assert store.reload("api").ok

    failures = run_threads(decide, stop, toggle)
    assert not failures, failures
    assert seen == set(expected)
