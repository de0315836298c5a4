"""Bad input never yields a 500: each one is a 4xx `application/problem+json` naming what is wrong."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import anyio
import orjson
import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from api.body import read_json
from api.models import MAX_TEXT_CHARS, ProblemV1
from api.problems import ProblemError
from tests.api.conftest import AUTH, LOOPBACK, PROBLEM, AppFactory, assert_problem

BODY_ROUTES = ["/v1/decisions", "/v1/decisions/batch", "/v1/policy/lint"]
JSON = {"Content-Type": "application/json", **AUTH}


def post(client: TestClient, path: str, content: bytes | str, headers: dict[str, str] | None = None) -> Any:
    return client.post(path, content=content, headers=JSON if headers is None else headers)


@pytest.mark.parametrize("path", BODY_ROUTES)
@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b'{"text": "a"', "unexpected end of data (line 1, column 13)"),
        (b"{'text': 'a'}", "unexpected character, expected a string key (line 1, column 2)"),
        (b'{"text": NaN}', "unexpected character, expected a JSON value (line 1, column 10)"),
        (b"", "the body is empty; send a JSON object"),
        (b"\xff\xfe{}", "str is not valid UTF-8: surrogates not allowed (line 1, column 1)"),
        (b"[" * 5000 + b"]" * 5000, "depth limit exceeded (line 1, column 1026)"),
    ],
)
def test_malformed_json_is_a_400(client: TestClient, path: str, content: bytes, detail: str) -> None:
    body = assert_problem(post(client, path, content), 400, "invalid-json")
    assert body["detail"] == detail
    assert body["instance"] == path


@pytest.mark.parametrize("path", BODY_ROUTES)
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_body_that_is_not_json_is_a_415(client: TestClient, path: str, content_type: str | None) -> None:
    headers = dict(AUTH)
    if content_type is not None:
        headers["Content-Type"] = content_type
    r = post(client, path, b'{"text": "bonjour"}', headers)
    body = assert_problem(r, 415, "unsupported-media-type")
    assert r.headers["accept-post"] == "application/json"
    assert (content_type or "no Content-Type") in body["detail"]


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/vnd.roe+json", "APPLICATION/JSON"]
)
def test_json_media_types_are_accepted(client: TestClient, content_type: str) -> None:
    r = post(client, "/v1/decisions", b'{"text": "bonjour"}', {**AUTH, "Content-Type": content_type})
    assert r.status_code == 200


def fields(body: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(e["field"], e["problem"], e["help"]) for e in body["errors"]]


def test_every_invalid_field_is_named_at_once(client: TestClient) -> None:
    message = {
        "txt": "bonjour",
        "kind": "coment",
        "channel": 3,
        "author": {"followers": "12", "verified": "yes", "prior_violations": -1, "nmae": "Léa"},
        "metadata": ["a"],
        "received_at": 20261122,
    }
    body = assert_problem(client.post("/v1/decisions", json=message, headers=AUTH), 422, "invalid-message")
    assert body["detail"] == "10 fields are not valid"
    assert {e["location"] for e in body["errors"]} == {"body"}
    assert sorted(fields(body)) == [
        ("author.followers", "expected a whole number, got a string", None),
        ("author.nmae", "unknown field", "did you mean `name`?"),
        ("author.prior_violations", "expected a number ≥ 0, got -1", None),
        ("author.verified", "expected true or false, got a string", None),
        ("channel", "expected a string, got a number", None),
        ("kind", "unknown value `coment`", "did you mean `comment`?"),
        ("metadata", "expected an object, got a list", None),
        ("received_at", "expected a string, got a number", None),
        ("text", "missing required field", None),
        ("txt", "unknown field", "did you mean `text`?"),
    ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({}, [("text", "missing required field", None)]),
        ({"text": None}, [("text", "expected a string, got null", None)]),
        ({"text": ["a"]}, [("text", "expected a string, got a list", None)]),
        ({"text": "a", "author": "Léa"}, [("author", "expected an object, got a string", None)]),
        (
            {"text": "a", "author": {"followers": 1.5}},
            [("author.followers", "expected a whole number, got a number", None)],
        ),
        ({"text": "a", "author": {"verified": 1}}, [("author.verified", "expected true or false, got a number", None)]),
        ({"text": "a", "id": 7}, [("id", "expected a string, got a number", None)]),
        ({"text": "a", "lnag": "fr"}, [("lnag", "unknown field", "did you mean `lang`?")]),
        (
            {"text": "a", "zzz": 1},
            [
                (
                    "zzz",
                    "unknown field",
                    "known fields: id, text, channel, kind, author, received_at, thread_id, lang, metadata",
                )
            ],
        ),
        (
            {"text": "a", "received_at": "2026-11-22T03:00:00"},
            [("received_at", "the timestamp has no time zone offset", "add `Z` or an offset such as `+01:00`")],
        ),
        (
            {"text": "a", "received_at": "demain"},
            [("received_at", "`demain` is not an RFC 3339 timestamp", "write e.g. 2026-11-22T03:00:00+01:00")],
        ),
        (
            {"text": "a", "received_at": "9999-12-31T23:59:59Z"},
            [("received_at", "`9999-12-31T23:59:59Z` is outside the years 1000 to 8999", None)],
        ),
        ({"text": "a", "author": {"followers": 12.0, "prior_violations": 0.0}}, []),
        (
            {"text": "a", "author": {"followers": 12.5}},
            [("author.followers", "expected a whole number, got a number", None)],
        ),
        (
            {"text": "a", "author": {"followers": 2**63}},
            [("author.followers", f"expected a number ≤ {2**63 - 1}, got {2**63}", None)],
        ),
        ([{"text": "a"}], [("(body)", "expected an object, got a list", None)]),
        ("bonjour", [("(body)", "expected an object, got a string", None)]),
        (None, [("(body)", "expected an object, got null", None)]),
        (12, [("(body)", "expected an object, got a number", None)]),
    ],
)
def test_invalid_messages_are_422_with_the_field_and_its_problem(
    client: TestClient, message: Any, expected: list[tuple[str, str, str | None]]
) -> None:
    r = post(client, "/v1/decisions", orjson.dumps(message))
    if not expected:  # JSON Schema's integers include 12.0: accepted, and decided
        assert r.status_code == 200, r.text
        return
    assert fields(assert_problem(r, 422, "invalid-message")) == expected


def test_a_text_over_the_limit_is_refused(client: TestClient) -> None:
    body = assert_problem(
        client.post("/v1/decisions", json={"text": "a" * (MAX_TEXT_CHARS + 1)}, headers=AUTH), 422, "invalid-message"
    )
    assert fields(body) == [("text", f"too long: {MAX_TEXT_CHARS + 1:,} characters (at most {MAX_TEXT_CHARS:,})", None)]
    assert client.post("/v1/decisions", json={"text": "a" * MAX_TEXT_CHARS}, headers=AUTH).status_code == 200


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({}, [("messages", "missing required field", None)]),
        ({"messages": {"text": "a"}}, [("messages", "expected a list, got an object", None)]),
        ({"messages": [], "explain": "full"}, [("explain", "unknown field", "known fields: messages")]),
        ([], [("(body)", "expected an object, got a list", None)]),
    ],
)
def test_an_invalid_batch_envelope_is_a_422(client: TestClient, payload: Any, expected: list[Any]) -> None:
    body = assert_problem(client.post("/v1/decisions/batch", json=payload, headers=AUTH), 422, "invalid-request")
    assert fields(body) == expected


@pytest.mark.parametrize("path", ["/v1/decisions", "/v1/decisions/batch"])
def test_an_unknown_explain_mode_is_a_422_on_the_query(client: TestClient, path: str) -> None:
    r = client.post(f"{path}?explain=everything", json={"text": "a", "messages": []}, headers=AUTH)
    body = assert_problem(r, 422, "invalid-request")
    assert body["errors"] == [
        {
            "location": "query",
            "field": "explain",
            "problem": "unknown value `everything`",
            "help": "one of: off, matches, full",
        }
    ]


def test_unknown_query_parameters_are_refused(client: TestClient) -> None:
    r = client.post("/v1/decisions?explian=full&x=1", json={"text": "a"}, headers=AUTH)
    assert assert_problem(r, 422, "invalid-request")["errors"] == [
        {
            "location": "query",
            "field": "explian",
            "problem": "unknown query parameter",
            "help": "did you mean `explain`?",
        },
        {"location": "query", "field": "x", "problem": "unknown query parameter", "help": "known parameters: explain"},
    ]
    body = assert_problem(client.get("/v1/policy?verbose=1", headers=AUTH), 422, "invalid-request")
    assert body["errors"][0]["help"] == "this route takes no query parameter"
    assert client.post("/v1/decisions?explain=off", json={"text": "a"}, headers=AUTH).status_code == 200


@pytest.fixture
def small_client(make_app: AppFactory) -> Iterator[TestClient]:
    with TestClient(make_app(max_body=100), client=LOOPBACK) as c:
        yield c


@pytest.mark.parametrize("path", BODY_ROUTES)
def test_a_body_over_the_limit_is_a_413(small_client: TestClient, path: str) -> None:
    big = b'{"text": "' + b"a" * 200 + b'"}'
    body = assert_problem(post(small_client, path, big), 413, "body-too-large")
    assert body["detail"] == "the body is 212 bytes; this server accepts at most 100"


def test_a_body_without_length_over_the_limit_is_a_413(small_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        yield b'{"text": "'
        yield b"a" * 200
        yield b'"}'

    body = assert_problem(small_client.post("/v1/decisions", content=chunks(), headers=JSON), 413, "body-too-large")
    assert body["detail"] == "the body is more than 212 bytes; this server accepts at most 100"
    assert post(small_client, "/v1/decisions", b'{"text": "' + b"a" * 80 + b'"}').status_code == 200


def test_reading_stops_as_soon_as_the_limit_is_passed() -> None:
    """A client streaming a huge body is cut off after the limit, not after buffering everything."""
    delivered = 0

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        delivered += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": delivered < 1000}

    scope = {"type": "http", "method": "POST", "headers": [(b"content-type", b"application/json")]}
    with pytest.raises(ProblemError) as caught:
        anyio.run(read_json, Request(scope, receive), 2500)
    assert caught.value.problem.kind.status == 413
    assert delivered == 3


def test_unknown_routes_and_methods_are_problems_too(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/nothing", headers=AUTH), 404, "not-found")
    assert body["detail"] == "there is no route `/v1/nothing`; the routes are listed at /docs"
    r = client.get("/v1/decisions", headers=AUTH)
    body = assert_problem(r, 405, "method-not-allowed")
    assert r.headers["allow"] == "POST"
    assert body["detail"] == "`GET` is not allowed on `/v1/decisions`; allowed: POST"
    assert_problem(client.delete("/v1/policy", headers=AUTH), 405, "method-not-allowed")
    assert_problem(client.post("/healthz"), 405, "method-not-allowed")


def test_none_of_the_bad_inputs_reached_the_500_handler(client: TestClient) -> None:
    for content in (b"{", b"[]", b'{"text": 1}', b'{"messages": 5}', b"\x00", b'"' + b"\\" * 3 + b'"'):
        for path in BODY_ROUTES:
            r = post(client, path, content)
            assert 400 <= r.status_code < 500, (path, content, r.status_code)
            ProblemV1.model_validate(r.json())
    metrics = client.get("/metrics").text
    assert 'roe_errors_total{kind="internal"}' not in metrics
    assert 'roe_errors_total{kind="invalid-json"}' in metrics


def test_an_unexpected_error_is_a_500_problem_without_internals(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    class Exploding:
        sha256 = "0" * 64

        def decide(self, *_: object, **__: object) -> None:
            raise RuntimeError("secret internal state /etc/roe/keys")

    store = client.app.state.service.store  # type: ignore[attr-defined]
    store._state = type(store._state)(policy=Exploding())  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="roe.api"):
        r = client.post("/v1/decisions", json={"text": "bonjour"}, headers=AUTH)
    body = assert_problem(r, 500, "internal")
    assert "secret" not in r.text and "RuntimeError" not in r.text and "Traceback" not in r.text
    assert body["detail"] == "the server could not answer this request; it has been logged"
    assert any(rec.exc_info and "secret internal state" in str(rec.exc_info[1]) for rec in caplog.records)
    assert 'roe_errors_total{kind="internal"} 1.0' in client.get("/metrics").text
    assert r.headers["content-type"] == PROBLEM
