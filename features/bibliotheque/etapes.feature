# language: fr
Fonctionnalité: La bibliothèque d'étapes, en français
  Chaque phrase qu'un scénario peut employer, essayée au moins une fois sur une petite politique
  (features/bibliotheque/boutique.roe). Le catalogue est dans docs/guide-juridique.md.

  Contexte:
    Soit la politique du fichier "features/bibliotheque/boutique.roe"

  Scénario: Un message décrit champ par champ
    Soit un message "merci pour tout"
    Et le message est publié sur instagram
    Et le message est de type avis
    Et l'auteur s'appelle "Léa"
    Et l'auteur a pour pseudo "@lea"
    Et l'auteur a 12000 abonnés
    Et l'auteur est vérifié
    Et l'auteur a déjà eu 0 messages retirés
    Et la langue du message est "fr"
    Quand le message est décidé
    Alors l'action est escalader
    Et le message est escaladé à "pr" avec la priorité haute
    Et l'escalade à "pr" est due dans 1h
    Et le message n'est pas escaladé à "legal"
    Et la règle "remerciement" est écartée
    Et la règle "remerciement" s'applique mais perd face à "vip"
    Et la règle "injure" ne s'applique pas
    Et la qualification juridique est "crise et éloge"
    Et la décision ne signale aucune erreur
    Et aucune réponse n'est proposée

  Scénario: Un auteur très suivi mais pas vérifié
    Soit un message "merci"
    Et l'auteur a 20000 abonnés
    Et l'auteur n'est pas vérifié
    Quand le message est décidé
    Alors la règle "vip" ne s'applique pas

  Scénario: Un message décrit par un tableau
    Quand le message suivant est décidé :
      | texte            | merci beaucoup            |
      | canal            | facebook                  |
      | type             | commentaire               |
      | auteur           | Paul                      |
      | pseudo           | @paul                     |
      | abonnés          | 3                         |
      | vérifié          | non                       |
      | messages retirés | 0                         |
      | reçu le          | 2026-01-14T10:00:00+01:00 |
      | langue           | fr                        |
    Alors la décision est de répondre
    Et seule la règle "remerciement" s'applique
    Et la réponse proposée est "Merci Paul !"
    Et la réponse proposée contient "Paul"
    Et la qualification juridique comprend "éloge"
    Et la qualification juridique n'est pas "injure"
    Et le message n'est escaladé à personne
    Et le message n'est pas retiré

  Scénario: Une injure retirée, surlignée, citée
    Soit un commentaire publié sur facebook
    Quand le message "espèce d'abruti" est décidé
    Alors la décision est de supprimer
    Et le message est retiré
    Et la preuve est conservée
    Et le mot "abruti" est surligné
    Et le mot "abruti" est surligné par la règle "injure"
    Et le passage "abruti" est surligné
    Et le mot "espèce" n'est pas surligné
    Et la décision cite "art. 29 al. 2"
    Et la règle "injure" cite "Loi du 29 juillet 1881"
    Et la décision ne cite pas "Code pénal"
    Et la qualification juridique est "injure"

  Scénario: Le jour et l'heure d'arrivée
    Soit un message "urgence : plus de courant"
    Et le message est reçu un dimanche à 23:00
    Quand le message est décidé
    Alors le message est escaladé à "legal"
    Et l'escalade à "legal" est due dans 30m
    Et la preuve n'est pas conservée

  Scénario: Une heure précise d'arrivée
    Soit un message "urgence : plus de courant"
    Et le message est reçu le "2026-01-14T10:00:00+01:00"
    Quand le message est décidé
    Alors l'action par défaut s'applique
    Et aucune règle ne s'applique
    Et il n'y a aucune qualification juridique

  Scénario: Une règle qui ne peut pas être évaluée ne laisse rien passer
    Soit la politique suivante :
      """
      policy "Fragile" version "1"
      default answer
      on error escalate to moderation
      rule recidive when author.prior_violations > 2 then hide cite "Charte, art. 3"
      """
    Et un message privé reçu sur messenger
    Quand le message "bonjour" est décidé
    Alors la décision signale une erreur pour la règle "recidive"
    Et le message est escaladé à "moderation"

  Plan du scénario: Les plans de scénario remplacent les <valeurs> dans les phrases et les tableaux
    Quand le message suivant est décidé :
      | texte   | <texte>   |
      | abonnés | <abonnés> |
    Alors l'action est <action>

    Exemples:
      | texte           | abonnés | action   |
      | merci           | 12      | répondre |
      | espèce d'abruti | 12      | supprimer |
