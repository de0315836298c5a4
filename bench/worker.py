"""One measurement in its own process: `python -m bench.worker TASK [options]` prints one JSON object.

Each configuration runs in a fresh interpreter so that its memory figures are its own and the NLP
switch (`ROE_NLP`, read by `policy.analyzers.nlp`) holds for the whole process. Tasks:

- `lexical --terms N` — a generated lexical policy (`bench.lexical`): compile time and memory,
  decisions/s and latency percentiles on the corpus, then the baselines (`bench.baselines`), each
  checked against ROE before it is timed, timed in rounds interleaved with ROE;
- `default` — the bundled default policy: cold and warm compile times, the warm-up (the spaCy model
  loads lazily, on the first message that needs it: the warm-up pays for it before timing starts and
  its cost is reported apart), decisions/s and latency percentiles, how often spaCy ran;
- `conditions` — rules on message fields only, ROE against the `rule-engine` package (checked to match
  the same rules on every message first);
- `api` — `bench.api_load.run(quick)` (written by the HTTP API's maintainers), when it exists.

Every decision's JSON (without `elapsed_us`) is hashed: two runs that report the same
`decisions_sha256` decided the corpus identically (see also `bench.snapshot`).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from bench import measure
from bench.corpus import Corpus, generate

PROFILES = Path(__file__).resolve().parent / "profiles"


class Settings:
    """How much of each measurement to do: the full run, or `--quick` (under five minutes in all)."""

    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.rounds = 3 if quick else 5
        # Messages decided per timed round (the corpus has 10,000; `--quick` takes a spread sample).
        self.timed_messages = 3_000 if quick else 10_000
        # The default policy runs every analysis (a millisecond a message): a smaller sample in --quick.
        self.default_messages = 1_000 if quick else 10_000
        # The naive baseline costs (terms × messages) regex searches: its samples are bounded by that.
        self.naive_check_pairs = 3_000_000 if quick else 20_000_000
        self.naive_time_pairs = 1_000_000 if quick else 4_000_000
        self.naive_max_terms = 10_000  # beyond, a message takes a tenth of a second: not worth the wait
        self.min_seconds = 0.3 if quick else 1.0  # shortest timed stretch for the fast sides of a ratio


def sample(items: Sequence[Any], size: int) -> list[Any]:
    """Every k-th item: a deterministic sample with the corpus's own mix."""
    if size >= len(items):
        return list(items)
    step = len(items) / size
    return [items[int(i * step)] for i in range(size)]


def decisions_digest(decide: Callable[[dict[str, Any]], Any], messages: Sequence[dict[str, Any]]) -> str:
    """sha256 of every decision's JSON without `elapsed_us`: equal digests, identical decisions."""
    return digest_of(decide(m) for m in messages)


def decision_bytes(decision: Any) -> bytes:
    """A decision's JSON without `elapsed_us`, keys sorted: equal bytes, identical decisions."""
    import orjson

    out = decision.to_dict()
    out.pop("elapsed_us", None)
    blob: bytes = orjson.dumps(out, option=orjson.OPT_SORT_KEYS)
    return blob


def digest_of(decisions: Iterable[Any]) -> str:
    digest = hashlib.sha256()
    for decision in decisions:
        digest.update(decision_bytes(decision))
        digest.update(b"\n")
    return digest.hexdigest()


def match_stats(decisions: Sequence[Any]) -> dict[str, Any]:
    matched = [len(d.matched) for d in decisions]
    actions = Counter(d.action.word for d in decisions)
    return {
        "messages_matched_share": round(sum(1 for m in matched if m) / len(matched), 3),
        "rules_matched_mean": round(sum(matched) / len(matched), 3),
        "actions": dict(sorted(actions.items())),
    }


