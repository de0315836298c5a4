# language: fr
Fonctionnalité: Charte §2.5 — ignorer le bruit, les conversations entre utilisateurs et les injures privées sans demande
  Un troll ne mérite pas de réponse ; un juron qui ne vise personne non plus. Une injure en message
  privé, non publique, est au plus une contravention (C. pén. art. R. 621-2) : sans demande, rien à
  répondre — mais si le message contient aussi une demande, on y répond.

  Contexte:
    Soit la politique par défaut
    Et un commentaire publié sur facebook

  Plan du scénario: Le bruit et le bavardage entre utilisateurs sont ignorés
    Quand le message "<message>" est décidé
    Alors l'action est ignorer
    Et aucune réponse n'est proposée
    Et le message n'est escaladé à personne

    Exemples: Émojis, identifications, bavardage
      | message               |
      | 😍😍😍                |
      | @lea_b regarde ça mdr |
      | @tom_r tu viens samedi ? |
      | first!                |

    Exemples: Un juron qui ne vise personne
      | message         |
      | putain de lundi |
      | merde alors     |

  Scénario: Une injure en message privé, sans demande, est ignorée
    Soit un message privé reçu sur instagram
    Quand le message "t'es qu'un connard" est décidé
    Alors l'action est ignorer
    Et la qualification juridique est "injure non publique"
    Et la décision cite "R. 621-2"

  Scénario: Une injure en message privé qui contient une demande reçoit une réponse
    Soit un message privé reçu sur instagram
    Quand le message "Julien est un connard, et remboursez ma commande" est décidé
    Alors l'action est répondre
    Et la règle "injure_privee" s'applique mais perd face à "question"
