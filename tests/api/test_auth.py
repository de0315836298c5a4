"""Bearer keys: 401 without a valid key (with `WWW-Authenticate`), 403 for a client key on admin
routes, an open server only for loopback clients; key sources and their checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.auth import MIN_KEY_LENGTH, KeyConfigError, Keyring, Role, bearer_token, is_loopback
from tests.api.conftest import ADMIN, ADMIN_KEY, AUTH, CLIENT_KEY, LOOPBACK, AppFactory, assert_problem

CLIENT_ROUTES = [
    ("POST", "/v1/decisions", {"text": "bonjour"}),
    ("POST", "/v1/decisions/batch", {"messages": [{"text": "bonjour"}]}),
    ("GET", "/v1/policy", None),
    ("POST", "/v1/policy/lint", {"text": 'policy "x"\ndefault answer\n'}),
]
ALL_ROUTES = [*CLIENT_ROUTES, ("POST", "/v1/policy/reload", None)]


@pytest.mark.parametrize(("method", "path", "body"), ALL_ROUTES)
@pytest.mark.parametrize(
    ("authorization", "challenge"),
    [
        (None, 'Bearer realm="roe"'),
        (f"Basic {CLIENT_KEY}", 'Bearer realm="roe"'),
        ("Bearer", 'Bearer realm="roe"'),
        ("Bearer not-a-key-0123456789", 'Bearer realm="roe", error="invalid_token"'),
        (f"Bearer {CLIENT_KEY}x", 'Bearer realm="roe", error="invalid_token"'),
    ],
)
def test_no_valid_key_is_a_401_with_a_challenge(
    client: TestClient, method: str, path: str, body: object, authorization: str | None, challenge: str
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    r = client.request(method, path, json=body, headers=headers)
    assert_problem(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == challenge


@pytest.mark.parametrize(("method", "path", "body"), CLIENT_ROUTES)
def test_client_and_admin_keys_open_the_client_routes(client: TestClient, method: str, path: str, body: object) -> None:
    for headers in (AUTH, ADMIN, {"Authorization": f"bearer   {CLIENT_KEY} "}):
        assert client.request(method, path, json=body, headers=headers).status_code == 200


def test_the_reload_route_needs_an_admin_key(client: TestClient) -> None:
    body = assert_problem(client.post("/v1/policy/reload", headers=AUTH), 403, "forbidden")
    assert "admin key" in body["detail"]
    assert client.post("/v1/policy/reload", headers=ADMIN).status_code == 200


def test_probes_and_docs_need_no_key(client: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"):
        assert client.get(path).status_code == 200, path


def test_without_keys_the_api_is_open_to_loopback_clients_only(make_app: AppFactory) -> None:
    app = make_app(keyring=Keyring())
    with TestClient(app, client=LOOPBACK) as local:
        assert local.post("/v1/decisions", json={"text": "bonjour"}).status_code == 200
        assert local.post("/v1/policy/reload").status_code == 200
    for remote_host in ("203.0.113.7", "10.0.0.2", "testclient"):
        with TestClient(app, client=(remote_host, 40000)) as remote:
            body = assert_problem(remote.post("/v1/decisions", json={"text": "bonjour"}), 403, "forbidden")
            assert "only answers loopback clients" in body["detail"]
    with TestClient(app, client=("::1", 40000)) as local6:
        assert local6.get("/v1/policy").status_code == 200


def test_a_key_has_its_role_and_nothing_else() -> None:
    ring = Keyring.build(["c" * MIN_KEY_LENGTH], ["a" * MIN_KEY_LENGTH])
    assert ring.role_of("c" * MIN_KEY_LENGTH) is Role.CLIENT
    assert ring.role_of("a" * MIN_KEY_LENGTH) is Role.ADMIN
    for wrong in ("", "c", "c" * (MIN_KEY_LENGTH - 1), "c" * (MIN_KEY_LENGTH + 1), "C" * MIN_KEY_LENGTH):
        assert ring.role_of(wrong) is None
    # Only digests are kept: the key itself is nowhere in the keyring.
    assert "c" * MIN_KEY_LENGTH not in repr(ring)


def test_keys_come_from_the_environment_and_a_key_file(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text(
        "# ROE keys\nclient fileclient-0123456789abcdef\nadmin fileadmin-0123456789abcdef  # ops\n"
        "bare-client-key-0123456789\n\n",
        encoding="utf-8",
    )
    env = {"ROE_API_KEYS": f" {CLIENT_KEY} ,, ", "ROE_ADMIN_KEYS": ADMIN_KEY}
    ring = Keyring.load(env, keys)
    assert (len(ring.client), len(ring.admin)) == (3, 2)
    assert ring.role_of("fileadmin-0123456789abcdef") is Role.ADMIN
    assert ring.role_of("bare-client-key-0123456789") is Role.CLIENT
    assert ring.role_of(CLIENT_KEY) is Role.CLIENT
    assert not Keyring.load({}).enabled


@pytest.mark.parametrize(
    ("env", "content", "message"),
    [
        ({"ROE_API_KEYS": "short"}, None, "key #1 is too short (5 characters; at least 16)"),
        ({"ROE_ADMIN_KEYS": "x" * 20 + ",tiny"}, None, "admin key #2 is too short (4 characters; at least 16)"),
        ({}, "owner 0123456789abcdefgh\n", "keys:1: expected `client <key>`, `admin <key>` or a bare key"),
        ({}, "admin a b\n", "keys:1: expected"),
    ],
)
def test_unusable_keys_are_refused_without_showing_them(
    tmp_path: Path, env: dict[str, str], content: str | None, message: str
) -> None:
    path = tmp_path / "keys"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(KeyConfigError) as caught:
        Keyring.load(env, path if content is not None else None)
    assert message in str(caught.value)
    assert "0123456789abcdefgh" not in str(caught.value)


def test_a_missing_key_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KeyConfigError, match="cannot read the key file"):
        Keyring.load({}, tmp_path / "absent")


@pytest.mark.parametrize(
    ("header", "token"),
    [(None, None), ("", None), ("Bearer abc", "abc"), ("BEARER  abc ", "abc"), ("Token abc", None), ("Bearer ", None)],
)
def test_bearer_token(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.10", False), ("example.org", False), (None, False)],
)  # fmt: skip
def test_is_loopback(host: str | None, loopback: bool) -> None:
    assert is_loopback(host) is loopback
