"""Analysis stage: insults — invectives and terms of contempt (loi du 29 juillet 1881, art. 29 al. 2, 33).

Swear words are everywhere in customer messages; an insult is a term of contempt *for someone*. So each
invective found (through the normaliser: "c0nn4rd", "c o n n a r d", "fdp", "stfu") is read in its frame:

- **aimed** at someone: the addressee ("t'es un", "vous êtes des", "you idiot", "espèce de", "bande de",
  a vocative "…, connard"), or a designated third person ("le gérant est un…", "@jdupont is a…",
  "ce connard de vendeur", "connard de vigile", "il est vraiment débile", "the manager of the Lille
  store is a…"), also in apposition to someone named before ("J.M. le gérant = sombre abruti", "la
  vendeuse du rayon linge : une conasse", "Sophie la plouc", "prances around like a fairy") or
  coordinated with an insult in a frame ("t'es une incompétente et une grosse conne");
- said of a **group** ("les boulangers sont des ordures"): counted, but not aimed at an identifiable
  person;
- about a **thing** ("cette lampe de merde", "this app is garbage"), or plain swearing ("putain ma
  commande est encore en retard", "this is fucking ridiculous"): `profanity`, not an insult;
- **negated** ("je ne dis pas que vous êtes des escrocs"), **quoted or reported** ("il m'a traité de
  connard, c'est inadmissible"), **self-directed** ("je suis vraiment un idiot") or affectionate ("what a
  talented motherfucker"): flagged, not counted.

The slurs of the hate analysis are invectives too: aimed at one person, they are also an insult of
that person. The result is deliberately small, because it is also the input of the defamation/insult qualification:
the counted invective spans (`insult.term`), the profanity spans (`profanity`), whether one insult is
aimed, and the two flags.

Cost: `Cost.PATTERNS` — an automaton pass as a prefilter, then the clause reading of `abuse.py` for the
messages that hold a swear word. No statistical model: the frames above are word patterns.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from policy.analyzers.abuse import (
    DATA_DIR,
    Doc,
    G,
    Hit,
    Lexicon,
    Reading,
    consumed_words,
    data_file,
    grammar_entries,
    is_negated,
    is_reported,
    make_doc,
    person_before,
    read,
    read_sections,
    screened,
    words_of,
)
from policy.analyzers.base import Cost, Finding
from policy.text.normalise import normalise_term

__all__ = ["COST", "InsultResult", "find_insults"]

COST: Final = Cost.PATTERNS
LANGS: Final = ("fr", "en")

INSULT = "insult.term"
AIMED = "insult.aimed"
PROFANE = "insult.profanity"
SLUR = "insult.slur"  # the hate analysis's slurs, read in their sense by that analysis (see `_slurs_meant`)
F = "ins."  # frames of address (data/insults/grammar.{lang}.txt)

_DEMONSTRATIVES: Final = frozenset({"ce", "cet", "cette", "ces", "this", "that", "these", "those"})
_SINGULAR_PRONOUNS: Final = frozenset({"il", "elle", "he", "she", "hes", "shes"})
_PLURAL_PRONOUNS: Final = frozenset({"ils", "elles", "they", "theyre"})
_DESCRIBING: Final = frozenset({"un", "une", "la", "le", "des", "comme", "a", "an", "the", "like"})
_INTENSIFIERS: Final = frozenset(
    {"vraiment", "trop", "si", "tellement", "completement", "totalement", "gros", "grosse", "vrai", "vraie", "pauvre"}
    | {"un", "une", "really", "so", "such", "a", "an", "total", "complete", "real", "absolute", "fucking", "big"}
)
_FRAME_WINDOW: Final = 3  # "t'es vraiment un gros connard": up to three words between frame and insult
_FILLERS: Final = _INTENSIFIERS | frozenset({"qu", "que", "juste", "just", "only", "seulement"})
_COORDINATORS: Final = frozenset({"et", "and", "ou", "or"})
_BARE_COPULAS: Final = frozenset({"est", "es", "is"})  # a copula with no article before an adjective insult
# Between a demonstrative and a word that also runs down things, these make it a person ("ce gros débile").
_PERSON_QUALIFIERS: Final = frozenset({"gros", "grosse", "sale", "sales", "pauvre", "vieux", "vieille", "big", "fat"})
# After such a word, these designate someone: a place of work or a relative clause ("that clown at the
# returns desk", "the idiot who packed my order", "ce débile du rayon jardin").
_DESIGNATING: Final = frozenset({"at", "from", "who", "du", "qui", "au"})  # "t'es une incompétente et une grosse conne"
_COORDINATED_WINDOW: Final = 5  # frame … first insult … coordinator: "t'es une vraie incompétente et…"
# Words of the noun phrase around an insult in apposition ("= sombre abruti", ": une conasse finie").
_NP_WORDS: Final = _INTENSIFIERS | frozenset({"le", "la", "l", "the", "sombre", "absolu", "parfait"})
_DEFINITE: Final = frozenset({"le", "la", "l", "the"})  # "Sophie la plouc", "Théo the idiot"
_SIMILE: Final = frozenset({"like", "comme"})  # "prances around like a fairy"
_APPOSITION_MARKS: Final = frozenset(",:=(—–")
_DESIGNATOR_WINDOW: Final = 12  # how far before an apposition the person it describes may be named
# Prepositions of a complement inside a subject: "the manager of the Lille store is…", "l'apprenti de Nantes".
_PREPOSITIONS: Final = frozenset({"of", "in", "at", "from", "de", "du", "des", "d", "a", "au", "aux"})
_HEAD_WINDOW: Final = 6
_INTERJECTION_WINDOW: Final = 2


@dataclass(frozen=True, slots=True)
class InsultResult:
    """Insults and profanity in a message.

    `insults`: invectives used as terms of contempt for people (`insult.term`), negated, quoted,
    self-directed and affectionate uses excluded. `aimed`: one of them is aimed at someone (the
    addressee or a designated person). `profanity`: swearing that insults no one, or a thing.
    `negated` / `quoted`: an invective was found but denied, or quoted or reported.
    """

    insults: tuple[Finding, ...]
    profanity: tuple[Finding, ...]
    aimed: bool
    negated: bool
    quoted: bool
    reason: str


_NOTHING: Final = InsultResult((), (), False, False, False, "no insult or swear word")


def find_insults(text: str, *, lang: str) -> InsultResult:
    """Insults in `text` (`lang`: "fr" or "en"; any other value tries both, aimed first)."""
    if lang in LANGS:
        return _find(text, lang)
    results = [_find(text, one) for one in LANGS]
    return max(results, key=lambda r: (r.aimed, len(r.insults), len(r.profanity)))


def _find(text: str, lang: str) -> InsultResult:
    if not screened("insults", lang, text):
        return _NOTHING
    words = lexicon(lang)
    doc = words.prepare(make_doc(text))
    reading = read(doc, words.hits(doc), clause_break=G + "clause_break")
    return _judge(reading, lang)


def _judge(reading: Reading, lang: str) -> InsultResult:
    doc = reading.doc
    consumed = consumed_words(reading)
    insults: list[Finding] = []
    profanity: list[Finding] = []
    reasons: list[str] = []
    aimed = negated = quoted = False
    candidates = _candidates(reading)
    if any(h.label == SLUR for h in candidates):
        from policy.analyzers.hate import meant_slurs  # the hate analysis reads slurs in their sense

        meant = meant_slurs(doc.text, lang=lang)
        candidates = [h for h in candidates if h.label != SLUR or doc.span(h.first, h.last) in meant]
    taken: set[int] = set()
    for hit in candidates:
        span = doc.span(hit.first, hit.last)
        said = doc.text[span[0] : span[1]]
        kind = _aim(reading, hit, lang)
        taken.update(range(hit.first, hit.last + 1))
        if kind == "object" or (kind in ("none", "group") and _swear_or_thing(reading, hit)):
            profanity.append(Finding("profanity", *span))
            continue
        if _praised(reading, hit, kind):
            reasons.append(f"`{said}` is used affectionately, not as an insult")
            continue
        # Negation first: "je ne dis pas que vous êtes des escrocs" denies, it does not report.
        if is_negated(reading, hit, consumed, lang):
            negated = True
            reasons.append(f"the insult `{said}` is negated")
            continue
        if _reported(reading, hit, consumed, lang):
            quoted = True
            reasons.append(f"the insult `{said}` is quoted or reported, not addressed")
            continue
        if kind != "second" and person_before(reading, hit.first, subjects_only=True) == "first":
            reasons.append(f"`{said}` is said of the author themselves")
            continue
        insults.append(Finding(INSULT, *span))
        if kind in ("second", "vocative", "third"):
            aimed = True
            reasons.insert(0, f"insult `{said}` aimed at {_WHO[kind]}")
        else:
            reasons.append(f"insult `{said}` {_WHO[kind]}")
    for hit in reading.labelled(PROFANE):
        if not any(i in taken for i in range(hit.first, hit.last + 1)):
            profanity.append(Finding("profanity", *doc.span(hit.first, hit.last)))
            taken.update(range(hit.first, hit.last + 1))
    if not reasons:
        reasons.append("profanity only: no one is insulted" if profanity else "no insult or swear word")
    reason = reasons[0]
    return InsultResult(
        tuple(insults),
        tuple(sorted(set(profanity), key=lambda f: (f.start, f.end))),
        aimed,
        negated,
        quoted,
        reason[0].upper() + reason[1:],
    )


_WHO: Final = {
    "second": "the addressee",
    "vocative": "the addressee",
    "third": "a designated person",
    "group": "said of a group, not of an identifiable person",
    "none": "with no one designated",
}


def _candidates(reading: Reading) -> list[Hit]:
    """Invective hits, longest first where they overlap ("fils de pute" over "pute")."""
    hits = sorted(reading.labelled(INSULT, AIMED, SLUR), key=lambda h: (h.first, -(h.last - h.first)))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.first <= kept[-1].last:
            continue
        kept.append(hit)
    return kept


def _frame_before(reading: Reading, hit: Hit, label: str, window: int = _FRAME_WINDOW) -> Hit | None:
    clause = reading.clause[hit.first]
    frames = reading.in_clause(clause, label)
    doc = reading.doc
    # Intensifiers do not count: "t'es vraiment qu'un gros c0nnard" is "t'es … c0nnard".
    found = [
        f
        for f in frames
        if f.last < hit.first
        and sum(doc.words[i] not in _FILLERS for i in range(f.last + 1, hit.first)) <= window
        and hit.first - f.last - 1 <= window + _FRAME_WINDOW
    ]
    if not found and window > 1:
        # Across one coordination: "t'es une incompétente et une grosse conne".
        joins = [
            i
            for i in range(max(hit.first - window - 1, 0), hit.first)
            if doc.words[i] in _COORDINATORS and reading.clause[i] in (clause, clause - 1)
        ]
        sentence = doc.sentence[hit.first]
        frames = tuple(f for f in reading.labelled(label) if doc.sentence[f.first] == sentence)
        found = [f for f in frames for j in joins if f.last < j and j - f.last - 1 <= _COORDINATED_WINDOW]
    return max(found, key=lambda f: f.last) if found else None


def _role_after_de(reading: Reading, hit: Hit) -> int | None:
    """ "connard de vigile", "c0nn4rd de gérant": the role the insult is said of, or None."""
    doc = reading.doc
    de, role = hit.last + 1, hit.last + 2
    if role >= len(doc) or doc.words[de] not in ("de", "d") or doc.sentence[role] != doc.sentence[hit.first]:
        return None
    return role if _covers(reading, role, F + "person_role") else None


def _head_role(reading: Reading, subject: int) -> int | None:
    """The role heading a subject with a complement: "the manager of the Lille store", "l'apprenti de Nantes"."""
    doc = reading.doc
    clause = reading.clause[subject]
    for index in range(subject, max(subject - _HEAD_WINDOW, -1), -1):
        if reading.clause[index] != clause:
            break
        if _covers(reading, index, F + "person_role"):
            between = range(index + 1, subject + 1)
            if index == subject or any(doc.words[i] in _PREPOSITIONS for i in between):
                return index
            return None
    return None


def _apposed(reading: Reading, hit: Hit) -> bool:
    """An insult in apposition to someone named before it in the sentence.

    "J.M. le gérant de Rennes = sombre abruti", "la vendeuse du rayon linge : une conasse finie",
    "Mehdi du magasin de Lille, encore un…", "S0ph1e B3rn4rd la pl0uc", "prances around like a fairy".
    """
    doc = reading.doc
    sentence = doc.sentence[hit.first]
    strict = _swear_or_thing(reading, hit)  # "le site de Lyon : de la merde" is about the site
    start = hit.first
    while start > 0 and doc.sentence[start - 1] == sentence:
        # The noun phrase may start here: after a mark, after "like", or as "la …" after a name.
        gap = doc.text[doc.ends[start - 1] : doc.starts[start]]
        marked = any(c in _APPOSITION_MARKS for c in gap) or doc.words[start - 1] in _SIMILE
        if marked or (doc.words[start] in _DEFINITE and _designates(reading, start - 1, strict=True)):
            first = max(start - _DESIGNATOR_WINDOW, 0)
            return any(
                doc.sentence[i] == sentence and _designates(reading, i, strict=strict) for i in range(first, start)
            )
        if hit.first - start >= _FRAME_WINDOW or doc.words[start - 1] not in _NP_WORDS:
            return False
        start -= 1
    return False


def _designates(reading: Reading, index: int, *, strict: bool) -> bool:
    """Word `index` names a person: a role, a @handle, or (unless `strict`) a capitalised name."""
    doc = reading.doc
    if _covers(reading, index, F + "person_role") or doc.text[doc.starts[index] - 1 : doc.starts[index]] == "@":
        return True
    if not doc.capital[index] or _covers(reading, index, G):
        return False
    return _given_name(doc, index) or (not strict and not doc.clause_mark[index])


def _given_name(doc: Doc, index: int) -> bool:
    return doc.words[index] in _first_names()


@functools.cache
def _first_names() -> frozenset[str]:
    # The given names the targets analysis reads (data/targets/first_names.txt); a name also common as
    # a word ("Rose?") is left out here, where capitals are the only other clue.
    path = DATA_DIR / "targets" / "first_names.txt"
    if not path.exists():
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(normalise_term(line) for line in lines if line and not line.endswith("?"))


def _aim(reading: Reading, hit: Hit, lang: str) -> str:
    """Who an invective is about: "second", "vocative", "third", "group", "object" or "none"."""
    doc = reading.doc
    clause = reading.clause[hit.first]
    words = reading.clause_words(clause)
    yours = words_of(reading.labelled(G + "second_person"))
    if hit.label == AIMED:
        own = any(i in yours for i in hit.literal)
        opens = hit.first - words.start <= _INTERJECTION_WINDOW
        followed = any(0 < i - hit.last <= 2 for i in yours)
        return "second" if own or opens or followed else "none"
    second = _frame_before(reading, hit, F + "second_person_frame")
    if (second is not None and not _described(reading, second)) or any(
        f.first == hit.last + 1 for f in reading.in_clause(clause, F + "after_frame")
    ):
        return "second"
    if _object_of_de(reading, hit, lang):
        return "object"
    if _person_of_de(reading, hit, lang):
        return "third"
    role = _role_after_de(reading, hit)
    if role is not None:
        return "group" if _plural_generic(reading, role) or doc.words[role].endswith("s") else "third"
    third = _frame_before(reading, hit, F + "third_person_frame")
    if third is None and hit.first > 0 and doc.words[hit.first - 1] in _BARE_COPULAS:
        # "le responsable est con comme ses pieds", "your CM is thick as two short planks"
        third = Hit(F + "third_person_frame", hit.first - 1, hit.first - 1, frozenset({hit.first - 1}), "is")
    if third is not None:
        if _swear_or_thing(reading, hit) and not _close(reading, third, hit):
            return "none"  # "c'est un exemple vraiment débile": the word qualifies "exemple"
        return _subject_kind(reading, third, hit)
    qualifier = _frame_before(reading, hit, F + "qualifier", window=1)
    if qualifier is not None and not _described(reading, qualifier):
        after = hit.last + 1
        if (
            _swear_or_thing(reading, hit)
            and after < len(doc)
            and doc.sentence[after] == doc.sentence[hit.first]
            and not doc.comma[after]
            and not _covers(reading, after, G)
        ):
            return "none"  # "what a stupid question": an adjective on a noun
        return "vocative"
    if _apposed(reading, hit):
        return "third"
    after = hit.last + 1
    if (
        hit.first > 0
        and doc.words[hit.first - 1] in _DEFINITE
        and after < len(doc)
        and doc.words[after] in ("who", "qui")
    ):
        return "third"  # "the idiot who packed my order", "le crétin qui m'a servi"
    sentence_end = hit.last + 1 >= len(doc) or doc.sentence[hit.last + 1] != doc.sentence[hit.first]
    if _swear_or_thing(reading, hit):
        return "none"  # "Merde, c'est dingue !": an interjection, not a vocative
    if hit.first == words.start and (sentence_end or (hit.last + 1 < len(doc) and doc.comma[hit.last + 1])):
        return "vocative"  # "Connard, rembourse-moi.", "Idiots !"
    if sentence_end and (doc.comma[hit.first] or hit.first - words.start <= 1):
        return "vocative"  # "Merci, connard.", "merci connard"
    return "none"


def _subject_kind(reading: Reading, frame: Hit, hit: Hit) -> str:
    """What the subject of "… est un / is a …" is: a person, a thing or a group."""
    doc = reading.doc
    words = doc.words[frame.first : frame.last + 1]
    if len(words) == 1 and words[0] in _DEMONSTRATIVES:
        # "ce connard", "that idiot": the demonstrative designates the insulted one; "this app is…" is
        # about the app.
        after = frame.last + 1
        if after < len(doc) and _covers(reading, after, F + "object"):
            return "object"
        if _swear_or_thing(reading, hit) and not _made_a_person(reading, frame, hit):
            return "none"  # "that stupid", "ce merdier": an adjective or a thing, not someone designated
        return "third" if hit.first - frame.last - 1 <= 1 else "none"
    if words[0] in ("il", "elle", "he", "she", "hes", "shes", "c", "ce", "cet", "cette"):
        # "il est", "c'est un", "this idiot", "ce connard": someone the conversation designates —
        # unless a thing was just named ("ce produit, c'est une merde" is about the product).
        before = frame.first - 1
        if before >= 0 and _covers(reading, before, F + "object"):
            return "object"
        return "third"
    if words[0] in ("they", "theyre", "ces", "sont", "ce"):
        return "group"
    subject = frame.first - 1
    if subject < 0:
        return "none"
    head = _head_role(reading, subject)
    if head is not None:
        return "group" if _plural_generic(reading, head) else "third"
    if _covers(reading, subject, F + "object"):
        return "object"
    if _covers(reading, subject, F + "person_role") or doc.text[doc.starts[subject] - 1 : doc.starts[subject]] == "@":
        return "group" if _plural_generic(reading, subject) else "third"
    if doc.capital[subject] and not _covers(reading, subject, G):
        # A name: "Julien est un…". A brand is named the same way ("Orange est une merde"), so a word
        # that also runs down things is not aimed at a person through a name alone — unless a given
        # name says it is one ("Karim Haddad is a total clown").
        person = any(_given_name(doc, i) for i in (subject, subject - 1) if i >= 0 and doc.capital[i])
        return "none" if _swear_or_thing(reading, hit) and not person else "third"
    if doc.words[subject] in _SINGULAR_PRONOUNS:
        return "third"
    if doc.words[subject] in _PLURAL_PRONOUNS:
        return "group"
    if _covers(reading, subject, G + "person") or _covers(reading, subject, "hate."):
        return "group"
    return "none"


def _made_a_person(reading: Reading, frame: Hit, hit: Hit) -> bool:
    """A word that also runs down things is a person here: "ce gros débile a cassé…", "that clown at the
    returns desk", "the idiot who packed my order"."""
    doc = reading.doc
    between = doc.words[frame.last + 1 : hit.first]
    if between and all(w in _PERSON_QUALIFIERS for w in between):
        return True
    after = hit.last + 1
    return after < len(doc) and doc.sentence[after] == doc.sentence[hit.first] and doc.words[after] in _DESIGNATING


