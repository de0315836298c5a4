"""Evaluation stage: HateCheck (English) and Multilingual HateCheck (French) as functional tests.

Reads the two openly licensed suites (CC BY 4.0; Röttger et al. 2021, 2022) and scores any callable
`removed(text) -> bool` against them, the way `/work/shared/data/README.md` says to read them against the
default charter:

- every `*_h` functionality is hateful: the message must be removed;
- the false-positive probes listed in `FALSE_POSITIVE_PROBES` must not be removed;
- `target_indiv_nh` is abuse of one person, not hate: it is scored only as "not hate", so it needs the
  optional `is_hate` callable and never counts in the false-positive total;
- the other non-hateful functionalities of the English suite (slur homonyms, reclaimed slurs) are reported
  per functionality but belong to neither total, because the charter does not list them;
- the spelling functionalities (`spell_*`) measure text normalisation and are also reported on their own.

Figures are given with and without the French rows whose annotators disagreed with the gold label
(`disagreement_in_case`); the English suite only kept cases with at least four of five annotators agreeing,
so it has no such rows.

Run `python -m policy.evaluation.hatecheck` to score the threat, hate and insult analyzers, or with
`--judge policy` the default charter itself (each case decided as a public comment), on either half of the
template split (`--half tune` / `--half held_out`).
"""

from __future__ import annotations

import argparse
import csv
import os
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

FALSE_POSITIVE_PROBES = frozenset(
    {
        "counter_quote_nh",
        "counter_ref_nh",
        "ident_neutral_nh",
        "ident_pos_nh",
        "negate_neg_nh",
        "profanity_nh",
        "target_obj_nh",
        "target_group_nh",
    }
)
HATE_ONLY = frozenset({"target_indiv_nh"})

FRENCH_FILE = Path("multilingual-hatecheck-fr") / "hatecheck_cases_final_french.csv"
ENGLISH_FILE = Path("hatecheck-en") / "test_suite_cases.csv"

# Where the shared evaluation data lives on the project's machines; `ROE_EVAL_DATA` overrides it.
_DEFAULT_DATA_DIR = Path("/work/shared/data")

Kind = Literal["hateful", "probe", "hate_only", "other"]
Half = Literal["all", "tune", "held_out"]


@dataclass(frozen=True, slots=True)
class Case:
    """One HateCheck test case, in the same shape for both languages."""

    lang: str
    case_id: str
    functionality: str
    text: str
    hateful: bool
    target: str
    template: str  # the root template: the hateful template this case was derived from, else its own
    disagreement: bool

    @property
    def kind(self) -> Kind:
        return kind_of(self.functionality)


def kind_of(functionality: str) -> Kind:
    if functionality.endswith("_h"):
        return "hateful"
    if functionality in FALSE_POSITIVE_PROBES:
        return "probe"
    if functionality in HATE_ONLY:
        return "hate_only"
    return "other"


def data_dir() -> Path:
    return Path(os.environ.get("ROE_EVAL_DATA", str(_DEFAULT_DATA_DIR)))


def _root_template(templ_id: str, ref_templ_id: str) -> str:
    # Ids are written "101" or "101.0" depending on the file; keep the integer part.
    raw = ref_templ_id or templ_id
    return raw.split(".", 1)[0]


def load_french(path: Path | None = None) -> tuple[Case, ...]:
    """Multilingual HateCheck, French (3,718 cases)."""
    source = path or data_dir() / FRENCH_FILE
    with source.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Case(
                lang="fr",
                case_id=row["mhc_case_id"],
                functionality=row["functionality"],
                text=row["test_case"],
                hateful=row["label_gold"] == "hateful",
                target=row["target_ident"],
                template=_root_template(row["templ_id"], row["ref_templ_id"]),
                disagreement=row["disagreement_in_case"] == "True",
            )
            for row in csv.DictReader(handle)
        )


def load_english(path: Path | None = None) -> tuple[Case, ...]:
    """HateCheck, English (3,728 cases); no disagreement column because disputed cases were dropped."""
    source = path or data_dir() / ENGLISH_FILE
    with source.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Case(
                lang="en",
                case_id=row["case_id"],
                functionality=row["functionality"],
                text=row["test_case"].strip(),
                hateful=row["label_gold"] == "hateful",
                target=row["target_ident"],
                template=_root_template(row["templ_id"], row["ref_templ_id"]),
                disagreement=False,
            )
            for row in csv.DictReader(handle)
        )


def load(lang: str, path: Path | None = None) -> tuple[Case, ...]:
    if lang == "fr":
        return load_french(path)
    if lang == "en":
        return load_english(path)
    raise ValueError(f"no HateCheck suite for language {lang!r} (expected 'fr' or 'en')")


def in_tuning_half(case: Case, salt: str = "roe") -> bool:
    """Deterministic half of the templates, used to tune; the other half is held out.

    The split is by *root* template, so a hateful template, its spelling variants, its negations and the
    counter-speech built on it all fall in the same half: the held-out half then tests sentence shapes
    that were never looked at, not only other target groups in a known shape.
    """
    return zlib.crc32(f"{salt}:{case.lang}:{case.template}".encode()) % 2 == 0


def select(cases: Iterable[Case], half: Half) -> tuple[Case, ...]:
    if half == "all":
        return tuple(cases)
    want = half == "tune"
    return tuple(case for case in cases if in_tuning_half(case) == want)


@dataclass(frozen=True, slots=True)
class Rate:
    flagged: int
    total: int

    @property
    def value(self) -> float:
        return self.flagged / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.value:6.1%} ({self.flagged}/{self.total})"


@dataclass(frozen=True, slots=True)
class FunctionalityScore:
    """`rate` is the share removed (or, for `hate_only`, the share judged hate)."""

    functionality: str
    kind: Kind
    rate: Rate
    misses: tuple[str, ...]  # texts on the wrong side, for reading failures (never for case-by-case rules)


