"""Analysis stage: hate speech against a protected group (loi du 29 juillet 1881, art. 24, 32 al. 2-3,
33 al. 3-4).

A message is hateful when it uses a slur, or says something derogatory *of a protected group*:

- an **identity-group lexicon** names the groups and their ground (`origin`, `religion`, `sex`,
  `sexual_orientation`, `gender_identity`, `disability`); adjective forms ("black", "noires") count only
  next to a person noun ("black people"), a derogatory noun ("gay trash") or, in French, a plural or
  indefinite determiner ("les noirs");
- **predicate families** say what is derogatory: negative emotions the author feels, negative
  attributes, dehumanisation, animal comparisons, violence or exclusion that is wished or called for,
  profanity, and positive predicates that are *denied* ("are not human", "ne méritent pas de vivre");
- a predicate and a group meet in one clause, or through a pronoun or "you" that stands for the group
  ("I hate them", "X like you… you deserve to suffer");
- what is negated, quoted, reported or denounced is not the author's claim ("arrêtez de dire que les
  immigrés sont des voleurs", "les femmes ne sont pas inférieures"); a slur the author applies to
  themselves ("I'm a proud…") or used in its innocent sense (a dog, a meatball, an embankment) is not hate;
- one person designated by a ground ("le vendeur noir", "that woman") is attacked *on that ground* only
  by what attacks the ground itself — a slur, dehumanisation, an animal name, exclusion, violence — not
  by an ordinary reproach ("that Sophie woman is the worst", which is an insult);
- some formulas carry their ground without naming a group: sending someone back to a homeland ("retourne
  en Afrique", "go back to your own country": origin) or a woman back to the kitchen ("retourne faire la
  vaisselle": sex), when they are thrown at someone (an imperative, a wish, a designated person).

Cost: `Cost.PATTERNS` — one automaton pass as a prefilter (no group and no slur: done), then the
offset-keeping normalisation and a second pass for the few messages that name a group. No statistical
model: the clause-level patterns above are what the decision needs, and spaCy would cost a thousand
times the prefilter for every message that mentions a group.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from policy.analyzers.abuse import (
    FRENCH_ER_TENSES,
    G,
    Hit,
    Lexicon,
    Reading,
    consumed_words,
    data_file,
    french_inflections,
    grammar_entries,
    grammar_words,
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
from policy.analyzers.hate_mentions import (
    GROUP,
    GROUP_ADJ,
    PRED,
    ROLE,
    SENSE,
    SLUR,
    Group,
    addressed_groups,
    covers,
    groups,
    slurs,
)
from policy.text.normalise import normalise_term

__all__ = ["COST", "GROUNDS", "HateResult", "find_hate", "meant_slurs"]

COST: Final = Cost.PATTERNS
GROUNDS: Final = ("origin", "religion", "sex", "sexual_orientation", "gender_identity", "disability")
LANGS: Final = ("fr", "en")


# Families of predicates and what each needs to count (see the module docstring).
_NEEDS_NEGATION: Final = frozenset({"positive", "emotion_positive"})
_NEEDS_AUTHOR: Final = frozenset({"emotion", "emotion_positive"})
_NEEDS_FIRST_PERSON: Final = frozenset({"emotion_noun"})
_FEELINGS: Final = _NEEDS_AUTHOR | _NEEDS_FIRST_PERSON
_NEEDS_VOLITION: Final = frozenset({"violence", "exclusion_action"})
_NEEDS_PREDICATIVE: Final = frozenset({"animal"})
_GLUED_FAMILIES: Final = (
    "emotion",
    "emotion_noun",
    "attribute",
    "dehumanising",
    "violence",
    "violence_volitional",
    "exclusion",
    "exclusion_action",
    "positive",
)
# Families that attack the ground itself, so that they also count against one person designated by it.
_AGAINST_THE_GROUND: Final = frozenset(
    {"dehumanising", "animal", "violence", "violence_volitional", "exclusion", "exclusion_action"}
)
# Formulas that carry their ground (module docstring); `homeland` and `return` are read together.
_GROUNDED: Final = {"return": "origin", "kitchen": "sex"}
_CUES: Final = frozenset({"homeland"})
_CONJUGATED: Final = frozenset({"violence", "exclusion_action"})  # French -er verbs found in every tense
_HOMELAND_WINDOW: Final = 2  # "go back to his own country", "retourne vite en Afrique"
# Words that throw an animal name at someone ("sale singe", "you monkeys", "bande de singes").
_VOCATIVES: Final = frozenset({"sale", "sales", "you", "dirty", "filthy", "espece", "bande"})
# Before "faire la vaisselle", "à la cuisine": the imperative that sends someone there.
_SENDING: Final = frozenset({"va", "allez", "retourne", "retournez", "go", "get", "back"})
_CLITIC_WINDOW: Final = 3  # "je vais tous les assassiner": a clitic stands right before its verb
_SLOGAN_WORDS: Final = 4  # "les X dehors !": a clause this short is a slogan, a call in itself
_IMPERSONAL_LINKS: Final = frozenset({"de", "d", "que", "qu", "to", "that"})  # "il est dangereux de…"
_TOPIC_WORDS: Final = 4  # "Les X ?", "Et les X…": a sentence that only names a group
_DETERMINERS: Final = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "du",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "notre",
        "nos",
        "votre",
        "vos",
    ]
)
_NOUN_ENDINGS: Final = ("tion", "tions", "sion", "sions", "ment", "ments")  # deverbal nouns, not calls

# Confidence of each kind of evidence: explicit wording in one clause is the surest; a pronoun link or
# a corrected misspelling adds a guess.
_CONFIDENCE_SLUR: Final = 0.9
_CONFIDENCE_CLAUSE: Final = 0.85
_CONFIDENCE_LINKED: Final = 0.7
_FUZZY_PENALTY: Final = 0.15


@dataclass(frozen=True, slots=True)
class HateResult:
    """Whether a message is hateful, on which grounds, with the words that show it.

    `findings` (spans of the original text) are given for hateful messages only: the group mentions
    (`hate.group.<ground>`), the derogatory predicates (`hate.<family>`) and the slurs
    (`hate.slur.<ground>`). `reason` is one sentence for a CM; `confidence` is in [0, 1].
    """

    is_hate: bool
    grounds: frozenset[str]
    findings: tuple[Finding, ...]
    reason: str
    confidence: float


_NOTHING: Final = HateResult(False, frozenset(), (), "no protected group or slur is named", 0.0)


def find_hate(text: str, *, lang: str) -> HateResult:
    """Hate speech in `text` (`lang`: "fr" or "en"; any other value tries both)."""
    if lang in LANGS:
        return _find(text, lang)
    results = [_find(text, one) for one in LANGS]
    hateful = [r for r in results if r.is_hate]
    if hateful:
        return max(hateful, key=lambda r: r.confidence)
    return results[0]


def _find(text: str, lang: str) -> HateResult:
    if not screened("hate", lang, text):
        return _NOTHING
    return _judge(_reading(lang, text), lang)


# Readings remembered for the insult analysis of the same message, which asks which slurs are meant.
_READING_MEMO: Final = 256


@functools.lru_cache(maxsize=_READING_MEMO)
def _reading(lang: str, text: str) -> Reading:
    # A bounded memo of a pure function: a `Reading` is immutable, and `lru_cache` is thread-safe.
    words = lexicon(lang)
    doc = words.prepare(make_doc(text))
    return read(doc, words.hits(doc), clause_break=G + "clause_break")


def meant_slurs(text: str, *, lang: str) -> frozenset[tuple[int, int]]:
    """Spans (of `text`) of the slurs read as slurs: not a dog, a cigarette, fairy lights, nor reclaimed.

    For the insult analysis, which counts a slur aimed at one person as an invective; quoting and
    negation are its own questions.
    """
    reading = _reading(lang, text)
    innocent = {"the word is used in its innocent sense", "the author reclaims the word for themselves"}
    return frozenset(
        reading.doc.span(hit.first, hit.last)
        for hit, _, why_not in slurs(reading, lang, consumed_words(reading))
        if why_not not in innocent
    )


def _judge(reading: Reading, lang: str) -> HateResult:
    consumed = consumed_words(reading)
    named = groups(reading, lang)
    evidence: list[tuple[float, str, list[Finding], set[str]]] = []
    refusals: list[str] = []

    for hit, ground, why_not in slurs(reading, lang, consumed):
        if why_not:
            refusals.append(why_not)
            continue
        finding = Finding(SLUR + ground, *reading.doc.span(hit.first, hit.last))
        confidence = _CONFIDENCE_SLUR - (_FUZZY_PENALTY if hit.fuzzy else 0.0)
        word = reading.doc.original(hit.first) if hit.first == hit.last else hit.term
        evidence.append((confidence, f"slur `{word}` ({ground})", [finding], {ground}))

    second = addressed_groups(reading, named)
    for hit in reading.labelled(PRED):
        family = hit.label.removeprefix(PRED)
        if family in _CUES:
            continue
        if family in _GROUNDED:
            thrown = _grounded(reading, hit, family, consumed, lang)
            if thrown:
                ground = _GROUNDED[family]
                said = reading.doc.text[reading.doc.starts[hit.first] : reading.doc.ends[thrown]]
                finding = Finding("hate." + family, *reading.doc.span(hit.first, thrown))
                confidence = _CONFIDENCE_CLAUSE - (_FUZZY_PENALTY if hit.fuzzy else 0.0)
                evidence.append((confidence, f"{_FAMILY_WORDS[family]} `{said}` ({ground})", [finding], {ground}))
            continue
        if not _gate(reading, hit, family, lang):
            continue
        negated = is_negated(reading, hit, consumed, lang)
        if negated != (family in _NEEDS_NEGATION):
            if named and negated:
                refusals.append("the derogatory words are negated")
            continue
        linked, how = _linked(reading, hit, named, second, lang)
        if family not in _AGAINST_THE_GROUND:
            linked = [g for g in linked if not g.individual]
        if not linked:
            continue
        # The author's wish stands against a belief they deny to others ("ces X ne croient pas que je vais
        # tous les…"); "ils disent que je veux…" stays their words.
        reenters = family in _FEELINGS or (family in _NEEDS_VOLITION and _denied_report(reading, hit, consumed, lang))
        why_not = is_reported(reading, hit, consumed, lang, author_reenters=reenters)
        if why_not:
            refusals.append(f"the derogatory words are {why_not} to denounce them, not endorsed")
            continue
        findings = [Finding(GROUP + g.ground, *reading.doc.span(g.first, g.last)) for g in linked]
        findings.append(Finding("hate." + family, *reading.doc.span(hit.first, hit.last)))
        confidence = _CONFIDENCE_CLAUSE if how == "clause" else _CONFIDENCE_LINKED
        if hit.fuzzy or any(g.fuzzy for g in linked):
            confidence -= _FUZZY_PENALTY
        grounds = {g.ground for g in linked}
        said = reading.doc.text[reading.doc.starts[hit.first] : reading.doc.ends[hit.last]]
        evidence.append(
            (
                confidence,
                f"{_FAMILY_WORDS[family]} `{said}` said of a protected group ({', '.join(sorted(grounds))})",
                findings,
                grounds,
            )
        )

    if not evidence:
        if refusals:
            return HateResult(False, frozenset(), (), refusals[0][0].upper() + refusals[0][1:], 0.0)
        if named:
            return HateResult(False, frozenset(), (), "a protected group is named without derogation", 0.0)
        return HateResult(False, frozenset(), (), "no protected group or slur is named", 0.0)
    evidence.sort(key=lambda e: -e[0])
    all_grounds: set[str] = set()
    unique: dict[tuple[str, int, int], Finding] = {}
    for _, _, found, on in evidence:
        all_grounds |= on
        for finding in found:
            unique[(finding.label, finding.start, finding.end)] = finding
    ordered = tuple(sorted(unique.values(), key=lambda f: (f.start, f.end, f.label)))
    best = evidence[0]
    confidence = min(1.0, best[0] + 0.05 * (len(evidence) - 1))
    reason = best[1][0].upper() + best[1][1:]
    return HateResult(True, frozenset(all_grounds), ordered, reason, round(confidence, 2))


_FAMILY_WORDS: Final = {
    "emotion": "hatred or disgust",
    "emotion_noun": "hatred or contempt",
    "emotion_positive": "denied sympathy",
    "attribute": "derogatory attribute",
    "dehumanising": "dehumanising term",
    "animal": "animal comparison",
    "violence": "call to violence",
    "violence_volitional": "call to violence",
    "exclusion": "call to exclusion",
    "exclusion_action": "call to exclusion",
    "profane": "profanity",
    "positive": "denial of worth or rights",
    "return": "sending someone back to a homeland",
    "kitchen": "sending a woman back to the kitchen",
}


def _grounded(reading: Reading, hit: Hit, family: str, consumed: set[int], lang: str) -> int | None:
    """The last word of a grounded formula thrown at someone, or None (see the module docstring)."""
    doc = reading.doc
    clause = reading.clause[hit.first]
    end = hit.last
    if family == "return":
        homeland = [
            h for h in reading.in_clause(clause, PRED + "homeland") if 0 <= h.first - hit.last - 1 <= _HOMELAND_WINDOW
        ]
        if not homeland:
            return None
        end = max(h.last for h in homeland)
    elif not any(w in _SENDING for w in reading.doc.words[max(hit.first - 1, 0) : hit.last + 1]):
        return None  # "je vais faire la vaisselle", "tu peux faire la vaisselle ?": nobody is sent there
    if is_negated(reading, hit, consumed, lang) or is_reported(reading, hit, consumed, lang):
        return None
    if person_before(reading, hit.first, subjects_only=True) == "first":
        return None  # "je rentre au Maroc cet été"
    words = reading.clause_words(clause)
    thrown = (
        hit.first == words.start
        or doc.comma[hit.first]
        or (hit.first > 0 and doc.words[hit.first - 1] in _SENDING and hit.first - 1 == words.start)
        or any(_own_wish(reading, v) for v in reading.in_clause(clause, G + "volition"))
        or bool(reading.in_clause(clause, G + "second_person", ROLE, GROUP, GROUP_ADJ))
    )
    return end if thrown else None


# --------------------------------------------------------------------------------------------------
# predicates


def _gate(reading: Reading, hit: Hit, family: str, lang: str) -> bool:
    """Family-specific conditions for a predicate to say something of anyone at all."""
    clause = reading.clause[hit.first]
    if family in _NEEDS_AUTHOR and not _author_feels(reading, hit):
        return False
    if family in _NEEDS_FIRST_PERSON and not reading.in_clause(clause, G + "first_person"):
        return False
    if family in _NEEDS_VOLITION and not _wished(reading, hit, lang):
        return False
    after = hit.last + 1
    infinitive_follows = after < len(reading.doc) and reading.doc.words[after] in _IMPERSONAL_LINKS
    if (
        family == "attribute"
        and infinitive_follows
        and any(0 <= hit.first - h.last - 1 <= 1 for h in reading.in_clause(clause, G + "impersonal"))
    ):
        return False  # "il est dangereux de…", "it is stupid to…": about an act, not about people ("il est stupide")
    if family in _NEEDS_PREDICATIVE:
        near = any(0 <= hit.first - h.last - 1 <= 2 for h in reading.in_clause(clause, G + "predicative"))
        thrown = any(reading.doc.words[i] in _VOCATIVES for i in range(max(hit.first - 2, 0), hit.first))
        return near or thrown or bool(reading.in_clause(clause, G + "comparative"))
    return True


def _denied_report(reading: Reading, hit: Hit, consumed: set[int], lang: str) -> bool:
    reports = reading.in_sentence(reading.doc.sentence[hit.first], G + "report")
    return any(r.last < hit.first and is_negated(reading, r, consumed, lang) for r in reports)


def _author_feels(reading: Reading, hit: Hit) -> bool:
    """An emotion is the author's when "I/me/my" is in the clause, or when no one else is its subject."""
    clause = reading.clause[hit.first]
    if reading.in_clause(clause, G + "first_person"):
        return True
    impersonal = words_of(reading.in_clause(clause, G + "impersonal"))
    others = reading.in_clause(clause, G + "second_person", G + "third_person", G + "anaphor")
    return not any(h.last < hit.first and not (h.literal & impersonal) for h in others)


