"""Serving stage of the HTTP API: the policy in service, reloaded without downtime.

A reload compiles the new policy *aside* (check → compile, off the event loop) and, only if it has
no error, swaps it in with one reference assignment. A request reads `store.policy` once and decides
with that object to the end (a batch included), so every decision names the sha256 of the policy
that made it — the old one or the new one, never a mix. A broken rule file leaves the last good
policy serving; the failure is kept (`last_error`, shown by `GET /v1/policy`), logged, and reported
to a listener (the metrics).

`--watch` watches every file the policy reads — rule files and lexicon files, found by recording
the reader's calls, missing includes too — through their folders (watchfiles). An event only leads
to a reload when one of those files really changed (path, target, inode, size or mtime), so an
editor's swap file or a decision log written next to the rules never costs a compile, and a
Kubernetes ConfigMap update (an atomic symlink swap) is seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import anyio.to_thread
from watchfiles import DefaultFilter, awatch

from api.models import ReloadTrigger
from policy import Diagnostic, Policy, PolicyError, check_policy, default_policy_path
from policy.compile import compile_checked
from policy.loader import read_file

logger = logging.getLogger("roe.api")

Stamp = tuple[str, int, int, int] | None  # (real path, inode, size, mtime_ns); None when missing

# Decided once, fully explained, before a new policy enters service: every analysis its rules may call
# runs once, so lazy loads (spaCy's French and English models: seconds) happen here, aside, and never
# in a request — a cold worker would otherwise stall its event loop and fail its health checks.


@dataclass(frozen=True)
class ReloadError:
    at: datetime
    trigger: ReloadTrigger
    message: str
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class ReloadStatus:
    at: datetime
    trigger: ReloadTrigger
    ok: bool


@dataclass(frozen=True)
class StoreState:
    """Everything `GET /v1/policy` shows, swapped as one object so it is never seen half-updated."""

    policy: Policy | None
    last_reload: ReloadStatus | None = None
    last_error: ReloadError | None = None
    stamps: tuple[tuple[Path, Stamp], ...] = ()  # every file the last attempt read, as it was read


@dataclass(frozen=True)
class ReloadOutcome:
    ok: bool
    trigger: ReloadTrigger
    policy: Policy | None  # the policy serving after this attempt
    previous: Policy | None
    error: ReloadError | None = None
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def changed(self) -> bool:
        return self.ok and (self.previous is None or self.policy is None or self.previous.sha256 != self.policy.sha256)


Listener = Callable[[ReloadOutcome], None]


def _stamp(path: Path) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (os.path.realpath(path), st.st_ino, st.st_size, st.st_mtime_ns)


class PolicyStore:
    """The current policy and how it is replaced. Thread-safe; reloads are serialised."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        show_personal_data: bool = False,
        listener: Listener | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_policy_path()
        self.show_personal_data = show_personal_data
        self.listener = listener
        self._lock = threading.Lock()
        self._state = StoreState(policy=None)

    # ------------------------------------------------------------ reading (lock-free)

    @property
    def state(self) -> StoreState:
        return self._state

    @property
    def policy(self) -> Policy | None:
        # INVARIANT: one attribute read; a request keeps the object it got for all its decisions.
        return self._state.policy

    # ------------------------------------------------------------ reloading

    def reload(self, trigger: ReloadTrigger) -> ReloadOutcome:
        """Compile the policy from disk, warm it up, and swap it in only when all went well. Blocking:
        ~0.1 s, plus the first load of the NLP models (seconds) the first time a policy needs them."""
        with self._lock:
            previous = self._state
            stamps: dict[Path, Stamp] = {self.path: _stamp(self.path)}

            def reader(path: Path) -> str:
                stamps[path] = _stamp(path)
                return read_file(path)

            now = datetime.now(UTC)
            error: ReloadError | None = None
            policy: Policy | None = None
            warnings: tuple[Diagnostic, ...] = ()
            try:
                checked = check_policy(self.path, reader=reader)
                if checked.ok:
                    policy = compile_checked(checked, show_personal_data=self.show_personal_data)
                    warnings = checked.warnings
                    policy.warm_up()
                else:
                    error = ReloadError(now, trigger, str(PolicyError(checked.diagnostics)), checked.diagnostics)
            except OSError as exc:
                where = exc.filename or self.path
                error = ReloadError(now, trigger, f"cannot read `{where}`: {exc.strerror or exc}")
            except UnicodeDecodeError as exc:
                error = ReloadError(now, trigger, f"a policy file is not UTF-8 text: {exc.reason}")
            except Exception as exc:  # a bug in a library stage must not take the service down
                logger.exception("compiling or warming up the policy `%s` failed unexpectedly", self.path)
                policy = None
                error = ReloadError(
                    now,
                    trigger,
                    f"the policy could not be compiled or failed on a warm-up message ({type(exc).__name__})",
                )

            frozen_stamps = tuple(sorted(stamps.items(), key=lambda item: str(item[0])))
            if policy is not None:
                self._state = StoreState(policy, ReloadStatus(now, trigger, True), None, frozen_stamps)
                outcome = ReloadOutcome(True, trigger, policy, previous.policy, None, warnings)
            else:
                self._state = StoreState(previous.policy, ReloadStatus(now, trigger, False), error, frozen_stamps)
                outcome = ReloadOutcome(False, trigger, previous.policy, previous.policy, error)
        self._report(outcome)
        return outcome

    def _report(self, outcome: ReloadOutcome) -> None:
        if outcome.ok and outcome.policy is not None:
            p = outcome.policy
            verb = "loaded" if outcome.changed else "reloaded (unchanged)"
            logger.info("policy %s: %r version %s sha256 %s (%s)", verb, p.name, p.version, p.sha256, outcome.trigger)
            if outcome.changed:  # said once per version, not at every reload of the same files
                for warning in outcome.warnings:
                    logger.warning("policy warning:\n%s", warning.render())
        elif outcome.error is not None:
            serving = f"policy {outcome.policy.sha256[:12]} keeps serving" if outcome.policy else "no policy is serving"
            rendered = "\n".join(d.render() for d in outcome.error.diagnostics)
            logger.error(
                "policy reload failed (%s); %s: %s%s",
                outcome.trigger,
                serving,
                outcome.error.message,
                "\n" + rendered if rendered else "",
            )
        if self.listener is not None:
            try:
                self.listener(outcome)
            except Exception:  # metrics must never break a reload
                logger.exception("reload listener failed")

    # ------------------------------------------------------------ watching

    def changed_on_disk(self) -> bool:
        """Has a file read by the last attempt changed since (or appeared, or gone)?"""
        return any(_stamp(path) != stamp for path, stamp in self._state.stamps)

    def watch_roots(self) -> frozenset[Path]:
        """The folders to watch: those of every file read (and of the policy path as given)."""
        paths: Iterable[Path] = [self.path, *(p for p, _ in self._state.stamps)]
        return frozenset(p.parent for p in paths if p.parent.is_dir())

    async def watch(self, stop: asyncio.Event, *, debounce_ms: int = 300) -> None:
        """Reload on every change of a policy file until `stop` is set."""
        while not stop.is_set():
            roots = self.watch_roots()
            if not roots:
                await _sleep_or_stop(stop, 1.0)
                continue
            try:
                if self.changed_on_disk():  # changed between the last reload and (re)arming the watcher
                    await anyio.to_thread.run_sync(self.reload, "watch")
                async for _changes in awatch(
                    *sorted(roots),
                    watch_filter=DefaultFilter(),
                    stop_event=stop,
                    debounce=debounce_ms,
                    recursive=False,
                ):
                    if self.changed_on_disk():
                        await anyio.to_thread.run_sync(self.reload, "watch")
                    if self.watch_roots() != roots:
                        break  # an include added or removed a folder: re-arm on the new set
            except (OSError, RuntimeError) as exc:  # a watched folder vanished (e.g. a ConfigMap swap)
                logger.warning("watching the policy files failed (%s); re-arming", exc)
                await _sleep_or_stop(stop, 0.5)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
