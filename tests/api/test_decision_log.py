"""`--decision-log`: one JSON line per decision, no text unless asked, personal data never in clear."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from fastapi.testclient import TestClient

from api.decision_log import DecisionLog, masked_text
from tests.api.conftest import AUTH, LOOPBACK, AppFactory

PHONE = "06 12 34 56 78"
EMAIL = "jean.dupont@gmail.com"
IBAN = "FR76 3000 6000 0112 3456 7890 189"


def read(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_one_line_per_decision_without_the_text(make_app: AppFactory, tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    with TestClient(make_app(decision_log=str(log)), client=LOOPBACK) as client:
        one = client.post("/v1/decisions", json={"id": "m1", "text": f"je sais où tu habites, {PHONE}"}, headers=AUTH)
        batch = client.post(
            "/v1/decisions/batch",
            json={"messages": [{"id": "m2", "text": "abruti"}, {"text": 5}, {"id": "m3", "text": "bonjour"}]},
            headers=AUTH,
        )
    lines = read(log)
    assert [line["message_id"] for line in lines] == ["m1", "m2", "m3"]  # the invalid message made no decision
    first = lines[0]
    assert set(first) == {
        "decision_id", "time", "message_id", "action", "rules", "escalations", "keep_evidence", "errors",
        "policy_sha256",
    }  # fmt: skip
    assert first["decision_id"] == one.headers["x-decision-id"] == one.json()["decision_id"]
    assert uuid.UUID(first["decision_id"]).version == 4
    assert datetime.fromisoformat(first["time"]).utcoffset() is not None
    assert (first["action"], first["rules"], first["keep_evidence"]) == ("delete", ["menace"], True)
    assert [(e["team"], e["priority"]) for e in first["escalations"]] == [("legal", "critical")]
    assert first["policy_sha256"] == one.json()["policy"]["sha256"]
    assert [line["decision_id"] for line in lines[1:]] == [
        d["decision_id"] for d in batch.json()["decisions"] if "decision_id" in d
    ]
    assert PHONE not in log.read_text(encoding="utf-8")
    assert "habites" not in log.read_text(encoding="utf-8")


def test_with_log_text_the_text_is_there_with_personal_data_masked(make_app: AppFactory, tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    text = f"appelez Jean au {PHONE} ou écrivez à {EMAIL}, RIB {IBAN}"
    with TestClient(make_app(decision_log=str(log), log_text=True), client=LOOPBACK) as client:
        client.post("/v1/decisions", json={"text": text}, headers=AUTH)
        client.post("/v1/decisions", json={"text": "rien de personnel ici"}, headers=AUTH)
    logged = read(log)
    raw = log.read_text(encoding="utf-8")
    for secret in (PHONE, EMAIL, IBAN, "0112 3456"):
        assert secret not in raw
    assert logged[0]["text"].startswith("appelez Jean au 06")
    assert "@gmail.com" in logged[0]["text"]
    assert logged[1]["text"] == "rien de personnel ici"


def test_masking_failure_drops_the_text_rather_than_leaking_it(monkeypatch: Any) -> None:
    def broken(_text: str) -> tuple[()]:
        raise RuntimeError("analyzer down")

    monkeypatch.setattr("api.decision_log.find_pii", broken)
    assert masked_text(f"mon numéro {PHONE}") is None


def test_workers_append_whole_lines_to_one_file(tmp_path: Path, make_app: AppFactory) -> None:
    """Two logs (two workers) on the same path: lines are never cut or interleaved."""
    path = tmp_path / "shared.jsonl"
    first, second = DecisionLog(path), DecisionLog(path)
    try:
        for i in range(200):
            (first if i % 2 else second).write([orjson.dumps({"i": i, "pad": "x" * 3000}) + b"\n"])
    finally:
        first.close()
        second.close()
    assert sorted(line["i"] for line in read(path)) == list(range(200))
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_write_failure_is_counted_and_the_decision_still_answered(make_app: AppFactory, tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    with TestClient(make_app(decision_log=str(log)), client=LOOPBACK) as client:
        client.app.state.service.decision_log.close()  # type: ignore[attr-defined]
        client.app.state.service.decision_log._fd = 10_000  # type: ignore[attr-defined]  # a closed descriptor
        assert client.post("/v1/decisions", json={"text": "bonjour"}, headers=AUTH).status_code == 200
        assert 'roe_errors_total{kind="decision-log"} 1.0' in client.get("/metrics").text
        client.app.state.service.decision_log._fd = None  # type: ignore[attr-defined]
