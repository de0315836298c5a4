"""Les phrases françaises des scénarios (`# language: fr`) : une phrase, un appel à `steps.world`.

Le catalogue complet, avec des exemples, est dans docs/guide-juridique.md.
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, then, when

from features.steps import world as w
from features.steps.world import World
from policy import Action, Priority

ACTIONS = {
    "supprimer": Action.DELETE, "suppression": Action.DELETE, "supprimé": Action.DELETE,
    "masquer": Action.HIDE, "masqué": Action.HIDE,
    "escalader": Action.ESCALATE, "escalade": Action.ESCALATE, "escaladé": Action.ESCALATE,
    "répondre": Action.ANSWER, "réponse": Action.ANSWER,
    "ignorer": Action.IGNORE, "ignoré": Action.IGNORE,
}  # fmt: skip
PRIORITIES = {
    "basse": Priority.LOW, "faible": Priority.LOW, "normale": Priority.NORMAL, "haute": Priority.HIGH,
    "élevée": Priority.HIGH, "critique": Priority.CRITICAL,
    "low": Priority.LOW, "normal": Priority.NORMAL, "high": Priority.HIGH, "critical": Priority.CRITICAL,
}  # fmt: skip
KINDS = {
    "commentaire": "comment", "réponse": "reply", "mention": "mention", "message privé": "dm", "avis": "review",
    "publication": "post",
}  # fmt: skip
DAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
CATEGORIES = {
    "service client": "customer_service", "éloge": "praise", "compliment": "praise", "diffamation": "defamation",
    "diffamation non publique": "defamation_nonpublic", "injure": "insult", "injure non publique": "insult_nonpublic",
    "haine": "hate", "menace": "threat", "harcèlement": "harassment", "données personnelles": "personal_data",
    "doxxing": "doxxing", "spam": "spam", "usurpation": "impersonation", "crise": "crisis", "juridique": "legal",
    "aucune": "none",
}  # fmt: skip
FIELDS = {
    "texte": "text", "canal": "channel", "type": "kind", "auteur": "author.name", "pseudo": "author.handle",
    "abonnés": "author.followers", "vérifié": "author.verified", "messages retirés": "author.prior_violations",
    "reçu le": "received_at", "langue": "lang", "fil": "thread_id", "identifiant": "id",
}  # fmt: skip


def _kind(word: str) -> str:
    kind = KINDS.get(word.strip().lower(), word.strip().lower())
    assert kind in KINDS.values(), f"type de message inconnu `{word}` : {', '.join(KINDS)}"
    return kind


# ---------------------------------------------------------------- la politique


@given("la politique par défaut", target_fixture="world")
def politique_par_defaut() -> World:
    return w.default_policy()


@given(parsers.parse('la politique du fichier "{chemin}"'), target_fixture="world")
def politique_du_fichier(request: pytest.FixtureRequest, chemin: str) -> World:
    return w.policy_file(request.config.rootpath, chemin)


@given("la politique suivante :", target_fixture="world")
def politique_suivante(request: pytest.FixtureRequest, docstring: str) -> World:
    return w.policy_text(request.config.rootpath, docstring)


# ---------------------------------------------------------------- le message


@given(parsers.parse('un message "{texte}"'))
@when(parsers.parse('un message "{texte}"'))
def un_message(world: World, texte: str) -> None:
    w.new_message(world, texte)


@given(parsers.parse("un commentaire publié sur {canal}"))
@when(parsers.parse("un commentaire publié sur {canal}"))
def un_commentaire(world: World, canal: str) -> None:
    w.new_message(world, kind="comment", channel=canal.strip())


@given(parsers.parse("un message privé reçu sur {canal}"))
@when(parsers.parse("un message privé reçu sur {canal}"))
def un_message_prive(world: World, canal: str) -> None:
    w.new_message(world, kind="dm", channel=canal.strip())


@given(parsers.parse("le message est publié sur {canal}"))
@when(parsers.parse("le message est publié sur {canal}"))
def publie_sur(world: World, canal: str) -> None:
    w.set_field(world, "channel", canal.strip())


@given(parsers.parse("le message est de type {genre}"))
@when(parsers.parse("le message est de type {genre}"))
def de_type(world: World, genre: str) -> None:
    w.set_field(world, "kind", _kind(genre))


@given(parsers.parse("l'auteur a {nombre:d} abonnés"))
@when(parsers.parse("l'auteur a {nombre:d} abonnés"))
def abonnes(world: World, nombre: int) -> None:
    w.set_field(world, "author.followers", nombre)


@given("l'auteur est vérifié")
@when("l'auteur est vérifié")
def verifie(world: World) -> None:
    w.set_field(world, "author.verified", True)


@given("l'auteur n'est pas vérifié")
@when("l'auteur n'est pas vérifié")
def pas_verifie(world: World) -> None:
    w.set_field(world, "author.verified", False)


@given(parsers.parse("l'auteur s'appelle \"{nom}\""))
@when(parsers.parse("l'auteur s'appelle \"{nom}\""))
def s_appelle(world: World, nom: str) -> None:
    w.set_field(world, "author.name", nom)


@given(parsers.parse('l\'auteur a pour pseudo "{pseudo}"'))
@when(parsers.parse('l\'auteur a pour pseudo "{pseudo}"'))
def pseudo(world: World, pseudo: str) -> None:
    w.set_field(world, "author.handle", pseudo)


@given(parsers.parse("l'auteur a déjà eu {nombre:d} messages retirés"))
@when(parsers.parse("l'auteur a déjà eu {nombre:d} messages retirés"))
def messages_retires(world: World, nombre: int) -> None:
    w.set_field(world, "author.prior_violations", nombre)


@given(parsers.parse('le message est reçu le "{horodatage}"'))
@when(parsers.parse('le message est reçu le "{horodatage}"'))
def recu_le_horodatage(world: World, horodatage: str) -> None:
    w.set_field(world, "received_at", horodatage)


@given(parsers.parse("le message est reçu un {jour} à {heure}"))
@when(parsers.parse("le message est reçu un {jour} à {heure}"))
def recu_un_jour(world: World, jour: str, heure: str) -> None:
    w.received_on(world, jour, heure, DAYS)


@given(parsers.parse('la langue du message est "{langue}"'))
@when(parsers.parse('la langue du message est "{langue}"'))
def langue(world: World, langue: str) -> None:
    w.set_field(world, "lang", langue)


# ---------------------------------------------------------------- la décision


@when("le message est décidé")
def decide(world: World) -> None:
    w.decide(world)


@when(parsers.parse('le message "{texte}" est décidé'))
def decide_texte(world: World, texte: str) -> None:
    w.decide(world, texte)


@when(parsers.parse('le message "{texte}" est décidé deux fois'))
def decide_deux_fois(world: World, texte: str) -> None:
    w.decide(world, texte)
    w.decide(world, texte)


@when("le message suivant est décidé :")
def decide_tableau(world: World, datatable: list[list[str]]) -> None:
    w.decide_table(world, datatable, FIELDS, KINDS)


# ---------------------------------------------------------------- l'action


@then(parsers.parse("l'action est {action}"))
@then(parsers.parse("la décision est de {action}"))
def action_est(world: World, action: str) -> None:
    assert world.decision.action is w.action(action, ACTIONS), w.explain(world.decision)


@then("le message est retiré")
def retire(world: World) -> None:
    """Masqué ou supprimé : les deux retirent le message de la vue du public."""
    assert world.decision.action in {Action.HIDE, Action.DELETE}, w.explain(world.decision)


@then("le message n'est pas retiré")
def pas_retire(world: World) -> None:
    assert world.decision.action not in {Action.HIDE, Action.DELETE}, w.explain(world.decision)


@then("l'action par défaut s'applique")
def action_par_defaut(world: World) -> None:
    assert world.decision.default_applied, w.explain(world.decision)


# ---------------------------------------------------------------- les escalades


@then(parsers.parse('le message est escaladé à "{equipe}"'))
def escalade(world: World, equipe: str) -> None:
    assert equipe in {e.team for e in world.decision.escalations}, w.explain(world.decision)


@then(parsers.parse('le message est escaladé à "{equipe}" avec la priorité {priorite}'))
def escalade_priorite(world: World, equipe: str, priorite: str) -> None:
    wanted = w.priority(priorite, PRIORITIES)
    assert any(e.team == equipe and e.priority is wanted for e in world.decision.escalations), w.explain(world.decision)


@then(parsers.parse('le message n\'est pas escaladé à "{equipe}"'))
def pas_escalade(world: World, equipe: str) -> None:
    assert equipe not in {e.team for e in world.decision.escalations}, w.explain(world.decision)


@then("le message n'est escaladé à personne")
def escalade_a_personne(world: World) -> None:
    assert world.decision.escalations == (), w.explain(world.decision)


@then(parsers.parse('l\'escalade à "{equipe}" est due dans {delai}'))
def escalade_due(world: World, equipe: str, delai: str) -> None:
    from policy.model import parse_timestamp

    received = parse_timestamp(world.message["received_at"], "received_at")
    found = [e for e in world.decision.escalations if e.team == equipe]
    assert found, w.explain(world.decision)
    assert (found[0].due_at - received).total_seconds() == w.duration(delai), w.explain(world.decision)


# ---------------------------------------------------------------- les règles


@then(parsers.parse('la règle "{regle}" s\'applique'))
def regle_s_applique(world: World, regle: str) -> None:
    assert regle in world.decision.rule_ids, w.explain(world.decision)


@then(parsers.parse('la règle "{regle}" ne s\'applique pas'))
def regle_ne_s_applique_pas(world: World, regle: str) -> None:
    assert regle not in world.decision.rule_ids, w.explain(world.decision)


@then(parsers.parse('seule la règle "{regle}" s\'applique'))
def seule_regle(world: World, regle: str) -> None:
    assert world.decision.rule_ids == (regle,), w.explain(world.decision)


@then(parsers.parse('la règle "{regle}" s\'applique mais perd face à "{gagnante}"'))
def regle_perd(world: World, regle: str, gagnante: str) -> None:
    assert regle in world.decision.rule_ids, w.explain(world.decision)
    assert any(o.rule == regle and o.by == gagnante for o in world.decision.overridden), w.explain(world.decision)


@then(parsers.parse('la règle "{regle}" est écartée'))
def regle_ecartee(world: World, regle: str) -> None:
    assert regle in {o.rule for o in world.decision.overridden}, w.explain(world.decision)


@then("aucune règle ne s'applique")
def aucune_regle(world: World) -> None:
    assert world.decision.matched == () and world.decision.default_applied, w.explain(world.decision)


# ---------------------------------------------------------------- les preuves


@then(parsers.parse('le mot "{texte}" est surligné'))
@then(parsers.parse('le passage "{texte}" est surligné'))
def surligne(world: World, texte: str) -> None:
    assert w.highlighted(world, texte), w.explain(world.decision)


@then(parsers.parse('le mot "{texte}" est surligné par la règle "{regle}"'))
@then(parsers.parse('le passage "{texte}" est surligné par la règle "{regle}"'))
def surligne_par(world: World, texte: str, regle: str) -> None:
    assert w.highlighted(world, texte, regle), w.explain(world.decision)


@then(parsers.parse('le mot "{texte}" n\'est pas surligné'))
def pas_surligne(world: World, texte: str) -> None:
    assert not w.highlighted(world, texte), w.explain(world.decision)


@then("la preuve est conservée")
def preuve_conservee(world: World) -> None:
    assert world.decision.keep_evidence, w.explain(world.decision)


@then("la preuve n'est pas conservée")
def preuve_pas_conservee(world: World) -> None:
    assert not world.decision.keep_evidence, w.explain(world.decision)


# ---------------------------------------------------------------- la qualification et les textes cités


@then(parsers.parse('la qualification juridique est "{qualification}"'))
def qualification_est(world: World, qualification: str) -> None:
    assert w.qualifications(world.decision) == w.categories(qualification, CATEGORIES), w.explain(world.decision)


@then(parsers.parse('la qualification juridique comprend "{qualification}"'))
def qualification_comprend(world: World, qualification: str) -> None:
    assert w.categories(qualification, CATEGORIES) <= w.qualifications(world.decision), w.explain(world.decision)


@then(parsers.parse('la qualification juridique n\'est pas "{qualification}"'))
def qualification_n_est_pas(world: World, qualification: str) -> None:
    assert not w.categories(qualification, CATEGORIES) & w.qualifications(world.decision), w.explain(world.decision)


@then("il n'y a aucune qualification juridique")
def aucune_qualification(world: World) -> None:
    assert not w.qualifications(world.decision) - {"none"}, w.explain(world.decision)


@then(parsers.parse('la décision cite "{texte}"'))
def decision_cite(world: World, texte: str) -> None:
    assert any(texte in c for c in w.citations(world.decision)), w.explain(world.decision)


@then(parsers.parse('la décision ne cite pas "{texte}"'))
def decision_ne_cite_pas(world: World, texte: str) -> None:
    assert not any(texte in c for c in w.citations(world.decision)), w.explain(world.decision)


@then(parsers.parse('la règle "{regle}" cite "{texte}"'))
def regle_cite(world: World, regle: str, texte: str) -> None:
    assert any(texte in c for c in w.citations(world.decision, regle)), w.explain(world.decision)


# ---------------------------------------------------------------- la réponse


@then(parsers.parse('la réponse proposée contient "{texte}"'))
def reponse_contient(world: World, texte: str) -> None:
    assert texte in (world.decision.reply or ""), w.explain(world.decision)


@then(parsers.parse('la réponse proposée est "{texte}"'))
def reponse_est(world: World, texte: str) -> None:
    assert world.decision.reply == texte, w.explain(world.decision)


@then("aucune réponse n'est proposée")
def aucune_reponse(world: World) -> None:
    assert world.decision.reply is None, w.explain(world.decision)


# ---------------------------------------------------------------- erreurs et déterminisme


@then(parsers.parse('la décision signale une erreur pour la règle "{regle}"'))
def erreur(world: World, regle: str) -> None:
    assert regle in {e.rule for e in world.decision.errors}, w.explain(world.decision)


@then("la décision ne signale aucune erreur")
def aucune_erreur(world: World) -> None:
    assert world.decision.errors == (), w.explain(world.decision)


@then("les deux décisions sont identiques, durée mise à part")
def identiques(world: World) -> None:
    assert w.same_decisions(world)
