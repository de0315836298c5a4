# language: fr
Fonctionnalité: Charte §2.3 — confier au juridique les faits précis imputés et les demandes juridiques
  Un fait précis imputé à une personne (physique ou morale) identifiable peut être une diffamation
  (loi du 29 juillet 1881, art. 29 al. 1), même sous forme dubitative, par insinuation ou rapporté ;
  sa vérité (art. 35) et la bonne foi ne se jugent pas en modération : ni suppression, ni réponse sur
  le fond, le juridique décide. Les demandes juridiques (mise en demeure, droits RGPD, autorité,
  action de groupe, discrimination) engagent la marque et ont des délais légaux.

  Contexte:
    Soit la politique par défaut
    Et un commentaire publié sur facebook

  Plan du scénario: Un fait précis imputé à une personne identifiable va au juridique, sans retrait ni réponse
    Quand le message "<message>" est décidé
    Alors l'action est escalader
    Et le message n'est pas retiré
    Et le message est escaladé à "legal"
    Et la preuve est conservée
    Et la qualification juridique comprend "diffamation"
    Et la décision cite "art. 29 al. 1"

    Exemples: Affirmé, douteux, insinué, rapporté, vraisemblable, visant un élu ou l'entreprise
      | forme         | message                                                            |
      | affirmée      | Julien, le gérant du magasin de Rennes, pique dans la caisse      |
      | dubitative    | je me demande si le gérant de Rennes ne se sert pas dans la caisse |
      | insinuation   | suivez mon regard vers le gérant de Rennes et la caisse qui se vide |
      | rapportée     | il paraît que le directeur de Metz a détourné l'argent des primes  |
      | vraisemblable | le gérant de Rennes a été condamné pour vol en 2019                |
      | élu (art. 31) | le maire de Nantes a touché des pots-de-vin de Maison Lumière      |
      | personne morale | Maison Lumière fraude le fisc depuis des années                  |

  Scénario: Le fait et la personne visée sont surlignés
    Quand le message "Julien, le gérant du magasin de Rennes, pique dans la caisse" est décidé
    Alors le mot "pique" est surligné par la règle "diffamation"
    Et le passage "le gérant du magasin de Rennes" est surligné

  Scénario: En message privé, le fait précis va aussi au juridique (contravention)
    Soit un message privé reçu sur messenger
    Quand le message "Julien, le gérant du magasin de Rennes, pique dans la caisse" est décidé
    Alors le message est escaladé à "legal"
    Et la qualification juridique est "diffamation non publique"
    Et la décision cite "R. 621-1"

  Plan du scénario: Une demande juridique va au juridique
    Quand le message "<message>" est décidé
    Alors le message est escaladé à "legal"
    Et la qualification juridique comprend "juridique"

    Exemples:
      | demande              | message                                                          |
      | mise en demeure      | Je vous mets en demeure de me rembourser sous 8 jours            |
      | droits RGPD          | conformément au RGPD, supprimez mes données personnelles         |
      | droit d'accès        | je demande l'accès à toutes mes données personnelles (article 15 RGPD) |
      | autorité             | je vais porter plainte auprès de la CNIL                         |
      | autorité             | j'ai saisi la DGCCRF contre vous                                 |
      | action de groupe     | on prépare une action de groupe contre Maison Lumière            |
      | discrimination       | votre vendeur m'a refusé l'accès au magasin parce que je suis noir |

  Scénario: Une plainte pour discrimination est prioritaire et sa preuve gardée
    Quand le message "on m'a refusé l'entrée parce que je porte le voile" est décidé
    Alors le message est escaladé à "legal" avec la priorité haute
    Et la preuve est conservée
    Et la décision cite "225-1"