def _wished(reading: Reading, hit: Hit, lang: str) -> bool:
    """Violence or exclusion that is wanted, planned or called for, not merely described."""
    clause = reading.clause[hit.first]
    if reading.in_clause(clause, G + "first_person") or any(
        _own_wish(reading, v) for v in reading.in_clause(clause, G + "volition")
    ):
        return True
    words = reading.clause_words(clause)
    start = words.start
    doc = reading.doc
    described = bool(reading.in_clause(clause, G + "passive"))  # "se fait agresser", "were attacked"
    if hit.first == start and not doc.words[hit.first].endswith(_NOUN_ENDINGS) and not described:
        # An imperative (or a French infinitive of instruction) opens its clause: "kill them all",
        # "éradiquons-les", "abattre tous les…"; a noun there is a headline ("expulsion de migrants vers…").
        return True
    if len(words) <= _SLOGAN_WORDS and not described:
        return True  # a slogan: "les X dehors !", "X out!"
    # A conditional clause shares the wish of its main clause: "on serait mieux si ces X étaient…".
    opens_condition = any(h.first == start for h in reading.in_clause(clause, G + "conditional"))
    if opens_condition and start > 0 and reading.doc.sentence[start - 1] == reading.doc.sentence[start]:
        main = reading.clause[start - 1]
        return bool(reading.in_clause(main, G + "first_person")) or any(
            _own_wish(reading, v) for v in reading.in_clause(main, G + "volition")
        )
    return False