def _plural_generic(reading: Reading, index: int) -> bool:
    """ "les vendeurs" (a trade) rather than "vos vendeurs", "les vendeurs de ce magasin"."""
    doc = reading.doc
    before = doc.words[index - 1] if index > 0 else ""
    after = doc.words[index + 1] if index + 1 < len(doc) else ""
    plural = before in ("les", "all", "tous", "toutes") or (before == "the" and doc.words[index].endswith("s"))
    return plural and after not in ("de", "du", "des", "of", "at", "in", "from")


def _object_of_de(reading: Reading, hit: Hit, lang: str) -> bool:
    """French "N de merde": about N, a thing unless N is a person ("ce vendeur de merde")."""
    doc = reading.doc
    de = hit.first - 1
    if lang != "fr" or de < 1 or doc.words[de] not in ("de", "d"):
        return False
    return _covers(reading, de - 1, F + "object")


def _person_of_de(reading: Reading, hit: Hit, lang: str) -> bool:
    doc = reading.doc
    de = hit.first - 1
    return lang == "fr" and de >= 1 and doc.words[de] in ("de", "d") and _covers(reading, de - 1, F + "person_role")


def _swear_or_thing(reading: Reading, hit: Hit) -> bool:
    """Words that are swearing or run down things too ("merde", "garbage"): insults only when aimed."""
    return any(h.first == hit.first and h.last == hit.last for h in reading.labelled(PROFANE, F + "thing"))


