"""Analysis stage, shared by the abuse analyzers: clauses, and the questions every analyzer asks of them.

Sentence punctuation, colons, clause-breaking words ("but", "mais") and a comma before a new subject cut
a message into clauses, the unit in which negation, persons, reported speech and quotation are looked
for. The cues come from `data/hate/grammar.{lang}.txt`, shared by the three analyzers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from policy.analyzers.abuse.lexicon import Hit
from policy.analyzers.abuse.words import Doc, data_file, read_sections

G: Final = "gram."


# --------------------------------------------------------------------------------------------------
# clauses and the questions every analyzer asks of them


@dataclass(frozen=True, slots=True)
class Reading:
    """A message read against a lexicon: its words, its hits, its clauses."""

    doc: Doc
    hits: tuple[Hit, ...]
    clause: tuple[int, ...]  # clause number of each word

    def labelled(self, *prefixes: str) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if h.label.startswith(prefixes))

    def clause_of(self, hit: Hit) -> int:
        return self.clause[hit.first]

    def in_clause(self, clause: int, *prefixes: str) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if self.clause[h.first] == clause and h.label.startswith(prefixes))

    def in_sentence(self, sentence: int, *prefixes: str) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if self.doc.sentence[h.first] == sentence and h.label.startswith(prefixes))

    def clause_words(self, clause: int) -> range:
        indices = [i for i, c in enumerate(self.clause) if c == clause]
        return range(indices[0], indices[-1] + 1) if indices else range(0)


def read(doc: Doc, hits: Sequence[Hit], *, clause_break: str) -> Reading:
    """Cut `doc` into clauses at sentence marks, colons and `clause_break` hits."""
    # A break word inside a longer phrase ("nothing but", "can't help themselves but") breaks nothing.
    inside = {i for h in hits if h.label != clause_break and h.last > h.first for i in range(h.first + 1, h.last + 1)}
    # Set phrases cover their first word too: "quand même" is not "quand".
    inside |= {i for h in hits if h.label in (G + "idiom", G + "not_negation") for i in range(h.first, h.last + 1)}
    breaks = {h.first for h in hits if h.label == clause_break and h.first not in inside}
    # A comma followed by a subject starts a new clause: "ils ne changeront jamais, il faut les…".
    subjects = {G + "first_person", G + "second_person", G + "anaphor", G + "impersonal"}
    objects = {i for h in hits if h.label == G + "object_pronoun" for i in h.literal}
    breaks |= {h.first for h in hits if h.label in subjects and doc.comma[h.first] and h.first not in objects}
    clause: list[int] = []
    current = -1
    for index in range(len(doc)):
        if doc.clause_mark[index] or index in breaks:
            current += 1
        clause.append(current)
    return Reading(doc, tuple(hits), tuple(clause))


def words_of(hits: Iterable[Hit]) -> set[int]:
    return {i for h in hits for i in h.literal}


# --------------------------------------------------------------------------------------------------
# grammar shared by the three analyzers (data/hate/grammar.{lang}.txt)

_NOT_TERMS: Final = frozenset({"accent_strict", "alias"})  # word lists and spellings, not terms to find
# French negation: "ne … pas" is one negation, so French markers are counted together.
_FRENCH_NE: Final = frozenset({"ne", "n"})
_NE_PARTNERS: Final = frozenset({"pas", "jamais", "plus", "point", "guere"})  # "ne … pas": not restrictive
_RHETORICAL_WORDS: Final = 5  # "isn't it clear…?", "n'est-ce pas évident…?": a question tag, not a denial
_SUBJECT_WINDOW: Final = 4  # how far before a report verb its subject is looked for


def grammar_entries(lang: str) -> list[tuple[str, str]]:
    sections = read_sections(data_file("hate", "grammar", lang))
    return [(G + name, term) for name, terms in sections.items() if name not in _NOT_TERMS for term in terms]


def grammar_words(lang: str, section: str) -> tuple[str, ...]:
    return read_sections(data_file("hate", "grammar", lang)).get(section, ())


def consumed_words(reading: Reading) -> set[int]:
    """Words that belong to a matched phrase, so that a negation word inside it negates nothing else."""
    keep = (G + "not_negation", G + "denounce", G + "endorse", G + "report_noun")
    return {i for h in reading.hits if not h.label.startswith(G) or h.label in keep for i in h.literal}


def is_negated(reading: Reading, hit: Hit, consumed: set[int], lang: str) -> bool:
    """Whether a negation (or a reversal such as "opposite of") governs `hit` in its clause."""
    doc = reading.doc
    clause = reading.clause[hit.first]
    # Markers before the hit, or inside one of its `~` gaps ("lives do not matter").
    before = [
        h
        for h in reading.in_clause(clause, G + "negation")
        if h.first < hit.last and not (h.literal & consumed) and not (h.literal & hit.literal)
    ]
    if before and doc.question[hit.first]:
        # Question tags ("isn't it obvious that…?") ask for agreement; they deny nothing.
        start = min(reading.clause_words(clause).start, hit.first)
        sentence_start = next(i for i in range(start, -1, -1) if i == 0 or doc.sentence[i - 1] != doc.sentence[i])
        before = [h for h in before if h.first - sentence_start >= _RHETORICAL_WORDS]
    if before and reading.in_clause(clause, G + "negative_quantifier") and reading.in_clause(clause, G + "comparative"):
        # "nothing is worse than X", "nul n'est aussi crasseux que ces X": a superlative about X.
        before = []
    if before:
        reports = reading.in_clause(clause, G + "report", G + "permit")
        barriers = [
            c
            for c in reading.in_clause(clause, G + "complementizer")
            if c.last < hit.first and not (c.literal & consumed)
        ]

        # Negation reaches into "that/que" only through the author's verb of saying or thinking ("je ne
        # pense pas que…"); someone else's denied belief ("ces X ne croient pas que je vais…") leaves the
        # author's words standing.
        own_reports = [r for r in reports if _authors_verb(reading, r, lang)]

        def blocked(marker: Hit) -> bool:
            return any(
                marker.last < c.first and not any(marker.last < r.first < c.first for r in own_reports)
                for c in barriers
            )

        before = [m for m in before if not blocked(m)]
    if before and lang == "fr":
        # "il n'y a aucune place": "aucune" belongs to the phrase, and so does its "ne".
        partners = [
            h
            for h in reading.in_clause(clause, G + "negation")
            if h.literal & consumed and doc.words[h.first] not in _FRENCH_NE
        ]
        before = [
            m
            for m in before
            if not (doc.words[m.first] in _FRENCH_NE and any(0 < p.first - m.last <= 3 for p in partners))
        ]
    if before and lang == "fr" and all(doc.words[m.first] in _FRENCH_NE for m in before):
        # "ils ne sont que des…" is restrictive ("nothing but"), not a negation; "je ne dis pas que…" is
        # a negation whose "pas" comes before the "que".
        after_ne = range(max(m.last for m in before) + 1, reading.clause_words(clause).stop)
        que = next((i for i in after_ne if doc.words[i] in ("que", "qu")), None)
        if que is not None and not any(doc.words[i] in _NE_PARTNERS for i in range(after_ne.start, que)):
            before = []
    reversals = [
        h
        for h in reading.in_clause(clause, G + "reversal")
        if h.last < hit.first and not (h.literal & consumed) and not (h.literal & hit.literal)
    ]
    return bool(before) != (len(reversals) % 2 == 1)


def _authors_verb(reading: Reading, report: Hit, lang: str) -> bool:
    """A verb of saying or thinking whose subject may be the author: not "you", "they", nor a French
    third-person plural ("ces X ne croient pas que…")."""
    person = person_before(reading, report.first, subjects_only=True)
    if person in ("second", "third"):
        return False
    return not (person is None and lang == "fr" and reading.doc.words[report.last].endswith("ent"))


def person_before(
    reading: Reading, index: int, *, window: int = _SUBJECT_WINDOW, subjects_only: bool = False
) -> str | None:
    """The nearest person word before word `index` in its clause: "first", "second", "third" or None.

    With `subjects_only`, object pronouns ("me traiter de…", "te tuer") are skipped.
    """
    clause = reading.clause[index]
    persons = {
        G + "first_person": "first",
        G + "second_person": "second",
        G + "third_person": "third",
        G + "anaphor": "third",
    }
    impersonal = words_of(reading.labelled(G + "impersonal"))
    if subjects_only:
        impersonal |= words_of(reading.labelled(G + "object_pronoun"))
    for position in range(index - 1, max(index - 1 - window, -1), -1):
        if reading.clause[position] != clause:
            break
        if position in impersonal:
            continue
        for hit in reading.hits:
            if hit.first <= position <= hit.last and hit.label in persons:
                return persons[hit.label]
    return None


def voice_of(reading: Reading, report: Hit) -> str:
    """Whose words a report verb introduces: "author" (I say, I think) or "other" (you said, saying…)."""
    person = person_before(reading, report.first, subjects_only=True)
    infinitive = report.first > 0 and reading.doc.words[report.first - 1] in ("de", "d", "a", "to")
    if person is None and infinitive:
        # An infinitive takes the subject of its clause: "je ne peux pas m'empêcher de penser que…".
        person = person_before(reading, report.first, window=report.first, subjects_only=True)
    return "author" if person == "first" else "other"


def is_reported(
    reading: Reading, hit: Hit, consumed: set[int], lang: str, *, author_reenters: bool = False
) -> str | None:
    """Why `hit` is not the author's own claim (reported, denounced, quoted), or None when it is.

    With `author_reenters`, a report verb followed by "I/me" before the hit does not govern it: a
    feeling the author declares ("people who think they are my equal fill me with rage", "is it easy
    to tell that I am disgusted by…") is the author's, whoever's words come first.
    """
    doc = reading.doc
    sentence = doc.sentence[hit.first]
    if reading.in_sentence(sentence, G + "endorse"):
        return None
    if doc.quoted[hit.first] and not all(doc.quoted):
        return "quoted"
    firsts = words_of(reading.in_sentence(sentence, G + "first_person")) if author_reenters else set()
    for report in reading.in_sentence(sentence, G + "report"):
        if report.last >= hit.first or report.literal & hit.literal or voice_of(reading, report) != "other":
            continue
        if any(report.last < i < hit.first or i in hit.literal for i in firsts):
            continue
        return "reported"
    for denounce in reading.in_sentence(sentence, G + "denounce", G + "report_noun"):
        if not is_negated(reading, denounce, consumed, lang):
            return "denounced"
    clause = reading.clause[hit.first]
    end = reading.clause_words(clause).stop
    # "…worthless to you": the view is the addressee's when "to you" closes the clause (not in
    # "hatred for you women").
    if any(h.first > hit.last and h.last == end - 1 for h in reading.in_clause(clause, G + "attributed_other")):
        return "attributed"
    return None
