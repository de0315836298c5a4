"""`roe serve`: the HTTP decision API (the FastAPI app of `api/`) under uvicorn, a production ASGI server.

Thin: options → `api.settings.ServeSettings` → uvicorn. With `--workers N` uvicorn starts N processes
that each import the app factory `api.app:app_from_env` (settings travel in `ROE_SERVE_SETTINGS`);
`roe serve` then also prepares what the processes share — a Prometheus multiprocess folder, so one
scrape of `/metrics` covers every worker, and a control file through which a reload reaches them all.
SIGTERM / Ctrl-C shut down gracefully: no new connection is accepted, requests in flight finish.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from policy.cli.common import EXIT_OK, EXIT_USAGE

ORDER = 60
LOOPBACK = "127.0.0.1"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the HTTP decision API",
        description="Serve the HTTP decision API (docs/api.md). Clients authenticate with `Authorization: Bearer "
        "<key>`; keys come from ROE_API_KEYS and ROE_ADMIN_KEYS (comma-separated) and/or --keys-file. "
        "Without any key the server is open and only listens on loopback.",
    )
    p.add_argument("--policy", metavar="PATH", help="rule file to serve (default: the bundled charter)")
    p.add_argument("--host", default=LOOPBACK, help=f"address to listen on (default: {LOOPBACK})")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default: 1)")
    p.add_argument("--watch", action="store_true", help="reload when a rule or lexicon file changes")
    p.add_argument("--decision-log", metavar="PATH", help="append one JSON line per decision to this file")
    p.add_argument("--log-text", action="store_true", help="put the message text in the decision log (masked)")
    # The default lives in api.models (DEFAULT_MAX_BODY, 1 MiB); importing pydantic here would slow every
    # `roe` command, so it is applied in `run`.
    p.add_argument("--max-body", type=int, metavar="BYTES", help="largest request body accepted (default: 1 MiB)")
    p.add_argument("--keys-file", metavar="PATH", help="API keys, one per line: `client <key>` or `admin <key>`")
    p.add_argument(
        "--graceful-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="on shutdown, how long requests in flight may take to finish (default: 30)",
    )
    p.add_argument("--access-log", action="store_true", help="log every request (off: use /metrics or the proxy)")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(run=run)


def _log_config(level: str) -> dict[str, Any]:
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["roe"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    from api.auth import KeyConfigError, Keyring, is_loopback
    from api.models import DEFAULT_MAX_BODY
    from api.settings import ENV_SETTINGS, ServeSettings

    max_body = DEFAULT_MAX_BODY if args.max_body is None else args.max_body
    if args.workers < 1:
        return _fail("--workers must be at least 1")
    if max_body < 1:
        return _fail("--max-body must be at least 1 byte")
    if args.policy is not None and not Path(args.policy).is_file():
        return _fail(f"no policy at `{args.policy}`")
    if args.log_text and not args.decision_log:
        return _fail("--log-text needs --decision-log PATH")
    try:
        keyring = Keyring.load(keys_file=args.keys_file)
    except KeyConfigError as exc:
        return _fail(str(exc))
    if not keyring.enabled:
        if not is_loopback(args.host):
            return _fail(
                f"refusing to listen on `{args.host}` without API keys: set ROE_API_KEYS / ROE_ADMIN_KEYS or "
                "--keys-file (without keys the server is open and only listens on loopback)"
            )
        print(
            "!" * 78 + "\n"
            "!!  NO API KEY CONFIGURED — the decision API is OPEN to anyone on this machine.\n"
            "!!  It only listens on loopback. Set ROE_API_KEYS and ROE_ADMIN_KEYS (or --keys-file)\n"
            "!!  before exposing it.\n" + "!" * 78,
            file=sys.stderr,
        )
    else:
        print(f"roe serve: {len(keyring.client)} client key(s), {len(keyring.admin)} admin key(s)", file=sys.stderr)

    shared: str | None = None
    control_file: str | None = None
    if args.workers > 1:
        # What the worker processes share lives in a private folder removed on exit.
        shared = tempfile.mkdtemp(prefix="roe-serve-")
        control_file = os.path.join(shared, "reload")
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            metrics_dir = os.path.join(shared, "metrics")
            os.mkdir(metrics_dir)
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir

    settings = ServeSettings(
        policy=str(Path(args.policy).resolve()) if args.policy else None,
        watch=args.watch,
        decision_log=str(Path(args.decision_log).resolve()) if args.decision_log else None,
        log_text=args.log_text,
        max_body=max_body,
        keys_file=str(Path(args.keys_file).resolve()) if args.keys_file else None,
        control_file=control_file,
    )
    os.environ[ENV_SETTINGS] = settings.to_json()

    import uvicorn

    try:
        uvicorn.run(
            "api.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=_log_config(args.log_level),
            log_level=args.log_level,
            access_log=args.access_log,
            timeout_graceful_shutdown=args.graceful_timeout,
            server_header=False,
            lifespan="on",
        )
    finally:
        if shared is not None:
            shutil.rmtree(shared, ignore_errors=True)
    return EXIT_OK