def _praised(reading: Reading, hit: Hit, kind: str) -> bool:
    """ "What a talented motherfucker", "sacré connard": affection or admiration, not contempt.

    Next to the word for every frame; anywhere in the clause for someone designated in the third
    person ("cet enfoiré sait vraiment écrire un bon film").
    """
    clause = reading.clause[hit.first]
    for praise in reading.labelled(F + "praise"):
        if praise.first <= hit.last and praise.last >= hit.first:
            continue  # "bon" inside "bon à rien"
        if 0 <= hit.first - praise.last - 1 <= 1 or 0 <= praise.first - hit.last - 1 <= 1:
            return True
        if kind == "third" and reading.clause[praise.first] == clause:
            return True
    return False


def _described(reading: Reading, frame: Hit) -> bool:
    """ "une bande de connards", "comme une espèce de…": a description, not a vocative."""
    before = frame.first - 1
    return before >= 0 and reading.doc.words[before] in _DESCRIBING


def _close(reading: Reading, frame: Hit, hit: Hit) -> bool:
    """Only intensifiers between a frame and an insult ("c'est vraiment un gros…")."""
    return all(reading.doc.words[i] in _INTENSIFIERS for i in range(frame.last + 1, hit.first))


def _reported(reading: Reading, hit: Hit, consumed: set[int], lang: str) -> bool:
    """Quoted, reported by anyone ("il m'a traité de…", "I told him to…"), or denounced."""
    doc = reading.doc
    sentence = doc.sentence[hit.first]
    why = is_reported(reading, hit, consumed, lang)
    if why == "reported":
        reports = [r for r in reading.in_sentence(sentence, G + "report") if r.last < hit.first]
        if not (reports and all(_passed_on(reading, r) for r in reports)):
            return True
    elif why:
        return True
    return any(s.last < hit.first and not _passed_on(reading, s) for s in reading.in_sentence(sentence, F + "speech"))


