# language: fr
Fonctionnalité: Charte §2.2 — retirer les contenus manifestement illicites ou nuisibles
  Une fois que le CM a vu un contenu manifestement illicite, le laisser en ligne engage la marque
  (LCEN art. 6-I-2 ; loi du 29 juillet 1982, art. 93-3). « Retirer » veut dire masquer ou supprimer.
  Sources : LEGAL.md §2.2 ; loi du 29 juillet 1881, art. 24, 29 al. 2, 32 al. 2-3, 33 al. 2-4 ;
  RGPD ; Code des postes et des communications électroniques, art. L. 34-5.

  Contexte:
    Soit la politique par défaut
    Et un commentaire publié sur facebook

  Plan du scénario: L'injure publique envers une personne identifiable est retirée, la preuve gardée
    Quand le message "<message>" est décidé
    Alors le message est retiré
    Et la preuve est conservée
    Et la qualification juridique comprend "injure"
    Et la décision cite "art. 29 al. 2"

    Exemples: Une personne nommée, décrite, ou désignée par sa fonction
      | message                                            |
      | Julien est un connard                              |
      | la caissière blonde de Nantes est une grosse conne |
      | le vendeur du rayon luminaires est un abruti fini  |

  Scénario: Le mot injurieux et la personne visée sont surlignés
    Quand le message "Julien est un connard" est décidé
    Alors le mot "connard" est surligné par la règle "injure_publique"
    Et le mot "Julien" est surligné

  Plan du scénario: Les propos haineux envers un groupe protégé sont retirés, la preuve gardée (prescription d'un an)
    Quand le message "<message>" est décidé
    Alors le message est retiré
    Et la preuve est conservée
    Et la qualification juridique comprend "haine"
    Et la décision cite "art. 65-3"

    Exemples: Injure, provocation, déshumanisation ou diffamation à raison de l'origine, de la religion, du handicap
      | message                                         |
      | dégage sale arabe                               |
      | les immigrés sont des parasites                 |
      | il faut virer tous les handicapés de vos magasins |
      | les noirs sont tous des voleurs                 |
      | les musulmans de ce magasin volent tous dans la caisse |

  Plan du scénario: Les données personnelles d'un tiers sont retirées
    Quand le message "<message>" est décidé
    Alors le message est retiré
    Et la qualification juridique comprend "données personnelles"
    Et la décision cite "RGPD"

    Exemples:
      | message                                        |
      | le livreur c'est lui : 06 12 34 56 78          |
      | voici l'email de ma voisine : lea.martin@gmail.com |

  Plan du scénario: L'auteur qui publie ses propres coordonnées est protégé : le message est masqué, l'échange continue en privé
    Quand le message "<message>" est décidé
    Alors l'action est masquer
    Et la qualification juridique comprend "données personnelles"
    Et la preuve n'est pas conservée

    Exemples:
      | message                                                             |
      | appelez-moi au 06 12 34 56 78 pour le remboursement                 |
      | mon IBAN FR76 3000 6000 0112 3456 7890 189 pour le remboursement svp |
      | ma carte bleue 4111 1111 1111 1111 pour le remboursement            |

  Scénario: Les numéros de l'organisation elle-même ne sont pas des données personnelles
    Quand le message "appelez le 09 69 32 10 10 pour le SAV" est décidé
    Alors le message n'est pas retiré
    Et la qualification juridique n'est pas "données personnelles"

  Plan du scénario: Le spam et les arnaques sont supprimés
    Quand le message "<message>" est décidé
    Alors l'action est supprimer
    Et la qualification juridique comprend "spam"
    Et la décision cite "L. 34-5"

    Exemples:
      | message                                                                  |
      | 🔥 Gagnez un iPhone 15 ! Cliquez sur le lien dans ma bio 🔥              |
      | Je gagne 500€ par jour grâce au trading bitcoin, écris-moi sur WhatsApp  |

  Scénario: Gagner un concours n'est pas du spam
    Quand le message "j'ai gagné le concours de la semaine dernière, merci !" est décidé
    Alors le message n'est pas retiré
