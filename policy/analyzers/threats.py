"""Analysis stage: threats against persons or property (Code pénal art. 222-17, 222-18, 222-18-1,
322-12, 322-13).

A threat is the author announcing harm to a designated victim. Each harm word found (through the
normaliser: "je vais te cr3v3r", "k i l l") is read with four questions:

- **who acts?** the author: an intent before it in the sentence ("je vais", "I'll", "on va", "I want
  to", "je te…"), or a formula addressed to the victim ("tu vas mourir", "you're dead");
- **against whom?** a designated victim: the addressee ("te", "vous", "you", "your family"), a third
  person ("le", "him", "le gérant", "@handle", a name), or property ("votre magasin", "your store").
  Harm with no victim ("I could kill for this sofa", "je vais tout défoncer au bowling") or against
  the author ("ce prix me tue") is not a threat; harm against a whole group is hate, not a threat
  "à la cantonade";
- **is it real?** not negated ("je ne vais pas te frapper"), not a figure of speech ("mourir de rire",
  "this deal is killer", "une tuerie ce gâteau");
- **whose threat?** a user *reporting* a threat or an attack ("un vendeur m'a menacé de me frapper",
  "someone threatened to kill me in your store") gets `reported=True`: the author threatens no one.

Veiled threats ("je sais où tu habites", "I know where you live") are threats of violence. Weaker
cues count only two together, because one alone is the ordinary anger of a customer ("Vous allez le
regretter", said of a refund): surveillance ("je connais ta voiture"), a rendezvous ("see you at
closing time"), a warning ("fais attention en rentrant"), an announced visit ("on va lui rendre
visite"), a knife brought along. Other forms that name no harm verb:

- a **weapon** the author brings ("je reviens demain avec mon fusil", "on va venir avec des battes");
- a **death wish** for a designated person ("Mort au gérant de Rennes", "death to Karim Haddad");
- a violent **fate** announced to its subject ("le directeur va finir égorgé", "you're gonna get hurt");
- a **bomb alert** in a place ("il y a une bombe dans le magasin", C. pén. art. 322-14).

French harm verbs in -er are also found conjugated ("je te démonte la gueule", "on crame le dépôt").
Harm announced against the author by someone else is a report only when it is told as one (a report
verb, quotation marks, a past tense: "il m'a frappé"); "mon mari va me tuer 😅" is a joke, not a report.
A report without a harm verb ("un client a menacé ma collègue") is a report too.

An order to fulfil a condition ("si vous ne me remboursez pas…", "or else") makes the threat
`conditional` (art. 222-18, 322-13 for property). A threat that also attacks a protected group on the
grounds art. 222-18-1 lists is cited under that article too.

Cost: `Cost.PATTERNS` — an automaton pass as a prefilter, the clause reading of `abuse.py` for the few
messages with a harm word, and the hate analysis only for messages that are threats.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final, Literal

from policy.analyzers.abuse import (
    FRENCH_ER_PARTICIPLES,
    FRENCH_ER_TENSES,
    G,
    Hit,
    Lexicon,
    Reading,
    consumed_words,
    data_file,
    french_inflections,
    grammar_entries,
    is_negated,
    make_doc,
    person_before,
    read,
    read_sections,
    screened,
    voice_of,
    words_of,
)
from policy.analyzers.base import Cost, Finding

__all__ = ["COST", "ThreatKind", "ThreatResult", "find_threats"]

COST: Final = Cost.PATTERNS
LANGS: Final = ("fr", "en")

ThreatKind = Literal["death", "violence", "property"]

T = "threat."
HARM: Final = (T + "death", T + "violence", T + "property")
# Forms that announce harm without a harm verb, each read the way its docstring paragraph says.
FATE_END: Final = T + "fate_end"
DOOMED: Final = T + "doomed"
WEAPON: Final = T + "weapon"
BLADE: Final = T + "blade"
WISH: Final = T + "death_wish"
BOMB: Final = T + "bomb"
MENACING: Final = T + "menacing"
REPORT_ALONE: Final = T + "report_alone"
# Every label a threat is read from, in `_judge`; each also opens the slow path.
_READ: Final = (*HARM, T + "veiled", WEAPON, BLADE, WISH, BOMB, MENACING, REPORT_ALONE, FATE_END, DOOMED)
_RANK: Final = {"death": 3, "violence": 2, "property": 1}
_KIND_OF: Final[dict[str, ThreatKind]] = {
    T + "death": "death",
    T + "violence": "violence",
    T + "property": "property",
    T + "veiled": "violence",
    WEAPON: "violence",
    FATE_END: "violence",
    DOOMED: "death",
    BLADE: "violence",
    WISH: "death",
    BOMB: "property",
    MENACING: "violence",
    REPORT_ALONE: "violence",
}

_INTENT_WINDOW: Final = 8  # "I will find you and hurt you": the intent may govern a second verb
_VICTIM_BEFORE: Final = 2  # "je vais te tuer", "je vais vous casser la gueule": clitic right before
_VICTIM_AFTER: Final = 4  # "kill you", "break your legs", "brûler votre magasin"
_HYPERBOLE_WINDOW: Final = 2
_SUBJECT_WINDOW: Final = 3  # "je te les casse": subject, clitics, verb
_ARMED_WINDOW: Final = 3  # "avec mon fusil", "with a baseball bat"
_FATE_WINDOW: Final = 2  # "va finir égorgé", "va se faire tabasser", "gonna get hurt"
_WEAK_NEEDED: Final = 2  # weak veiled cues that make a threat together
# Auxiliaries of a past or passive harm against the author: "il m'a tabassé", "j'ai été agressée".
_PAST: Final = frozenset({"a", "ont", "avait", "avaient", "ete", "has", "had", "got", "was", "been"})
# French -er harm verbs are looked for in every tense, participles included ("va finir égorgé").
_ER_ENDINGS: Final = (*FRENCH_ER_TENSES, *FRENCH_ER_PARTICIPLES)

# LEGAL.md §1.3: art. 222-18-1 aggravates threats on the grounds of ethnie, nation, race, religion or
# sexual orientation (verified wording); other grounds are left to a lawyer.
_AGGRAVATING_GROUNDS: Final = frozenset({"origin", "religion", "sexual_orientation"})

# French object clitics stand before the verb ("je vais le tuer"); after it "le", "la", "les" are
# articles ("tuer le temps", "tuer tous les…"), so only possessives and English pronouns count there.
_CLITICS: Final = frozenset({"te", "t", "vous", "le", "la", "l", "les", "lui", "leur"})
_AFTER_VERB: Final = frozenset(
    {"ton", "ta", "tes", "votre", "vos", "toi", "leurs", "quelqu"}
    | {"you", "u", "ya", "your", "ur", "him", "her", "them", "their", "somebody", "someone"}
)  # "hurt somebody" in your store: someone there is designated
_AUTHOR_PRONOUNS: Final = {
    "fr": frozenset({"me", "m", "moi", "nous", "mon", "ma", "mes"}),
    "en": frozenset({"me", "us", "my", "myself"}),  # not "m": in English that is "I'm"
}


@dataclass(frozen=True, slots=True)
class ThreatResult:
    """A threat by the author, or a threat the author reports.

    `kind` is the harm the author announces: "death", "violence" (veiled threats included) or
    "property"; None when the author threatens no one. `conditional`: made with an order to fulfil a
    condition. `reported`: the author reports a threat or an attack they suffered (then `is_threat` is
    False and `kind` None; the finding `threat.<kind>` says what was reported). `findings` are the harm
    words (`threat.<kind>`, `threat.veiled`), the victim (`threat.victim`) and the condition
    (`threat.condition`); `citations` name the articles of the Code pénal, for threats only.
    """

    is_threat: bool
    kind: ThreatKind | None
    conditional: bool
    reported: bool
    findings: tuple[Finding, ...]
    reason: str
    citations: tuple[str, ...]


_NOTHING: Final = ThreatResult(False, None, False, False, (), "no threat", ())


@dataclass(frozen=True, slots=True)
class _Harm:
    kind: ThreatKind
    hit: Hit
    victim: tuple[int, int] | None
    veiled: bool = False
    bomb: bool = False


def find_threats(text: str, *, lang: str) -> ThreatResult:
    """Threats in `text` (`lang`: "fr" or "en"; any other value tries both)."""
    if lang in LANGS:
        return _find(text, lang)
    results = [_find(text, one) for one in LANGS]
    return max(results, key=lambda r: (r.is_threat, r.reported, len(r.findings)))


def _find(text: str, lang: str) -> ThreatResult:
    if not screened("threats", lang, text):
        return _NOTHING
    words = lexicon(lang)
    doc = words.prepare(make_doc(text))
    reading = read(doc, words.hits(doc), clause_break=G + "clause_break")
    return _judge(reading, text, lang)


def _judge(reading: Reading, text: str, lang: str) -> ThreatResult:
    doc = reading.doc
    # A negation inside the condition ("si vous ne me remboursez pas, je…") does not negate the threat.
    consumed = consumed_words(reading) | _condition_words(reading)
    threats: list[_Harm] = []
    reported: list[_Harm] = []
    weak: list[Hit] = []
    refusal = ""
    fates = reading.labelled(T + "fate")
    for hit in reading.labelled(
        *HARM, T + "veiled", WEAPON, BLADE, WISH, BOMB, MENACING, REPORT_ALONE, FATE_END, DOOMED
    ):
        kind = _KIND_OF[hit.label]
        if _hyperbole(reading, hit):
            refusal = refusal or "a figure of speech, not a threat"
            continue
        if is_negated(reading, hit, consumed, lang):
            refusal = refusal or "the harm is negated"
            continue
        if hit.label == REPORT_ALONE or _reported(reading, hit):
            if hit.label in (MENACING, BLADE, WEAPON) and not _armed(reading, hit):
                continue  # "il a dit qu'il reviendrait avec un couteau" is reported; "un couteau" alone is not
            reported.append(_Harm(kind, hit, None))
            continue
        if hit.label in (T + "veiled", BOMB):
            if hit.label == BOMB and not reading.in_sentence(reading.doc.sentence[hit.first], T + "belongings"):
                refusal = refusal or "a bomb named in no place"
                continue
            threats.append(_Harm(kind, hit, None, veiled=hit.label != BOMB, bomb=hit.label == BOMB))
            continue
        if hit.label == MENACING:
            weak.append(hit)
            continue
        if hit.label in (WEAPON, BLADE):
            if not (_armed(reading, hit) and _brought_by_author(reading, hit)):
                continue
            if hit.label == BLADE:
                weak.append(hit)  # a knife is also kitchenware: a weak cue, not a threat alone
            else:
                threats.append(_Harm(kind, hit, None))
            continue
        fate = next((f for f in fates if 0 <= hit.first - f.last - 1 <= _FATE_WINDOW), None)
        if hit.label == DOOMED:
            fate = hit  # "le gérant est un homme mort": the subject is doomed
        if hit.label == FATE_END and fate is None:
            continue  # "à l'hôpital" is a fate only when announced ("tu vas finir à l'hôpital")
        if fate is not None and hit.label != WISH:
            subject = _subject_victim(reading, fate)
            if subject is None:
                refusal = refusal or "harm named without a designated victim"
                continue
            threats.append(_Harm(kind, hit, subject))
            continue
        if hit.label == WISH:
            victim, against = _wished_to(reading, hit)
        else:
            victim, against = _victim(reading, hit, kind, lang)
        if against == "author":
            if _past(reading, hit):
                reported.append(_Harm(kind, hit, victim))  # "il m'a tabassé": an attack told by its victim
            else:
                refusal = refusal or "harm to the author that nobody reports (a figure of speech)"
            continue
        if against is None:
            refusal = refusal or "harm named without a designated victim"
            continue
        if hit.label != WISH:
            addressed_formula = bool(hit.literal & words_of(reading.labelled(G + "second_person")))
            if not addressed_formula and not _by_author(reading, hit):
                refusal = refusal or "the author does not announce the harm"
                continue
        threats.append(_Harm("property" if against == "property" else kind, hit, victim))

    distinct = _distinct(weak)
    if len(distinct) >= _WEAK_NEEDED:
        threats.extend(_Harm("violence", hit, None, veiled=True) for hit in distinct)
    elif distinct:
        refusal = refusal or "one veiled cue alone, which announces no crime"

    if not threats:
        if reported:
            best = max(reported, key=lambda h: _RANK[h.kind])
            said = doc.text[doc.starts[best.hit.first] : doc.ends[best.hit.last]]
            evidence = (Finding(T + best.kind, *doc.span(best.hit.first, best.hit.last)),)
            return ThreatResult(
                False, None, False, True, evidence, f"The author reports a threat or an attack (`{said}`)", ()
            )
        return ThreatResult(False, None, False, False, (), (refusal or "no threat").capitalize(), ())

    best = max(threats, key=lambda h: (_RANK[h.kind], not h.veiled))
    conditions = reading.labelled(T + "condition")
    conditional = bool(conditions)
    findings: set[Finding] = set()
    for harm in threats:
        label = "veiled" if harm.veiled else ("bomb" if harm.bomb else harm.kind)
        findings.add(Finding(T + label, *doc.span(harm.hit.first, harm.hit.last)))
        if harm.victim is not None:
            findings.add(Finding(T + "victim", *doc.span(*harm.victim)))
    for condition in conditions:
        findings.add(Finding(T + "condition", *doc.span(condition.first, condition.last)))
    citations = _citations(best.kind, conditional, text, lang)
    if any(h.bomb for h in threats):
        citations = (*citations, "C. pén. art. 322-14")
    said = doc.text[doc.starts[best.hit.first] : doc.ends[best.hit.last]]
    what = (
        "veiled threat"
        if best.veiled
        else "bomb alert"
        if best.bomb
        else {"death": "death threat", "violence": "threat of violence", "property": "threat against property"}[
            best.kind
        ]
    )
    reason = f"{what.capitalize()} (`{said}`)" + (" with an order to fulfil a condition" if conditional else "")
    return ThreatResult(
        True,
        best.kind,
        conditional,
        bool(reported),
        tuple(sorted(findings, key=lambda f: (f.start, f.end, f.label))),
        reason,
        citations,
    )


def _citations(kind: ThreatKind, conditional: bool, text: str, lang: str) -> tuple[str, ...]:
    if kind == "property":
        return ("C. pén. art. 322-13",) if conditional else ("C. pén. art. 322-12",)
    cited = ["C. pén. art. 222-18" if conditional else "C. pén. art. 222-17"]
    from policy.analyzers.hate import find_hate  # only for threats: the hate analysis is the costlier one

    hate = find_hate(text, lang=lang)
    if hate.is_hate and hate.grounds & _AGGRAVATING_GROUNDS:
        cited.append("C. pén. art. 222-18-1")
    return tuple(cited)


def _condition_words(reading: Reading) -> set[int]:
    """Words of each condition, from its start up to the author's "je"/"I" that follows it."""
    words: set[int] = set()
    firsts = sorted(h.first for h in reading.labelled(G + "first_person"))
    for condition in reading.labelled(T + "condition"):
        sentence = reading.doc.sentence[condition.first]
        end = next(
            (i for i in firsts if i > condition.last and reading.doc.sentence[i] == sentence),
            condition.last + 1,
        )
        words.update(range(condition.first, end))
    return words