def _passed_on(reading: Reading, verb: Hit) -> bool:
    """An order to pass words on ("Dites à votre directeur que c'est un imbécile", "Tell your manager he's
    an idiot"): the speech verb opens its sentence as an imperative, and the words are the author's."""
    doc = reading.doc
    return verb.first == 0 or doc.sentence[verb.first - 1] != doc.sentence[verb.first]


def _covers(reading: Reading, index: int, *prefixes: str) -> bool:
    return any(h.first <= index <= h.last for h in reading.labelled(*prefixes))


@functools.cache
def lexicon(lang: str) -> Lexicon:
    """Every term the insult analysis looks for in `lang`; built once, immutable, shared by all threads."""
    entries: list[tuple[str, str]] = []
    sections = read_sections(data_file("insults", "terms", lang))
    for section, label in (("insult", INSULT), ("aimed", AIMED), ("profanity", PROFANE)):
        entries.extend((label, term) for term in sections.get(section, ()))
    for terms in read_sections(data_file("hate", "slurs", lang)).values():
        entries.extend((SLUR, term) for term in terms)  # a slur is an invective too
    for section, terms in read_sections(data_file("insults", "grammar", lang)).items():
        entries.extend((F + section, term) for term in terms)
    entries.extend(grammar_entries(lang))
    return Lexicon.build(
        lang,
        entries,
        triggers=(INSULT, AIMED, PROFANE, SLUR),
        fuzzy=(INSULT,),
        glue=(INSULT, AIMED, SLUR),
    )
