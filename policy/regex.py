"""Regular expressions in rules run on RE2, a linear-time engine: no rule can hang the engine.

Python's `re` backtracks, so `/(a+)+b/` on a long run of `a` takes exponential time; RE2 (Google's
engine, via the `google-re2` binding) guarantees time linear in the input and rejects the features
that would need backtracking (lookarounds, backreferences) with a clear message.
"""

from __future__ import annotations

from typing import Any

import re2

_FLAGS = {"i": "(?i)", "m": "(?m)", "s": "(?s)"}


class RegexError(ValueError):
    def __init__(self, problem: str, help: str | None) -> None:
        self.problem = problem
        self.help = help
        super().__init__(problem)


def compile_regex(pattern: str, flags: str = "") -> Any:
    """Compile `pattern` with the flags of a `/…/flags` literal (`i`, `m`, `s`)."""
    unknown = sorted(set(flags) - set(_FLAGS))
    if unknown:
        raise RegexError(
            f"unknown flag `{''.join(unknown)}`",
            "flags are `i` (ignore case), `m` (^ and $ at each line) and `s` (`.` matches newlines)",
        )
    prefix = "".join(_FLAGS[f] for f in sorted(set(flags)))
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(prefix + pattern, options)
    except re2.error as exc:
        problem = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        help = None
        if any(tok in pattern for tok in ("(?=", "(?!", "(?<=", "(?<!")):
            help = "lookarounds are not supported: the engine (RE2) runs in linear time and cannot backtrack"
        elif any(f"\\{d}" in pattern for d in "123456789"):
            help = "backreferences are not supported: the engine (RE2) runs in linear time and cannot backtrack"
        else:
            help = "see the RE2 syntax: https://github.com/google/re2/wiki/Syntax"
        raise RegexError(problem, help) from None