def profile(name: str, fn: Callable[[], object]) -> str:
    """Run `fn` under pyinstrument and write the text profile to `bench/profiles/<name>.txt`."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    fn()
    profiler.stop()
    PROFILES.mkdir(exist_ok=True)
    path = PROFILES / f"{name}.txt"
    path.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    return str(path.relative_to(measure.ROOT))


# ---------------------------------------------------------------------------------------------------
# lexical policies


def lexical(size: int, settings: Settings, corpus: Corpus, *, with_profile: bool = False) -> dict[str, Any]:
    from bench import baselines
    from bench.lexical import lexical_policy, multiword_share, wildcard_share

    generated = lexical_policy(size)
    messages = list(corpus.messages)
    texts = corpus.texts()

    rss_before = measure.rss_mb()
    started = time.perf_counter()
    policy: Any = generated.compile()
    compile_s = time.perf_counter() - started
    policy_mb = measure.rss_mb() - rss_before

    first = [policy.decide(m) for m in messages]  # warm-up, and what the policy does with the corpus
    timed = sample(messages, settings.timed_messages)
    timing = measure.rounds(policy.decide, timed, settings.rounds)
    out: dict[str, Any] = {
        "terms": generated.size,
        "wildcard_share": round(wildcard_share(generated.terms), 3),
        "multiword_share": round(multiword_share(generated.terms), 3),
        "compile_s": round(compile_s, 3),
        "policy_mb": round(policy_mb, 1),
        "decisions": timing.to_dict(),
        "decided_per_round": len(timed),
        **match_stats(first),
        "decisions_sha256": digest_of(first),
    }
    if with_profile:
        out["profile"] = profile(f"lexical_{size}", lambda: [policy.decide(m) for m in timed])
    if size > SMALLEST:
        out["versus_smallest"] = _versus_smallest(policy, timed, settings)

    # The term-keyed ROE matcher must say what the compiled policy's matcher says, lexicon by lexicon:
    # it is the same automaton with finer keys, and the baselines are compared with it.
    roe = baselines.RoeTerms(generated.terms)
    for text in texts:
        by_lexicon = {("lexicon", key[0]) for key in roe.keys(text)}  # type: ignore[index]
        if by_lexicon != set(policy.matcher.scan(text).keys):
            raise baselines.AgreementError(f"term-keyed matcher and policy matcher differ on {text!r}")

    out["baselines"] = {}
    flash = _flashtext(generated.terms, texts)
    if flash is not None:
        agreement = baselines.require(baselines.check_flashtext(roe.keys, flash, texts))
        timings = _versus(roe, flash, policy, corpus, sample(texts, settings.timed_messages), settings)
        out["baselines"]["flashtext"] = {"agreement": agreement.to_dict(), **timings}
    else:
        out["baselines"]["flashtext"] = {"skipped": "flashtext is not installed (pip install -e '.[bench]')"}

    if size <= settings.naive_max_terms:
        naive = baselines.NaiveTerms(generated.terms)
        check_texts = sample(texts, max(100, settings.naive_check_pairs // size))
        agreement = baselines.require(baselines.check_naive(roe.keys, naive, check_texts))
        time_count = max(30, min(len(check_texts), settings.naive_time_pairs // size))
        out["baselines"]["naive"] = {
            "agreement": agreement.to_dict(),
            **_versus(roe, naive, policy, corpus, sample(texts, time_count), settings),
        }
    else:
        out["baselines"]["naive"] = {
            "skipped": f"not timed beyond {settings.naive_max_terms} terms: one regular expression per term "
            "makes a single message take a tenth of a second"
        }
    out["peak_rss_mb"] = round(measure.peak_rss_mb(), 1)
    return out


SMALLEST = 100  # the lexical policy the others are compared with (the scaling target of issue 6)


def _versus_smallest(policy: Any, messages: Sequence[dict[str, Any]], settings: Settings) -> dict[str, Any]:
    """This policy against the 100-term one, in this process, in interleaved rounds on the same messages.

    Separate processes run minutes apart on a shared machine, and their ratio mixes the load of two
    moments; interleaved rounds share it. The decision ratio includes the extra matches a larger
    lexicon finds (more evidence to build); the matcher ratio is the cost of the lexicon's size alone.
    """
    from bench.lexical import lexical_policy

    small: Any = lexical_policy(SMALLEST).compile()
    texts = [m["text"] for m in messages]
    for m in messages[:200]:
        small.decide(m)  # the same warm state as the policy measured
    decide_pairs: list[tuple[float, float]] = []
    match_pairs: list[tuple[float, float]] = []
    for _ in range(settings.rounds):
        decide_pairs.append(
            (measure.rate(policy.decide, messages, settings.min_seconds),
             measure.rate(small.decide, messages, settings.min_seconds))
        )  # fmt: skip
        match_pairs.append(
            (measure.rate(policy.matcher.scan, texts, settings.min_seconds),
             measure.rate(small.matcher.scan, texts, settings.min_seconds))
        )  # fmt: skip
    return {
        "terms": SMALLEST,
        "decide_ratio": round(measure.median_ratio(decide_pairs), 3),
        "match_ratio": round(measure.median_ratio(match_pairs), 3),
    }


def _flashtext(terms: Sequence[tuple[str, str]], texts: Sequence[str]) -> Any:
    if importlib.util.find_spec("flashtext") is None:
        return None
    from bench import baselines

    return baselines.FlashtextTerms(terms, baselines.alphabet_of(texts, [t for _, t in terms]))


def _versus(
    roe: Any, other: Any, policy: Any, corpus: Corpus, texts: Sequence[str], settings: Settings
) -> dict[str, Any]:
    """Interleaved rounds on the same texts: ROE's matcher, ROE's full decision, and the baseline."""
    by_text = {m["text"]: m for m in corpus.messages}
    messages = [by_text[t] for t in texts]
    roe_scan: list[float] = []
    roe_decide: list[float] = []
    theirs: list[float] = []
    for _ in range(settings.rounds):
        theirs.append(measure.timed_round(other.keys, texts)[0])
        roe_scan.append(measure.rate(roe.keys, texts, settings.min_seconds))
        roe_decide.append(measure.rate(policy.decide, messages, settings.min_seconds))
    return {
        "messages": len(texts),
        "baseline_per_s": round(statistics.median(theirs), 1),
        "roe_match_per_s": round(statistics.median(roe_scan), 1),
        "roe_decide_per_s": round(statistics.median(roe_decide), 1),
        # ROE's matcher against the baseline's: the same work (the same (lexicon, term) sets).
        "match_ratio": round(measure.median_ratio(list(zip(roe_scan, theirs, strict=True))), 2),
        # ROE's whole decision (rules, evidence spans, the Decision) against the baseline's matching alone.
        "decide_ratio": round(measure.median_ratio(list(zip(roe_decide, theirs, strict=True))), 2),
    }


# ---------------------------------------------------------------------------------------------------
# the default policy


def default(settings: Settings, corpus: Corpus, *, with_profile: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    from policy import load_policy
    from policy.analyzers import nlp

    policy = load_policy()
    compile_cold_s = time.perf_counter() - started
    warm: list[float] = []
    for _ in range(settings.rounds):
        started = time.perf_counter()
        load_policy()
        warm.append(time.perf_counter() - started)

    messages = sample(corpus.messages, settings.default_messages)
    # Compiling never loads the spaCy model (a policy that needs no NLP, `roe lint` or `roe test` would
    # pay 4–8 s for nothing): it loads on the first message that needs it, or in `Policy.warm_up`,
    # which servers call at start. The benchmark does the same before timing, then decides the
    # sample once untimed, so that no lazy loading is counted in the rounds.
    started = time.perf_counter()
    warm_up = getattr(policy, "warm_up", None)
    if warm_up is not None:
        warm_up()
    warm_up_s = time.perf_counter() - started
    parses = _count_parses(nlp)
    first = [policy.decide(m) for m in messages]
    parsed = parses.stop()

    timed = messages
    timing = measure.rounds(policy.decide, timed, settings.rounds)
    out: dict[str, Any] = {
        "nlp": nlp.nlp_enabled(),
        "compile_cold_s": round(compile_cold_s, 3),
        "compile_s": round(sorted(warm)[len(warm) // 2], 3),
        "compile_rounds_s": [round(w, 3) for w in warm],
        "warm_up_s": round(warm_up_s, 2),
        "nlp_model_load_s": round(nlp.load_seconds("fr") or 0.0, 2) if nlp.load_seconds("fr") else None,
        "spacy_parses": parsed,
        "decisions": timing.to_dict(),
        "decided_per_round": len(timed),
        **match_stats(first),
        "decisions_sha256": digest_of(first),
    }
    if with_profile:
        name = "default" if nlp.nlp_enabled() else "default_no_nlp"
        out["profile"] = profile(name, lambda: [policy.decide(m) for m in timed])
    out["peak_rss_mb"] = round(measure.peak_rss_mb(), 1)
    return out


class _count_parses:
    """Counts spaCy runs during the warm-up pass (wraps the pipeline holder's entry points)."""

    def __init__(self, nlp: Any) -> None:
        self.holder = nlp._PIPELINES
        self.counts: Counter[str] = Counter()
        self.saved = {name: getattr(self.holder, name) for name in ("parse", "run")}
        for name, original in self.saved.items():
            setattr(self.holder, name, self._wrap(name, original))

    def _wrap(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(nlp: Any, docs: Sequence[Any], need: frozenset[str]) -> Any:
            self.counts[f"{name}:{'+'.join(sorted(need))}"] += len(docs)
            return original(nlp, docs, need)

        return wrapped

    def stop(self) -> dict[str, int]:
        for name in self.saved:
            delattr(self.holder, name)  # the class's methods show through again
        return dict(sorted(self.counts.items()))


# ---------------------------------------------------------------------------------------------------
# conditions on message fields


def conditions(settings: Settings, corpus: Corpus) -> dict[str, Any]:
    """ROE against `rule-engine` on rules that only test message fields (`baselines.FIELD_RULES`)."""
    from bench import baselines
    from policy import compile_text

    if importlib.util.find_spec("rule_engine") is None:
        return {"skipped": "rule-engine is not installed (pip install rule-engine)"}
    policy = compile_text(baselines.field_policy_text(), path="bench_fields.roe")
    other = baselines.RuleEngineFields()
    messages = list(corpus.messages)
    first = [policy.decide(m) for m in messages]
    if any(d.errors for d in first):
        raise baselines.AgreementError("the field rules raised evaluation errors: fix FIELD_RULES")
    by_text = {id(m): frozenset(d.rule_ids) for m, d in zip(messages, first, strict=True)}
    agreement = baselines.require(baselines.check_fields(lambda m: by_text[id(m)], other, messages))
    timed = sample(messages, settings.timed_messages)
    roe_rates: list[float] = []
    theirs: list[float] = []
    for _ in range(settings.rounds):
        theirs.append(measure.timed_round(other.matched, timed)[0])
        roe_rates.append(measure.rate(policy.decide, timed, settings.min_seconds))
    return {
        "rules": len(baselines.FIELD_RULES),
        "agreement": agreement.to_dict(),
        "messages": len(timed),
        "baseline_per_s": round(statistics.median(theirs), 1),
        "roe_decide_per_s": round(statistics.median(roe_rates), 1),
        # ROE's whole decision (validation, rules, the Decision) against rule-engine's rule evaluation.
        "decide_ratio": round(measure.median_ratio(list(zip(roe_rates, theirs, strict=True))), 2),
    }


# ---------------------------------------------------------------------------------------------------
# the HTTP API


def api(settings: Settings) -> dict[str, Any]:
    try:
        module = importlib.import_module("bench.api_load")
    except ModuleNotFoundError as exc:
        if exc.name != "bench.api_load":
            raise
        return {"reason": "bench/api_load.py does not exist yet (the HTTP API's maintainers write it)"}
    try:
        module.ensure_wrk()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        # Without the load generator the other measurements still stand; the report says why not this one.
        return {"reason": str(exc)}
    result = module.run(settings.quick)
    if not isinstance(result, dict):
        raise TypeError(f"bench.api_load.run returned {type(result).__name__}, not a dict")
    # The same load on a generated 1,000-term lexical policy, two workers: what the HTTP layer costs
    # apart from the charter's analyses.
    with tempfile.TemporaryDirectory(prefix="roe-bench-policy-") as folder:
        lexical = module.run(settings.quick, workers=(2,), policy=module.write_lexical(Path(folder), 1000))
    keys = ("rps_single", "p50_ms_single", "p99_ms_single", "msgs_per_s_batch")
    return {**result, "lexical_1000": {"workers": 2, **{k: lexical[k] for k in keys}}}


# ---------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker", description=__doc__)
    parser.add_argument("task", choices=("lexical", "default", "conditions", "api"))
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profile", action="store_true", help="write a pyinstrument profile to bench/profiles/")
    args = parser.parse_args(argv)
    settings = Settings(args.quick)
    if args.task == "api":
        result = api(settings)
    else:
        corpus = generate()
        if args.task == "lexical":
            result = lexical(args.terms, settings, corpus, with_profile=args.profile)
        elif args.task == "conditions":
            result = conditions(settings, corpus)
        else:
            result = default(settings, corpus, with_profile=args.profile)
    result["pid"] = os.getpid()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
