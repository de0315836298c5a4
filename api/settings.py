"""Configuration of the HTTP API, and how it reaches worker processes.

`roe serve` builds a `ServeSettings` from its options and hands it to uvicorn's workers through one
environment variable (`ROE_SERVE_SETTINGS`, JSON), because `--workers N` starts fresh interpreters
that import the app factory by name. The same factory serves `uvicorn api.app:app_from_env --factory`.
Keys are never put in it: each worker reads `ROE_API_KEYS` / `ROE_ADMIN_KEYS` / the key file itself.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from api.models import DEFAULT_MAX_BODY

ENV_SETTINGS = "ROE_SERVE_SETTINGS"


@dataclass(frozen=True)
class ServeSettings:
    policy: str | None = None  # None: the bundled default charter
    watch: bool = False
    decision_log: str | None = None
    log_text: bool = False
    max_body: int = DEFAULT_MAX_BODY
    keys_file: str | None = None
    # Set by `roe serve --workers N`: the file through which a reload reaches every worker.
    control_file: str | None = None
    show_personal_data: bool = False

    def to_json(self) -> str:
        return orjson.dumps(dataclasses.asdict(self)).decode()

    @classmethod
    def from_json(cls, raw: str) -> ServeSettings:
        data: Any = orjson.loads(raw)
        if not isinstance(data, dict):
            raise ValueError(f"{ENV_SETTINGS} must hold a JSON object")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{ENV_SETTINGS}: unknown setting(s) {', '.join(unknown)}")
        return cls(**data)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ServeSettings:
        raw = (os.environ if env is None else env).get(ENV_SETTINGS)
        return cls.from_json(raw) if raw else cls()
