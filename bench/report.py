"""The benchmark's outputs: `results.json` (figures and the machine) and the table printed at the end.

`build` gathers the workers' measurements into the documented shape (README's table and
`docs/performance.md` read these keys); `table` renders it for a terminal. Nothing here measures, and
no figure is ever filled in: what was not measured is `null`, with the reason next to it.

Required keys: `decisions_per_s` → `lexical_100`, `lexical_1000`, `lexical_10000`, `lexical_100000`,
`default`, `default_no_nlp`; `naive_ratio_10000`; `compile_s_default`; `api` → `rps_single`,
`p99_ms_single`, `msgs_per_s_batch`. Everything else is detail for the reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

LEXICAL_SIZES: Final = (100, 1_000, 10_000, 100_000)
API_KEYS: Final = ("rps_single", "p50_ms_single", "p99_ms_single", "msgs_per_s_batch")

# The targets of issue 6, on this machine, single process.
LEXICAL_TARGET: Final = 20_000  # decisions/s for a lexical policy
SCALING_TARGET: Final = 2 / 3  # throughput at 100,000 terms over throughput at 100 terms
NAIVE_TARGET: Final = 10.0  # ROE over the naive baseline at 10,000 terms
DEFAULT_TARGET: Final = 2_000  # decisions/s, default policy, NLP included
COMPILE_TARGET: Final = 1.0  # seconds to compile the default policy


def build(
    *,
    machine: Mapping[str, Any],
    corpus: Mapping[str, Any],
    quick: bool,
    lexical: Mapping[int, Mapping[str, Any]],
    default: Mapping[str, Any] | None,
    default_no_nlp: Mapping[str, Any] | None,
    api: Mapping[str, Any] | None,
    conditions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The results document. Missing measurements become `null` with a reason, never a number."""
    decisions: dict[str, float | None] = {}
    decisions_cpu: dict[str, float | None] = {}
    latency: dict[str, dict[str, float] | None] = {}
    for size in LEXICAL_SIZES:
        run = lexical.get(size)
        _put(decisions, decisions_cpu, latency, f"lexical_{size}", run)
    _put(decisions, decisions_cpu, latency, "default", default)
    _put(decisions, decisions_cpu, latency, "default_no_nlp", default_no_nlp)

    naive_10000 = _get(lexical.get(10_000), "baselines", "naive")
    results: dict[str, Any] = {
        "machine": dict(machine),
        "quick": quick,
        "corpus": dict(corpus),
        "decisions_per_s": decisions,
        "decisions_per_cpu_s": decisions_cpu,
        "latency_us": latency,
        # ROE's whole decision against the naive baseline's matching alone (a lower bound: ROE also
        # evaluates the rules and builds the decision with its evidence).
        "naive_ratio_10000": None if naive_10000 is None else naive_10000.get("decide_ratio"),
        "naive_match_ratio_10000": None if naive_10000 is None else naive_10000.get("match_ratio"),
        "compile_s_default": None if default is None else default.get("compile_cold_s"),
        "compile_s_default_warm": None if default is None else default.get("compile_s"),
        "api": _api(api),
        "lexical": {f"lexical_{size}": lexical[size] for size in LEXICAL_SIZES if size in lexical},
        "default": default,
        "default_no_nlp": default_no_nlp,
        "conditions": conditions,
    }
    results["targets"] = targets(results)
    return results


def _put(
    decisions: dict[str, float | None],
    cpu: dict[str, float | None],
    latency: dict[str, dict[str, float] | None],
    name: str,
    run: Mapping[str, Any] | None,
) -> None:
    timing = None if run is None else run.get("decisions")
    decisions[name] = None if timing is None else timing["per_s"]
    cpu[name] = None if timing is None else timing.get("per_cpu_s")
    latency[name] = None if timing is None else {"p50": timing["p50_us"], "p99": timing["p99_us"]}


