"""Property-based tests of the API against its own OpenAPI document (schemathesis): generated valid and
invalid requests on every operation, with and without the key — no 5xx, every response as documented
(status, content type, headers, body), invalid input rejected, valid input accepted. Bounded
(`max-examples`) so the suite stays fast."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from api.app import create_app
from api.policy_store import PolicyStore
from api.settings import ServeSettings
from tests.api.conftest import ADMIN_KEY, KEYRING, write_policy

EXAMPLES = 25


# The test policy (tests/api/conftest.py), in a folder that lives as long as the test process: the schema
# is loaded at collection, before any fixture exists. Not the bundled charter, so that this contract
# test does not depend on the rule packs being edited next door.
_FOLDER = tempfile.TemporaryDirectory(prefix="roe-schemathesis-")


def _app() -> object:
    store = PolicyStore(write_policy(Path(_FOLDER.name)))
    assert store.reload("startup").ok
    return create_app(ServeSettings(policy=str(store.path)), keyring=KEYRING, store=store)


# The admin key through schemathesis' own auth configuration (not as a forced header), so that its
# negative cases — the key left out — are sent as such and must be refused.
# A body over the server's limit is refused with 413, a rejection schemathesis does not list by default.
REJECTED = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
CONFIG = SchemathesisConfig.from_dict(
    {
        "auth": {"openapi": {"bearer": {"bearer": ADMIN_KEY}}},
        "checks": {"negative_data_rejection": {"expected-statuses": REJECTED}},
        "operations": [
            {
                # By contract a batch answers 200 when one of its messages is invalid (an error entry at its
                # index), so "invalid data must be rejected" does not hold there; the envelope's own
                # rejections (not an object, too many messages, unknown field) are pinned in test_errors.
                "include-path": "/v1/decisions/batch",
                "checks": {"negative_data_rejection": {"enabled": False}},
            }
        ],
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(), config=CONFIG)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_documented_contract(case: schemathesis.Case) -> None:
    case.call_and_validate()
