"""Doxxing: third-party data or whereabouts + an intent to expose the person (code pénal 223-1-1)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.analyzers import doxxing
from policy.analyzers.doxxing import detect_doxxing
from policy.analyzers.pii import UNICODE_SPACES, OwnContacts, find_pii, fold

# (message, labels of the evidence, exact text of the first intent phrase)
DOXXING: list[tuple[str, set[str], str]] = [
    (
        "voici son adresse : 12 rue de la Paix, 75002 Paris, allez lui rendre visite",
        {"pii.address", "doxxing.reference", "doxxing.intent"},
        "allez lui rendre visite",
    ),
    ("je balance le numéro de la caissière", {"doxxing.reference", "doxxing.intent"}, "je balance le numéro"),
    (
        "La caissière blonde du Carrefour de Villeurbanne finit à 18h, attendez-la à la sortie",
        {"doxxing.reference", "doxxing.intent"},
        "attendez-la",
    ),
    (
        "Kevin du magasin de Lyon habite rue des Lilas, vous savez ce qu'il vous reste à faire",
        {"doxxing.reference", "doxxing.intent"},
        "vous savez ce qu'il vous reste à faire",
    ),
    (
        "son num c 06 12 34 56 78 harcelez le jusqu'à ce qu'il rembourse",
        {"pii.phone", "doxxing.reference", "doxxing.intent"},
        "harcelez",
    ),
    ("tout le monde appelez le 06 12 34 56 78 !!! 😡", {"pii.phone", "doxxing.intent"},
     "tout le monde appelez"),
    (
        "le mail perso du manager c'est paul.martin@gmail.com, lachez vous",
        {"pii.email", "doxxing.reference", "doxxing.intent"},
        "lachez vous",
    ),
    (
        "elle bosse au Carrefour de Bron, allez la voir et dites lui ce que vous pensez",
        {"doxxing.reference", "doxxing.intent"},
        "allez la voir",
    ),
    ("sa plaque c'est AB-123-CD, on va l'attendre", {"pii.plate", "doxxing.reference", "doxxing.intent"},
     "on va l'attendre"),
    ("je vais afficher son adresse partout", {"doxxing.reference", "doxxing.intent"},
     "je vais afficher son adresse"),
    (
        "voila ladresse de ce connard 8 impasse du Moulin, rendez lui une petite visite",
        {"pii.address", "doxxing.intent"},
        "rendez lui une petite visite",
    ),
    (
        "Voici l'adresse de la conseillère : 5 chemin des Vignes. Faites tourner",
        {"pii.address", "doxxing.reference", "doxxing.intent"},
        "Faites tourner",
    ),
    (
        "Je connais la vendeuse, elle habite au 3 rue Jeanne d'Arc à Rouen 😡 faites lui payer",
        {"pii.address", "doxxing.reference", "doxxing.intent"},
        "faites lui payer",
    ),
    (
        "Voici le numéro perso du directeur : 06 98 76 54 32. Appelez le tous !!",
        {"pii.phone", "doxxing.reference", "doxxing.intent"},
        "Appelez le tous",
    ),
    ("je vais balancer ton adresse sur tous les réseaux", {"doxxing.reference", "doxxing.intent"},
     "je vais balancer ton adresse"),
    (
        "tout le monde doit savoir, il s'appelle Thomas et il bosse à l'agence de Lyon Part-Dieu, faites tourner",
        {"doxxing.reference", "doxxing.intent"},
        "faites tourner",
    ),
    (
        "his home address is 42 Elm Street, everyone go tell him what you think",
        {"pii.address", "doxxing.reference", "doxxing.intent"},
        "everyone go",
    ),
    (
        "here's her number 07911 123456, you know what to do",
        {"pii.phone", "doxxing.reference", "doxxing.intent"},
        "you know what to do",
    ),
    (
        "the cashier at the Main St store finishes at 6, wait for her outside",
        {"doxxing.reference", "doxxing.intent"},
        "wait for her outside",
    ),
    ("she works at the Walmart on 5th, go pay her a visit", {"doxxing.reference", "doxxing.intent"},
     "go pay her a visit"),
    ("I'm leaking his address: 221B Baker Street", {"pii.address", "doxxing.reference", "doxxing.intent"},
     "I'm leaking"),
    # a suggestion that names no act, with whereabouts or with data said to be someone else's
    (
        "La voiture du directeur c'est la Tesla HJ-221-PL, elle dort devant le 9 avenue Foch. Je dis ça je dis rien",
        {"pii.plate", "pii.address", "doxxing.reference", "doxxing.intent"},
        "Je dis ça je dis rien",
    ),
    (
        "the cashier who mocked me lives above the bakery on Rue de France. Do with that what you want.",
        {"doxxing.reference", "doxxing.intent"},
        "Do with that what you want",
    ),
    ("his wife's email is nadia.h [at] gmail [dot] com, let's see how she likes it", {"pii.email", "doxxing.intent"},
     "let's see how she likes"),
    ("Reg plate of the driver: KM-339-TR. He lives in Brest, someone must know him.",
     {"pii.plate", "doxxing.reference", "doxxing.intent"}, "someone must know him"),
    ("son adresse c'est le 3 impasse du Moulin, si quelqu'un la croise…", {"pii.address", "doxxing.intent"},
     "si quelqu'un la croise"),
    ("Je balance : le gérant de Metz c'est Thomas Girard, 06 39 98 21 21, il finit à 19h",
     {"pii.phone", "doxxing.reference", "doxxing.intent"}, "Je balance :"),
    ("she lives on Elm Road in Leeds, her number is 07700 900 222. Have at it",
     {"pii.phone", "doxxing.reference", "doxxing.intent"}, "Have at it"),
    ("Found where the Lille manager lives: 3 Station Road. Let's give him a warm welcome",
     {"pii.address", "doxxing.intent"}, "give him a warm welcome"),
    ("Voici l'adresse du gérant de Lyon : 4 rue des Lilas, 69003 Lyon. Bonne visite à tous",
     {"pii.address", "doxxing.reference", "doxxing.intent"}, "Bonne visite"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "labels", "intent"), DOXXING, ids=[row[0][:40] for row in DOXXING])
def test_doxxing(text: str, labels: set[str], intent: str) -> None:
    pii = find_pii(text)
    result = detect_doxxing(text, pii)
    assert result.is_doxxing
    assert {f.label for f in result.findings} == labels
    intents = [f.text_in(text) for f in result.findings if f.label == "doxxing.intent"]
    assert intents[0] == intent
    assert result.reason.startswith("Doxxing probable")
    # the reason a CM reads quotes the masked data, never the data itself
    for m in pii:
        assert text[m.start : m.end] not in result.reason
        assert m.value not in result.reason
        assert m.masked in result.reason or m.start > min(p.start for p in pii)


# (message, why it is not doxxing)
NOT_DOXXING: list[tuple[str, str]] = [
    ("Bonjour, appelez-moi au 06 12 34 56 78 pour le remboursement, merci", "own number, call back"),
    ("mon 06 c'est 06 12 34 56 78, appelez moi tous les jours si il faut", "own number"),
    ("j'habite au 5 rue des Lilas, passez chez moi récupérer le colis", "own address"),
    ("son num c'est 06 12 34 56 78", "third-party data, no intent: hidden, not escalated"),
    ("il habite rue des Lilas", "whereabouts, no intent"),
    ("Partagez ! notre boutique est au 12 rue de la Paix", "shop address, spreading only"),
    ("attendez la livraison, suivez la commande", "ordinary imperatives"),
    ("faites-vous rembourser, appelez le 09 69 32 10 10", "a number to call, no target"),
    ("le vendeur était super sympa, allez le voir de ma part !", "praise: no data, no whereabouts"),
    ("je balance tout sur vos pratiques, honte à vous", "exposing the brand, no personal data"),
    ("my number is 07911 123456, call me back please", "own number"),
    ("share this everywhere, the product is dangerous", "spreading a warning"),
    ("Super produit, merci l'équipe 😍", "nothing at all"),
    ("Pour vous plaindre écrivez à reclamation@marque.fr faites tourner", "a complaints address, spreading only"),
    ("Si vous voulez mon avis allez voir le magasin de Lille, ils sont top", "a shop, not a person"),
    ("Partagez un max : ce vendeur (Julien, magasin de Nantes) est un voleur", "accusation: defamation, not doxxing"),
    ("I'm at 42 Elm Street, please send someone to fix it", "own address"),
    ("Le SAV m'a donné son numéro mais personne ne répond, partagez pour que ça bouge", "the company's number"),
    ("Le SAV m'a donné son numéro 01 23 45 67 89 mais personne ne répond, partagez", "a company's number, shared"),
    ("La marque a changé son adresse de retour sans prévenir, faites tourner", "the brand's address"),
    ("Mon voisin m'a prêté sa voiture, merci à lui, partagez cette belle histoire", "a kind neighbour"),
    ("Leur numéro ne marche jamais, partagez svp", "a company's number"),
    ("On sait où il habite ce petit con", "knowing where he lives reveals nothing: a threat, not a disclosure"),
    ("I know where you live and where you work", "a threat, nothing disclosed"),
    ("le livreur c'est Kevin, son portable 06 39 98 54 32, appelez-le vous-mêmes", "a number to call: personal data"),
    ("his number's 07700 900456, give him a ring yourselves", "a number to call: personal data"),
    ("contactez mon fils direct : lucas.moreau [at] gmail [dot] com", "a relative to contact"),
    ("je dis ça je dis rien, mais la livraison était en retard", "a suggestion with nothing to act on"),
    ("06 12 34 56 78, do whatever you want with it", "an unknown owner: a suggestion needs someone else's data"),
    ("just saying, the store at 12 rue de la Paix closes at 7", "a shop's address"),
    ("bonne visite au magasin de Lyon, le rayon déco est top", "a shop visit"),
    ("have fun, the new store is at 12 Park Road", "a shop's address"),
    ("je balance : vos prix ont doublé en un an", "exposing the brand's prices"),
    ("Le gérant de Rennes habite à Cesson, tout le monde le sait", "whereabouts, no call to act"),
]


@pytest.mark.parametrize(("text", "why"), NOT_DOXXING, ids=[row[1] for row in NOT_DOXXING])
def test_not_doxxing(text: str, why: str) -> None:
    result = detect_doxxing(text, find_pii(text))
    assert not result.is_doxxing, why
    assert result.findings == ()
    assert result.reason.startswith("Pas de doxxing")


def test_the_brands_own_hotline_is_not_a_target() -> None:
    text = "tout le monde appelez le 09 69 32 10 10 pour râler"
    own = OwnContacts(phones=frozenset({"+33969321010"}))
    assert not detect_doxxing(text, find_pii(text, own=own)).is_doxxing
    # undeclared, the same number is an unknown person's: a mass call to it is doxxing
    assert detect_doxxing(text, find_pii(text)).is_doxxing


def test_author_data_never_counts_even_with_intent() -> None:
    text = "appelez-moi au 06 12 34 56 78, tout le monde appelez, faites tourner"
    pii = find_pii(text)
    assert [m.owner for m in pii] == ["author"]
    assert not detect_doxxing(text, pii).is_doxxing


def test_findings_are_sorted_spans_of_the_original_text() -> None:
    text = "Voilà SON adresse : 12 rue de la Paix !! Allez lui rendre visite 😈"
    result = detect_doxxing(text, find_pii(text))
    assert [(f.label, f.text_in(text)) for f in result.findings] == [
        ("doxxing.reference", "SON adresse"),
        ("pii.address", "12 rue de la Paix"),
        ("doxxing.intent", "Allez lui rendre visite"),
    ]


def test_reason_names_the_kind_of_data_and_the_law() -> None:
    text = "son num c 06 12 34 56 78 harcelez le"
    result = detect_doxxing(text, find_pii(text))
    assert result.reason == (
        "Doxxing probable (code pénal, art. 223-1-1) : appel à agir contre une personne (« harcelez ») "
        "accompagné d'un numéro de téléphone d'un tiers (06 •• •• •• 78)."
    )


# ---------------------------------------------------------------------------------------------------
# Properties: the RE2 gate never hides an intent; odd spaces and surrounding noise change nothing

INTENT_PHRASES = [row[2] for row in DOXXING] + ["partagez", "share this", "harcelez-la", "on sait où elle bosse"]
SPACES = st.sampled_from([" ", "\u00a0", "\u202f", "\t", "  ", "\u2009", "\u3000"])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8), st.sampled_from(INTENT_PHRASES), st.text(max_size=8), SPACES)
def test_the_gate_accepts_whatever_the_intent_patterns_accept(before: str, phrase: str, after: str, space: str) -> None:
    folded = fold(before + phrase.replace(" ", space) + after)
    if doxxing._STRONG_INTENT.search(folded) or doxxing._SPREAD_INTENT.search(folded):
        assert doxxing._INTENT_GATE.search(folded)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DOXXING), SPACES, st.text(max_size=30))
def test_doxxing_survives_odd_spaces_and_noise(row: tuple[str, set[str], str], space: str, noise: str) -> None:
    text = f"{noise}\n{row[0].replace(' ', space)}"
    assert detect_doxxing(text, find_pii(text)).is_doxxing


def test_fold_maps_exactly_the_unicode_spaces() -> None:
    every_space = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert set(every_space) == set(UNICODE_SPACES) | set(" \t\n\r\f")
    assert fold(UNICODE_SPACES) == " " * len(UNICODE_SPACES)
