"""`python -m bench.snapshot`: prove that an optimisation changed no decision.

Decides, with the bundled default policy (NLP as `ROE_NLP` says) and a fixed clock, the generated
benchmark corpus (or its first `--messages`), the labelled development and holdout corpora of
`tests/corpus/`, and optionally a generated lexical policy (`--lexical N`), then prints one digest per
set. `--save FILE` keeps the digest of every single decision; `--compare FILE` names the messages whose
decision differs from the saved run, with the two actions and rule lists.

    python -m bench.snapshot --save /tmp/before.json
    # … change the code …
    python -m bench.snapshot --compare /tmp/before.json     # exit 1 when a decision changed
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import generate
from bench.measure import ROOT
from bench.worker import decision_bytes

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def _sets(messages: int, lexical: int | None) -> Iterator[tuple[str, Any, list[dict[str, Any]]]]:
    from policy import load_policy
    from policy.evaluation.corpus import load_corpus

    default = load_policy()
    default.warm_up()
    generated = list(generate().messages[:messages])
    yield "bench", default, generated
    for name in ("dev", "holdout"):
        path = ROOT / "tests" / "corpus" / f"{name}.jsonl"
        if path.exists():
            yield name, default, [case.message for case in load_corpus(path)]
    if lexical:
        from bench.lexical import lexical_policy

        yield f"lexical_{lexical}", lexical_policy(lexical).compile(), generated


def _summary(decision: Any) -> str:
    return f"{decision.action.word} [{', '.join(decision.rule_ids) or '-'}]"


def snapshot(messages: int, lexical: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, policy, batch in _sets(messages, lexical):
        whole = hashlib.sha256()
        each: list[list[str]] = []
        for message in batch:
            decision = policy.decide(message, now=NOW)
            blob = decision_bytes(decision)
            whole.update(blob + b"\n")
            each.append([hashlib.sha256(blob).hexdigest()[:16], _summary(decision)])
        out[name] = {"digest": whole.hexdigest(), "decisions": each}
        print(f"{name:<16} {len(batch):>6} decisions  sha256 {whole.hexdigest()[:16]}", flush=True)
    return out


def compare(before: dict[str, Any], after: dict[str, Any], limit: int = 20) -> int:
    changed = 0
    for name, now in after.items():
        then = before.get(name)
        if then is None:
            print(f"{name}: not in the saved snapshot")
            continue
        diffs = [
            (i, a, b) for i, (a, b) in enumerate(zip(then["decisions"], now["decisions"], strict=False)) if a[0] != b[0]
        ]
        changed += len(diffs)
        status = "identical" if not diffs else f"{len(diffs)} decision(s) differ"
        print(f"{name}: {status}")
        for i, a, b in diffs[:limit]:
            print(f"  #{i}: {a[1]}  →  {b[1]}")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.snapshot", description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=3000, help="messages of the generated corpus (default 3000)")
    parser.add_argument("--lexical", type=int, metavar="TERMS", help="also a generated lexical policy of that size")
    parser.add_argument("--save", type=Path, metavar="FILE", help="write every decision's digest to FILE")
    parser.add_argument("--compare", type=Path, metavar="FILE", help="compare with a snapshot saved before")
    args = parser.parse_args(argv)
    result = snapshot(args.messages, args.lexical)
    if args.save:
        args.save.write_text(json.dumps(result), encoding="utf-8")
    if args.compare:
        return compare(json.loads(args.compare.read_text(encoding="utf-8")), result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
