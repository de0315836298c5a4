"""The HTTP decision API of ROE (`roe serve`): FastAPI, thin — v1 wire models ↔ the `policy` library.

Stages, one module each: `models` (the v1 wire contract) → `body` (request bodies) → `auth` (bearer keys)
→ `service` (wire ↔ library, decision log, metrics) → `routes` / `app` (HTTP) — with `problems`
(RFC 9457 errors), `policy_store` (the policy in service and its hot reload), `broadcast` (reloads across
workers), `decision_log`, `metrics` and `settings`. See docs/api.md.
"""

from __future__ import annotations

from api.app import app_from_env, create_app
from api.settings import ServeSettings

__all__ = ["ServeSettings", "app_from_env", "create_app"]
