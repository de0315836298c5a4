# language: fr
Fonctionnalité: Comment une politique décide
  Toutes les règles sont évaluées ; l'action la plus forte l'emporte
  (supprimer > masquer > escalader > répondre > ignorer) ; les escalades s'additionnent ;
  sans règle applicable, l'action par défaut s'applique ; une règle qui ne peut pas être évaluée
  ne laisse jamais passer un message : l'action « en cas d'erreur » s'ajoute à la décision.

  Contexte:
    Soit la politique suivante :
      """
      policy "Charte de test" version "1"
      default answer
      on error escalate to moderation
      team legal "Direction juridique" within 4h
      team pr "Relations presse" within 1h
      lexicon insultes = ["connard", "abruti"]
      rule plainte "Client mécontent" when text contains any ["commande", "colis"] then answer
      rule injure "Injure" when text contains any insultes then delete, keep evidence
      rule presse "Journaliste" when text contains "journaliste" then escalate to pr
      rule juridique "Avocat" when text contains "avocat" then escalate to legal priority high
      rule vip "Compte très suivi" when author.followers >= 100000 and text contains "boycott" then escalate to pr priority critical
      """

  Scénario: L'action la plus forte l'emporte
    Quand le message "mon colis est en retard, espèce d'abruti" est décidé
    Alors l'action est delete
    Et la règle "injure" s'applique
    Et la règle "plainte" s'applique mais perd face à "injure"

  Scénario: Les escalades s'additionnent, même sous une suppression
    Quand le message "journaliste ici : votre avocat est un connard ?" est décidé
    Alors l'action est delete
    Et le message est escaladé à "pr"
    Et le message est escaladé à "legal" avec la priorité high
    Et la preuve est conservée

  Scénario: Sans règle applicable, l'action par défaut s'applique
    Quand le message "bonjour tout le monde" est décidé
    Alors l'action est answer
    Et aucune règle ne s'applique

  Scénario: Une règle qui ne peut pas être évaluée ne laisse rien passer
    Quand le message "boycott !" est décidé
    Alors l'action est escalate
    Et le message est escaladé à "moderation"
    Et la décision signale une erreur pour la règle "vip"

  Scénario: La même décision, deux fois
    Quand le message "mon colis, espèce d'abruti" est décidé deux fois
    Alors les deux décisions sont identiques, durée mise à part

  Plan du scénario: Chaque action a sa place dans l'ordre de force
    Quand le message "<message>" est décidé
    Alors l'action est <action>

    Exemples:
      | message                              | action   |
      | ma commande est arrivée              | answer   |
      | un journaliste demande un avis       | escalate |
      | un journaliste traite le CM d'abruti | delete   |
