"""`GET /v1/policy`, `POST /v1/policy/reload`, `POST /v1/policy/lint`, `/healthz`, `/readyz`, `/metrics`."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from api.models import LintResultV1, PolicyInfoV1, ProblemV1, ReadyV1, ReloadResultV1
from policy import check_policy
from tests.api.conftest import ADMIN, AUTH, INSULTES, LOOPBACK, MAIN_ROE, AppFactory, assert_problem

ROOT = Path(__file__).resolve().parents[2]


def test_the_policy_in_service_is_described(client: TestClient, policy_path: Path) -> None:
    r = client.get("/v1/policy", headers=AUTH)
    info = PolicyInfoV1.model_validate(r.json())
    assert (info.name, info.version, info.default) == ("API test policy", "1", "answer")
    assert info.sha256 == check_policy(policy_path).bundle.sha256
    assert info.files == ["main.roe", "packs/spam.roe"]
    assert [(rule.id, rule.action, rule.source) for rule in info.rules] == [
        ("menace", "delete", "main.roe:11"),
        ("spam", "delete", "packs/spam.roe:1"),
        ("insulte", "hide", "main.roe:17"),
        ("influence", "escalate", "main.roe:21"),
    ]
    assert info.rules[0].effects == ["delete", "keep evidence", "escalate to legal priority critical"]
    assert info.rules[0].title == "Menace"
    assert info.last_error is None
    assert info.last_reload is not None and info.last_reload.ok and info.last_reload.trigger == "startup"
    assert info.watching is False


def test_a_reload_swaps_in_the_new_policy(client: TestClient, policy_path: Path) -> None:
    before = client.get("/v1/policy", headers=AUTH).json()["sha256"]
    unchanged = ReloadResultV1.model_validate(client.post("/v1/policy/reload", headers=ADMIN).json())
    assert (unchanged.changed, unchanged.policy.sha256, unchanged.previous_sha256) == (False, before, before)

    (policy_path.parent / "lexicons" / "insultes.txt").write_text(INSULTES + "nigaud\n", encoding="utf-8")
    assert client.post("/v1/decisions", json={"text": "quel nigaud"}, headers=AUTH).json()["action"] == "answer"
    result = ReloadResultV1.model_validate(client.post("/v1/policy/reload", headers=ADMIN).json())
    assert result.changed and result.previous_sha256 == before and result.policy.sha256 != before
    decision = client.post("/v1/decisions", json={"text": "quel nigaud"}, headers=AUTH).json()
    assert decision["action"] == "hide"
    assert decision["policy"]["sha256"] == result.policy.sha256


def test_a_broken_rule_file_keeps_the_last_good_policy_serving(
    client: TestClient, policy_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = client.get("/v1/policy", headers=AUTH).json()["sha256"]
    policy_path.write_text(MAIN_ROE.replace("any insultes", "any insultez"), encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="roe.api"):
        r = client.post("/v1/policy/reload", headers=ADMIN)
    problem = ProblemV1.model_validate(assert_problem(r, 422, "policy-invalid"))
    assert problem.serving is not None and problem.serving.sha256 == good
    assert problem.diagnostics and problem.diagnostics[0].file.endswith("main.roe")
    assert (problem.diagnostics[0].code, problem.diagnostics[0].line) == ("ROE203", 18)
    assert problem.diagnostics[0].message == "unknown lexicon `insultez`"

    # Still serving, and saying why the new version is not.
    assert client.post("/v1/decisions", json={"text": "abruti"}, headers=AUTH).json()["policy"]["sha256"] == good
    info = PolicyInfoV1.model_validate(client.get("/v1/policy", headers=AUTH).json())
    assert info.sha256 == good
    assert info.last_reload is not None and not info.last_reload.ok
    assert info.last_error is not None and info.last_error.trigger == "api"
    assert info.last_error.diagnostics == problem.diagnostics
    assert "policy has 1 error(s)" in info.last_error.message
    # … in the logs, compiler style …
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "policy reload failed (api)" in logged and f"policy {good[:12]} keeps serving" in logged
    assert "any insultez" in logged and "help: did you mean `insultes`?" in logged
    # … and in the metrics.
    metrics = client.get("/metrics").text
    assert 'roe_policy_reloads_total{result="failure",trigger="api"} 1.0' in metrics
    assert "roe_policy_reload_failing 1.0" in metrics

    policy_path.write_text(MAIN_ROE, encoding="utf-8")
    assert client.post("/v1/policy/reload", headers=ADMIN).status_code == 200
    assert client.get("/v1/policy", headers=AUTH).json()["last_error"] is None
    assert "roe_policy_reload_failing 0.0" in client.get("/metrics").text


def test_a_deleted_policy_file_is_a_reload_error_too(client: TestClient, policy_path: Path) -> None:
    policy_path.unlink()
    body = assert_problem(client.post("/v1/policy/reload", headers=ADMIN), 422, "policy-invalid")
    assert body["detail"].startswith(f"cannot read `{policy_path}`")
    assert client.post("/v1/decisions", json={"text": "a"}, headers=AUTH).status_code == 200


def test_not_ready_until_a_policy_compiles(make_app: AppFactory, policy_path: Path) -> None:
    policy_path.write_text(MAIN_ROE.replace("default answer\n", ""), encoding="utf-8")
    with TestClient(make_app(load=False), client=LOOPBACK) as client:
        deadline = time.monotonic() + 30
        while client.get("/v1/policy", headers=AUTH).json().get("last_error") is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert client.get("/healthz").json() == {"status": "ok"}
        r = client.get("/readyz")
        body = ProblemV1.model_validate(assert_problem(r, 503, "not-ready"))
        assert r.headers["retry-after"] == "1"
        assert body.last_error is not None and body.last_error.trigger == "startup"
        assert [d.code for d in body.last_error.diagnostics] == ["ROE212"]
        assert_problem(client.post("/v1/decisions", json={"text": "a"}, headers=AUTH), 503, "not-ready")
        assert_problem(client.post("/v1/decisions/batch", json={"messages": []}, headers=AUTH), 503, "not-ready")
        assert_problem(client.get("/v1/policy", headers=AUTH), 503, "not-ready")
        assert client.post("/v1/policy/lint", json={"text": MAIN_ROE}, headers=AUTH).status_code == 200

        policy_path.write_text(MAIN_ROE, encoding="utf-8")
        assert client.post("/v1/policy/reload", headers=ADMIN).json()["previous_sha256"] is None
        ready = ReadyV1.model_validate(client.get("/readyz").json())
        assert ready.policy.name == "API test policy"


def test_lint_reports_what_roe_lint_reports(client: TestClient, tmp_path: Path) -> None:
    text = MAIN_ROE.replace("any insultes", "any insultez").replace("then hide", "then escalate to lawyers")
    files = {"packs/spam.roe": 'rule spam when text contains "x" then delete\n', "lexicons/insultes.txt": INSULTES}
    r = client.post("/v1/policy/lint", json={"text": text, "path": "main.roe", "files": files}, headers=AUTH)
    result = LintResultV1.model_validate(r.json())
    assert not result.ok and result.errors == 2
    assert result.files == ["main.roe", "packs/spam.roe"]

    # The same files on disk, through `roe lint --format json`: the same diagnostics, field for field.
    for name, content in {"main.roe": text, **files}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "policy.cli.main", "lint", "--format", "json", "main.roe"],
        cwd=tmp_path, capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=False,
    )  # fmt: skip
    assert cli.returncode == 1, cli.stderr
    expected = orjson.loads(cli.stdout)["diagnostics"]
    assert r.json()["diagnostics"] == expected
    assert [(d["code"], d["file"], d["line"]) for d in expected] == [
        ("ROE203", "main.roe", 18),
        ("ROE205", "main.roe", 19),
    ]


def test_lint_never_reads_the_servers_disk(client: TestClient) -> None:
    text = 'policy "x"\ndefault answer\ninclude "/etc/passwd"\nlexicon l from "/etc/hostname"\n'
    r = client.post("/v1/policy/lint", json={"text": text}, headers=AUTH)
    result = LintResultV1.model_validate(r.json())
    assert {d.code for d in result.diagnostics} >= {"ROE210"}
    assert "root:" not in r.text
    for bad in ("/etc/x.roe", "../x.roe", "a/../../x.roe", "a\\b.roe"):
        body = assert_problem(
            client.post("/v1/policy/lint", json={"text": "", "path": bad}, headers=AUTH), 422, "invalid-request"
        )
        assert body["errors"][0]["field"] == "path"
    body = assert_problem(
        client.post("/v1/policy/lint", json={"text": "", "files": {"../secret": "x"}}, headers=AUTH),
        422,
        "invalid-request",
    )
    assert body["errors"][0]["field"] == "files.../secret"


def test_lint_of_a_clean_file(client: TestClient) -> None:
    r = client.post("/v1/policy/lint", json={"text": 'policy "x"\ndefault answer\n'}, headers=AUTH)
    assert r.json() == {"ok": True, "files": ["policy.roe"], "diagnostics": [], "errors": 0, "warnings": 0}


def test_metrics_count_decisions_by_action_and_rule(client: TestClient) -> None:
    for text in ("abruti", "abruti", "je sais où tu habites", "bonjour"):
        client.post("/v1/decisions", json={"text": text}, headers=AUTH)
    client.post("/v1/decisions/batch", json={"messages": [{"text": "gagnez un iphone"}, {"text": 1}]}, headers=AUTH)
    client.post("/v1/decisions", content=b"{", headers={**AUTH, "Content-Type": "application/json"})
    r = client.get("/metrics")
    assert r.headers["content-type"].startswith("text/plain")
    text = r.text
    for line in (
        'roe_decisions_total{action="hide"} 2.0',
        'roe_decisions_total{action="delete"} 2.0',
        'roe_decisions_total{action="answer"} 1.0',
        'roe_decisions_total{action="ignore"} 0.0',
        'roe_rule_matches_total{rule="insulte"} 2.0',
        'roe_rule_matches_total{rule="menace"} 1.0',
        'roe_rule_matches_total{rule="spam"} 1.0',
        'roe_rule_matches_total{rule="default"} 1.0',
        'roe_errors_total{kind="invalid-batch-item"} 1.0',
        'roe_errors_total{kind="invalid-json"} 1.0',
        'roe_http_requests_total{method="POST",route="/v1/decisions",status="200"} 4.0',
        'roe_http_requests_total{method="POST",route="/v1/decisions",status="400"} 1.0',
        'roe_http_request_duration_seconds_count{route="/v1/decisions"} 5.0',
        "roe_decision_duration_seconds_count 5.0",
        'roe_policy_info{name="API test policy",sha256="',
    ):
        assert line in text, line
