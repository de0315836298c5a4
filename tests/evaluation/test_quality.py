"""The quality report, run by the suite on fixed subsets (issue 3 §10); `roe eval` runs it in full.

Fixed subsets: the labelled development corpus (tests/corpus/dev.jsonl) and a fixed sample of the
HateCheck suites (tests/analyzers/data/hate_hatecheck_{fr,en}.csv, rows chosen by a hash, not by score).
The floors below are regression guards at the level the default charter reaches today; the holdout
corpus and the full HateCheck suites are measured on demand and reported in the README:

    roe eval tests/corpus/dev.jsonl tests/corpus/holdout.jsonl --hatecheck both
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy import Policy
from policy.cli.eval import policy_judges
from policy.evaluation import hatecheck
from policy.evaluation.corpus import Report, evaluate, format_report, load_corpus

ROOT = Path(__file__).resolve().parents[2]
LEGAL_CATEGORIES = (
    "defamation", "defamation_nonpublic", "insult", "insult_nonpublic", "hate", "threat", "personal_data",
    "doxxing", "spam", "impersonation", "crisis", "legal",
)  # fmt: skip


@pytest.fixture(scope="module")
def dev_report(default_policy: Policy) -> Report:
    return evaluate(default_policy, load_corpus(ROOT / "tests/corpus/dev.jsonl"), source="dev")


def test_the_report_prints_every_section(dev_report: Report) -> None:
    text = format_report(dev_report, misses=5)
    for section in ("action accuracy", "confusion", "precision", "escalation team", "obfuscated", "fp_trap"):
        assert section in text
    assert set(dev_report.to_dict()) >= {"confusion", "categories", "teams", "slices", "misses"}


def test_dev_corpus_floors(dev_report: Report) -> None:
    accuracy = dev_report.accuracy()
    assert accuracy is not None and accuracy >= 0.95, format_report(dev_report)
    scores = dev_report.categories()
    for name in LEGAL_CATEGORIES:
        s = scores[name]
        assert s.precision is not None and s.precision >= 0.9, (name, s)
        assert s.recall is not None and s.recall >= 0.9, (name, s)
    slices = dev_report.slices()
    assert slices["fp_trap"]["wrongly_removed"] == 0.0
    assert slices["obfuscated"]["removed_when_expected"] >= 0.95


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_hatecheck_sample_floors(default_policy: Policy, lang: str) -> None:
    cases = hatecheck.load(lang, ROOT / f"tests/analyzers/data/hate_hatecheck_{lang}.csv")
    removed, is_hate = policy_judges(default_policy, lang)
    report = hatecheck.score(cases, removed, is_hate=is_hate)
    assert report.hateful_removed.value >= 0.9, hatecheck.format_report(lang, report)
    assert report.probes_removed.value <= 0.05, hatecheck.format_report(lang, report)