def _hyperbole(reading: Reading, hit: Hit) -> bool:
    return any(
        h.first <= hit.last + _HYPERBOLE_WINDOW and h.last >= hit.first - _HYPERBOLE_WINDOW
        for h in reading.labelled(T + "hyperbole")
    )


_WISH_PREPOSITIONS: Final = frozenset({"a", "au", "aux", "to"})  # "mort au…", "death to…": the victim follows


def _distinct(hits: list[Hit]) -> list[Hit]:
    """Hits that do not overlap, so that one phrase is never counted as two cues."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.first, -h.last)):
        if not kept or hit.first > kept[-1].last:
            kept.append(hit)
    return kept


def _wished_to(reading: Reading, hit: Hit) -> tuple[tuple[int, int] | None, str | None]:
    """Whom a death wish is for: who follows "mort à", "death to"; else the wish names its victim ("crève")."""
    doc = reading.doc
    if doc.words[hit.last] not in _WISH_PREPOSITIONS:
        return (hit.first, hit.last), "person"  # "crève", "go die", "j'espère qu'il crève"
    after = hit.last + 1
    for index in range(after, min(after + 2, len(doc))):  # "mort au gérant", "mort à la caissière"
        if doc.sentence[index] != doc.sentence[hit.first]:
            break
        role = next((h for h in reading.labelled(T + "person_role") if h.first == index), None)
        if role is not None:
            return (role.first, role.last), "person"
        handle = doc.text[doc.starts[index] - 1 : doc.starts[index]] == "@"
        if handle or (doc.capital[index] and index == after) or doc.words[index] in _ADDRESSEES:
            return (index, index), "person"
    return None, None


_ADDRESSEES: Final = frozenset({"toi", "vous", "you", "him", "her", "them", "lui", "eux", "elle"})
_POSSESSIVES: Final = frozenset({"mon", "ma", "mes", "notre", "nos", "my", "our"})
_POSSESSIVES_2: Final = frozenset({"ton", "ta", "tes", "votre", "vos", "your", "ur"})


def _armed(reading: Reading, hit: Hit) -> bool:
    """ "avec mon fusil", "with a gun": the weapon is carried, not merely named."""
    clause = reading.clause[hit.first]
    return any(0 <= hit.first - a.last - 1 <= _ARMED_WINDOW for a in reading.in_clause(clause, T + "armed"))


def _brought_by_author(reading: Reading, hit: Hit) -> bool:
    """The author (or "on", "we") announces coming with the weapon, anywhere before it in the sentence."""
    sentence = reading.doc.sentence[hit.first]
    if any(i.last < hit.first for i in reading.in_sentence(sentence, T + "intent", T + "subject")):
        return True
    return person_before(reading, hit.first, window=hit.first + 1, subjects_only=True) == "first"


def _subject_victim(reading: Reading, fate: Hit) -> tuple[int, int] | None:
    """Who a fate is announced to: its subject, before it in the clause (a role, a name, a pronoun)."""
    doc = reading.doc
    clause = reading.clause[fate.first]
    persons = reading.labelled(T + "person_role", G + "second_person", G + "third_person")
    inside = next((h for h in reading.labelled(G + "second_person") if h.first in fate.literal), None)
    if inside is not None:
        return inside.first, inside.last  # "tu vas finir…", "vous allez vous faire…": the addressee
    for index in range(fate.first - 1, -1, -1):
        if reading.clause[index] != clause:
            break
        person = next((h for h in persons if h.first <= index <= h.last), None)
        if person is not None and doc.words[index] in _POSSESSIVES_2:
            continue  # "votre site est un homme mort": what is yours is not you
        if person is not None:
            owner = doc.words[person.first - 1] if person.first > 0 else ""
            if owner in _POSSESSIVES:
                return None  # "ma mère va finir à l'hôpital": the author's own, a worry, not a threat
            return person.first, person.last
        if doc.text[doc.starts[index] - 1 : doc.starts[index]] == "@" or (
            doc.capital[index] and not doc.clause_mark[index]
        ):
            return index, index
    return None


def _past(reading: Reading, hit: Hit) -> bool:
    """A past or passive auxiliary right before the harm ("m'a frappé", "j'ai été agressée", "got hit")."""
    doc = reading.doc
    return any(doc.words[i] in _PAST for i in range(max(hit.first - 2, 0), hit.first))


def _reported(reading: Reading, hit: Hit) -> bool:
    """A threat or an attack told by its victim, or someone else's words ("il a dit qu'il allait…")."""
    doc = reading.doc
    sentence = doc.sentence[hit.first]
    if reading.in_sentence(sentence, T + "reported"):
        return True
    if doc.quoted[hit.first] and not all(doc.quoted):
        return True
    return any(
        r.last < hit.first and voice_of(reading, r) == "other" for r in reading.in_sentence(sentence, G + "report")
    )


