"""Analysis stage: doxxing — data about a third party posted with intent to expose them (C. pén. 223-1-1).

Built on `find_pii`: personal data alone is hidden by the charter, not escalated. What turns it into
doxxing is the *purpose*: revealing where someone lives or works, or how to reach them, so that others
act against them ("voici son adresse, allez lui rendre visite", "je balance le numéro de la caissière",
"everyone go tell him what you think"). So the detector needs both:

- data about someone else: a `PiiMatch` owned by a third party, or a reference to where a third party
  lives / works / when they finish ("il habite rue des Lilas", "le numéro de la caissière"), which
  identifies or locates a person even without a number;
- an intent phrase: a call to go, call, harass or wait for the person, or an announcement of a leak.

How much is needed depends on how strong the intent is:

- a strong intent — go, call, harass, wait for, leak ("allez lui rendre visite", "je balance…") —
  counts with third-party or unknown-owner data, whereabouts, or a possessive ("son adresse");
- a call to spread only ("partagez", "faites tourner") counts with whereabouts (and then any
  third-party data next to them);
- a suggestion that names no act ("je dis ça je dis rien", "do with that what you want", "someone
  must know him") counts with whereabouts or with data said to be someone else's.

Knowing where someone lives ("je sais où tu habites") reveals nothing: it is a threat (222-17), not a
disclosure. A bare "appelez-le" gives a number to call; only a call to do it en masse, day and night,
or to harass, is an intent to expose.

A possessive is often a company's ("le SAV m'a donné son numéro") and "partagez" is everyday, hence
the two levels. A customer giving their own number to be called back is never doxxing: data whose owner
is the author does not count.

`reason` is one French sentence for the CM; it quotes masked data only, never the data itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import re2  # google-re2: linear-time gate, already a project dependency

from policy.analyzers.base import Cost, Finding
from policy.analyzers.pii import PiiMatch, fold

__all__ = ["COST", "DoxxingResult", "detect_doxxing"]

COST = Cost.PATTERNS


@dataclass(frozen=True, slots=True)
class DoxxingResult:
    """Verdict, evidence (`pii.*`, `doxxing.reference`, `doxxing.intent` spans) and a sentence for a CM."""

    is_doxxing: bool
    findings: tuple[Finding, ...]
    reason: str


# All patterns run on `fold(text)`: lower case, no accents, same offsets as the original.

# Where a person lives or works, or how to reach them.
_LOCATING = (
    r"(?:adresse|domicile|maison|appart(?:ement)?|immeuble|num(?:ero)?s?|n°|tel|telephone|portable|06|07|"
    r"mail|e-?mail|boulot|travail|taf|bureau|lieu\s+de\s+travail|ecole|college|lycee|planning|horaires?|"
    r"emploi\s+du\s+temps|plaque|immat|coordonnees|ip)"
)
_LEAK_VERB = (
    r"(?:balance|balancer|leak|leake|devoile|devoiler|affiche|afficher|publie|publier|"
    r"expose|exposer|doxx?e?r?)"
)

# A call to act against the person: go there, call, harass, wait for them. Counts with data of any
# owner except the author.
_STRONG_INTENT = re.compile(
    r"\b(?:allez|aller|va|vas|on\s+va)[\s-]+(?:lui|leur)[\s-]+(?:rendre|faire|dire|montrer|expliquer)\b"
    r"(?:\s+(?:une\s+)?(?:petite\s+)?visite\b|\s+ce\s+que\s+vous\s+(?:en\s+)?pensez\b)?"
    r"|\b(?:lui|leur)\s+rendre\s+(?:une\s+)?(?:petite\s+)?visite\b"
    r"|\b(?:rendez|faites)[\s-]+(?:lui|leur)\s+(?:une\s+)?(?:petite\s+)?(?:visite|la\s+misere|la\s+vie\s+dure)\b"
    r"|\b(?:allez|aller)[\s-]+(?:le|la|les|l')\s*(?:voir|attendre|chercher|trouver|harceler|pourrir|insulter|"
    r"appeler|saluer)\b"
    r"|\b(?:allez|passez|debarquez|aller|passer|debarquer)\s+chez\s+(?:lui|elle|eux|elles)\b"
    r"|\b(?:attendez|guettez|coincez|cueillez|suivez)-(?:le|la|les)\b"
    r"|\b(?:attendez|guettez|coincez)\s+(?:le|la|les)\s+(?:a\s+la\s+sortie|devant|en\s+bas)\b"
    r"|\bon\s+(?:va\s+)?(?:l'|les\s+)(?:attend|attendre|retrouve|retrouver|coince|coincer|cueillir)\b"
    r"|\b(?:harcelez|spammez|pourrissez|inondez|bombardez|menacez|defoncez|insultez)\b"
    r"|\btout\s+le\s+monde\s+(?:l'|lui\s+|le\s+|la\s+)?(?:appelle|appelez|ecrit|ecrivez|envoie|envoyez|spamme|"
    r"spammez|y\s+va|chez|debarque)\b"
    r"|\b(?:appelez|ecrivez|envoyez|spammez|appelons)\s+(?:tous|toutes|en\s+masse|massivement)\b"
    r"|\bfaites[\s-]+vous\s+plaisir\b|\b(?:lachez|defoulez)[\s-]+vous\b"
    r"|\ba\s+vous\s+de\s+jouer\b"
    r"|\bvous\s+savez\s+(?:ce\s+qu'il\s+(?:vous\s+)?reste\s+a\s+faire|quoi\s+faire|ce\s+que\s+vous\s+avez\s+a\s+faire)"
    r"|\b(?:dites|dire)[\s-]+(?:lui|leur)\s+ce\s+que\s+vous\s+(?:en\s+)?pensez\b"
    r"|\b(?:pourrir|gacher|detruire)\s+(?:sa|leur)\s+vie\b"
    r"|\b(?:faites|faire)[\s-]+(?:lui|leur)\s+(?:payer|regretter|comprendre|sa\s+fete|la\s+peau)\b"
    r"|\b(?:appelez|ecrivez|harcelez|spammez)[\s-]+(?:le|la|les|lui|leur)\s+(?:tous|toutes|en\s+masse|"
    r"massivement|h24|jour\s+et\s+nuit)\b"
    # announcing a leak: "je balance le numéro de…", "je vais afficher son adresse", "on va la dox"
    rf"|\b(?:je|j'|on)\s*(?:vais\s+|va\s+)?{_LEAK_VERB}\s+(?:son|sa|ses|leur|leurs|ton|ta|tes|le|la|les|l')\s*"
    rf"{_LOCATING}\b"
    rf"|\b(?:je|on)\s+(?:vais\s+|va\s+)?(?:l'|le\s+|la\s+|les\s+){_LEAK_VERB}\b"
    r"|\b(?:go|let'?s|lets)\s+(?:all\s+)?(?:pay|give)\s+(?:him|her|them)\s+a\s+(?:little\s+)?(?:visit|call)\b"
    r"|\bpay\s+(?:him|her|them)\s+a\s+(?:little\s+)?visit\b"
    r"|\btell\s+(?:him|her|them)\s+what\s+(?:you|y'all|u)\s+think\b"
    r"|\beveryone\s+(?:go|call|text|email|write|spam|message|dm|visit|tell|show\s+up)\b"
    r"|\ball\s+of\s+you\s+(?:go|call|text|email)\b"
    r"|\b(?:flood|spam|harass|bombard|blow\s+up)\s+(?:his|her|their|him|them)\b"
    r"|\bmake\s+(?:his|her|their)\s+life\s+(?:hell|miserable)\b"
    r"|\byou\s+know\s+what\s+to\s+do\b|\bdo\s+your\s+thing\b"
    r"|\bwait\s+for\s+(?:him|her|them)\s+(?:outside|after|at)\b"
    r"|\bgive\s+(?:him|her|them)\s+a\s+(?:warm|proper|nice|little)\s+welcome\b"
    r"|\bje\s+(?:vous\s+)?balance\s*:"  # announcing a leak, the data follows
    r"|\b(?:lui|leur)\s+(?:reserver|faire)\s+(?:un\s+)?(?:accueil|comite\s+d'accueil)\b"
    r"|\b(?:go\s+)?visit\s+(?:him|her|them)\b|\bshow\s+up\s+at\s+(?:his|her|their)\b"
    r"|\b(?:i'?m|im|i\s+am|we'?re|i'?ll|we'?ll)\s+(?:leaking|exposing|doxx?ing|leak|expose|doxx?)\b"
    r"|\b(?:leak|expose|doxx?)\s+(?:him|her|them)\b"
)
# Spreading the data. Counts only with data that is explicitly a third party's ("son adresse") or a
# reference to where someone lives or works: a brand's shop address may be "partagée" harmlessly.
_SPREAD_INTENT = re.compile(
    r"\bfaites\s+tourner\b|\b(?:partagez|diffusez|relayez|repostez)\b"
    r"|\b(?:share|spread|repost|retweet)\s+(?:this|it|everywhere|far\s+and\s+wide)\b|\bpass\s+it\s+on\b"
)
# An invitation left unsaid: "je dis ça je dis rien", "do with that what you want", "someone must know
# him". It names no act, so it counts only with data that is explicitly someone else's ("sa plaque",
# "his number") or with where the person lives or works.
_SUGGESTED_INTENT = re.compile(
    r"\bje\s+dis\s+(?:ca|ca\s+comme\s+ca),?\s+je\s+dis\s+rien\b|\ba\s+bon\s+entendeur\b"
    r"|\bbonnes?\s+visites?\b|\ba\s+vos\s+(?:telephones|claviers|portables)\b|\bhave\s+fun\b"
    r"|\bfaites[\s-]+en\s+(?:ce\s+que\s+vous\s+voulez|bon\s+usage)\b|\ba\s+vous\s+de\s+voir\b"
    r"|\bsi\s+(?:quelqu'un|qqn|vous)\s+(?:le|la|les|l')\s*(?:connait|connaissez|reconnait|reconnaissez|croise|croisez)\b"
    r"|\bquelqu'un\s+(?:doit|va\s+bien|pourra)\s+(?:le|la|les|l')\s*(?:connaitre|reconnaitre|trouver|retrouver)\b"
    r"|\bon\s+va\s+voir\s+(?:si|comment)\s+(?:il|elle|ils|elles)\s+(?:aime|aiment|apprecie|apprecient|le\s+prend)\b"
    r"|\bdo\s+(?:with\s+(?:that|this|it)\s+)?what(?:ever)?\s+you\s+(?:want|like|will)\b|\bjust\s+saying\b"
    r"|\bhave\s+at\s+(?:it|him|her|them)\b"
    r"|\b(?:someone|somebody|anyone|anybody)\s+(?:must|should|will|has\s+to)\s+know\s+(?:him|her|them)\b"
    r"|\bif\s+(?:anyone|anybody|someone|you)\s+(?:knows?|recogni[sz]es?|sees?|spots?)\s+(?:him|her|them)\b"
    r"|\blet'?s\s+see\s+how\s+(?:he|she|they)\s+(?:likes?|enjoys?|takes?|handles?)\b"
)
# No intent, no doxxing: one RE2 pass (~1-2 µs) answers for most messages before the `re` patterns
# (~30 µs) run. INVARIANT: it accepts everything the three patterns accept. RE2's `\s` and `\b` are
# ASCII-only; `fold` maps every other space to " ", and a boundary next to an ASCII letter in RE2 is a
# boundary in `re` too (a test checks the gate against the patterns).
_INTENT_GATE = re2.compile(f"{_STRONG_INTENT.pattern}|{_SPREAD_INTENT.pattern}|{_SUGGESTED_INTENT.pattern}")

_PLACES = (
    r"(?:a|au|aux|a\s+la|a\s+l'|rue|avenue|av|bd|boulevard|chemin|impasse|allee|quai|place|chez|"
    r"dans\s+l[ae]|dans\s+le|en\s+face|pres\s+d|a\s+cote|vers|derriere)"
)
# Words after "le numéro de …" that name a kind of number or a business, not a person.
_NOT_A_PERSON = (
    r"(?:telephone|tel|portable|mobile|fixe|commande|suivi|colis|dossier|ticket|contrat|compte|carte|"
    r"client|service|sav|support|hotline|standard|magasin|boutique|agence|siege|societe|entreprise|"
    r"marque|livraison|facturation|serie|lot|secu|securite|la\s+boutique|la\s+marque|la\s+societe|"
    r"l'entreprise|l'agence|la\s+hotline|votre|vos|notre|nos)"
)
# A possessive before a locating word: "son adresse", "sa plaque", "his number". Often the company's
# ("le SAV m'a donné son numéro"), so it counts only with a strong call to act.
_POSSESSIVE = re.compile(
    rf"\b(?:son|sa|ses|leur|leurs|ton|ta|tes)\s+{_LOCATING}\b"
    r"|\b(?:his|her|their)\s+(?:home|house|address|home\s+address|number|phone(?:\s+number)?|cell|mobile|"
    r"email|e-mail|workplace|office|job|school|schedule|shift|plate|ip)\b"
)
# Whereabouts of a named or described person: where they live or work, when they finish, whose number
# it is. These locate someone even without any data, so a mere "faites tourner" is enough.
_WHEREABOUTS = re.compile(
    rf"\b(?:le|la|les|l')\s*{_LOCATING}\s+(?:perso\w*\s+)?(?:de|du|d')\s*(?!{_NOT_A_PERSON}\b)"
    r"(?:(?:la|le|les|l'|sa|son|ses|un|une|cette|ce)\s*)?[a-z][\w'-]*"
    rf"|\b(?:habite|habitent|vit|vivent|loge|logent|bosse|bossent|travaille|travaillent|taffe)\s+{_PLACES}"
    # where a car spends the night: "elle dort devant le 9 avenue Foch", "garée tous les soirs rue…"
    rf"|\b(?:dort|dorment|stationne|stationnent|garee?s?|se\s+gare)\s+(?:\w+\s+){{0,3}}?(?:devant|{_PLACES})(?=\s)"
    r"|\b(?:finit|finissent|termine|terminent|sort|sortent|quitte|commence|embauche|debauche)\s+"
    r"(?:le\s+(?:boulot|travail|taf)\s+|du\s+(?:boulot|travail|taf)\s+)?(?:a|vers|tous\s+les\s+soirs\s+a)\s+"
    r"\d{1,2}\s*(?:h|heures?)"
    r"|\b(?:lives|works|stays)\s+(?:at|on|in|near|around|above|below|over|opposite|behind|next\s+to)\b"
    r"|\b(?:gets\s+off|finishes|leaves|clocks\s+out)\s+(?:work\s+)?(?:at|around)\s+\d{1,2}\b"
    r"|\bthe\s+(?:home\s+)?(?:address|number|phone\s+number|email|plate)\s+of\s+(?!(?:the\s+)?(?:store|shop|"
    r"company|brand|support|customer|office|hotline|service)\b)[a-z]\w*"
)
# "j'habite au…", "je bosse à…", "nous vivons…": the author's own whereabouts, not a third party's.
_FIRST_PERSON_BEFORE = re.compile(r"(?:\bj'|\bje\s+|\bnous\s+|\bon\s+|\bi\s+|\bwe\s+)$")

_KIND_NAMES = {
    "phone": "un numéro de téléphone",
    "email": "une adresse e-mail",
    "iban": "un IBAN",
    "card": "un numéro de carte",
    "nir": "un numéro de sécurité sociale",
    "address": "une adresse postale",
    "plate": "une plaque d'immatriculation",
    "ip": "une adresse IP",
}
_QUOTE_LIMIT = 60


def detect_doxxing(text: str, pii: tuple[PiiMatch, ...]) -> DoxxingResult:
    """Whether `text` exposes a third party: their data or whereabouts plus an intent to expose them.

    `pii` is `find_pii(text)` (the caller usually has it already; it is not recomputed here).
    """
    folded = fold(text)
    if not _INTENT_GATE.search(folded):
        return DoxxingResult(False, (), _no_intent_reason(pii))
    strong = [(m.start(), m.end()) for m in _STRONG_INTENT.finditer(folded)]
    spread = [(m.start(), m.end()) for m in _SPREAD_INTENT.finditer(folded)]
    suggested = [(m.start(), m.end()) for m in _SUGGESTED_INTENT.finditer(folded)]
    intents = sorted(strong + spread + suggested)
    if not intents:
        return DoxxingResult(False, (), _no_intent_reason(pii))
    references = [
        (m.start(), m.end())
        for pattern in ((_WHEREABOUTS, _POSSESSIVE) if strong else (_WHEREABOUTS,))
        for m in pattern.finditer(folded)
        if not _FIRST_PERSON_BEFORE.search(folded, max(0, m.start() - 8), m.start())
    ]
    references.sort()
    third_party = [m for m in pii if m.owner == "third_party"]
    unknown = [m for m in pii if m.owner == "unknown"]
    # "Partagez" alone is everyday: with it, data counts only next to a person's whereabouts. A
    # suggestion counts with data said to be someone else's, or with whereabouts.
    if strong:
        data = third_party + unknown
    elif suggested:
        data = third_party
    else:
        data = third_party if references else []
    if not data and not references:
        if pii:
            return DoxxingResult(
                False,
                (),
                "Pas de doxxing : les données publiées sont celles de l'auteur ou d'un "
                "destinataire non identifié, sans appel à agir contre une personne.",
            )
        return DoxxingResult(
            False,
            (),
            "Pas de doxxing : appel à agir sans donnée ni indication permettant de "
            "localiser ou d'identifier quelqu'un.",
        )

    # Reference phrases that merely restate a data span ("son numéro" right before the number) stay,
    # because they are what tells the CM the data is someone else's.
    findings = [m.finding for m in sorted(data, key=lambda m: m.start)]
    findings += [Finding("doxxing.reference", s, e) for s, e in references]
    findings += [Finding("doxxing.intent", s, e) for s, e in intents]
    findings.sort(key=lambda f: (f.start, f.end, f.label))
    return DoxxingResult(True, tuple(findings), _doxxing_reason(text, data, references, intents[0]))


def _doxxing_reason(text: str, data: list[PiiMatch], references: list[tuple[int, int]], intent: tuple[int, int]) -> str:
    if data:
        first = min(data, key=lambda m: m.start)
        whose = "d'un tiers" if first.owner == "third_party" else "d'une personne"
        what = f"{_KIND_NAMES[first.kind]} {whose} ({first.masked})"
        if len(data) > 1:
            what += f" et {len(data) - 1} autre(s) donnée(s)"
    else:
        s, e = references[0]
        what = f"une indication qui situe ou identifie un tiers (« {_quote(text, s, e)} »)"
    return (
        f"Doxxing probable (code pénal, art. 223-1-1) : appel à agir contre une personne "
        f"(« {_quote(text, *intent)} ») accompagné d'{what}."
    )


def _no_intent_reason(pii: tuple[PiiMatch, ...]) -> str:
    if any(m.owner != "author" for m in pii):
        return (
            "Pas de doxxing : données personnelles sans appel à exposer quelqu'un ni à agir contre lui "
            "(données à masquer selon la charte)."
        )
    if pii:
        return "Pas de doxxing : l'auteur donne ses propres coordonnées (à masquer, puis échange en privé)."
    return "Pas de doxxing : aucun appel à exposer quelqu'un ni à agir contre lui."


def _quote(text: str, start: int, end: int) -> str:
    quoted = " ".join(text[start:end].split())
    return quoted if len(quoted) <= _QUOTE_LIMIT else quoted[: _QUOTE_LIMIT - 1] + "…"
