# language: fr
Fonctionnalité: Charte §2.4 — répondre aux clients, même quand la critique est rude
  Les appréciations, même excessives, sur les produits et les services d'une entreprise ne sont pas
  une diffamation (Cass. 1re civ., 20 sept. 2012, n° 11-20.963) ; une opinion sans fait précis non
  plus. Une réclamation, une question, un compliment reçoivent une réponse.

  Contexte:
    Soit la politique par défaut
    Et un commentaire publié sur facebook

  Plan du scénario: On répond aux réclamations, aux questions, aux compliments et aux critiques, même rudes
    Quand le message "<message>" est décidé
    Alors l'action est répondre
    Et le message n'est escaladé à personne
    Et le message n'est pas retiré
    Et la qualification juridique n'est pas "diffamation"

    Exemples:
      | genre              | message                                                        |
      | réclamation        | ma commande n'est jamais arrivée, c'est inadmissible           |
      | réclamation rude   | putain ma commande est encore en retard                        |
      | critique excessive | vos lampes sont de la camelote, une arnaque totale à 80 €      |
      | critique profane   | votre service client c'est vraiment de la merde                |
      | sarcasme           | bravo pour le colis arrivé en miettes, vraiment top le service 👏 |
      | opinion            | vos lampes sont hors de prix                                   |
      | opinion            | c'est nul, la pire marque de luminaires de France              |
      | question           | vous êtes ouverts dimanche ?                                   |
      | question           | est-ce que la lampe Lune existe en bleu ?                      |
      | compliment         | super accueil au magasin de Nantes, merci !                    |
      | compliment         | merci beaucoup pour la lampe, elle est magnifique              |

  Scénario: La réponse à une réclamation salue le client par son nom et l'invite en message privé
    Soit un commentaire publié sur instagram
    Et l'auteur s'appelle "Léa"
    Quand le message "ma commande n'est jamais arrivée, c'est inadmissible" est décidé
    Alors la réponse proposée contient "Bonjour Léa"
    Et la réponse proposée contient "message privé"
    Et la qualification juridique est "service client"
    Et la décision cite "Cass. 1re civ., 20 sept. 2012"

  Scénario: Sans nom d'auteur, la réponse reste polie
    Quand le message "ma commande n'est jamais arrivée, c'est inadmissible" est décidé
    Alors la réponse proposée contient "Bonjour à vous"

  Scénario: Un compliment reçoit un remerciement
    Quand le message "super accueil au magasin de Nantes, merci !" est décidé
    Alors la réponse proposée contient "Merci beaucoup"
    Et la qualification juridique est "éloge"

  Scénario: Une réclamation d'un auteur très suivi est aussi signalée aux relations presse
    Soit un commentaire publié sur x
    Et l'auteur a 250000 abonnés
    Quand le message "ma commande n'est jamais arrivée, inadmissible" est décidé
    Alors le message est escaladé à "pr"
    Et la règle "viralite" s'applique
