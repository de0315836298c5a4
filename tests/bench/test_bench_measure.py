"""The measuring instruments: percentiles, rounds, samples and the decisions digest."""

from __future__ import annotations

from collections.abc import Callable

from bench import measure, worker
from policy import Policy


def test_percentiles_are_nearest_rank() -> None:
    values = list(range(100, 0, -1))  # 1..100, unsorted
    assert (measure.percentile(values, 50), measure.percentile(values, 99), measure.percentile(values, 100)) == (
        50.0, 99.0, 100.0,
    )  # fmt: skip


def test_a_round_records_one_latency_per_call() -> None:
    latencies: list[int] = []
    wall, cpu = measure.timed_round(lambda x: x, list(range(7)), latencies)
    assert len(latencies) == 7 and wall > 0 and cpu > 0


def test_samples_are_deterministic_and_spread_over_the_corpus() -> None:
    assert worker.sample(list(range(100)), 4) == [0, 25, 50, 75]
    assert worker.sample([1, 2], 5) == [1, 2]


def test_the_digest_tells_identical_decisions_from_different_ones(
    compile_rules: Callable[..., Policy],
) -> None:
    messages = [{"text": "tu es un idiot"}, {"text": "merci"}]
    rules = 'rule r "R" when text contains "idiot" then {action}'
    hide, hide_again, delete = (compile_rules(rules.format(action=a)) for a in ("hide", "hide", "delete"))
    digest = worker.decisions_digest
    assert digest(hide.decide, messages) == digest(hide_again.decide, messages)  # elapsed_us left out
    assert digest(hide.decide, messages) != digest(delete.decide, messages)