def _own_wish(reading: Reading, volition: Hit) -> bool:
    """A wish that is not a third party's: "le parti qui veut expulser…", "ils veulent…" are reported."""
    before = volition.first - 1
    if (
        before >= 0
        and covers(reading, before, G + "relative")
        and reading.clause[before] == reading.clause[volition.first]
    ):
        return False
    return person_before(reading, volition.first, window=2, subjects_only=True) != "third"


def _linked(
    reading: Reading, hit: Hit, groups: list[Group], addressed: list[Group], lang: str
) -> tuple[list[Group], str]:
    """The groups a predicate is said of, and how the link was made ("clause" or "pronoun")."""
    if not groups:
        return [], ""
    clause = reading.clause[hit.first]
    relatives = _relatives_after(reading, hit)
    # A group after a relative pronoun is not what the predicate is about: "écœuré par le racisme que
    # subissent les musulmans".
    same = [
        g for g in groups if reading.clause[g.first] == clause and not any(hit.last < r < g.first for r in relatives)
    ]
    if same:
        return same, "clause"
    if reading.in_clause(clause, G + "anaphor", G + "group_anaphor") or _clitic_before(reading, hit, lang):
        # "I hate them", "ils sont abjects", "votre espèce": the group named elsewhere in the message.
        return groups, "pronoun"
    sentence = reading.doc.sentence[hit.first]
    antecedent = _condition_before(reading, clause)
    if antecedent is not None:
        # "If I woke up as a X, I would kill myself", "si tu es un X, alors tu es…": the condition
        # names who the consequence is about.
        conditioned = [g for g in groups if reading.clause[g.first] == antecedent]
        if conditioned:
            return conditioned, "pronoun"
    identified_here = [
        g
        for g in groups
        if reading.doc.sentence[g.first] == sentence and reading.in_clause(reading.clause[g.first], G + "anaphor")
    ]
    if identified_here:
        # "I loathe people, especially if they are X": the group is identified in this very sentence.
        return identified_here, "pronoun"
    if reading.in_clause(clause, G + "third_person"):
        # "Their lives aren't worth shit because they are X": a possessive stands for a group that a
        # pronoun is identified with elsewhere ("they are X", "ce sont des X").
        identified = [g for g in groups if reading.in_clause(reading.clause[g.first], G + "anaphor")]
        if identified:
            return identified, "pronoun"
    if addressed and reading.in_clause(clause, G + "second_person"):
        return addressed, "pronoun"
    blamed = [
        g
        for g in groups
        if reading.doc.sentence[g.first] == sentence and reading.in_clause(reading.clause[g.first], G + "attribution")
    ]
    if blamed:
        # "Bien sûr qu'il est stupide, c'est un X après tout": another clause blames the group.
        return blamed, "pronoun"
    topic = _topic_before(reading, sentence, groups)
    if topic:
        # "Les X ? Des déchets, rien de plus.": the sentence before only names the group.
        return topic, "pronoun"
    following = _continued_by(reading, sentence, groups)
    if following:
        # "L'idée était une connerie. Elle venait d'un X après tout.": the next sentence opens on a
        # pronoun for what this one spoke of, and says where it comes from.
        return following, "pronoun"
    return [], ""