def _victim(reading: Reading, hit: Hit, kind: ThreatKind, lang: str) -> tuple[tuple[int, int] | None, str | None]:
    """The designated victim: its words and "person", "property" or "author"; (None, None) if none."""
    doc = reading.doc
    sentence = doc.sentence[hit.first]
    yours = words_of(reading.labelled(G + "second_person"))
    authors = _AUTHOR_PRONOUNS[lang]
    if hit.literal & yours:
        return (hit.first, hit.last), "person"  # "tu vas mourir", "you're dead"
    objects = [
        h
        for h in reading.in_sentence(sentence, T + "belongings")
        if 0 <= h.first - hit.last - 1 <= _VICTIM_AFTER
        or (h.first > hit.first and h.last <= hit.last)
        or (kind == "property" and 0 <= hit.first - h.last - 1 <= _VICTIM_BEFORE)  # "ton magasin va brûler"
    ]
    if objects:
        first = min(objects, key=lambda h: h.first)
        return (first.first, first.last), "property"
    if kind == "property":
        return None, None
    # Pronouns: French clitics right before the verb, objects after it.
    for index in range(max(hit.first - _VICTIM_BEFORE, 0), min(hit.last + _VICTIM_AFTER + 1, len(doc))):
        if doc.sentence[index] != sentence or index in hit.literal:
            continue  # words of a `~` gap are looked at: "break your legs"
        word = doc.words[index]
        if word in authors and index < hit.first:
            return (index, index), "author"
        if word in authors and index > hit.last and index - hit.last <= 1:
            return (index, index), "author"
        before_verb = word in _CLITICS and index < hit.first
        after_verb = word in _AFTER_VERB and index > hit.first and index - hit.last <= 2
        if before_verb or after_verb:
            return (index, index), "person"
    # A named or designated person after the verb, or inside the gap of a `~` term: "kill the manager",
    # "frapper le vendeur", "@jdupont", "break the manager's legs".
    gap = [i for i in range(hit.first + 1, hit.last) if i not in hit.literal]
    for index in [*gap, *range(hit.last + 1, min(hit.last + _VICTIM_AFTER + 1, len(doc)))]:
        if doc.sentence[index] != sentence:
            break
        role = [h for h in reading.labelled(T + "person_role") if h.first == index]
        if role:
            return (role[0].first, role[0].last), "person"
        pronoun = any(h.first == index for h in reading.labelled(G + "first_person", G + "second_person"))
        name = doc.capital[index] and not doc.clause_mark[index] and not pronoun  # not "I", not a new sentence
        if doc.text[doc.starts[index] - 1 : doc.starts[index]] == "@" or name:
            return (index, index), "person"
    return None, None


