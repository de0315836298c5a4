"""Serving stage, several processes: `POST /v1/policy/reload` reaches every worker of `roe serve --workers N`.

The request lands in one worker. That worker reloads, then writes a fresh token to a control file
(atomic rename) that `roe serve` created for the run; every worker watches that file and reloads when
the token changes and is not its own. `--watch` needs none of this: each worker watches the rule
files itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

logger = logging.getLogger("roe.api")


class ReloadBroadcast:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._own: str | None = None

    def read(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def announce(self) -> None:
        """Ask the other workers to reload."""
        token = f"{os.getpid()}-{uuid.uuid4().hex}"
        self._own = token
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(token, encoding="utf-8")
        os.replace(temporary, self.path)

    async def listen(self, reload: Callable[[], Awaitable[object]], stop: asyncio.Event) -> None:
        """Call `reload` whenever another worker announces, until `stop` is set."""
        last = self.read()
        name = self.path.name

        def relevant(_change: Change, path: str) -> bool:
            return Path(path).name == name

        while not stop.is_set():
            try:
                async for _changes in awatch(
                    self.path.parent, watch_filter=relevant, stop_event=stop, debounce=50, recursive=False
                ):
                    token = self.read()
                    if token and token != last:
                        last = token
                        if token != self._own:
                            await reload()
            except (OSError, RuntimeError) as exc:
                logger.warning("listening for reload requests failed (%s); re-arming", exc)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=0.5)
