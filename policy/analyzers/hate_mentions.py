"""Analysis stage, part of the hate analysis: which words name a protected group, and which are slurs.

- **identity groups**: nouns name a group on their own ("musulmans", "gay people"); adjective forms
  ("black", "noires") only next to a person noun ("black people"), a derogatory noun ("gay trash"),
  after a copula ("s'ils sont noirs") or, in French, after a plural or indefinite determiner ("les
  noirs"); a group can be identified with the addressee ("X like you", "vous autres X");
- **slurs**: derogatory by themselves, unless used in their innocent sense (a dog, a meatball, an
  embankment: `data/hate/slur_senses.{lang}.txt`), as an adjective before a noun ("queer culture"),
  reclaimed by the author for themselves ("I'm a proud…", "my fellow…", "j'ai été une…"), or quoted or
  reported to denounce them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from policy.analyzers.abuse import G, Hit, Reading, grammar_words, is_reported, person_before
from policy.text.normalise import normalise_term

GROUP: Final = "hate.group."
GROUP_ADJ: Final = "hate.groupadj."
SLUR: Final = "hate.slur."
SENSE: Final = "hate.sense."
PRED: Final = "hate.pred."
ROLE: Final = "hate.role"  # a person designated by a role ("le vendeur", "the cashier"): insults' person roles

_RECLAIM_WINDOW: Final = 3  # "I'm a proud faggot", "my fellow faggots": the self-reference is close
_ADDRESS_WINDOW: Final = 4  # "toi et les autres homos, vous…": a coordination with "you"
# After a copula an identity adjective names the group of the subject: "s'ils sont noirs", "they are gay".
_SELF_COPULAS: Final = frozenset(
    {"suis", "etais", "ete", "etre", "serais", "am", "was", "been", "be", "being", "m"}
)  # "je suis", "j'ai été", "I'm", "I was"
_COPULAS: Final = frozenset({"sont", "est", "etes", "es", "suis", "sommes", "are", "is", "am", "were", "was"})
# Before a singular group word, demonstratives designate one person ("that woman", "cette femme"); "a
# woman", "the woman" are as often the group ("it came from a woman after all", "it's always the woman
# that is the dumb one"). Before a role, any determiner does.
_DEFINITE: Final = frozenset({"that", "this", "ce", "cet", "cette"})  # "the Muslim" is as often generic
_INDEFINITE: Final = frozenset({"a", "an", "un", "une"})
_DETERMINER_WINDOW: Final = 2  # "that Sophie woman", "cette vieille femme"


@dataclass(frozen=True, slots=True)
class Group:
    """A mention of a protected group: its ground and its words.

    `individual`: the words designate one person by the ground ("le vendeur noir", "that woman"), not
    the group; only what attacks the ground itself (a slur, dehumanisation, exclusion) is hate then.
    """

    ground: str
    first: int
    last: int
    fuzzy: bool
    individual: bool = False


def covers(reading: Reading, index: int, *prefixes: str) -> bool:
    return any(h.first <= index <= h.last for h in reading.labelled(*prefixes))


def _in_words_of(reading: Reading, index: int, *prefixes: str, outside: int = -1) -> bool:
    """Word `index` is a word of such a term, not one of its `~` gap, in a term that does not hold word
    `outside` in its gap ("too many queer in this country": "many" is no head noun of "queer")."""
    return any(index in h.literal and not (h.first <= outside <= h.last) for h in reading.labelled(*prefixes))


def groups(reading: Reading, lang: str) -> list[Group]:
    doc = reading.doc
    found: dict[tuple[int, int], Group] = {}
    for hit in reading.labelled(GROUP):
        one = _one_person(reading, hit.first, hit, _DEFINITE)
        group = Group(hit.label.removeprefix(GROUP), hit.first, hit.last, hit.fuzzy, one)
        found.setdefault((hit.first, hit.last), group)
    determiners = _determiners(lang)
    heads = (G + "person", ROLE, PRED, SLUR)
    roles = reading.labelled(ROLE)
    for hit in reading.labelled(GROUP_ADJ):
        before, after = hit.first - 1, hit.last + 1
        same_sentence_after = after < len(doc) and doc.sentence[after] == doc.sentence[hit.first]
        glued_head = hit.fuzzy and any(
            h.fuzzy and hit.first in h.literal and not h.label.startswith(GROUP_ADJ) for h in reading.labelled(*heads)
        )  # "femalevermin", "cut their gaythroats": the head noun was stuck to the adjective
        after_copula = before >= 0 and doc.words[before] in _COPULAS  # "s'ils sont noirs", "they are gay"
        named = (
            after_copula
            or glued_head
            or (
                same_sentence_after
                and doc.words[after] not in _function_words(lang)  # "too many queer in this country"
                and _in_words_of(reading, after, *heads)
            )
            or (
                before >= 0
                and (
                    _in_words_of(reading, before, *heads, outside=hit.first)
                    or (lang == "fr" and doc.words[before] in determiners)
                    # "les prochains noirs", "tous ces sales noirs": one modifier after the determiner
                    or (
                        lang == "fr"
                        and before >= 1
                        and doc.words[before] in _PRENOMINAL
                        and doc.words[before - 1] in determiners
                    )
                )
            )
        )
        if named:
            key = (hit.first, hit.last)
            # Next to a singular role ("le vendeur noir", "the gay cashier"), the adjective describes one person.
            role = next((r for r in roles if r.last == hit.first - 1 or r.first == hit.last + 1), None)
            one = role is not None and _one_person(reading, role.first, role, _DEFINITE | _INDEFINITE)
            found.setdefault(key, Group(hit.label.removeprefix(GROUP_ADJ), hit.first, hit.last, hit.fuzzy, one))
    # A mention inside a longer one is part of it: "trans women" names trans people, not women.
    spans = list(found)
    return sorted(
        (
            g
            for (first, last), g in found.items()
            if not any(f <= first and last <= la and (f, la) != (first, last) for f, la in spans)
        ),
        key=lambda g: (g.first, g.last),
    )


def _one_person(reading: Reading, start: int, hit: Hit, determiners: frozenset[str]) -> bool:
    """A singular word after one of `determiners` or a name: one person, not a group."""
    doc = reading.doc
    word = doc.words[hit.last]
    if (
        word.endswith(("s", "x"))
        or word in _IRREGULAR_PLURALS
        or (hit.first != hit.last and doc.words[hit.first].endswith(("s", "x")))
    ):
        return False
    after = hit.last + 1
    if after < len(doc) and covers(reading, after, G + "person"):
        return False  # "that Muslim lives…": an adjective before a plural head
    clause = reading.clause[start]
    grammar = {i for h in reading.labelled(G) for i in h.literal}
    for index in range(start - 1, max(start - 1 - _DETERMINER_WINDOW, -1), -1):
        if reading.clause[index] != clause:
            break
        name = doc.capital[index] and not doc.clause_mark[index] and index not in grammar  # not "I"
        if doc.words[index] in determiners or name:
            return True
    return False


_IRREGULAR_PLURALS: Final = frozenset({"women", "men", "people", "children", "folk"})
# French words between a determiner and an identity adjective used as a noun ("les prochains noirs").
_PRENOMINAL: Final = frozenset(
    {"prochains", "prochaines", "autres", "sales", "premiers", "premieres", "derniers", "dernieres", "nombreux"}
)


def addressed_groups(reading: Reading, groups: list[Group]) -> list[Group]:
    """Groups the author identifies with the addressee ("X like you", "you X", "vous autres X")."""
    yours = reading.labelled(G + "second_person")
    doc = reading.doc
    return [
        g
        for g in groups
        if any(
            reading.clause[y.first] == reading.clause[g.first]
            or (doc.sentence[y.first] == doc.sentence[g.first] and abs(y.first - g.first) <= _ADDRESS_WINDOW)
            for y in yours
        )
    ]


def slurs(reading: Reading, lang: str, consumed: set[int]) -> list[tuple[Hit, str, str | None]]:
    doc = reading.doc
    out: list[tuple[Hit, str, str | None]] = []
    function = _function_words(lang)
    for hit in reading.labelled(SLUR):
        ground = hit.label.removeprefix(SLUR)
        word = " ".join(doc.words[hit.first : hit.last + 1])
        sentence = doc.sentence[hit.first]
        senses = reading.in_sentence(sentence, SENSE)
        other_sense = any(
            h.label == SENSE + word
            or (h.label == SENSE + word + "<" and h.last == hit.first - 1)
            or (h.label == SENSE + word + ">" and h.first == hit.last + 1)
            for h in senses
        )
        if other_sense:
            out.append((hit, ground, "the word is used in its innocent sense"))
            continue
        after = hit.last + 1
        if (
            hit.first == hit.last
            and covers(reading, hit.first, GROUP_ADJ)
            and after < len(doc)
            and doc.sentence[after] == sentence
            and doc.words[after] not in function
        ):
            # "queer culture", "queer feeling": an adjective before a noun, not a name for a person.
            continue
        if _reclaimed(reading, hit):
            out.append((hit, ground, "the author reclaims the word for themselves"))
            continue
        why_not = is_reported(reading, hit, consumed, lang)
        out.append((hit, ground, f"the slur is {why_not} to denounce it" if why_not else None))
    return out


def _self_described(reading: Reading, hit: Hit) -> bool:
    """ "J'ai été une vraie salope avec elle": the author is the subject of a copula before the word."""
    doc = reading.doc
    clause = reading.clause[hit.first]
    for index in range(hit.first - 1, -1, -1):
        if reading.clause[index] != clause:
            return False
        if doc.words[index] in _SELF_COPULAS:
            return person_before(reading, index, window=3, subjects_only=True) == "first"
    return False


def _reclaimed(reading: Reading, hit: Hit) -> bool:
    """The author applies the word to themselves or their own group ("I'm a proud…", "j'ai été une…")."""
    if _self_described(reading, hit):
        return True
    clause = reading.clause[hit.first]
    for cue in reading.in_clause(clause, G + "reclaim"):
        if 0 <= hit.first - cue.last - 1 <= _RECLAIM_WINDOW or (
            cue.first > hit.last and cue.first - hit.last <= 1 and reading.doc.words[cue.first] == "like"
        ):
            return True
    return False


@functools.cache
def _determiners(lang: str) -> frozenset[str]:
    return frozenset(normalise_term(w) for w in grammar_words(lang, "determiner"))


@functools.cache
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(normalise_term(w) for w in grammar_words(lang, "function"))