def _by_author(reading: Reading, hit: Hit) -> bool:
    """The author announces the harm: an intent before it in the sentence, none of another subject."""
    doc = reading.doc
    sentence = doc.sentence[hit.first]
    if person_before(reading, hit.first, window=_SUBJECT_WINDOW, subjects_only=True) == "first":
        return True  # "je fais sauter…", "I kill you": the author is the subject
    clause = reading.clause[hit.first]
    if any(0 <= hit.first - s.last - 1 < _SUBJECT_WINDOW for s in reading.in_clause(clause, T + "subject")):
        return True  # "ce soir on crame le dépôt"
    for intent in reading.in_sentence(sentence, T + "intent"):
        if intent.last < hit.first and hit.first - intent.last - 1 <= _INTENT_WINDOW:
            return True
        if intent.first <= hit.first <= intent.last:
            return True
    return False


@functools.cache
def lexicon(lang: str) -> Lexicon:
    """Every term the threat analysis looks for in `lang`; built once, immutable, shared by all threads."""
    entries: list[tuple[str, str]] = []
    sections = read_sections(data_file("threats", "terms", lang))
    fixed = frozenset(sections.get("not_inflected", ()))
    for section, terms in sections.items():
        if section == "not_inflected":
            continue
        for term in terms:
            entries.append((T + section, term))
            if lang == "fr" and T + section in HARM and term not in fixed:
                entries.extend((T + section, form) for form in french_inflections(term, _ER_ENDINGS))
    roles = read_sections(data_file("insults", "grammar", lang)).get("person_role", ())
    entries.extend((T + "person_role", term) for term in roles)
    entries.extend(grammar_entries(lang))
    return Lexicon.build(
        lang,
        entries,
        triggers=(
            *HARM,
            T + "veiled",
            T + "reported",
            WEAPON,
            BLADE,
            WISH,
            BOMB,
            MENACING,
            REPORT_ALONE,
            FATE_END,
            DOOMED,
        ),
        fuzzy=(*HARM,),
        glue=(*HARM,),
    )