def _topic_before(reading: Reading, sentence: int, groups: list[Group]) -> list[Group]:
    """Groups of the sentence before when that sentence is only a group named as a topic ("Les X ?")."""
    doc = reading.doc
    words = [i for i in range(len(doc)) if doc.sentence[i] == sentence - 1]
    if not words or len(words) > _TOPIC_WORDS:
        return []
    named = [g for g in groups if doc.sentence[g.first] == sentence - 1]
    return named if named and all(covers(reading, i, GROUP, GROUP_ADJ, G) for i in words) else []


def _continued_by(reading: Reading, sentence: int, groups: list[Group]) -> list[Group]:
    """Groups of the next sentence when it opens on a pronoun and blames them ("It came from a X after all")."""
    doc = reading.doc
    starts = [i for i in range(len(doc)) if doc.sentence[i] == sentence + 1]
    if not starts:
        return []
    first = starts[0]
    opens = any(h.first == first for h in reading.labelled(G + "third_person", G + "anaphor", G + "impersonal"))
    # Only when the sentence blames the group ("… after all", "forcément"): "the cake was disgusting.
    # It came from a Muslim bakery" reports where the cake came from.
    blames = bool(reading.in_sentence(sentence + 1, G + "attribution"))
    return [g for g in groups if doc.sentence[g.first] == sentence + 1] if opens and blames else []


