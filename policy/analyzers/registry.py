"""The analyses rule files can use, as facts (see `policy.facts`): name, type, cost, getter, evidence."""

from __future__ import annotations

from policy.facts import Fact


def analysis_facts() -> list[Fact]:
    return []
