"""The v1 contract against the library it translates: the wire models must neither lose nor invent a
field, and what the server sends is exactly what `/openapi.json` promises."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient

from api import wire
from api.models import AuthorV1, DecisionV1, DiagnosticV1, Kind, MessageV1
from api.problems import KINDS as PROBLEM_KINDS
from policy import Decision, check_text
from policy.model import KINDS, Author, Message
from tests.api.conftest import AUTH

ROOT = Path(__file__).resolve().parents[2]


def test_message_fields_are_the_librarys() -> None:
    assert set(MessageV1.model_fields) == {f.name for f in dataclasses.fields(Message)}
    assert set(AuthorV1.model_fields) == {f.name for f in dataclasses.fields(Author)}
    assert set(get_args(Kind)) == set(KINDS)


def test_every_field_of_a_library_decision_is_carried() -> None:
    """When the library's Decision grows a field, this fails: decide whether v1 carries it."""
    assert {f.name for f in dataclasses.fields(Decision)} <= set(DecisionV1.model_fields)


def test_diagnostics_have_the_fields_of_roe_lint_json() -> None:
    checked = check_text('policy "x"\nrule r when text contains any nope then hide\n')
    assert checked.diagnostics
    for d in checked.diagnostics:
        assert set(d.to_dict()) == set(DiagnosticV1.model_fields)
        DiagnosticV1.model_validate(wire.diagnostic(d))


@pytest.mark.parametrize("explain", ["off", "matches", "full"])
def test_the_wire_decision_is_the_librarys_v1_shape_plus_its_id(client: TestClient, explain: str) -> None:
    policy = client.app.state.service.store.policy  # type: ignore[attr-defined]
    message = {"id": "m", "text": "je sais où tu habites, abruti", "metadata": {"score": "x"}}
    decision = policy.decide(message, explain=explain)
    assert decision.overridden and decision.errors and decision.escalations  # every list has content
    out = wire.decision("d-1", decision)
    DecisionV1.model_validate(out)
    assert out == {"decision_id": "d-1", **decision.to_dict()}


def test_overridden_rules_and_rule_errors_on_the_wire(client: TestClient) -> None:
    message = {"text": "je sais où tu habites, abruti", "metadata": {"score": "x"}}
    body = DecisionV1.model_validate(client.post("/v1/decisions", json=message, headers=AUTH).json())
    assert [(o.rule, o.action, o.overridden_by) for o in body.overridden] == [("insulte", "hide", "menace")]
    assert [(e.rule, e.code) for e in body.errors] == [("influence", "ROE303")]
    # The policy's `on error` joined the decision: a rule that fails never fails open.
    assert {e.team for e in body.escalations} == {"legal", "moderation"}


def operations(schema: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}


def test_the_openapi_document_lists_every_route_as_served(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    ops = operations(schema)
    assert set(ops) == {
        ("/v1/decisions", "post"), ("/v1/decisions/batch", "post"), ("/v1/policy", "get"),
        ("/v1/policy/reload", "post"), ("/v1/policy/lint", "post"), ("/healthz", "get"), ("/readyz", "get"),
        ("/metrics", "get"),
    }  # fmt: skip
    components = schema["components"]
    assert components["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "An API key: `Bearer <key>`."
    }  # fmt: skip
    for (path, _method), op in ops.items():
        secured = path.startswith("/v1/")
        assert (op.get("security") == [{"bearer": []}]) is secured, path
        if secured:
            assert {"401", "500"} <= set(op["responses"]), path
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                assert response["content"] == {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemV1"}}
                }, (path, status)
        body = op.get("requestBody")
        if body is not None:
            ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            assert ref in components["schemas"], ref
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', client.get("/openapi.json").text))
    assert refs <= set(components["schemas"])
    explain = [p["name"] for p in ops[("/v1/decisions", "post")]["parameters"]]
    assert explain == ["explain"]


def test_the_integrator_docs_name_every_problem_type() -> None:
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for kind in PROBLEM_KINDS:
        assert kind.type in docs, kind.type
