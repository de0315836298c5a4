"""`POST /v1/decisions` and `POST /v1/decisions/batch`: the v1 wire shapes, in-process."""

from __future__ import annotations

import uuid

import anyio
import pytest
from fastapi.testclient import TestClient
from starlette.requests import ClientDisconnect

from api.models import MAX_BATCH, BatchItemErrorV1, BatchResponseV1, DecisionV1
from tests.api.conftest import AUTH, assert_problem

THREAT = "Je sais où tu habites, fais attention"


def test_a_message_gets_a_decision_in_the_v1_shape(client: TestClient) -> None:
    r = client.post("/v1/decisions", json={"id": "m-1", "text": THREAT, "channel": "Facebook"}, headers=AUTH)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    decision = DecisionV1.model_validate(r.json())  # exactly the documented fields, no more
    assert decision.message_id == "m-1"
    assert decision.action == "delete"
    assert decision.keep_evidence is True
    assert [m.rule for m in decision.matched] == ["menace"]
    assert decision.matched[0].source == "main.roe:11"
    assert decision.matched[0].cite == ["Code pénal, art. 222-17"]
    assert [(e.team, e.priority) for e in decision.escalations] == [("legal", "critical")]
    evidence = decision.matched[0].evidence
    assert [(e.start, e.end) for e in evidence] == [(0, 21)]
    assert THREAT[evidence[0].start : evidence[0].end] == "Je sais où tu habites"
    assert decision.explanation is None


def test_the_decision_id_and_the_policy_are_named_in_headers_and_body(client: TestClient) -> None:
    r = client.post("/v1/decisions", json={"text": "bonjour"}, headers=AUTH)
    body = r.json()
    assert r.headers["x-decision-id"] == body["decision_id"]
    assert uuid.UUID(body["decision_id"]).version == 4
    sha = client.app.state.service.store.policy.sha256  # type: ignore[attr-defined]
    assert r.headers["x-policy-sha256"] == body["policy"]["sha256"] == sha
    assert body["policy"]["name"] == "API test policy"
    again = client.post("/v1/decisions", json={"text": "bonjour"}, headers=AUTH).json()
    assert again["decision_id"] != body["decision_id"]


def test_the_default_applies_when_no_rule_matches(client: TestClient) -> None:
    body = client.post("/v1/decisions", json={"text": "ma commande est arrivée"}, headers=AUTH).json()
    assert (body["action"], body["default_applied"], body["matched"]) == ("answer", True, [])


@pytest.mark.parametrize(
    ("explain", "evidence", "explanation"),
    [("off", False, False), ("matches", True, False), ("full", True, True)],
)
def test_explain_modes(client: TestClient, explain: str, evidence: bool, explanation: bool) -> None:
    r = client.post(f"/v1/decisions?explain={explain}", json={"text": "espèce d'abruti"}, headers=AUTH)
    body = DecisionV1.model_validate(r.json())
    assert body.action == "hide"
    assert bool(body.matched[0].evidence) is evidence
    assert (body.explanation is not None) is explanation
    if explanation:
        assert body.explanation is not None
        assert {rule["rule"] for rule in body.explanation["rules"]} == {"menace", "spam", "insulte", "influence"}


def test_a_batch_is_decided_in_order_and_a_bad_message_is_an_entry_not_a_failure(client: TestClient) -> None:
    messages = [
        {"id": "a", "text": "gagnez un iPhone ici"},
        {"id": "b", "text": 42},
        {"id": "c", "text": "espèce d'abruti"},
        {"id": "d", "text": "bonjour", "received_at": "hier soir"},
        "not an object",
        {"id": "f", "text": "bonjour", "kind": "coment"},
    ]
    r = client.post("/v1/decisions/batch", json={"messages": messages}, headers=AUTH)
    assert r.status_code == 200
    body = BatchResponseV1.model_validate(r.json())
    entries = body.decisions
    assert len(entries) == len(messages)
    assert isinstance(entries[0], DecisionV1) and (entries[0].message_id, entries[0].action) == ("a", "delete")
    assert isinstance(entries[2], DecisionV1) and (entries[2].message_id, entries[2].action) == ("c", "hide")
    errors = {e.index: e for e in entries if isinstance(e, BatchItemErrorV1)}
    assert sorted(errors) == [1, 3, 4, 5]
    assert errors[1].message_id == "b"
    assert [(f.field, f.problem) for f in errors[1].error.errors] == [
        ("messages[1].text", "expected a string, got a number")
    ]
    assert errors[3].error.errors[0].field == "messages[3].received_at"  # the library's own check
    assert errors[4].error.errors[0].field == "messages[4]"
    assert errors[4].message_id is None
    assert [(f.field, f.problem, f.help) for f in errors[5].error.errors] == [
        ("messages[5].kind", "unknown value `coment`", "did you mean `comment`?")
    ]
    assert {e.error.status for e in errors.values()} == {422}
    assert body.policy.sha256 == r.headers["x-policy-sha256"]
    assert {d.policy.sha256 for d in entries if isinstance(d, DecisionV1)} == {body.policy.sha256}


def test_a_full_batch_is_accepted_and_one_more_message_is_refused(client: TestClient) -> None:
    full = {"messages": [{"id": str(i), "text": "bonjour"} for i in range(MAX_BATCH)]}
    r = client.post("/v1/decisions/batch?explain=off", json=full, headers=AUTH)
    assert r.status_code == 200
    ids = [d["decision_id"] for d in r.json()["decisions"]]
    assert [d["message_id"] for d in r.json()["decisions"]] == [str(i) for i in range(MAX_BATCH)]
    assert len(set(ids)) == MAX_BATCH
    over = {"messages": [{"text": "bonjour"}] * (MAX_BATCH + 1)}
    problem = assert_problem(client.post("/v1/decisions/batch", json=over, headers=AUTH), 422, "invalid-request")
    assert problem["errors"] == [
        {"location": "body", "field": "messages", "problem": "too many items: 1,001 (at most 1,000)", "help": None}
    ]


def test_an_empty_batch_is_an_empty_answer(client: TestClient) -> None:
    r = client.post("/v1/decisions/batch", json={"messages": []}, headers=AUTH)
    assert r.status_code == 200
    assert r.json()["decisions"] == []


def test_a_batch_whose_client_left_while_it_queued_is_not_computed(client: TestClient) -> None:
    service = client.app.state.service  # type: ignore[attr-defined]

    class Gone:
        async def is_disconnected(self) -> bool:
            return True

    async def attempt() -> None:
        await service.decide_batch_off_loop(Gone(), service.store.policy, [{"text": "abruti"}], "matches")

    with pytest.raises(ClientDisconnect):
        anyio.run(attempt)
    assert 'roe_decisions_total{action="hide"} 0.0' in client.get("/metrics").text
