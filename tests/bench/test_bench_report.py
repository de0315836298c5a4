"""The results document: the documented keys, nothing invented, targets judged from the figures."""

from __future__ import annotations

from typing import Any

import pytest

from bench import report, worker


def _run(per_s: float, *, terms: int | None = None, baselines: dict[str, Any] | None = None) -> dict[str, Any]:
    run: dict[str, Any] = {
        "decisions": {"per_s": per_s, "per_cpu_s": per_s * 1.5, "p50_us": 40.0, "p99_us": 400.0},
        "messages_matched_share": 0.2,
        "peak_rss_mb": 80.0,
        "compile_s": 0.5,
        "baselines": baselines or {},
    }
    if terms is not None:
        run["terms"] = terms
    return run


def _agreement() -> dict[str, Any]:
    return {
        "messages": 100, "matches": 10, "terms_excluded": 2, "shadowed": 1,
        "restriction": "literal terms only (2 wildcard terms left out)",
    }  # fmt: skip


def _versus(ratio: float) -> dict[str, Any]:
    return {
        "agreement": _agreement(), "messages": 100, "baseline_per_s": 100.0, "roe_match_per_s": 100.0 * ratio,
        "roe_decide_per_s": 50.0 * ratio, "match_ratio": ratio, "decide_ratio": ratio / 2,
    }  # fmt: skip


def _results(api: dict[str, Any] | None) -> dict[str, Any]:
    lexical = {
        100: _run(30_000, terms=100),
        1_000: _run(25_000, terms=1_000),
        10_000: _run(21_000, terms=10_000, baselines={"naive": _versus(40.0), "flashtext": _versus(3.0)}),
        100_000: _run(15_000, terms=100_000, baselines={"naive": {"skipped": "too slow"}}),
    }
    default = {**_run(1_500), "compile_cold_s": 0.8, "compile_s": 0.2, "warm_up_s": 5.0, "nlp_model_load_s": 4.0,
               "spacy_parses": {}}  # fmt: skip
    machine = {"date": "d", "cpu": "c", "cores": 2, "python": "p", "os": "o", "git_commit": "abc", "git_dirty": True,
               "load_average": [1.0, 1.0, 1.0]}  # fmt: skip
    corpus = {"messages": 10_000, "seed": 1, "langs": {"fr": 7, "en": 3}, "obfuscated": 5,
              "chars": {"p50": 50, "p90": 150, "p99": 700, "max": 1000}}  # fmt: skip
    return report.build(
        machine=machine, corpus=corpus, quick=True, lexical=lexical, default=default, default_no_nlp=default, api=api
    )


def test_the_documented_keys_are_there_and_the_api_is_null_with_a_reason() -> None:
    results = _results(api={"reason": "bench/api_load.py does not exist yet"})
    assert set(results["decisions_per_s"]) == {
        "lexical_100", "lexical_1000", "lexical_10000", "lexical_100000", "default", "default_no_nlp",
    }  # fmt: skip
    assert results["naive_ratio_10000"] == 20.0
    assert results["compile_s_default"] == 0.8
    assert {k: results["api"][k] for k in ("rps_single", "p99_ms_single", "msgs_per_s_batch")} == dict.fromkeys(
        ("rps_single", "p99_ms_single", "msgs_per_s_batch")
    )
    assert "does not exist" in results["api"]["reason"]


def test_api_figures_are_taken_as_returned() -> None:
    api = {"rps_single": 900.0, "p50_ms_single": 2.0, "p99_ms_single": 9.5, "msgs_per_s_batch": 12_000.0, "n": 3}
    results = _results(api=api)
    assert results["api"]["rps_single"] == 900.0
    assert results["api"]["detail"] == {"n": 3}


def test_targets_are_judged_on_the_figures() -> None:
    met = {t["target"]: t["met"] for t in _results(api=None)["targets"]}
    assert met == {
        "lexical policy, 100 to 10,000 terms (slowest)": True,  # 21,000 ≥ 20,000
        "throughput at 100,000 terms over 100 terms (same process, interleaved)": False,  # 15,000 / 30,000
        "ROE over the naive baseline at 10,000 terms": True,  # 20 ≥ 10
        "default policy, NLP included": False,  # 1,500 < 2,000
        "default policy compiled (fresh process)": True,  # 0.8 s < 1 s
    }


def test_scaling_is_judged_on_the_same_process_ratio_when_there_is_one() -> None:
    results = _results(api=None)
    results["lexical"]["lexical_100000"]["versus_smallest"] = {"terms": 100, "decide_ratio": 0.9, "match_ratio": 0.95}
    judged = {t["target"]: (t["value"], t["met"]) for t in report.targets(results)}
    assert judged["throughput at 100,000 terms over 100 terms (same process, interleaved)"] == (0.9, True)


def test_the_table_says_which_comparisons_are_restricted() -> None:
    text = report.table(_results(api=None))
    assert "restricted to what both can express" in text
    assert "MISSED" in text and "skipped: too slow" in text


def test_the_api_part_reports_a_missing_module_instead_of_a_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    monkeypatch.setattr("bench.worker.importlib.import_module", missing)
    assert "does not exist" in worker.api(worker.Settings(quick=True))["reason"]


def test_the_markdown_table_lists_every_run_and_the_api() -> None:
    api = {"rps_single": 900.0, "p50_ms_single": 2.0, "p99_ms_single": 9.5, "msgs_per_s_batch": 12_000.0}
    text = report.markdown(_results(api=api))
    for name in ("lexical_100", "lexical_100000", "default (NLP on)", "default (ROE_NLP=off)"):
        assert f"| {name} |" in text
    assert "12,000 messages/s in batches" in text
