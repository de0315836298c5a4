"""Timing, memory and the machine description: the measuring instruments of the benchmark.

The machine is shared (two cores, other work running), so single timings are noise. Everything is
repeated and reported as a median over rounds; comparisons are ratios of figures measured in the same
process, interleaved round by round, so that a busy moment slows both sides of a ratio alike. Per
decision latencies come from `perf_counter_ns` around each call (about 0.1 µs of overhead, the same
for every configuration).
"""

from __future__ import annotations

import gc
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Timing:
    """Rounds of one workload: a rate per round and, optionally, every call's latency."""

    rates: list[float] = field(default_factory=list)  # items per wall-clock second, one per round
    cpu_rates: list[float] = field(default_factory=list)  # items per second of this process's CPU time
    latencies_ns: list[int] = field(default_factory=list)

    @property
    def median_rate(self) -> float:
        return statistics.median(self.rates)

    def percentile_us(self, q: float) -> float:
        return percentile(self.latencies_ns, q) / 1000

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "per_s": round(self.median_rate, 1),
            "per_cpu_s": round(statistics.median(self.cpu_rates), 1) if self.cpu_rates else None,
            "rounds": [round(r, 1) for r in self.rates],
            "spread": round((max(self.rates) - min(self.rates)) / self.median_rate, 3) if self.rates else None,
        }
        if self.latencies_ns:
            out["p50_us"] = round(self.percentile_us(50), 1)
            out["p90_us"] = round(self.percentile_us(90), 1)
            out["p99_us"] = round(self.percentile_us(99), 1)
            out["max_us"] = round(max(self.latencies_ns) / 1000, 1)
        return out


def percentile(values: Sequence[int] | Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of unsorted `values`."""
    if not values:
        raise ValueError("percentile of nothing")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return float(ordered[rank - 1])


def timed_round(
    fn: Callable[[T], object], items: Sequence[T], latencies: list[int] | None = None
) -> tuple[float, float]:
    """Call `fn` on every item once; return items per wall-clock second and per CPU second.

    With `latencies`, each call's wall-clock duration is appended to it. CPU time is this process's
    (`process_time`): on a machine shared with other work it is what the engine itself costs, while
    wall-clock time also counts the moments another process had the core.
    """
    gc.collect()  # a collection owed by the previous round is not this round's cost
    clock = time.perf_counter_ns
    cpu_started = time.process_time_ns()
    if latencies is None:
        started = clock()
        for item in items:
            fn(item)
        elapsed = clock() - started
    else:
        elapsed = 0
        for item in items:
            before = clock()
            fn(item)
            spent = clock() - before
            latencies.append(spent)
            elapsed += spent
    cpu = time.process_time_ns() - cpu_started
    return len(items) / (max(elapsed, 1) / 1e9), len(items) / (max(cpu, 1) / 1e9)


def rate(fn: Callable[[T], object], items: Sequence[T], min_seconds: float) -> float:
    """Items per second over as many passes over `items` as `min_seconds` needs (at least one)."""
    gc.collect()
    done = 0
    started = time.perf_counter()
    while True:
        for item in items:
            fn(item)
        done += len(items)
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return done / elapsed


def rounds(fn: Callable[[T], object], items: Sequence[T], count: int, *, latencies: bool = True) -> Timing:
    timing = Timing()
    for _ in range(count):
        wall, cpu = timed_round(fn, items, timing.latencies_ns if latencies else None)
        timing.rates.append(wall)
        timing.cpu_rates.append(cpu)
    return timing


def median_ratio(pairs: Sequence[tuple[float, float]]) -> float:
    """Median of a/b over interleaved (a, b) measurements."""
    return statistics.median(a / b for a, b in pairs)


# ---------------------------------------------------------------------------------------------------
# memory


def rss_mb() -> float:
    """The process's resident memory now (Linux `/proc/self/statm`; the peak elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mb()
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """The process's peak resident memory (`ru_maxrss`: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


# ---------------------------------------------------------------------------------------------------
# the machine


def machine() -> dict[str, Any]:
    """CPU, cores, Python, OS, date, git commit and the load when the run started."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()
