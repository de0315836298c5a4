# language: fr
Fonctionnalité: Charte §2.1 — escalader les menaces, le harcèlement, le doxxing et les signaux de crise
  « Escalader » veut dire que la décision porte l'escalade, quoi qu'elle fasse par ailleurs : une
  menace est aussi retirée, sa preuve gardée. Sources : LEGAL.md §2.1 ; C. pén. art. 222-17, 222-18,
  322-12 (menaces), 222-33-2-2 (harcèlement en ligne), 223-1-1 (doxxing).

  Contexte:
    Soit la politique par défaut
    Et un commentaire publié sur facebook

  Plan du scénario: Une menace contre une personne ou un bien est retirée, la preuve gardée, le juridique prévenu
    Quand le message "<message>" est décidé
    Alors l'action est supprimer
    Et le message est escaladé à "legal" avec la priorité critique
    Et la preuve est conservée
    Et la qualification juridique est "menace"
    Et la décision cite "Code pénal, art. 222-17"

    Exemples:
      | message                                                     |
      | je sais où tu habites, tu vas le payer                      |
      | si vous ne me remboursez pas je viens vous casser la gueule |
      | je vais te retrouver et te tuer                             |
      | je vais brûler votre magasin                                |

  Scénario: Les mots de la menace sont surlignés pour le juriste
    Quand le message "je sais où tu habites, tu vas le payer" est décidé
    Alors le passage "je sais où tu habites" est surligné par la règle "menace"

  Scénario: Une menace écrite en message privé reste une menace : un écrit suffit (art. 222-17)
    Soit un message privé reçu sur instagram
    Quand le message "je vais te retrouver et te tuer" est décidé
    Alors le message est retiré
    Et le message est escaladé à "legal"

  Scénario: La personne qui rapporte une menace reçue n'est pas censurée
    Quand le message "un vendeur de votre magasin de Lille m'a menacé de me frapper" est décidé
    Alors l'action est escalader
    Et le message n'est pas retiré
    Et le message est escaladé à "legal"
    Et la preuve est conservée

  Scénario: L'hyperbole n'est pas une menace
    Quand le message "ce prix me tue" est décidé
    Alors le message n'est escaladé à personne
    Et la qualification juridique n'est pas "menace"

  Plan du scénario: Un harcèlement en ligne, même coordonné, est escaladé et sa preuve gardée
    Quand le message "<message>" est décidé
    Alors le message est escaladé à "legal"
    Et le message est escaladé à "moderation"
    Et la preuve est conservée
    Et la qualification juridique comprend "harcèlement"
    Et la décision cite "222-33-2-2"

    Exemples: Un raid ou un acharnement
      | message                                                                |
      | tout le monde sur son compte, on la lâche pas tant qu'elle répond pas |
      | ça fait 3 semaines que des comptes s'acharnent sur votre vendeuse      |

    Exemples: Un appel à un raid en d'autres mots
      | message                                                                         |
      | on se donne tous rendez-vous ce soir sur le compte de la vendeuse pour la pourrir |
      | tout le monde va signaler son compte en masse ce soir, on la fait tomber        |

  Plan du scénario: Des coordonnées publiées pour exposer quelqu'un (doxxing) sont retirées et escaladées
    Quand le message "<message>" est décidé
    Alors l'action est supprimer
    Et le message est escaladé à "legal" avec la priorité haute
    Et la preuve est conservée
    Et la qualification juridique est "doxxing, données personnelles"
    Et la décision cite "223-1-1"

    Exemples:
      | message                                                               |
      | voici son numéro perso : 06 12 34 56 78, appelez-le tous              |
      | voici l'adresse de la caissière, 12 rue des Lilas à Rennes, faites-lui payer |

  Plan du scénario: Un signal de crise va à l'équipe qui doit agir
    Quand le message "<message>" est décidé
    Alors l'action est escalader
    Et le message est escaladé à "<équipe>" avec la priorité <priorité>
    Et la qualification juridique comprend "<qualification>"

    Exemples:
      | message                                                                          | équipe | priorité | qualification |
      | la lampe de chevet a pris feu cette nuit dans la chambre de mon fils             | safety | haute    | crise         |
      | mon enfant a avalé une pièce du jouet, on est aux urgences                       | safety | haute    | crise         |
      | j'ai plus envie de vivre, même votre SAV me lâche                                | safety | critique | crise         |
      | Bonjour, journaliste au Parisien, pouvez-vous commenter le rappel des lampes ?   | pr     | haute    | crise         |
      | #BoycottMaisonLumiere partagez massivement !                                     | pr     | normale  | crise         |
      | Attention, le faux compte @MaisonLumiere_Offre demande vos codes de carte !      | pr     | haute    | usurpation    |
      | un faux compte Maison Lumière me demande mes codes bancaires par message         | pr     | haute    | usurpation    |

    Exemples: Un message qui circule
      | message                                                                                 | équipe | priorité | qualification |
      | ce post a déjà été partagé 20 000 fois, tout le monde parle de vos lampes qui explosent | pr     | normale  | crise         |

  Scénario: Un hameçonnage au nom de la marque, sans la nommer, est retiré et escaladé
    # « Service client officiel » sur la page de la marque : c'est elle qu'on imite. L'arnaque est
    # retirée (spam) et l'escalade aux relations presse demeure (§2.1).
    Quand le message "Service client officiel : cliquez ici pour récupérer votre remboursement et entrez vos codes" est décidé
    Alors l'action est supprimer
    Et le message est escaladé à "pr" avec la priorité haute
    Et la qualification juridique comprend "usurpation"

  Scénario: Une personne en détresse est orientée en un quart d'heure, jamais ignorée
    Quand le message "j'ai plus envie de vivre" est décidé
    Alors le message est escaladé à "safety" avec la priorité critique
    Et l'escalade à "safety" est due dans 15m
    Et le message n'est pas retiré

  Scénario: Un signal de sécurité un dimanche soir réveille l'astreinte
    Soit un commentaire publié sur facebook
    Et le message est reçu un dimanche à 23:10
    Quand le message "la lampe a pris feu" est décidé
    Alors le message est escaladé à "pr" avec la priorité critique
    Et la règle "securite_hors_service" s'applique
