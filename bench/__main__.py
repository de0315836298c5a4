"""`python -m bench [--quick]`: run every measurement, print the table, write `bench/results.json`.

Each configuration runs in its own worker process (`bench.worker`), one after the other, so that
memory figures are per configuration and `ROE_NLP` can differ between the two runs of the default
policy. A worker that fails — a baseline that disagrees with ROE above all — stops the run with its
error: no table is printed from partial or unchecked figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import measure, report
from bench.corpus import generate

RESULTS = Path(__file__).resolve().parent / "results.json"
PARTS = ("lexical", "default", "conditions", "api")


class WorkerFailed(RuntimeError):
    pass


def run_worker(args: Sequence[str], *, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `python -m bench.worker ARGS` and return its JSON; its stderr goes straight to ours."""
    label = " ".join(args)
    print(f"… {label}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.worker", *args],
        cwd=measure.ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise WorkerFailed(f"`python -m bench.worker {label}` failed (exit {done.returncode}); see its error above")
    print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller baseline samples (< 5 min)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON (default: %(default)s)")
    parser.add_argument("--only", nargs="+", choices=PARTS, help="run only these parts (the others are null)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(report.LEXICAL_SIZES), help="lexical policy sizes")
    parser.add_argument("--profile", action="store_true", help="also write pyinstrument profiles to bench/profiles/")
    args = parser.parse_args(argv)
    parts = set(args.only or PARTS)
    common = ["--quick"] if args.quick else []
    if args.profile:
        common.append("--profile")

    started = time.perf_counter()
    machine = measure.machine()
    corpus = generate().describe()
    lexical: dict[int, dict[str, Any]] = {}
    default = default_no_nlp = api = conditions = None
    try:
        if "lexical" in parts:
            for size in args.sizes:
                lexical[size] = run_worker(["lexical", "--terms", str(size), *common])
        if "default" in parts:
            default = run_worker(["default", *common], env={"ROE_NLP": "on"})
            default_no_nlp = run_worker(["default", *common], env={"ROE_NLP": "off"})
        if "conditions" in parts:
            conditions = run_worker(["conditions", *[c for c in common if c != "--profile"]])
        if "api" in parts:
            api = run_worker(["api", *common])
    except WorkerFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    results = report.build(
        machine=machine,
        corpus=corpus,
        quick=args.quick,
        lexical=lexical,
        default=default,
        default_no_nlp=default_no_nlp,
        api=api,
        conditions=conditions,
    )
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report.table(results))
    print(f"\nwritten to {args.out} in {results['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
