"""Generated lexical policies: 100 to 100,000 terms over eight lexicons and ten rules.

What a legal team's lexicons look like once they have grown: a roster of people and roles the brand
protects, a product catalogue, scam domains and crypto words, insults (and "espèce de gros …"
combinations), threats ("je vais te …", "on va brûler votre …"), accusations, complaints and praise,
French and English. Each lexicon has a *core* of common terms that the benchmark corpus does contain,
followed by generated terms built from word lists (`bench.words`) and syllables (made-up product line
names, like a real catalogue's). About one term in twenty has a `*` wildcard (prefix, suffix or
inside a word); many terms are two to five words long.

`lexical_policy(n)` takes the first terms of each lexicon in a fixed order, in the proportions of
`SHARES`, so a larger policy holds every term of a smaller one: throughput differences between sizes
come from the number of terms, not from a different vocabulary. Terms whose normalised forms clash
(same form in two lexicons) are dropped, so that every normalised term belongs to one lexicon — the
baselines then compare matches term for term.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from bench import words
from policy.text.matcher import TermMatcher
from policy.text.normalise import WILDCARD, normalise_term

SIZES: Final = (100, 1_000, 10_000, 100_000)
SEED: Final = 6

# Share of the terms that goes to each lexicon (sums to 1).
SHARES: Final[dict[str, float]] = {
    "personnes": 0.30,
    "produits": 0.30,
    "spam": 0.15,
    "insultes": 0.10,
    "menaces": 0.05,
    "accusations": 0.05,
    "plaintes": 0.03,
    "eloges": 0.02,
}

RULES: Final = """
rule menace "Menace" priority 10
  when text contains any menaces
  then delete, keep evidence, escalate to legal priority critical
  because "Menace contre une personne ou un bien."

rule injure "Injure visant une personne" priority 5
  when text contains any insultes near any personnes within 4 words
  then delete, keep evidence

rule insulte "Insulte"
  when text contains any insultes and not (text contains any eloges)
  then hide

rule insulte_reseau "Insulte sur un réseau ouvert"
  when text contains any insultes and channel in [x, tiktok, instagram]
  then hide, escalate to moderation

rule diffamation "Accusation contre une personne" priority 5
  when text contains any accusations near any personnes within 8 words
  then escalate to legal, keep evidence

rule spam "Spam ou arnaque" priority 4
  when text contains any spam
  then delete

rule produit "Produit en cause"
  when text contains any produits and text contains any plaintes
  then escalate to support

rule plainte "Réclamation"
  when text contains any plaintes
  then answer

rule influence "Réclamation d'un compte très suivi"
  when text contains any plaintes and has author.followers and author.followers >= 10000
  then escalate to pr

rule eloge "Compliment"
  when text contains any eloges and not (text contains any plaintes)
  then answer
"""

HEADER: Final = """policy "Bench — lexical policy of {n} terms" version "1"
default answer
on error escalate to moderation
timezone "Europe/Paris"