def _get(run: Mapping[str, Any] | None, *path: str) -> Any:
    value: Any = run
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return None if isinstance(value, Mapping) and "skipped" in value else value


def _api(api: Mapping[str, Any] | None) -> dict[str, Any]:
    if api is None:
        return {**dict.fromkeys(API_KEYS), "reason": "not measured in this run (--only)"}
    if "reason" in api and not any(api.get(k) is not None for k in API_KEYS):
        return {**dict.fromkeys(API_KEYS), "reason": api["reason"]}
    return {**{k: api.get(k) for k in API_KEYS}, "detail": {k: v for k, v in api.items() if k not in API_KEYS}}


def _api_lexical(api: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The API figures on the 1,000-term lexical policy (the HTTP layer alone), when measured."""
    lexical: Mapping[str, Any] | None = (api.get("detail") or {}).get("lexical_1000")
    return lexical


def targets(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 6 with the figure it is judged on, wall clock and CPU, and whether it is met.

    Wall clock is what a caller sees on this shared machine; CPU time is what the engine costs
    (`bench.measure`). A target is met when the wall-clock figure meets it.
    """
    wall, cpu = results["decisions_per_s"], results["decisions_per_cpu_s"]
    lexical_sizes = [f"lexical_{n}" for n in LEXICAL_SIZES[:3]]
    slowest = min((wall[k] for k in lexical_sizes if wall.get(k) is not None), default=None)
    slowest_cpu = min((cpu[k] for k in lexical_sizes if cpu.get(k) is not None), default=None)
    out = [
        _target("lexical policy, 100 to 10,000 terms (slowest)", "decisions/s", ">=", LEXICAL_TARGET, slowest,
                slowest_cpu),
        _target("throughput at 100,000 terms over 100 terms (same process, interleaved)", "ratio", ">=",
                SCALING_TARGET, _scaling(results), _ratio(cpu.get("lexical_100000"), cpu.get("lexical_100"))),
        _target("ROE over the naive baseline at 10,000 terms", "ratio", ">=", NAIVE_TARGET,
                results.get("naive_ratio_10000"), None),
        _target("default policy, NLP included", "decisions/s", ">=", DEFAULT_TARGET, wall.get("default"),
                cpu.get("default")),
        _target("default policy compiled (fresh process)", "s", "<", COMPILE_TARGET,
                results.get("compile_s_default"), None),
    ]  # fmt: skip
    return out


def _scaling(results: Mapping[str, Any]) -> float | None:
    """100,000 terms over 100 terms: measured in one process when it was, else across the two runs."""
    same_process = _get(results["lexical"].get("lexical_100000"), "versus_smallest", "decide_ratio")
    if same_process is not None:
        return float(same_process)
    wall = results["decisions_per_s"]
    return _ratio(wall.get("lexical_100000"), wall.get("lexical_100"))


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else round(a / b, 3)


def _target(name: str, unit: str, op: str, goal: float, value: float | None, cpu_value: float | None) -> dict[str, Any]:
    met = None if value is None else (value >= goal if op == ">=" else value < goal)
    return {"target": name, "unit": unit, "goal": f"{op} {goal:g}", "value": value, "cpu_value": cpu_value, "met": met}


# ---------------------------------------------------------------------------------------------------
# the table


def table(results: Mapping[str, Any]) -> str:
    m, c = results["machine"], results["corpus"]
    lines = [
        f"ROE benchmark{' (quick)' if results['quick'] else ''} — {m['date']} — {m['cpu']}, {m['cores']} cores, "
        f"{m['python']}, {m['os']}",
        f"commit {str(m['git_commit'])[:12]}{' (uncommitted changes)' if m['git_dirty'] else ''}, "
        f"load average at start {m['load_average']}",
        f"corpus: {c['messages']:,} messages (seed {c['seed']}; {_langs(c['langs'])}), chars p50 {c['chars']['p50']} "
        f"p90 {c['chars']['p90']} p99 {c['chars']['p99']} max {c['chars']['max']}, {c['obfuscated']} obfuscated",
        "",
        f"{'policy':<22}{'terms':>8}{'compile s':>11}{'dec/s':>10}{'dec/CPU-s':>11}{'p50 µs':>9}{'p99 µs':>9}"
        f"{'matched':>9}{'peak MB':>9}",
    ]
    for name, run in _runs(results):
        timing = run["decisions"]
        terms = run.get("terms", "")
        compile_s = run.get("compile_s", "")
        if "compile_cold_s" in run:
            compile_s = f"{run['compile_cold_s']:.2f}/{run['compile_s']:.2f}"
        elif isinstance(compile_s, float):
            compile_s = f"{compile_s:.2f}"
        lines.append(
            f"{name:<22}{terms!s:>8}{compile_s!s:>11}{timing['per_s']:>10,.0f}{_num(timing.get('per_cpu_s')):>11}"
            f"{timing['p50_us']:>9.1f}{timing['p99_us']:>9.0f}{run['messages_matched_share']:>9.1%}"
            f"{run['peak_rss_mb']:>9.0f}"
        )
    if results.get("default"):
        d = results["default"]
        lines.append(
            f"  default: compile shown as fresh process / warm reload; warm-up before timing {d['warm_up_s']} s "
            f"(spaCy model load {d['nlp_model_load_s']} s), spaCy runs in the warm-up pass: {d['spacy_parses'] or 0}"
        )
    scaling = [
        f"{size:,} terms {v['decide_ratio']:.2f} (matcher {v['match_ratio']:.2f})"
        for size in LEXICAL_SIZES
        if (v := _get(results["lexical"].get(f"lexical_{size}"), "versus_smallest")) is not None
    ]
    if scaling:
        lines.append("  throughput over the 100-term policy, same process, interleaved: " + ", ".join(scaling))
    lines += ["", "baselines — same process, interleaved rounds, same messages; ratio = ROE ÷ baseline"]
    lines.append(
        f"{'terms':>8}  {'baseline':<10}{'msgs':>7}{'baseline/s':>12}{'ROE match/s':>13}{'ratio':>8}"
        f"{'ROE decide/s':>14}{'ratio':>8}  agreement"
    )
    for size in LEXICAL_SIZES:
        run = results["lexical"].get(f"lexical_{size}")
        if run is None:
            continue
        for name, b in run["baselines"].items():
            if "skipped" in b:
                lines.append(f"{size:>8}  {name:<10}  skipped: {b['skipped']}")
                continue
            a = b["agreement"]
            agreement = f"ok on {a['messages']:,} msgs, {a['matches']:,} matches"
            if a["terms_excluded"] or a["shadowed"]:
                agreement += f"; restricted: {a['terms_excluded']} wildcard terms out, {a['shadowed']} shadowed"
            lines.append(
                f"{size:>8}  {name:<10}{b['messages']:>7,}{b['baseline_per_s']:>12,.0f}{b['roe_match_per_s']:>13,.0f}"
                f"{b['match_ratio']:>7.1f}×{b['roe_decide_per_s']:>14,.0f}{b['decide_ratio']:>7.1f}×  {agreement}"
            )
    restrictions = {
        b["agreement"]["restriction"]
        for run in results["lexical"].values()
        for b in run["baselines"].values()
        if "agreement" in b and b["agreement"]["terms_excluded"] + b["agreement"]["shadowed"]
    }
    for restriction in sorted(restrictions):
        lines.append(f"  flashtext comparison restricted to what both can express: {restriction}")

    fields = results.get("conditions")
    if fields and "skipped" not in fields:
        a = fields["agreement"]
        lines.append(
            f"{'':>8}  {'rule-engine':<10}{fields['messages']:>7,}{fields['baseline_per_s']:>12,.0f}{'—':>13}{'':>8}"
            f"{fields['roe_decide_per_s']:>14,.0f}{fields['decide_ratio']:>7.1f}×  ok on {a['messages']:,} msgs, "
            f"{a['matches']:,} rule matches ({fields['rules']} rules on message fields only)"
        )
    elif fields:
        lines.append(f"{'':>8}  {'rule-engine':<10}  skipped: {fields['skipped']}")

    api = results["api"]
    lines.append("")
    if api.get("rps_single") is None:
        lines.append(f"api: not measured — {api.get('reason', 'no figures returned')}")
    else:
        lines.append(
            f"api: {api['rps_single']:,.0f} requests/s single, p99 {api['p99_ms_single']} ms, "
            f"{api['msgs_per_s_batch']:,.0f} messages/s in batches"
        )
        lexical = _api_lexical(api)
        if lexical:
            lines.append(
                f"api, 1,000-term lexical policy (the HTTP layer): {lexical['rps_single']:,.0f} requests/s single, "
                f"p99 {lexical['p99_ms_single']} ms, {lexical['msgs_per_s_batch']:,.0f} messages/s in batches"
            )
    lines += ["", "targets (judged on wall clock; CPU-time figure alongside)"]
    for t in results["targets"]:
        mark = {True: "met   ", False: "MISSED", None: "n/a   "}[t["met"]]
        cpu = "" if t["cpu_value"] is None else f" (CPU: {_num(t['cpu_value'])})"
        lines.append(f"  {mark} {t['target']}: {_num(t['value'])} {t['unit']} (goal {t['goal']}){cpu}")
    return "\n".join(lines)


def _runs(results: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    runs: list[tuple[str, Mapping[str, Any]]] = list(results["lexical"].items())
    if results.get("default"):
        runs.append(("default (NLP on)", results["default"]))
    if results.get("default_no_nlp"):
        runs.append(("default (ROE_NLP=off)", results["default_no_nlp"]))
    return runs


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def _langs(langs: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in langs.items())


# ---------------------------------------------------------------------------------------------------
# Markdown, for docs/performance.md and the README


def markdown(results: Mapping[str, Any]) -> str:
    """The summary table of `results` in Markdown (`python -m bench.report [results.json]`)."""
    m = results["machine"]
    lines = [
        f"Measured {m['date'][:10]} on {m['cpu']} ({m['cores']} cores, shared), {m['python']}, "
        f"commit `{str(m['git_commit'])[:7]}`{' (quick run)' if results['quick'] else ''}; medians of "
        "rounds over the 10,000-message corpus.",
        "",
        "| policy | terms | decisions/s | per CPU-second | p50 µs | p99 µs | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in _runs(results):
        t = run["decisions"]
        lines.append(
            f"| {name} | {run.get('terms', '')} | {t['per_s']:,.0f} | {_num(t.get('per_cpu_s'))} | "
            f"{t['p50_us']:.0f} | {t['p99_us']:,.0f} | {run['peak_rss_mb']:.0f} |"
        )
    naive = results.get("naive_ratio_10000")
    lines += [
        "",
        f"Default policy compiled in {_num(results.get('compile_s_default'))} s in a fresh process "
        f"({_num(results.get('compile_s_default_warm'))} s warm). ROE's full decision is "
        f"{_num(naive)}× the naive baseline's matching alone at 10,000 terms.",
    ]
    api = results["api"]
    if api.get("rps_single") is not None:
        lines.append(
            f"HTTP API: {api['rps_single']:,.0f} requests/s one message at a time (p99 {api['p99_ms_single']} ms), "
            f"{api['msgs_per_s_batch']:,.0f} messages/s in batches."
        )
        lexical = _api_lexical(api)
        if lexical:
            lines.append(
                f"The same load on a 1,000-term lexical policy (the HTTP layer's own cost): "
                f"{lexical['rps_single']:,.0f} requests/s (p99 {lexical['p99_ms_single']} ms), "
                f"{lexical['msgs_per_s_batch']:,.0f} messages/s in batches."
            )
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "results.json"
    print(markdown(json.loads(source.read_text(encoding="utf-8"))))
