"""The real thing: `roe serve` in a subprocess on a free loopback port, spoken to over HTTP — including a
graceful shutdown (a request in flight when SIGTERM arrives still gets its answer) and several workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson
import pytest

from tests.api.conftest import ADMIN, ADMIN_KEY, AUTH, CLIENT_KEY, INSULTES

ROOT = Path(__file__).resolve().parents[2]
# After a graceful shutdown uvicorn re-raises the signal it caught, so that a supervisor sees the process
# end by SIGTERM (-15), as it asked; the logs show the shutdown ran to its end.
GRACEFUL = (0, -signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    port: int

    def stop(self, *, signal_it: bool = True) -> tuple[int, str]:
        """SIGTERM (unless it is expected to exit by itself), then its exit code and logs."""
        if signal_it and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return self.process.returncode, err.decode("utf-8", "replace")


def ready_workers(url: str) -> int:
    """Workers whose policy is loaded: one `roe_policy_info … 1.0` series per process in /metrics."""
    try:
        text = httpx.get(url + "/metrics", timeout=2).text
    except httpx.TransportError:
        return 0
    return sum(1 for line in text.splitlines() if line.startswith("roe_policy_info{") and line.endswith(" 1.0"))


def serve(*args: str, keys: bool = True, wait: bool = True, workers: int = 1) -> Server:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROE_", "PROMETHEUS_"))}
    env.update(PYTHONPATH=str(ROOT), ROE_NLP="off")
    if keys:
        env.update(ROE_API_KEYS=CLIENT_KEY, ROE_ADMIN_KEYS=ADMIN_KEY)
    process = subprocess.Popen(
        [sys.executable, "-m", "policy.cli.main", "serve", "--port", str(port), *args],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    server = Server(process, f"http://127.0.0.1:{port}", port)
    if wait:
        # Generous: on a loaded 2-core machine, importing and compiling in two workers takes a while.
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"`roe serve` exited early: {server.stop()[1]}")
            if ready_workers(server.url) >= workers:  # /readyz would only speak for the worker it reaches
                break
            if time.monotonic() > deadline:
                pytest.fail(f"`roe serve` did not become ready: {server.stop()[1]}")
            time.sleep(0.2)
    return server


@pytest.fixture
def server(policy_path: Path, tmp_path: Path) -> Iterator[Server]:
    running = serve("--policy", str(policy_path), "--decision-log", str(tmp_path / "decisions.jsonl"))
    yield running
    running.stop()


def test_a_real_server_answers_over_http(server: Server, tmp_path: Path) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        r = client.post("/v1/decisions", json={"id": "m1", "text": "espèce d'abruti"}, headers=AUTH)
        assert r.status_code == 200
        assert r.json()["action"] == "hide"
        assert "server" not in r.headers  # no server banner
        batch = client.post("/v1/decisions/batch", json={"messages": [{"text": "a"}, {"txt": "b"}]}, headers=AUTH)
        assert [("action" in d, "error" in d) for d in batch.json()["decisions"]] == [(True, False), (False, True)]
        assert client.post("/v1/decisions", json={"text": "a"}).status_code == 401
        assert (
            client.post("/v1/decisions", content=b"{", headers={**AUTH, "Content-Type": "application/json"}).json()[
                "type"
            ]
            == "urn:roe:problem:invalid-json"
        )
        assert client.get("/openapi.json").json()["info"]["title"] == "ROE decision API"
        assert "roe_decisions_total" in client.get("/metrics").text
    code, err = server.stop()
    assert code in GRACEFUL, err
    logged = [orjson.loads(line) for line in (tmp_path / "decisions.jsonl").read_bytes().splitlines()]
    assert [line["message_id"] for line in logged] == ["m1", None]
    assert logged[0]["decision_id"] == r.headers["x-decision-id"]


def test_a_request_in_flight_completes_on_sigterm(server: Server) -> None:
    body = orjson.dumps({"id": "in-flight", "text": "je sais où tu habites"})
    head = (
        f"POST /v1/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {CLIENT_KEY}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head + body[:10])  # the request has started: headers and part of the body are in
        time.sleep(0.5)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        assert server.process.poll() is None, "the server quit with a request in flight"
        with pytest.raises(OSError):  # … but it takes no new connection
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        sock.sendall(body[10:])
        response = b""
        while b"\r\n\r\n" not in response or not response.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            response += chunk
    status_line, _, rest = response.partition(b"\r\n")
    assert status_line == b"HTTP/1.1 200 OK"
    decision = orjson.loads(rest.partition(b"\r\n\r\n")[2])
    assert (decision["message_id"], decision["action"]) == ("in-flight", "delete")
    code, err = server.stop()
    assert code in GRACEFUL, err
    assert "Waiting for connections to close" in err or "Shutting down" in err
    assert "Finished server process" in err


def test_a_client_leaving_mid_body_is_not_a_server_error(server: Server) -> None:
    head = (
        f"POST /v1/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {CLIENT_KEY}\r\n"
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head + b'{"text": "')
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while 'roe_errors_total{kind="client-disconnected"} 1.0' not in (
        metrics := httpx.get(server.url + "/metrics").text
    ):
        assert time.monotonic() < deadline, metrics
        time.sleep(0.1)
    assert 'kind="internal"' not in metrics
    code, err = server.stop()
    assert code in GRACEFUL
    assert "Traceback" not in err and "unexpected error" not in err


def test_without_keys_only_loopback_and_a_loud_warning(policy_path: Path) -> None:
    refused = serve("--policy", str(policy_path), "--host", "0.0.0.0", keys=False, wait=False)
    code, err = refused.stop(signal_it=False)
    assert code == 2
    assert "refusing to listen on `0.0.0.0` without API keys" in err

    open_server = serve("--policy", str(policy_path), keys=False)
    try:
        assert httpx.post(open_server.url + "/v1/decisions", json={"text": "a"}).status_code == 200
    finally:
        code, err = open_server.stop()
    assert "NO API KEY CONFIGURED" in err


def test_usage_errors(policy_path: Path, tmp_path: Path) -> None:
    for args, message in (
        (["--policy", str(tmp_path / "absent.roe")], "no policy at"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--log-text"], "--log-text needs --decision-log PATH"),
        (["--keys-file", str(tmp_path / "absent")], "cannot read the key file"),
    ):
        code, err = serve(*args, wait=False).stop(signal_it=False)
        assert (code, message in err) == (2, True), err


def test_several_workers_share_reloads_and_metrics(policy_path: Path) -> None:
    before = set(Path(tempfile.gettempdir()).glob("roe-serve-*"))
    running = serve("--policy", str(policy_path), "--workers", "2", workers=2)
    try:
        first = httpx.get(running.url + "/v1/policy", headers=AUTH).json()["sha256"]
        (policy_path.parent / "lexicons" / "insultes.txt").write_text(INSULTES + "nigaud\n", encoding="utf-8")
        result = httpx.post(running.url + "/v1/policy/reload", headers=ADMIN, timeout=30).json()
        new = result["policy"]["sha256"]
        assert new != first
        # Each request on a new connection: the kernel spreads them over both workers. All must have the
        # new policy shortly (the one that took the reload at once, the other through the broadcast).
        deadline = time.monotonic() + 20
        while True:
            shas = {httpx.get(running.url + "/v1/policy", headers=AUTH).json()["sha256"] for _ in range(20)}
            if shas == {new}:
                break
            assert time.monotonic() < deadline, shas
            time.sleep(0.2)
        for _ in range(40):
            r = httpx.post(running.url + "/v1/decisions", json={"text": "quel nigaud"}, headers=AUTH)
            assert r.json()["action"] == "hide"
        metrics = httpx.get(running.url + "/metrics").text
        # One scrape sums both workers (prometheus multiprocess mode).
        assert 'roe_decisions_total{action="hide"} 40.0' in metrics
        info = [line for line in metrics.splitlines() if line.startswith("roe_policy_info{") and line.endswith(" 1.0")]
        pids = {line.split('pid="')[1].split('"')[0] for line in info}
        assert len(pids) == 2 and all(new in line for line in info)
    finally:
        code, err = running.stop()
    assert code in GRACEFUL, err
    assert set(Path(tempfile.gettempdir()).glob("roe-serve-*")) <= before  # the shared folder is removed
