"""`roe eval`: measure a policy on labelled corpora and on the HateCheck functional suites."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from policy.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, load_or_report
from policy.engine import Policy
from policy.evaluation.corpus import REMOVING, CorpusError, evaluate, format_report, load_corpus

ORDER = 70


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "eval",
        help="measure a policy on labelled corpora and on HateCheck",
        description="Decide every message of labelled JSON-lines corpora (see tests/corpus/README.md) and report "
        "action accuracy, the confusion matrix, per-category and per-team precision and recall, and the "
        "obfuscated / false-positive-trap / language slices. With --hatecheck, also score the HateCheck suites.",
    )
    p.add_argument("corpora", nargs="*", metavar="CORPUS", help="labelled .jsonl files")
    p.add_argument("--policy", metavar="PATH", help="policy to measure (default: the bundled charter)")
    p.add_argument("--hatecheck", choices=("fr", "en", "both"), help="also score HateCheck (French, English)")
    p.add_argument("--hatecheck-data", metavar="DIR", type=Path, help="folder holding the HateCheck suites")
    p.add_argument("--misses", type=int, default=20, metavar="N", help="list up to N misses per corpus")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.corpora and not args.hatecheck:
        print("error: give at least one corpus, or --hatecheck", file=sys.stderr)
        return EXIT_USAGE
    policy = load_or_report(args.policy)
    if policy is None:
        return EXIT_FAILED
    results: dict[str, Any] = {"corpora": [], "hatecheck": {}}
    texts: list[str] = []
    for raw in args.corpora:
        path = Path(raw)
        try:
            cases = load_corpus(path)
        except (CorpusError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        report = evaluate(policy, cases, source=str(path))
        results["corpora"].append(report.to_dict())
        texts.append(format_report(report, misses=args.misses))
    if args.hatecheck:
        from policy.evaluation import hatecheck

        if args.hatecheck_data is not None:
            import os

            os.environ["ROE_EVAL_DATA"] = str(args.hatecheck_data)
        for lang in ("fr", "en") if args.hatecheck == "both" else (args.hatecheck,):
            try:
                cases_hc = hatecheck.load(lang)
            except OSError as exc:
                print(f"error: cannot read the HateCheck suite ({exc}); use --hatecheck-data DIR", file=sys.stderr)
                return EXIT_USAGE
            removed, is_hate = policy_judges(policy, lang)
            for with_disagreements in (True, False) if lang == "fr" else (True,):
                hc = hatecheck.score(cases_hc, removed, is_hate=is_hate, include_disagreements=with_disagreements)
                key = lang if with_disagreements else f"{lang}_without_disagreements"
                results["hatecheck"][key] = {
                    "hateful_removed": hc.hateful_removed.value,
                    "hateful_removed_no_spelling": hc.hateful_removed_plain.value,
                    "spelling_removed": hc.spelling_removed.value,
                    "false_positive_probes_removed": hc.probes_removed.value,
                    "functionalities": {
                        f.functionality: {"kind": f.kind, "rate": f.rate.value, "total": f.rate.total}
                        for f in hc.functionalities
                    },
                }
                title = f"HateCheck {lang}" + (
                    "" if lang == "en" else (" (all rows)" if with_disagreements else " (without disagreements)")
                )
                texts.append(hatecheck.format_report(title, hc))
    if args.format == "json":
        sys.stdout.buffer.write(orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        print("\n\n".join(texts))
    return EXIT_OK


def policy_judges(policy: Policy, lang: str) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """`removed(text)` and `is_hate(text)` as the policy decides a public comment in `lang`."""
    cache: dict[str, Any] = {}

    def decide(text: str) -> Any:
        if text not in cache:
            cache[text] = policy.decide({"text": text, "lang": lang, "kind": "comment"}, explain="off")
        return cache[text]

    def removed(text: str) -> bool:
        return decide(text).action.word in REMOVING

    def is_hate(text: str) -> bool:
        return "hate" in decide(text).categories

    return removed, is_hate