def _condition_before(reading: Reading, clause: int) -> int | None:
    """The clause right before `clause` in its sentence, when it is a condition ("si…", "if…")."""
    start = reading.clause_words(clause).start
    if start == 0 or reading.doc.sentence[start - 1] != reading.doc.sentence[start]:
        return None
    before = reading.clause[start - 1]
    first = reading.clause_words(before).start
    return before if any(h.first == first for h in reading.in_clause(before, G + "conditional")) else None


def _relatives_after(reading: Reading, hit: Hit) -> list[int]:
    """Relative pronouns after `hit` in its clause that open a clause about another noun.

    "que" also compares ("plus intelligent que", "rather than") and restricts ("ne … que"), and a
    relative clause whose subject is the author ("le mépris que je ressens pour les X") still speaks of
    the author's feeling: those are not barriers.
    """
    doc = reading.doc
    clause = reading.clause[hit.first]
    comparing = [h.last for h in reading.in_clause(clause, G + "comparative", G + "negation") if h.last < hit.first]
    firsts = words_of(reading.in_clause(clause, G + "first_person"))
    out: list[int] = []
    for index in sorted(words_of(reading.in_clause(clause, G + "relative"))):
        if index <= hit.last:
            continue
        if comparing or any(hit.last < h.first < index for h in reading.in_clause(clause, G + "comparative")):
            continue
        if doc.words[index] in ("que", "qu") and not (index >= 2 and doc.words[index - 2] in _DETERMINERS):
            continue  # "que" relative after a noun ("le racisme que…"), not after a verb ("mourir que de…")
        if any(0 < i - index <= 2 for i in firsts):
            continue
        out.append(index)
    return out


