"""Observability stage of the HTTP API: Prometheus metrics (prometheus-client) and their ASGI middleware.

prometheus-client is the reference client: text exposition format, histograms, and a multiprocess mode
(`PROMETHEUS_MULTIPROC_DIR`) that `roe serve --workers N` turns on so one scrape of `/metrics` sums
every worker. Each app owns its registry (no module-level metric singletons), so tests can build as
many apps as they like.

The middleware is pure ASGI (no `BaseHTTPMiddleware`, which costs a task per request): it times every
request, labels it with the *route template* (`/v1/decisions`, never a raw path: bounded cardinality),
and is the last line of defence — an exception nobody handled is logged with its traceback and answered
with a problem+json 500 that shows nothing of the internals.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.policy_store import ReloadOutcome
from api.problems import INTERNAL, Problem
from policy import Decision, Policy

logger = logging.getLogger("roe.api")

ACTIONS = ("ignore", "answer", "escalate", "hide", "delete")
# Seconds. A decision is ~0.1-1 ms, a batch of 1,000 ~0.5 s: the buckets cover both ends.
_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_DECISION_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self, *, multiprocess_dir: str | None = None) -> None:
        self.multiprocess_dir = multiprocess_dir or os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
        r = self.registry = CollectorRegistry()
        self.requests = Counter(
            "roe_http_requests", "HTTP requests, by route template, method and status.",
            ["route", "method", "status"], registry=r,
        )  # fmt: skip
        self.request_seconds = Histogram(
            "roe_http_request_duration_seconds", "Time from request to response, by route template.",
            ["route"], buckets=_LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.decisions = Counter("roe_decisions", "Decisions made, by action.", ["action"], registry=r)
        self.rule_matches = Counter(
            "roe_rule_matches", "Decisions in which a rule matched, by rule id (`default` when none matched).",
            ["rule"], registry=r,
        )  # fmt: skip
        self.decision_seconds = Histogram(
            "roe_decision_duration_seconds", "Engine time per decision (`elapsed_us`).",
            buckets=_DECISION_BUCKETS, registry=r,
        )  # fmt: skip
        self.reloads = Counter(
            "roe_policy_reloads", "Policy reload attempts, by trigger (startup, watch, api, broadcast) and result.",
            ["trigger", "result"], registry=r,
        )  # fmt: skip
        self.reload_failing = Gauge(
            "roe_policy_reload_failing", "1 while the last reload attempt failed (the previous policy keeps serving).",
            registry=r, multiprocess_mode="livemax",
        )  # fmt: skip
        self.policy_info = Gauge(
            "roe_policy_info", "1 for the policy in service.",
            ["name", "version", "sha256"], registry=r, multiprocess_mode="liveall",
        )  # fmt: skip
        self.errors = Counter(
            "roe_errors",
            "Errors by kind: the problem types answered (invalid-json, unauthorized, …), `invalid-batch-item`, "
            "`rule-evaluation` (a rule that could not be evaluated), `decision-log`, `client-disconnected`, "
            "`internal`.",
            ["kind"], registry=r,
        )  # fmt: skip
        for action in ACTIONS:  # present from the start, at 0: rate() needs the series to exist
            self.decisions.labels(action)
        self._served: tuple[str, str, str] | None = None
        self._children: dict[tuple[object, ...], Counter] = {}
        self._histograms: dict[tuple[str, str], Histogram] = {}

    # ------------------------------------------------------------ recording

    def decided(self, decisions: Iterable[Decision]) -> None:
        for decision in decisions:
            self._child(self.decisions, decision.action.word).inc()
            if decision.default_applied:
                self._child(self.rule_matches, "default").inc()
            for matched in decision.matched:
                self._child(self.rule_matches, matched.rule).inc()
            if decision.errors:
                self.errors.labels("rule-evaluation").inc(len(decision.errors))
            self.decision_seconds.observe(decision.elapsed_us / 1e6)

    def _child(self, metric: Counter, *labels: str) -> Counter:
        # `labels()` takes a lock and builds a key on every call; the children are few and stable
        # (actions, rule ids, routes), so they are looked up once. Races only cost a duplicate lookup.
        key = (id(metric), *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def request(self, route: str, method: str, status: int, seconds: float) -> None:
        self._child(self.requests, route, method, str(status)).inc()
        key = ("seconds", route)
        histogram = self._histograms.get(key)
        if histogram is None:
            histogram = self._histograms[key] = self.request_seconds.labels(route)
        histogram.observe(seconds)

    def error(self, kind: str, count: int = 1) -> None:
        self._child(self.errors, kind).inc(count)

    def reloaded(self, outcome: ReloadOutcome) -> None:
        self.reloads.labels(outcome.trigger, "success" if outcome.ok else "failure").inc()
        self.reload_failing.set(0 if outcome.ok else 1)
        if outcome.ok and outcome.policy is not None:
            self.serving(outcome.policy)

    def serving(self, policy: Policy) -> None:
        labels = (policy.name, policy.version or "", policy.sha256)
        if self._served is not None and self._served != labels:
            if self.multiprocess_dir:  # multiprocess gauges cannot be removed; 0 says "not any more"
                self.policy_info.labels(*self._served).set(0)
            else:
                self.policy_info.remove(*self._served)
        self.policy_info.labels(*labels).set(1)
        self._served = labels

    # ------------------------------------------------------------ exposition

    def render(self) -> bytes:
        if self.multiprocess_dir:
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=self.multiprocess_dir)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)

    def process_exit(self) -> None:
        """A worker leaving: its live gauges must not be summed any more."""
        if self.multiprocess_dir:
            mark_process_dead(os.getpid(), self.multiprocess_dir)  # type: ignore[no-untyped-call]


class ObserveMiddleware:
    """Times and counts every request; turns an unhandled exception into a problem+json 500."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_observed(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        except ClientDisconnect:
            # The client left while sending its body: nobody to answer, nothing went wrong here.
            status = 499  # nginx's "client closed request", for the metrics only
            self.metrics.error("client-disconnected")
        except Exception:
            route = scope.get("route")
            logger.exception(
                "unexpected error answering %s %s", scope.get("method"), getattr(route, "path", "(unmatched)")
            )
            self.metrics.error(INTERNAL.name)
            if response_started:
                raise  # nothing else can be sent; the server closes the connection
            status = 500
            response = Problem(INTERNAL, "the server could not answer this request; it has been logged").response(
                scope.get("path")
            )
            await response(scope, receive, send)
        finally:
            label = getattr(scope.get("route"), "path", None) or "(unmatched)"
            elapsed = time.perf_counter() - started
            self.metrics.request(label, scope.get("method", ""), status, elapsed)