@dataclass(frozen=True, slots=True)
class Report:
    functionalities: tuple[FunctionalityScore, ...]
    hateful_removed: Rate  # every `*_h` functionality, spelling included
    hateful_removed_plain: Rate  # `*_h` without the spelling functionalities
    spelling_removed: Rate  # `spell_*_h` only
    probes_removed: Rate  # the charter's false-positive probes

    def by_functionality(self) -> dict[str, FunctionalityScore]:
        return {score.functionality: score for score in self.functionalities}


def _total(scores: Iterable[FunctionalityScore]) -> Rate:
    flagged = total = 0
    for score in scores:
        flagged += score.rate.flagged
        total += score.rate.total
    return Rate(flagged, total)


def score(
    cases: Sequence[Case],
    removed: Callable[[str], bool],
    *,
    is_hate: Callable[[str], bool] | None = None,
    include_disagreements: bool = True,
) -> Report:
    """Score `removed` on `cases`; `is_hate`, when given, scores `target_indiv_nh` as "not hate"."""
    groups: dict[str, list[Case]] = {}
    for case in cases:
        if case.disagreement and not include_disagreements:
            continue
        groups.setdefault(case.functionality, []).append(case)

    scores: list[FunctionalityScore] = []
    for functionality in sorted(groups):
        kind = kind_of(functionality)
        judge = is_hate if kind == "hate_only" else removed
        if judge is None:
            continue
        flagged = 0
        misses: list[str] = []
        for case in groups[functionality]:
            hit = judge(case.text)
            flagged += hit
            # A miss is a hateful case kept, or a non-hateful case flagged.
            if hit != case.hateful:
                misses.append(case.text)
        scores.append(FunctionalityScore(functionality, kind, Rate(flagged, len(groups[functionality])), tuple(misses)))

    hateful = [s for s in scores if s.kind == "hateful"]
    return Report(
        functionalities=tuple(scores),
        hateful_removed=_total(hateful),
        hateful_removed_plain=_total(s for s in hateful if not s.functionality.startswith("spell_")),
        spelling_removed=_total(s for s in hateful if s.functionality.startswith("spell_")),
        probes_removed=_total(s for s in scores if s.kind == "probe"),
    )


def format_report(title: str, report: Report, *, show_misses: int = 0) -> str:
    lines = [f"== {title}"]
    for entry in report.functionalities:
        label = {
            "hateful": "removed",
            "probe": "removed (probe)",
            "hate_only": "judged hate",
            "other": "removed (other)",
        }[entry.kind]
        lines.append(f"  {entry.functionality:<20} {label:<16} {entry.rate}")
        for text in entry.misses[:show_misses]:
            lines.append(f"      miss: {text}")
    lines.append(f"  hateful removed (all *_h)      {report.hateful_removed}")
    lines.append(f"  hateful removed (no spelling)  {report.hateful_removed_plain}")
    lines.append(f"  spelling (spell_*) removed     {report.spelling_removed}")
    lines.append(f"  false-positive probes removed  {report.probes_removed}")
    return "\n".join(lines)


def analyzers_removed(lang: str) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """`removed = hate or aimed insult or threat`, and `is_hate`, from this project's analyzers.

    Imported here, not at module level, so that loading and scoring never depend on the analyzers.
    """
    from policy.analyzers.hate import find_hate
    from policy.analyzers.insults import find_insults
    from policy.analyzers.threats import find_threats

    def is_hate(text: str) -> bool:
        return find_hate(text, lang=lang).is_hate

    def removed(text: str) -> bool:
        return is_hate(text) or find_insults(text, lang=lang).aimed or find_threats(text, lang=lang).is_threat

    return removed, is_hate


def policy_removed(lang: str) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """`removed` (the decision is delete or hide) and `is_hate` (a hate rule matched), from the bundled charter.

    Each case is decided as a public comment in `lang`, the way `roe eval --hatecheck` reads the suites.
    """
    from policy import load_policy

    policy = load_policy()
    decided: dict[str, tuple[bool, bool]] = {}

    def decide(text: str) -> tuple[bool, bool]:
        if text not in decided:
            decision = policy.decide({"text": text, "lang": lang, "kind": "comment"}, explain="off")
            decided[text] = (decision.action.word in ("delete", "hide"), "hate" in decision.categories)
        return decided[text]

    return (lambda text: decide(text)[0]), (lambda text: decide(text)[1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--lang", choices=["fr", "en", "both"], default="both")
    parser.add_argument("--half", choices=["all", "tune", "held_out"], default="all")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses per functionality")
    parser.add_argument("--data", type=Path, default=None, help="folder holding the suites (ROE_EVAL_DATA)")
    parser.add_argument(
        "--judge",
        choices=["analyzers", "policy"],
        default="analyzers",
        help="score the analyzers (hate, aimed insult or threat) or the bundled charter's decisions",
    )
    args = parser.parse_args(argv)

    if args.data is not None:
        os.environ["ROE_EVAL_DATA"] = str(args.data)
    for lang in ("en", "fr") if args.lang == "both" else (args.lang,):
        cases = select(load(lang), args.half)
        removed, is_hate = analyzers_removed(lang) if args.judge == "analyzers" else policy_removed(lang)
        for with_disagreements in (True, False) if lang == "fr" else (True,):
            report = score(cases, removed, is_hate=is_hate, include_disagreements=with_disagreements)
            suffix = (
                "" if lang == "en" else (" (with disagreements)" if with_disagreements else " (without disagreements)")
            )
            print(format_report(f"{lang} {args.half}, {args.judge}{suffix}", report, show_misses=args.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