team legal "Juridique" within 4h
team pr "Presse" within 1h
team moderation "Modération" within 1h
team support "Service client" within 24h
"""


@dataclass(frozen=True)
class LexicalPolicy:
    """A generated policy: its rule text, its lexicon files, and every (lexicon, term)."""

    size: int
    text: str
    files: dict[str, str]
    terms: tuple[tuple[str, str], ...]  # (lexicon, term as written)

    def compile(self) -> object:
        """The compiled `Policy` (typed loosely: callers import `policy` themselves)."""
        from policy import compile_text

        return compile_text(self.text, path="bench_lexical.roe", files=self.files)


def lexical_policy(size: int) -> LexicalPolicy:
    """A policy of `size` terms (the first ones of each lexicon's fixed order)."""
    pools = _pools()
    quotas = _quotas(size)
    terms: list[tuple[str, str]] = []
    files: dict[str, str] = {}
    for name, quota in quotas.items():
        chosen = pools[name][:quota]
        terms.extend((name, t) for t in chosen)
        files[f"lexicons/{name}.txt"] = f"# {name}: {len(chosen)} generated terms\n" + "\n".join(chosen) + "\n"
    declarations = "\n".join(f'lexicon {name} from "lexicons/{name}.txt"' for name in quotas)
    text = HEADER.format(n=len(terms)) + "\n" + declarations + "\n" + RULES
    return LexicalPolicy(len(terms), text, files, tuple(terms))


def _quotas(size: int) -> dict[str, int]:
    quotas = {name: max(1, int(size * share)) for name, share in SHARES.items()}
    # Rounding leftovers go to the largest lexicon, so that the total is exactly `size`.
    quotas["personnes"] += size - sum(quotas.values())
    return quotas


@cache
def _pools() -> dict[str, tuple[str, ...]]:
    """Every lexicon's terms in their fixed order, deduplicated on normalised forms across lexicons."""
    rng = random.Random(SEED)
    largest = max(SIZES)
    seen: set[str] = set()
    pools: dict[str, tuple[str, ...]] = {}
    for name, share in SHARES.items():
        need = int(largest * share) + len(SHARES)  # room for the rounding leftovers of `_quotas`
        core, generated = _CORE[name], _GENERATORS[name](rng)
        out: list[str] = []
        for term in itertools.chain(core, generated):
            normalised = normalise_term(term)
            if normalised in seen or TermMatcher.validate(term) is not None:
                continue
            seen.add(normalised)
            out.append(term)
            if len(out) >= need:
                break
        if len(out) < need:  # a word list too short for the largest size: say so, never shrink silently
            raise AssertionError(f"lexicon `{name}` has {len(out)} distinct terms, {need} are needed")
        pools[name] = tuple(out)
    return pools


# ---------------------------------------------------------------------------------------------------
# the cores: common terms the corpus contains


_CORE: Final[dict[str, tuple[str, ...]]] = {
    "personnes": (
        "t'es",
        "tu es",
        "vous êtes",
        "you are",
        "you're",
        "espèce de",
        "bande de",
        "le gérant",
        "la vendeuse",
        "le vendeur",
        "la directrice",
        "le livreur",
        "la caissière",
        "le manager",
        "la conseillère",
        "le chef de rayon",
        "le directeur régional",
        "le responsable du magasin",
        "le CM",
        "community manager",
        "the store manager",
        "the cashier",
        "the delivery guy",
        "the shop assistant",
        "the area manager",
        "toi",
        "vous",
        "ferme-la",
        "shut up",
        "the CM",
    ),
    "produits": (
        *words.MODELS,
        "lampe",
        "lampadaire",
        "bougie",
        "suspension",
        "applique",
        "veilleuse",
        "guirlande",
        "lamp",
        "candle",
        "lampshade",
    ),
    "spam": (
        "gagnez",
        "gratuit",
        "trading",
        "bitcoin",
        "follow4follow",
        "f4f",
        "free gift",
        "cadeau offert",
        "cliquez ici",
        "click here",
        "dm moi",
        "check my profile",
        "crypto*",
        "bit.ly",
        "promo -90%",
    ),
    "insultes": (
        "connard",
        "connasse",
        "abruti",
        "crétin",
        "débile",
        "encul*",
        "salope",
        "bâtard",
        "idiot",
        "moron",
    ),
    "menaces": (
        "je vais te tuer",
        "je sais où tu habites",
        "tu vas le payer",
        "i know where you live",
        "casser la gueule",
    ),
    "accusations": ("pique dans la caisse", "escroc*", "a détourné", "steals from the till", "pots-de-vin"),
    "plaintes": ("jamais arrivée", "toujours pas remboursé", "never arrived"),
    "eloges": ("merci", "love"),
}


# ---------------------------------------------------------------------------------------------------
# the generated terms


ROLES: Final = (
    "le gérant", "la gérante", "la vendeuse", "le vendeur", "la directrice", "le directeur", "le livreur",
    "la caissière", "le caissier", "le manager", "la manageuse", "la conseillère", "le conseiller",
    "le chef de rayon", "la responsable", "le responsable", "le PDG", "la DRH", "le magasinier",
    "the manager", "the cashier", "the driver",
)  # fmt: skip
INSULT_INTROS: Final = (
    "espèce de", "sale", "gros", "grosse", "pauvre", "bande de", "quel", "quelle", "vieux", "petit",
    "you", "fucking", "stupid", "you absolute", "what a",
)  # fmt: skip
INSULT_ADJECTIVES: Final = (
    "", "gros", "sale", "pauvre", "vieux", "petit", "grand", "sombre", "triple", "énorme", "immonde",
    "lamentable", "putain de", "foutu", "bloody",
)  # fmt: skip
INSULTS: Final = (
    *words.FR_SLOTS["insult"], *words.EN_SLOTS["insult"], "con", "conne", "cretin", "tache", "boulet",
    "charlot", "pignouf", "gland", "blaireau", "cassos", "tebé", "golmon", "teubé", "andouille", "nul",
    "incapable", "escroc", "voleur", "menteur", "menteuse", "pourri", "pourriture", "déchet", "vermine",
)  # fmt: skip
THREAT_SUBJECTS: Final = (
    "je vais", "on va", "j'vais", "je vais venir", "on va venir", "je compte", "je vais aller",
    "je vais revenir", "ils vont", "je vais bien",
)  # fmt: skip
THREAT_OBJECTS: Final = ("te", "vous", "le", "la", "les")
THREAT_VERBS: Final = (
    "tuer", "buter", "frapper", "défoncer", "retrouver", "cramer", "crever", "égorger", "planter", "fumer",
    "massacrer", "détruire", "brûler", "démolir", "tabasser", "choper", "saigner", "étrangler",
)  # fmt: skip
THREAT_TARGETS: Final = (
    "ton gérant", "ta famille", "tes enfants", "ta femme", "ton mari", "ta voiture", "votre magasin",
    "votre boutique", "vos vendeurs", "votre entrepôt", "ton livreur", "ta maison",
)  # fmt: skip
THREAT_WHEN: Final = (
    "", "demain", "ce soir", "à la sortie", "devant le magasin", "cette nuit", "samedi", "bientôt",
    "un de ces jours", "en bas de chez toi",
)  # fmt: skip
EN_THREATS: Final = (
    "I'm going to", "I will", "gonna", "we will", "someone should",
)  # fmt: skip
EN_THREAT_VERBS: Final = ("kill", "hurt", "find", "burn", "smash", "stab", "shoot", "beat up", "destroy", "get")
EN_THREAT_OBJECTS: Final = ("you", "your manager", "your store", "your family", "your staff", "your kids")
ACCUSATION_VERBS: Final = (
    "a volé", "a détourné", "vole", "détourne", "falsifie", "a falsifié", "trafique", "magouille",
    "planque", "pique", "a piqué", "truque", "stole", "embezzled", "fiddles",
)  # fmt: skip
ACCUSATION_OBJECTS: Final = (
    "l'argent", "la caisse", "les comptes", "les factures", "les primes", "les stocks", "les salaires",
    "les dons", "la recette", "les chèques cadeaux", "the money", "the till", "the accounts",
)  # fmt: skip
ACCUSATION_WHERE: Final = ("", "des salariés", "du magasin", "depuis des mois", "de la boîte", "des clients")
PRODUCT_NOUNS: Final = (
    "lampe", "lampadaire", "applique", "suspension", "bougie", "guirlande", "abat-jour", "veilleuse",
    "plafonnier", "miroir", "coussin", "plaid", "vase", "diffuseur", "ampoule", "lanterne", "photophore",
    "lamp", "floor lamp", "candle", "lampshade", "night light", "mirror", "cushion",
)  # fmt: skip
DEFECTS: Final = (
    "cassée", "cassé", "en panne", "grillée", "rayée", "fissurée", "brûlée", "défectueuse", "qui clignote",
    "qui chauffe", "qui fume", "jamais reçue", "jamais reçu", "pas conforme", "abîmée", "broken",
    "faulty", "burnt", "scratched", "not working", "never delivered",
)  # fmt: skip
ORDER_NOUNS: Final = (
    "commande", "colis", "livraison", "remboursement", "échange", "avoir", "order", "parcel", "refund",
)  # fmt: skip
ORDER_STATES: Final = (
    "jamais arrivé", "jamais arrivée", "perdu", "perdue", "en retard", "bloqué", "bloquée", "annulée",
    "pas reçu", "toujours pas", "refusé", "refusée", "never arrived", "lost", "late", "stuck", "missing",
)  # fmt: skip
DELAYS: Final = (
    "", "depuis 3 semaines", "depuis un mois", "depuis 15 jours", "depuis noël", "for weeks", "for a month",
)  # fmt: skip
PRAISE_NOUNS: Final = (
    "service", "accueil", "livraison", "lampe", "bougie", "équipe", "conseil", "qualité", "emballage", "site",
    "magasin", "vendeuse", "vendeur", "produit", "déco", "delivery", "service", "staff", "quality", "store",
)  # fmt: skip
PRAISE_WORDS: Final = (
    "au top", "parfait", "parfaite", "magnifique", "génial", "géniale", "impeccable", "nickel", "rapide",
    "super", "sublime", "canon", "top", "amazing", "perfect", "great", "lovely", "brilliant", "gorgeous",
)  # fmt: skip
INTENSIFIERS: Final = ("", "trop", "super", "vraiment", "hyper", "so", "really")
SCAM_WORDS: Final = (
    "promo", "cadeau", "gift", "free", "win", "crypto", "bonus", "remboursement", "offre", "colis",
    "livraison", "suivi", "securite", "compte", "prize", "lucky", "winner", "trading", "invest", "cash",
    "money", "airdrop", "token", "nft", "reward",
)  # fmt: skip
TLDS: Final = ("shop", "win", "top", "io", "net", "xyz", "com", "site", "online", "info", "live", "click")
EARN_VERBS: Final = ("gagnez", "gagne", "recevez", "touchez", "earn", "make", "win")
PERIODS: Final = ("par jour", "par semaine", "par mois", "a day", "a week", "per month")

# Syllables of made-up product line names ("Hektar", "Sölvik"): onsets, vowels, codas.
_ONSETS: Final = ("s", "v", "k", "br", "l", "m", "n", "t", "d", "r", "h", "g", "fl", "st", "gr", "bl", "sk", "tr")
_VOWELS: Final = ("a", "e", "i", "o", "u", "ö", "é", "y", "å", "ei")
_CODAS: Final = ("", "l", "n", "r", "k", "s", "m", "t", "nd", "rk")


def _names(rng: random.Random) -> Iterator[str]:
    """Made-up product line names of two or three syllables, in a seeded order, without repeats."""
    syllables = [o + v + c for o in _ONSETS for v in _VOWELS for c in _CODAS]
    seen: set[str] = set()
    while True:
        name = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        if name not in seen:
            seen.add(name)
            yield name


def _shuffled(rng: random.Random, items: Sequence[str]) -> list[str]:
    out = list(items)
    rng.shuffle(out)
    return out


def _spaces(text: str) -> str:
    return " ".join(text.split())


def _personnes(rng: random.Random) -> Iterator[str]:
    people = [f"{f} {last}" for f in words.FIRST_NAMES for last in words.LAST_NAMES]
    roles_at = [f"{r} de {c}" for r in ROLES for c in words.CITIES]
    titled = [f"{r} {p}" for r in ROLES for p in people]
    titles = ("M.", "Mme", "monsieur", "madame", "Mr", "Mrs", "Dr")
    honorifics = [f"{h} {last}" for h in titles for last in words.LAST_NAMES]
    yield from _shuffled(rng, [*people, *roles_at, *honorifics])
    yield from _shuffled(rng, titled)


def _produits(rng: random.Random) -> Iterator[str]:
    for name in _names(rng):
        draw = rng.random()
        if draw < 0.45:
            yield name
        elif draw < 0.9:
            yield f"{rng.choice(PRODUCT_NOUNS)} {name}"
        else:
            yield f"{name.lower()}*"  # the line and its variants: "hektar", "hektars", "hektarxl"


def _spam(rng: random.Random) -> Iterator[str]:
    domains = [f"{a}-{b}.{t}" for a in SCAM_WORDS for b in SCAM_WORDS if a != b for t in TLDS]
    earnings = [f"{v} {amount}€ {p}" for v in EARN_VERBS for amount in range(50, 10_000, 50) for p in PERIODS]
    hashtags = [f"#{a}{b}" for a in SCAM_WORDS for b in SCAM_WORDS if a != b]
    mixed = _shuffled(rng, [*domains, *earnings, *hashtags])
    names = _names(rng)
    for index, term in enumerate(mixed):
        yield term
        if index % 20 == 0:
            yield f"*{next(names).lower()}coin"  # token names: "…coin" at the end of a word


def _insultes(rng: random.Random) -> Iterator[str]:
    yield from _shuffled(rng, INSULTS)
    stems = [f"{i[: max(4, len(i) - 2)]}*" for i in INSULTS if i.isalpha() and len(i) >= 6]
    combos = [
        _spaces(f"{intro} {adj} {insult}") for intro in INSULT_INTROS for adj in INSULT_ADJECTIVES for insult in INSULTS
    ]
    yield from _shuffled(rng, [*stems, *_inner_wildcards(INSULTS), *combos])


def _inner_wildcards(insults: Sequence[str]) -> list[str]:
    """ "con*ard", "enc*lé": one inner letter left free, the way lawyers catch spelling variants.

    The letters on both sides of the `*` differ: an equal pair would be squeezed into one letter by
    normalisation, a subtlety that the naive baseline does not model (`bench.baselines`).
    """
    out = []
    for insult in insults:
        middle = len(insult) // 2
        if insult.isalpha() and len(insult) >= 6 and insult[middle - 1] != insult[middle + 1]:
            out.append(insult[:middle] + WILDCARD + insult[middle + 1 :])
    return out


def _menaces(rng: random.Random) -> Iterator[str]:
    fr = [
        _spaces(f"{s} {o} {v} {w}")
        for s in THREAT_SUBJECTS
        for o in THREAT_OBJECTS
        for v in THREAT_VERBS
        for w in THREAT_WHEN
    ]
    things = [
        _spaces(f"{s} {v} {t} {w}")
        for s in THREAT_SUBJECTS
        for v in THREAT_VERBS
        for t in THREAT_TARGETS
        for w in THREAT_WHEN
    ]
    en = [f"{s} {v} {o}" for s in EN_THREATS for v in EN_THREAT_VERBS for o in EN_THREAT_OBJECTS]
    yield from _shuffled(rng, [*en, *fr, *things])


def _accusations(rng: random.Random) -> Iterator[str]:
    acts = [_spaces(f"{v} {o} {w}") for v in ACCUSATION_VERBS for o in ACCUSATION_OBJECTS for w in ACCUSATION_WHERE]
    places = [f"{v} {o} du magasin de {c}" for v in ACCUSATION_VERBS for o in ACCUSATION_OBJECTS for c in words.CITIES]
    yield from _shuffled(rng, acts)
    yield from _shuffled(rng, places)


def _plaintes(rng: random.Random) -> Iterator[str]:
    broken = [_spaces(f"{p} {d} {delay}") for p in PRODUCT_NOUNS for d in DEFECTS for delay in DELAYS]
    orders = [_spaces(f"{o} {s} {d}") for o in ORDER_NOUNS for s in ORDER_STATES for d in DELAYS]
    yield from _shuffled(rng, [*broken, *orders])


def _eloges(rng: random.Random) -> Iterator[str]:
    yield from _shuffled(
        rng, [_spaces(f"{n} {i} {w}") for n in PRAISE_NOUNS for i in INTENSIFIERS for w in PRAISE_WORDS]
    )


_GENERATORS: Final = {
    "personnes": _personnes,
    "produits": _produits,
    "spam": _spam,
    "insultes": _insultes,
    "menaces": _menaces,
    "accusations": _accusations,
    "plaintes": _plaintes,
    "eloges": _eloges,
}


def wildcard_share(terms: Sequence[tuple[str, str]]) -> float:
    return sum(1 for _, t in terms if WILDCARD in t) / max(1, len(terms))


def multiword_share(terms: Sequence[tuple[str, str]]) -> float:
    return sum(1 for _, t in terms if " " in t.strip()) / max(1, len(terms))
