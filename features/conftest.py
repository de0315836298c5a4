"""Gherkin scenarios: the step library (French and English) and the known gaps of the default charter.

Steps are thin and honest: they live in `features/steps/` (one module per language over
`features/steps/world.py`), call the public library, pass state through the `world` fixture and never
evaluate text from a feature file.

Known gaps. A scenario (or a block of `Exemples:` / `Examples:`) tagged `@charter_gap` states what
the charter (LEGAL.md §2) requires but the bundled rules do not do yet. It runs as a *strict* expected
failure: the suite stays green while the gap is there, and fails as soon as the rules are fixed, so
that the tag is removed and the scenario pins the fix. Never delete or weaken such a scenario.
"""

from __future__ import annotations

import pytest

from features.steps.en import *  # noqa: F403  (the English steps, registered as fixtures here)
from features.steps.fr import *  # noqa: F403  (the French steps)
from features.steps.world import World

CHARTER_GAP = "charter_gap"


@pytest.fixture
def world() -> World:
    return World()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{CHARTER_GAP}: the default rules get this charter case wrong (a strict expected failure)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker(CHARTER_GAP) is not None:
            item.add_marker(
                pytest.mark.xfail(
                    strict=True,
                    reason="known gap between the charter (LEGAL.md §2) and the default rules; "
                    "when this passes, the rules were fixed: remove the @charter_gap tag",
                )
            )