def _clitic_before(reading: Reading, hit: Hit, lang: str) -> bool:
    """French object pronouns "les/leur/l'" right before the predicate's verb ("je les déteste")."""
    if lang != "fr":
        return False
    clause = reading.clause[hit.first]
    doc = reading.doc
    before = any(
        (0 < hit.first - c.last <= _CLITIC_WINDOW and reading.clause[c.first] == clause)
        or c.first in hit.literal  # "je ne peux plus les voir": the pronoun is a word of the phrase
        for c in reading.labelled(G + "clitic")
    )
    # An imperative takes its pronoun after a hyphen: "éradiquons-les", "tuez-les".
    after = hit.last + 1 < len(doc) and doc.text[doc.ends[hit.last] : doc.starts[hit.last + 1]] == "-"
    return before or (after and any(c.first == hit.last + 1 for c in reading.labelled(G + "clitic")))


# --------------------------------------------------------------------------------------------------
# lexicon


@functools.cache
def lexicon(lang: str) -> Lexicon:
    """Every term the hate analysis looks for in `lang`; built once, immutable, shared by all threads."""
    entries: list[tuple[str, str]] = []
    for name, prefix in (("groups", GROUP), ("group_adjectives", GROUP_ADJ), ("slurs", SLUR)):
        for ground, terms in read_sections(data_file("hate", name, lang)).items():
            if ground not in GROUNDS:
                raise ValueError(f"{data_file('hate', name, lang)}: unknown ground `{ground}`")
            entries.extend((prefix + ground, term) for term in terms)
    for family, terms in read_sections(data_file("hate", "predicates", lang)).items():
        entries.extend((PRED + family, term) for term in terms)
        if lang == "fr" and family in _CONJUGATED:
            # "gazez-les", "on les expulsera": the verbs in every tense but the participle, which
            # describes more often than it calls ("des migrants expulsés hier").
            entries.extend(
                (PRED + family, form) for term in terms for form in french_inflections(term, FRENCH_ER_TENSES)
            )
    roles = read_sections(data_file("insults", "grammar", lang)).get("person_role", ())
    entries.extend((ROLE, term) for term in roles)
    for word, cues in read_sections(data_file("hate", "slur_senses", lang)).items():
        if word.endswith(("<", ">")):  # cue words right before (<) or right after (>) the slur
            entries.extend((SENSE + normalise_term(word[:-1].strip()) + word[-1], cue) for cue in cues)
        else:
            entries.extend((SENSE + normalise_term(word), cue) for cue in cues)
    entries.extend(grammar_entries(lang))
    return Lexicon.build(
        lang,
        entries,
        triggers=(GROUP, GROUP_ADJ, SLUR, PRED + "homeland", PRED + "kitchen"),
        fuzzy=(GROUP, GROUP_ADJ, PRED),
        # Profanity is left out: short swear words hide inside names ("thessalo-nique").
        glue=(GROUP, GROUP_ADJ, SLUR, *(PRED + f for f in _GLUED_FAMILIES)),
        accent_strict=grammar_words(lang, "accent_strict"),
        proper=(GROUP, GROUP_ADJ, SLUR),
        short_corrections=True,
    )
