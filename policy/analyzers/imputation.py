"""Analysis stage *imputation*: what a message imputes — a precise fact, a value judgement, an invective.

The line between defamation and insult (loi du 29 juillet 1881, art. 29) is whether a **precise
fact** is imputed: an act "de nature à être sans difficulté l'objet d'une preuve et d'un débat
contradictoire" (Cass. ass. plén., 25 June 2010; Cass. crim., 7 Dec 2010). This module reads:

* **claims** — each a cue in the text: a verb of a wrongful or service act with its tense
  ("a détourné 3000 €", "vole dans la caisse", "m'a facturé deux fois le 3 mars", "sells counterfeit
  products"), an evaluative word ("incompétent", "worst service ever"), an accusatory
  qualification ("voleur", "crook"), or an invective span supplied by the insult analyzer (this
  module keeps no insult list);
* the **form** of each claim — assertive, dubitative ("je me demande si", a question),
  insinuation ("comme par hasard"), conditional ("aurait détourné", "allegedly") or reported
  ("il paraît que"). All of these still count (art. 29 al. 1: "même si elle est faite sous forme
  dubitative"; Cass. crim., 25 Feb 2025 on insinuation);
* what **neutralises** a claim — negation ("je ne dis pas qu'il vole", unless it is a preterition
  followed by "mais"), fiction (explicit jokes, hypotheses "si … -ait"), quotation to denounce
  ("on m'a traité de voleur, c'est faux !");
* whether it is about **products or services** (prices, delivery, service quality: not
  defamation, Cass. 1re civ., 20 Sept 2012) — "ce magasin c'est du vol", but not "Maison Lumière
  fraude le fisc", which imputes an act to the company.

Layers: the rule layer (folded text + word lists in ``data/targets/<lang>/``) does all of the
above in French and English. For French, when the cheap gate sees a candidate act, spaCy's
morphology and dependencies refine each act: tense and conditional mood from the morphology,
negation attached to the verb, the grammatical subject (for `qualification` to link the act to a
target), and acts of the verb list in inflections the rules do not generate.

Layout: longer than STYLE.md's ~500 lines; it reads top-down as types → lexicon → tense, negation,
subject, form → claims (verbs, phrases, insinuations, words, invectives) → spaCy refinement →
public API. Splitting lexicon and claim finders into their own module is the natural next step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Literal

from policy.analyzers.base import Cost, Finding
from policy.analyzers.cue_gate import word_rank
from policy.analyzers.nlp import (
    MORPHOSYNTAX,
    NlpUse,
    alternation,
    availability,
    complete,
    fold,
    parse,
    read_list,
    read_sections,
    read_table,
    sentence_bounds,
    sentence_of,
    time_regex,
    word_regex,
)
from policy.analyzers.targets import Target, designated_by

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ImputationKind = Literal["precise_fact", "value_judgement", "invective", "none"]
ClaimKind = Literal["precise_fact", "value_judgement", "invective"]
Form = Literal["assertive", "dubitative", "insinuation", "conditional", "reported"]
Tense = Literal["past", "present", "future", "conditional", "infinitive"]
Domain = Literal["wrong", "service", "judgement", "accusation", "invective"]
# What in the text carries a fact claim: a verb of the list, a phrase naming a wrongful act ("pots-de-vin",
# "drunk on the job"), an adverb of intent with an ordinary verb ("deliberately closes tickets"), or a
# bare insinuation ("suivez mon regard") that names no act.
Cue = Literal["verb", "phrase", "intent", "insinuation", "word"]

COST = Cost.NLP  # declared cost of `analyze_imputation`: it may call spaCy (the gate keeps it rare)
LANGS = ("fr", "en")
# When several forms apply, the one furthest from a plain assertion is reported.
_FORM_ORDER: tuple[Form, ...] = ("reported", "insinuation", "dubitative", "conditional", "assertive")


@dataclass(frozen=True, slots=True)
class Claim:
    """One thing the message says about someone; offsets are in the original text."""

    kind: ClaimKind
    start: int
    end: int
    text: str
    sentence: tuple[int, int]
    domain: Domain
    form: Form = "assertive"
    tense: Tense | None = None
    negated: bool = False
    fiction: bool = False
    quoted_to_denounce: bool = False
    about_product_or_service: bool = False
    passive: bool = False
    # Where the author of the act is expected (left of the verb, or after "par"/"by" in the
    # passive), and whether that subject is a pronoun (il/elle/he/she) referring back.
    subject: tuple[int, int] | None = None
    pronoun_subject: bool = False
    subject_head: tuple[int, int] | None = None  # the word right before the verb (see `_subject_head`)
    circumstances: tuple[Finding, ...] = ()
    confidence: float = 0.5
    lemma: str | None = None
    phrase: str = ""  # the cue with its complements, as written, for explanations
    cue: Cue = "verb"
    question: bool = False  # put as a question or a doubt: a negation in it is rhetorical
    # The person an invective itself designates when it heads a noun phrase with a place ("ce connard
    # à l'accueil de Lyon"): the roles and names `targets` knows do not cover words of contempt.
    designated: Target | None = None

    def __post_init__(self) -> None:
        if not self.phrase:
            object.__setattr__(self, "phrase", self.text)

    @property
    def live(self) -> bool:
        """Not neutralised by negation, fiction or quotation to denounce."""
        return not (self.negated or self.fiction or self.quoted_to_denounce)


@dataclass(frozen=True, slots=True)
class Imputation:
    kind: ImputationKind
    form: Form
    negated: bool
    fiction: bool
    quoted_to_denounce: bool
    about_product_or_service: bool
    opinion_markers: tuple[str, ...]
    findings: tuple[Finding, ...]
    confidence: float
    claims: tuple[Claim, ...] = ()
    nlp: NlpUse = NlpUse.SKIPPED
    notes: tuple[str, ...] = field(default=())

    @property
    def live_claims(self) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.live)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class _Verb:
    lemma: str
    domain: Domain
    hyperbole: bool
    requires: re.Pattern[str] | None
    tags: frozenset[str]  # present | past | participle | future | conditional | infinitive | progressive
    passive_target: bool = False  # a sanction: in the passive, the subject is the one imputed
    # A threat or a promise: "menacer *de fermer le magasin*" imputes only what is announced, which is
    # a wrong only when it is one itself ("menacer de frapper", "de mort"), not "de porter plainte".
    announces: bool = False


_ER_SUFFIXES: dict[str, frozenset[str]] = {
    "e": frozenset({"present", "participle"}),
    "es": frozenset({"present", "participle"}),
    "ent": frozenset({"present"}),
    "ons": frozenset({"present"}),
    "ez": frozenset({"present", "participle"}),
    "ais": frozenset({"past"}),
    "ait": frozenset({"past"}),
    "aient": frozenset({"past"}),
    "ions": frozenset({"past", "present"}),
    "iez": frozenset({"past", "present"}),
    "a": frozenset({"past"}),
    "erent": frozenset({"past"}),
    "ee": frozenset({"participle"}),
    "ees": frozenset({"participle"}),
    "ant": frozenset({"present"}),
    "er": frozenset({"infinitive", "participle"}),  # `volé` typed `voler` is a common misspelling
    "erai": frozenset({"future"}),
    "eras": frozenset({"future"}),
    "era": frozenset({"future"}),
    "erons": frozenset({"future"}),
    "erez": frozenset({"future"}),
    "eront": frozenset({"future"}),
    "erais": frozenset({"conditional"}),
    "erait": frozenset({"conditional"}),
    "erions": frozenset({"conditional"}),
    "eriez": frozenset({"conditional"}),
    "eraient": frozenset({"conditional"}),
}
_IR_SUFFIXES: dict[str, frozenset[str]] = {
    "is": frozenset({"present", "participle"}),
    "it": frozenset({"present"}),
    "issons": frozenset({"present"}),
    "issez": frozenset({"present"}),
    "issent": frozenset({"present"}),
    "issais": frozenset({"past"}),
    "issait": frozenset({"past"}),
    "issaient": frozenset({"past"}),
    "i": frozenset({"participle"}),
    "ie": frozenset({"participle"}),
    "ies": frozenset({"participle"}),
    "ir": frozenset({"infinitive"}),
    "ira": frozenset({"future"}),
    "iront": frozenset({"future"}),
    "irait": frozenset({"conditional"}),
    "iraient": frozenset({"conditional"}),
    "issant": frozenset({"present"}),
}


def _irregular_tags(form: str, lemma: str, lang: str) -> frozenset[str]:
    if form == lemma:
        return frozenset({"infinitive", "present"})
    if lang == "en":
        if form.endswith("ing"):
            return frozenset({"progressive"})
        if form.endswith("ed"):
            return frozenset({"past", "participle"})
        if form.endswith(("en", "wn")) and not form.endswith("ven"):
            return frozenset({"participle"})
        if form.endswith("s") and form[:-1].rstrip("e") in lemma:
            return frozenset({"present"})
        return frozenset({"past", "participle"})
    if form.endswith(("rait", "raient", "rais")):
        return frozenset({"conditional"})
    if form.endswith(("ra", "ront", "rai")):
        return frozenset({"future"})
    if form.endswith(("ait", "aient", "ais")):
        return frozenset({"past"})
    if form.endswith(("u", "ue", "us", "ues", "i", "ie", "ies", "is", "ise", "ises", "ite", "ites")):
        return frozenset({"participle", "present"})
    return frozenset({"present"})


def _requires(values: str) -> re.Pattern[str]:
    terms = [v for v in values.split("|") if v]
    return re.compile(r"(?<![\w])" + alternation(terms) + r"(?![\w])")


@dataclass(frozen=True, slots=True)
class _WordGate:
    r"""Could the `word_regex` of these terms match a text? A set lookup of the text's words instead
    of a pass of the regex (~2.5 µs a pattern a message).

    INVARIANT (sound): never False where the regex matches in the whole text. A term's *solid* words
    are those written between spaces, apostrophes, other non-word characters or the term's ends: a
    match holds each of them as one of the text's maximal `\w+` runs, since the regex puts no word
    character next to them (a match is preceded by none and followed by none). A word next to `-`
    is not solid (`pots-de-vin` also matches "potsdevin"), nor one before a `*` wildcard, nor the
    `que` of a term ending in one (it matches "qu'"). Each term is found by its rarest solid word;
    a term without one by its leading word characters, which its match starts a run with; a term
    without those by its first character.
    """

    words: frozenset[str]  # one solid word a term's match holds as a run
    starts: tuple[str, ...]  # " " + the leading word characters of the other terms
    characters: frozenset[str]  # first characters of the terms without leading word characters
    always: bool  # some term could start anyhow: no gate

    @classmethod
    def build(cls, terms: Iterable[str]) -> _WordGate:
        words: set[str] = set()
        starts: set[str] = set()
        characters: set[str] = set()
        always = False
        for term in terms:
            body = term.rstrip("*")
            solid = _solid_words(body, wildcard=body != term)
            if solid:
                words.add(max(solid, key=lambda word: (word_rank(word), len(word), word)))
                continue
            head = "qu" if body == "que" else _WORD_RUN.match(body)[0]  # type: ignore[index]
            if head:
                starts.add(f" {head}")
            elif body and body[0] not in "-*" and not body[0].isspace():
                characters.add(body[0])
            else:
                always = True
        return cls(frozenset(words), tuple(sorted(starts)), frozenset(characters), always)

    def admits(self, t: _Text) -> bool:
        if self.always or not self.words.isdisjoint(t.words):
            return True
        if self.starts and any(start in t.joined for start in self.starts):
            return True
        return bool(self.characters) and any(c in t.folded for c in self.characters)


_WORD_RUN = re.compile(r"\w*")


def _solid_words(body: str, *, wildcard: bool) -> list[str]:
    """The words of a term a match holds as whole runs of the text (see `_WordGate`)."""
    solid = []
    for run in re.finditer(r"\w+", body):
        start, end = run.span()
        glued_before = start > 0 and body[start - 1] == "-"
        glued_after = body[end : end + 1] == "-" or (end == len(body) and wildcard)
        elided = end == len(body) and run[0] == "que"  # "que" also matches "qu'"
        if not (glued_before or glued_after or elided):
            solid.append(run[0])
    return solid


@dataclass(frozen=True)
class _Lexicon:
    lang: str
    verbs: dict[str, tuple[_Verb, ...]]
    by_lemma: dict[str, tuple[_Verb, ...]]
    lemmas: frozenset[str]
    verb_re: re.Pattern[str]
    # Every word a match of `verb_re` can start with (see `_may_have_verbs`).
    verb_words: frozenset[str]
    accusation_re: re.Pattern[str]
    judgement_re: re.Pattern[str]
    hyperbole_re: re.Pattern[str]
    commercial_re: re.Pattern[str]
    establishment_re: re.Pattern[str]
    markers: dict[str, re.Pattern[str]]
    time_re: re.Pattern[str]
    # What could match in a whole text, by marker name and for the three word patterns.
    gates: dict[str, _WordGate]


@cache
def _lexicon(lang: str) -> _Lexicon:
    if lang not in LANGS:
        raise ValueError(f"imputation: unsupported language `{lang}` (supported: {', '.join(LANGS)})")
    verbs: dict[str, list[_Verb]] = {}
    lemmas: set[str] = set()
    for row in read_table(f"{lang}/fact_verbs.tsv"):
        lemma, conjugation, domain, *options = row
        requires = next((o.split("=", 1)[1] for o in options if o.startswith("requires=")), None)
        listed = next((o.split("=", 1)[1].split() for o in options if o.startswith("forms=")), [])
        forms: dict[str, frozenset[str]] = {}
        if conjugation == "er":
            forms = {lemma[:-2] + suffix: tags for suffix, tags in _ER_SUFFIXES.items()}
            if lemma.endswith(("oyer", "uyer")):
                # y → i before a mute e: "employer" → "emploie", "emploiera"
                for suffix in ("e", "es", "ent", "era", "eras", "eront", "erait", "eraient", "erais"):
                    forms.setdefault(lemma[:-3] + "i" + suffix, _ER_SUFFIXES[suffix])
        elif conjugation == "ir":
            forms = {lemma[:-2] + suffix: tags for suffix, tags in _IR_SUFFIXES.items()}
        for form in listed:
            forms[form] = _irregular_tags(form, lemma, lang)
        lemmas.add(lemma)
        for form, tags in forms.items():
            verbs.setdefault(form, []).append(
                _Verb(
                    lemma,
                    "wrong" if domain == "wrong" else "service",
                    "hyperbole" in options,
                    _requires(requires) if requires else None,
                    tags,
                    "passive_target" in options,
                    "announces" in options,
                )
            )
    sections = read_sections(f"{lang}/markers.txt")
    markers = {name: word_regex(terms) for name, terms in sections.items()}
    judgements = read_sections(f"{lang}/judgements.txt")
    accusations = read_list(f"{lang}/accusations.txt")
    gates = {name: _WordGate.build(terms) for name, terms in sections.items()}
    gates[_ACCUSATION] = _WordGate.build(accusations)
    gates[_JUDGEMENT] = _WordGate.build(judgements["judgement"])
    gates[_HYPERBOLE] = _WordGate.build(judgements["hyperbole"])
    products = read_sections(f"{lang}/products.txt")
    return _Lexicon(
        lang=lang,
        verbs={form: tuple(v) for form, v in verbs.items()},
        # one entry per row of the table: a lemma may have two ("licencier" for a pregnant employee,
        # and "licencié pour vol", where the sanction imputes the offence)
        by_lemma={
            lemma: tuple(
                {
                    (v.requires.pattern if v.requires else None, v.passive_target): v
                    for vs in verbs.values()
                    for v in vs
                    if v.lemma == lemma
                }.values()
            )
            for lemma in lemmas
        },
        lemmas=frozenset(lemmas),
        verb_re=word_regex(verbs),
        # "sous-payé" matches "sous-payé", "sous payé" and "souspayé": its first word, and the glued form
        verb_words=frozenset(
            {re.split(r"[-\s]", form)[0] for form in verbs} | {form.replace("-", "") for form in verbs}
        ),
        accusation_re=word_regex(accusations),
        judgement_re=word_regex(judgements["judgement"]),
        hyperbole_re=word_regex(judgements["hyperbole"]),
        commercial_re=word_regex(products["commercial"]),
        establishment_re=word_regex(products["establishment"]),
        markers=markers,
        time_re=time_regex(lang),
        gates=gates,
    )


# Keys of `_Lexicon.gates` for the word patterns (marker names have no brackets).
_ACCUSATION = "[accusation]"
_JUDGEMENT = "[judgement]"
_HYPERBOLE = "[hyperbole]"


# --------------------------------------------------------------------------- shared patterns

_AMOUNT = re.compile(
    r"(?<![\w])(?:\d[\d\s.,]*\s*(?:k\s*)?(?:€|eur\b|euros?\b|balles\b|boules\b|\$|dollars?\b|£|pounds?\b|quid\b)"
    r"|[€$£]\s*\d[\d.,]*(?:\s*k)?)"
)
_COUNT = re.compile(
    r"(?<![\w])(?:(?:deux|trois|quatre|cinq|plusieurs|\d+)\s+fois|twice|(?:two|three|four|several|\d+)\s+times"
    r"|a\s+(?:plusieurs|de\s+nombreuses)\s+reprises)(?![\w])"
)
_DETERMINERS = {
    "fr": frozenset(
        [
            "le",
            "la",
            "l'",
            "les",
            "un",
            "une",
            "du",
            "de",
            "des",
            "au",
            "aux",
            "cette",
            "ce",
            "cet",
            "ces",
            "sa",
            "son",
            "ses",
            "ma",
            "mon",
            "mes",
            "ta",
            "ton",
            "tes",
            "leur",
            "leurs",
            "votre",
            "vos",
            "notre",
            "nos",
            "quelle",
            "quel",
            "d'",
            "grosse",
            "vraie",
            "pure",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "a",
            "an",
            "this",
            "that",
            "my",
            "your",
            "his",
            "her",
            "our",
            "their",
            "total",
            "complete",
            "such",
            "what",
        ]
    ),
}
_SUBJECT_PRONOUNS_3 = frozenset({"il", "elle", "ils", "elles", "he", "she", "they", "celui-ci", "celle-ci"})
_SUBJECTS = _SUBJECT_PRONOUNS_3 | frozenset(
    {"on", "je", "j'", "tu", "t'", "nous", "vous", "qui", "i", "you", "we", "who", "c'", "ce", "ca", "it"}
)
_AUX_FR = re.compile(
    r"(?:(?P<refl>\b(?:se|s'|me|m'|te|t'|nous|vous)\s*)?"
    r"\b(?P<aux>ai|as|a|avons|avez|ont|avais|avait|avions|aviez|avaient|aurais|aurait|aurions|auriez|auraient|"
    r"aurai|auras|aura|aurons|aurez|auront|suis|es|est|sommes|etes|sont|etais|etait|etions|etiez|etaient|"
    r"serais|serait|serions|seriez|seraient|serai|seras|sera|serons|serez|seront|avoir|etre))"
    r"(?P<between>(?:\s+(?:pas|jamais|plus|deja|encore|meme|bien|toujours|souvent|carrement|clairement|"
    r"surement|probablement|peut-etre|aussi|vraiment|ete|tout|encore|recemment))*)\s+$"
)
_AUX_EN = re.compile(
    r"\b(?P<aux>has|have|had|'ve|'d|was|were|is|are|am|'s|'re|been|being|be|will|would|did|does|do|to|could|"
    r"might|may|can|should|must|keeps?|kept|got|gets)"
    r"(?P<between>(?:\s+(?:not|never|already|just|also|really|even|actually|apparently|allegedly|always|been|"
    r"have|ever|definitely|clearly|probably))*)(?:n't)?\s+$"
)
_AUX_TENSE_FR = {
    **dict.fromkeys(("ai", "as", "a", "avons", "avez", "ont", "suis", "es", "est", "sommes", "etes", "sont"), "past"),
    **dict.fromkeys(
        ("avais", "avait", "avions", "aviez", "avaient", "etais", "etait", "etions", "etiez", "etaient"),
        "past",
    ),
    **dict.fromkeys(
        (
            "aurais",
            "aurait",
            "aurions",
            "auriez",
            "auraient",
            "serais",
            "serait",
            "serions",
            "seriez",
            "seraient",
        ),
        "conditional",
    ),
    **dict.fromkeys(
        (
            "aurai",
            "auras",
            "aura",
            "aurons",
            "aurez",
            "auront",
            "serai",
            "seras",
            "sera",
            "serons",
            "serez",
            "seront",
        ),
        "future",
    ),
    "avoir": "infinitive",
    "etre": "infinitive",
}
_ETRE = frozenset(
    {
        "suis",
        "es",
        "est",
        "sommes",
        "etes",
        "sont",
        "etais",
        "etait",
        "etions",
        "etiez",
        "etaient",
        "serais",
        "serait",
        "serions",
        "seriez",
        "seraient",
        "serai",
        "seras",
        "sera",
        "serons",
        "serez",
        "seront",
        "etre",
    }
)
_NEG_AFTER_FR = re.compile(r"\s*(?:pas(?!\s+mal\b)|jamais|plus|point|rien|nullement|guere|aucun\w*)(?![\w])")
_NE_BEFORE_FR = re.compile(r"(?:\bne\s+|\bn')(?:\S+\s*){0,3}$")
_NOBODY = re.compile(r"(?:\bpersonne\s+(?:ne\s+|n')|\bnobody\s+|\bno\s+one\s+|\bnever\s+)(?:\S+\s*){0,3}$")
_NEG_BEFORE_EN = re.compile(r"(?:\bnot\b|n't\b|\bnever\b|\bno\s+longer\b)(?:\s+\S+){0,3}\s*$")
_CLAUSE_BREAK = re.compile(r"[,;:(]|\s(?:que|qu'|mais|et|car|donc|parce|puisque|that|but|and|because|so)\s|\bqu'")
_CONTRAST = re.compile(r"(?<![\w])(?:mais|but|though|cependant|pourtant|quand\s+meme|bon\.\.\.|enfin\.\.\.|…|\.\.\.)")
_NOT_HYPOTHESIS = re.compile(
    r"(?:demande|demandais|sais\s+pas|sait\s+pas|savoir|voir|meme|wonder|know|knew|see|"
    r"ask|asking|asked|even)\s*$"
)


# --------------------------------------------------------------------------- rule layer


@dataclass
class _Text:
    text: str
    folded: str
    lex: _Lexicon
    sentences: list[tuple[int, int]]
    # The maximal `\w+` runs of the folded text, as a set and joined by spaces after one (`_WordGate`).
    words: frozenset[str] = field(init=False, repr=False)
    joined: str = field(init=False, repr=False)
    # Whole-text marker searches, asked again for each claim (`_form_of`, `_fiction`, `_denounced`).
    _found: dict[str, tuple[re.Match[str], ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        runs = _WORDS.findall(self.folded)
        self.words = frozenset(runs)
        self.joined = " " + " ".join(runs)

    def finds(self, gate: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """`pattern.finditer` over the whole folded text, skipped when its gate proves it finds nothing."""
        return pattern.finditer(self.folded) if self.lex.gates[gate].admits(self) else iter(())

    def sentence(self, offset: int) -> tuple[int, int]:
        return sentence_of(self.sentences, offset)

    def clause_start(self, offset: int) -> int:
        start = self.sentence(offset)[0]
        last = start
        for m in _CLAUSE_BREAK.finditer(self.folded, start, offset):
            last = m.end()
        return last

    def markers(self, name: str, start: int = 0, end: int | None = None) -> Sequence[re.Match[str]]:
        pattern = self.lex.markers.get(name)
        if pattern is None:
            return ()
        if start or end is not None:
            return list(pattern.finditer(self.folded, start, len(self.folded) if end is None else end))
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = tuple(self.finds(name, pattern))
        return found


def _word_before(folded: str, offset: int) -> str:
    m = re.search(r"([\w']+)\s*$", folded[max(0, offset - 30) : offset])
    return m.group(1) if m else ""


def _is_noun_use(t: _Text, start: int) -> bool:
    """A homograph used as a noun: "c'est *du vol*", "une *arnaque*", "a *scam*"."""
    before = _word_before(t.folded, start)
    if before not in _DETERMINERS[t.lex.lang]:
        return False
    # "il la vole", "elle le frappe": an object clitic after a subject, not a determiner.
    if before in {"la", "le", "les", "l'"}:
        previous = _word_before(t.folded, start - len(before) - 1)
        if previous in _SUBJECTS or previous in {"ne", "n'"}:
            return False
    return True


def _circumstances(t: _Text, sentence: tuple[int, int]) -> tuple[Finding, ...]:
    found: list[Finding] = []
    for label, pattern in (
        ("amount", _AMOUNT),
        ("count", _COUNT),
        ("date", t.lex.time_re),
        ("object", t.lex.markers.get("object")),
    ):
        if pattern is None:
            continue
        for m in pattern.finditer(t.folded, *sentence):
            found.append(Finding(f"imputation.circumstance.{label}", m.start(), m.end()))
    return tuple(sorted(found, key=lambda f: (f.start, f.end)))


def _tense_and_voice(t: _Text, start: int, end: int, verb: _Verb) -> tuple[Tense | None, bool, int]:
    """Tense from the verb's form and its auxiliary; whether it is passive; where the verb group starts."""
    folded = t.folded
    window = folded[max(0, start - 40) : start]
    offset = max(0, start - 40)
    if t.lex.lang == "fr":
        aux = _AUX_FR.search(window)
        if aux is not None and verb.tags & {"participle"}:
            tense: Tense = _AUX_TENSE_FR[aux.group("aux")]  # type: ignore[assignment]
            passive = ("ete" in aux.group("between").split() or aux.group("aux") in _ETRE) and not aux.group("refl")
            if tense == "infinitive":
                tense = "past"
            return tense, passive, offset + aux.start("aux")
        if "participle" in verb.tags and t.text[start:end].lower().endswith(("é", "ée", "és", "ées")):
            return "past", False, start  # an accented participle without auxiliary ("pris, détourné")
        for tag in ("conditional", "future", "past", "present", "infinitive"):
            if tag in verb.tags:
                return tag, False, start
        return "past", False, start  # a bare participle
    aux = _AUX_EN.search(window)
    if aux is not None:
        word = aux.group("aux")
        between = aux.group("between").split()
        if word == "to":
            return "infinitive", False, offset + aux.start("aux")
        if word in {"would", "could", "might", "may"} or (word == "'d" and "have" in between):
            return "conditional", False, offset + aux.start("aux")
        if word == "will":
            return "future", False, offset + aux.start("aux")
        if "progressive" in verb.tags:
            past = word in {"was", "were", "been", "had", "has", "have", "'ve"}
            return ("past" if past else "present"), False, offset + aux.start("aux")
        if (
            word in {"was", "were", "is", "are", "am", "'s", "'re", "been", "being", "be", "got", "gets"}
            and "participle" in verb.tags
            and "have" not in between
        ):
            return "past", True, offset + aux.start("aux")
        if word in {"did", "has", "have", "had", "'ve", "kept"}:
            return "past", False, offset + aux.start("aux")
        return "present", False, offset + aux.start("aux")
    for tag in ("past", "present", "progressive"):
        if tag in verb.tags:
            return ("present" if tag == "progressive" else tag), False, start  # type: ignore[return-value]
    return "present", False, start


def _negated(t: _Text, group_start: int, end: int) -> bool:
    """Negation of this verb: "ne … pas/jamais", colloquial "vole pas", "didn't", "personne ne".

    The clause is read from the end of a negated frame before the verb ("*not saying* the manager
    steals"): that "not" is the frame's, and `_matrix_negation` judges it (a preterition keeps the act).
    """
    folded = t.folded
    start = t.clause_start(group_start)
    for frame in t.markers("matrix_negation", t.sentence(group_start)[0], group_start):
        start = max(start, frame.end())
    left = folded[start:group_start]
    group = folded[group_start:end]
    if _NOBODY.search(left):
        return True
    if t.lex.lang == "fr":
        # The negative word must sit next to the verb group: "ne … que" is restriction ("il ne
        # fait que voler"), and "pas mal" means "quite a lot".
        after = _NEG_AFTER_FR.match(folded, end) or _NEG_AFTER_FR.search(group)
        if after is None:
            return False
        word = after.group().split()[0]
        return word in {"pas", "jamais", "aucun", "aucune"} or _NE_BEFORE_FR.search(left + group) is not None
    return bool(_NEG_BEFORE_EN.search(left)) or bool(re.search(r"(?:\bnot\b|n't\b|\bnever\b)", group))


_SKIP_BEFORE_VERB = frozenset(
    [
        "ne",
        "n'",
        "m'",
        "me",
        "t'",
        "te",
        "s'",
        "se",
        "l'",
        "le",
        "la",
        "les",
        "lui",
        "leur",
        "y",
        "en",
        "nous",
        "vous",
        "not",
        "never",
        "also",
        "just",
        "really",
        "always",
        "apparently",
        "allegedly",
        "deja",
        "meme",
        "encore",
        "toujours",
        "aussi",
        "vraiment",
    ]
)


def _subject(t: _Text, group_start: int, end: int, passive: bool) -> tuple[tuple[int, int] | None, bool]:
    sentence = t.sentence(group_start)
    if passive:
        agent = re.compile(r"\s+(?:par|by)\s+").search(t.folded, end, min(sentence[1], end + 40))
        if agent is None:
            return None, False
        return (agent.end(), sentence[1]), False
    before = t.folded[sentence[0] : group_start]
    # Skip clitics and negation between the subject and the verb ("il ne m'a pas", "he never").
    words = re.findall(r"[\w']+", before)
    nearest = next((w for w in reversed(words) if w not in _SKIP_BEFORE_VERB), "")
    return (sentence[0], group_start), nearest in _SUBJECT_PRONOUNS_3


def _subject_head(t: _Text, group_start: int) -> tuple[int, int] | None:
    """The word right before the verb group, once clitics, negation and an apposition in
    parentheses or between commas are skipped: "@lea (vendeuse à Lille) *a volé*" → "@lea",
    "Julien, le gérant de Rennes, *pique*" → "Julien", "@user les migrants *agressent*" → "migrants"."""
    sentence_start = t.sentence(group_start)[0]
    pos = group_start
    for _ in range(12):
        while pos > sentence_start and t.folded[pos - 1].isspace():
            pos -= 1
        if pos <= sentence_start:
            return None
        char = t.folded[pos - 1]
        if char == ")":
            opening = t.folded.rfind("(", sentence_start, pos)
            if opening < 0:
                return None
            pos = opening
            continue
        if char == ",":
            previous = t.folded.rfind(",", sentence_start, pos - 1)
            if previous < 0:
                return None
            pos = previous
            continue
        word = re.search(r"[@\w'.-]+$", t.folded[sentence_start:pos])
        if word is None:
            return None
        start = sentence_start + word.start()
        if word.group().strip(".") in _SKIP_BEFORE_VERB:
            pos = start
            continue
        return (start, pos)
    return None


def _form_of(t: _Text, start: int, tense: Tense | None) -> tuple[Form, list[Finding]]:
    sentence = t.sentence(start)
    forms: list[tuple[Form, Finding]] = []
    for name, form in (
        ("reported", "reported"),
        ("dubitative", "dubitative"),
        ("conditional", "conditional"),
    ):
        for m in t.markers(name, *sentence):
            forms.append((form, Finding(f"imputation.form.{form}", m.start(), m.end())))  # type: ignore[arg-type]
    for m in [*t.markers("insinuation"), *t.markers("insinuation_weak")]:
        forms.append(("insinuation", Finding("imputation.form.insinuation", m.start(), m.end())))
    for m in t.markers("preterition", *sentence):
        if _CONTRAST.search(t.folded, m.end()):
            forms.append(("insinuation", Finding("imputation.form.insinuation", m.start(), m.end())))
    if t.text[sentence[0] : sentence[1]].rstrip().endswith("?"):
        forms.append(("dubitative", Finding("imputation.form.dubitative", sentence[1] - 1, sentence[1])))
    if tense == "conditional":
        forms.append(("conditional", Finding("imputation.form.conditional", start, start)))
    for hypothesis in t.markers("hypothesis", sentence[0], start):
        if tense == "present" and not _NOT_HYPOTHESIS.search(
            t.folded[max(0, hypothesis.start() - 15) : hypothesis.start()]
        ):
            forms.append(("dubitative", Finding("imputation.form.dubitative", hypothesis.start(), hypothesis.end())))
    if not forms:
        return "assertive", []
    best = min(forms, key=lambda f: _FORM_ORDER.index(f[0]))[0]
    return best, [f for _, f in forms]


def _fiction(t: _Text, start: int, tense: Tense | None) -> Finding | None:
    for m in t.markers("fiction"):
        return Finding("imputation.fiction", m.start(), m.end())
    sentence = t.sentence(start)
    for m in t.markers("hypothesis", sentence[0], start):
        if _NOT_HYPOTHESIS.search(t.folded[max(0, m.start() - 15) : m.start()]):
            continue
        if tense in {"past", "conditional"}:
            # "si Julien volait, …", "if he stole …": a hypothesis, not an assertion.
            return Finding("imputation.fiction", m.start(), m.end())
    return None


def _denounced(t: _Text, start: int, *, reported_insult: bool = False) -> Finding | None:
    """Quoted or reported only to be denied: "on m'a traité de voleur, c'est faux !"."""
    denials = t.markers("denial")
    sentence = t.sentence(start)
    frames = [m for m in t.markers("frame", sentence[0], start) if m.end() <= start + 1]
    quoted = bool(re.search(r"[\"«“][^\"»”]*$", t.text[sentence[0] : start]))
    if denials and (frames or quoted):
        return Finding("imputation.denounced", denials[0].start(), denials[0].end())
    if reported_insult and frames:
        # "il m'a traité de connard": the author reports an insult received, they do not utter it.
        return Finding("imputation.denounced", frames[-1].start(), frames[-1].end())
    for m in denials:
        if sentence[0] <= m.start() < start and re.search(
            r"(?:dire|raconter|colporter|propager|repandre|saying|"
            r"spreading)\s*(?:que|qu'|that)?\s*$",
            m.group(),
        ):
            return Finding("imputation.denounced", m.start(), m.end())
    return None


def _matrix_negation(t: _Text, start: int) -> Finding | None:
    sentence = t.sentence(start)
    for m in t.markers("matrix_negation", sentence[0], start):
        preterition = any(p.start() == m.start() for p in t.markers("preterition", sentence[0], start))
        if preterition and _CONTRAST.search(t.folded, m.end()):
            continue  # "je ne dis pas qu'il vole, mais…": a preterition, the imputation stands
        return Finding("imputation.negated", m.start(), m.end())
    return None


_COMPLEMENT = re.compile(r"(?:\b(?:of|du|de|des|at|from|in|au|aux|chez)|\bd'|\bde\s+la|\bde\s+l')\s*(?:\w+\s+){0,2}$")


def _commercial(t: _Text, sentence: tuple[int, int]) -> re.Match[str] | None:
    """A product, price, service or store noun heading a phrase of the sentence.

    A noun that only completes another ("the manager *of the Lille store*", "Sophie *du SAV*")
    says who someone is, not what is criticised, so it does not count.
    """
    for pattern in (t.lex.commercial_re, t.lex.establishment_re):
        for m in pattern.finditer(t.folded, *sentence):
            if not _COMPLEMENT.search(t.folded[max(sentence[0], m.start() - 25) : m.start()]):
                return m
    return None


_PHRASE_END = re.compile(r"[.!?;:,()\n]|\s(?:mais|et|car|donc|parce|but|and|because)\s")


def _phrase(t: _Text, start: int, end: int) -> str:
    """The act with its complements ("pique dans la caisse"), up to the clause end, at most 8 words."""
    sentence_end = t.sentence(start)[1]
    stop = _PHRASE_END.search(t.folded, end, sentence_end)
    limit = stop.start() if stop else sentence_end
    words = t.text[end:limit].split()
    return (t.text[start:end] + (" " + " ".join(words[:8]) if words else "")).strip()


_ANNOUNCED = {
    "fr": re.compile(
        r"\s+(?:de\s+|d')(?:(?:le|la|les|l'|lui|leur|me|m'|te|t'|nous|vous|se|s'|y|en)\s*)*(?P<act>[\w'-]+)"
    ),
    "en": re.compile(r"\s+to\s+(?:(?:\w+ly|just|not)\s+)?(?P<act>[\w'-]+)"),
}


def _announces_a_wrong(t: _Text, end: int) -> bool:
    """Whether the act a threat announces is a wrong: "menace de me frapper", "threatened to kill".

    With no "de …" / "to …" complement, the verb itself is the act ("il m'a menacé").
    """
    m = _ANNOUNCED[t.lex.lang].match(t.folded, end)
    if m is None:
        return True
    harms = t.lex.markers.get("harm")
    if harms is not None and harms.match(t.folded, m.start("act")):
        return True
    sentence = t.sentence(end)
    return any(
        v.domain == "wrong" and (v.requires is None or v.requires.search(t.folded, *sentence))
        for v in t.lex.verbs.get(m.group("act"), ())
    )


_WORDS = re.compile(r"\w+")


def _may_have_verbs(lex: _Lexicon, words: Iterable[str]) -> bool:
    r"""Whether `verb_re` can match a text of these words (its maximal `\w+` runs): one of them starts
    a form of the verb list.

    The French alternation has ~2,800 forms and costs ~100 µs a message in `re`; a set lookup of the
    words costs a few. INVARIANT: never False where `verb_re` matches — a match is bounded by non-word
    characters, so it starts a maximal `\w+` run that is the form itself, or its first part for the
    few hyphenated forms ("sous-payé": its first word "sous", or "souspayé" glued, is in `verb_words`).
    """
    return not lex.verb_words.isdisjoint(words)


def _fact_claims(t: _Text) -> tuple[list[Claim], list[Finding], bool]:
    claims: list[Claim] = []
    extra: list[Finding] = []
    candidates = False
    if not _may_have_verbs(t.lex, t.words):
        return claims, extra, candidates
    for m in t.lex.verb_re.finditer(t.folded):
        candidates = True
        # Only forms that can also be nouns ("une arnaque", "les insultes", "a scam") are checked:
        # "et les revendent" is a verb whatever precedes it.
        could_be_noun = m.group().endswith(("e", "es")) if t.lex.lang == "fr" else not m.group().endswith(("ed", "ing"))
        if could_be_noun and _is_noun_use(t, m.start()):
            continue
        sentence = t.sentence(m.start())
        clause = (max(sentence[0], m.start() - 50), min(sentence[1], m.end() + 60))

        verb = next(
            (v for v in t.lex.verbs[m.group()] if v.requires is None or v.requires.search(t.folded, *clause)),
            None,
        )
        if verb is None:
            continue
        if verb.announces and not _announces_a_wrong(t, m.end()):
            continue
        tense, passive, group_start = _tense_and_voice(t, m.start(), m.end(), verb)
        # "il a été condamné pour vol": the subject of a sanction in the passive is the one imputed.
        subject, pronoun = _subject(t, group_start, m.end(), passive and not verb.passive_target)
        matrix = _matrix_negation(t, m.start())
        form, form_findings = _form_of(t, m.start(), tense)
        # In a question the negation is rhetorical: "je me demande s'il ne pique pas dans la
        # caisse" insinuates that he does.
        question = any(f.label == "imputation.form.dubitative" for f in form_findings)
        negated = _negated(t, group_start, m.end()) and not question
        fiction = _fiction(t, m.start(), tense)
        denounced = _denounced(t, m.start())
        circumstances = _circumstances(t, sentence)
        objects = [c for c in circumstances if c.label.endswith(".object")]
        # Commercial hyperbole ("vous volez vos clients avec vos prix") needs a price or product
        # outside the subject: in "scammed by Dave from customer service" the service noun only
        # says who Dave is.
        commercial = [
            m
            for m in (t.lex.commercial_re.finditer(t.folded, *sentence))
            if subject is None or not (subject[0] <= m.start() < subject[1])
        ]
        product = verb.domain == "service" or (verb.hyperbole and bool(commercial) and not objects)
        confidence = (
            0.55
            + 0.1 * min(3, len(circumstances))
            + (0.05 if tense == "past" else 0.0)
            + (0.05 if verb.requires is not None else 0.0)
            - (0.15 if tense == "infinitive" else 0.0)
        )
        claims.append(
            Claim(
                kind="precise_fact",
                start=group_start,
                end=m.end(),
                text=t.text[group_start : m.end()],
                sentence=sentence,
                domain=verb.domain,
                form=form,
                tense=tense,
                negated=negated or matrix is not None,
                fiction=fiction is not None,
                quoted_to_denounce=denounced is not None,
                about_product_or_service=product,
                passive=passive,
                subject=subject,
                pronoun_subject=pronoun,
                circumstances=circumstances,
                confidence=round(min(0.95, max(0.3, confidence)), 2),
                lemma=verb.lemma,
                phrase=_phrase(t, group_start, m.end()),
                question=question,
                subject_head=None if passive and not verb.passive_target else _subject_head(t, group_start),
            )
        )
        extra.extend(form_findings)
        extra.extend(f for f in (matrix, fiction, denounced) if f is not None)
    return claims, extra, candidates


def _insinuated_claims(t: _Text, facts: list[Claim]) -> list[Claim]:
    """ "Comme par hasard le gérant a une nouvelle voiture, suivez mon regard": no act is named,
    but the message insinuates one (art. 29 al. 1 covers insinuation; Cass. crim., 25 Feb 2025).
    Only the strong markers count, and only when no act is stated elsewhere; confidence is low
    because what is insinuated has to be read by a person."""
    if facts:
        return []
    claims: list[Claim] = []
    for m in t.markers("insinuation"):
        sentence = t.sentence(m.start())
        claims.append(
            Claim(
                kind="precise_fact",
                start=m.start(),
                end=m.end(),
                text=t.text[m.start() : m.end()],
                sentence=(t.sentences[0][0], t.sentences[-1][1]),
                domain="wrong",
                form="insinuation",
                fiction=_fiction(t, m.start(), None) is not None,
                subject=(0, len(t.text)),
                circumstances=_circumstances(t, sentence),
                confidence=0.4,
                cue="insinuation",
            )
        )
    return claims


_NEG_BEFORE_PHRASE = re.compile(r"(?:\bpas\s+d[e']|\bsans|\baucune?|\bno|\bnot|\bwithout|\bnever)\s*(?:\w+\s+)?$")


def _phrase_claims(t: _Text, facts: list[Claim]) -> list[Claim]:
    """Acts named without a verb of the list: "en échange du permis", "drunk on the job", and acts
    done "exprès" / "deliberately" with an ordinary verb ("closes tickets without reading them")."""
    claims: list[Claim] = []
    taken = [(c.start, c.end) for c in facts]
    sentences_with_facts = {c.sentence for c in facts if c.cue == "verb"}
    for name, cue, confidence in (("act", "phrase", 0.55), ("intent", "intent", 0.45)):
        for m in t.markers(name):
            sentence = t.sentence(m.start())
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if cue == "intent" and sentence in sentences_with_facts:
                continue  # the adverb only qualifies an act the verb list already found
            form, _ = _form_of(t, m.start(), None)
            before = t.folded[max(sentence[0], m.start() - 30) : m.start()]
            negated = bool(_NEG_BEFORE_PHRASE.search(before)) or _matrix_negation(t, m.start()) is not None
            claims.append(
                Claim(
                    kind="precise_fact",
                    start=m.start(),
                    end=m.end(),
                    text=t.text[m.start() : m.end()],
                    sentence=sentence,
                    domain="wrong",
                    form=form,
                    negated=negated and form != "dubitative",
                    fiction=_fiction(t, m.start(), None) is not None,
                    quoted_to_denounce=_denounced(t, m.start()) is not None,
                    subject=(sentence[0], m.start()),
                    pronoun_subject=_subject(t, m.start(), m.end(), False)[1],
                    circumstances=_circumstances(t, sentence),
                    confidence=confidence,
                    phrase=_phrase(t, m.start(), m.end()),
                    cue=cue,  # type: ignore[arg-type]
                )
            )
            taken.append((m.start(), m.end()))
    return claims


def _word_claims(t: _Text, facts: list[Claim]) -> tuple[list[Claim], list[Finding]]:
    claims: list[Claim] = []
    extra: list[Finding] = []
    taken = [(c.start, c.end) for c in facts]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    wrongful = any(c.live and c.domain == "wrong" and not c.about_product_or_service for c in facts)
    for gate, pattern, domain in (
        (_ACCUSATION, t.lex.accusation_re, "accusation"),
        (_HYPERBOLE, t.lex.hyperbole_re, "hyperbole"),
        (_JUDGEMENT, t.lex.judgement_re, "judgement"),
    ):
        for m in t.finds(gate, pattern):
            if not free(m.start(), m.end()):
                continue
            taken.append((m.start(), m.end()))
            sentence = t.sentence(m.start())
            denounced = _denounced(t, m.start(), reported_insult=domain == "accusation")
            negated = _matrix_negation(t, m.start())
            product = (domain == "hyperbole" and not wrongful) or (
                domain == "judgement" and _commercial(t, sentence) is not None
            )
            form, form_findings = _form_of(t, m.start(), None)
            if domain == "accusation" and form == "insinuation" and negated is None:
                # "je ne dis pas qu'il est corrompu, mais…": the qualification insinuates the act.
                claims.append(
                    Claim(
                        kind="precise_fact",
                        start=m.start(),
                        end=m.end(),
                        text=t.text[m.start() : m.end()],
                        sentence=sentence,
                        domain="wrong",
                        form="insinuation",
                        fiction=_fiction(t, m.start(), None) is not None,
                        quoted_to_denounce=denounced is not None,
                        subject=(sentence[0], m.start()),
                        circumstances=_circumstances(t, sentence),
                        confidence=0.5,
                        cue="word",
                    )
                )
                extra.extend(form_findings)
                continue
            claims.append(
                Claim(
                    kind="value_judgement",
                    start=m.start(),
                    end=m.end(),
                    text=t.text[m.start() : m.end()],
                    sentence=sentence,
                    domain="accusation" if domain == "accusation" else "judgement",
                    form=form,
                    negated=negated is not None,
                    fiction=_fiction(t, m.start(), None) is not None,
                    quoted_to_denounce=denounced is not None,
                    about_product_or_service=product,
                    subject=_epithet_subject(t, m.start(), m.end(), sentence)
                    if domain == "accusation"
                    else (sentence[0], m.start()),
                    confidence=0.7 if domain == "accusation" else 0.6,
                )
            )
            extra.extend(form_findings)
            extra.extend(f for f in (denounced, negated) if f is not None)
    return claims, extra


_COPULA = re.compile(
    r"(?:\b(?:est|sont|etait|etaient|c'est|ce\s+sont|reste|restent|is|are|was|were|'s|'re|be|being)"
    r"(?:\s+(?:vraiment|tous|toutes|juste|qu'|que|un|une|des|du|de|le|la|a|an|the|such|really|just|total|"
    r"totally|complete|real|big|gros|grosse|vrai|vraie|sacre|sacree|pur|pure|all))*\s*|[:=]\s*)$"
)
_EPITHET_OF = re.compile(r"\s+(?:de|d'|du|of)\s*")


def _epithet_subject(t: _Text, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int] | None:
    """Who an accusatory term is said of: the phrase before a copula ("le gérant *est un* escroc",
    "Maison Lumière = escrocs"), or the noun after "de" ("cet escroc *de* gérant"). None when the
    term stands alone ("la mafia", "l'ordre des assassins"): it is aimed at no one."""
    before = t.folded[sentence[0] : start]
    copula = _COPULA.search(before)
    if copula is not None:
        return (sentence[0], sentence[0] + copula.start())
    after = _EPITHET_OF.match(t.folded, end, sentence[1])
    if after is not None:
        return (after.end(), sentence[1])
    return None


def _invective_claims(t: _Text, invectives: tuple[Finding, ...]) -> tuple[list[Claim], list[Finding]]:
    claims: list[Claim] = []
    extra: list[Finding] = []
    for inv in invectives:
        if not (0 <= inv.start < inv.end <= len(t.text)):
            raise ValueError(f"invective span {inv.start}..{inv.end} is outside the text")
        sentence = t.sentence(inv.start)
        denounced = _denounced(t, inv.start, reported_insult=True)
        claims.append(
            Claim(
                kind="invective",
                start=inv.start,
                end=inv.end,
                text=t.text[inv.start : inv.end],
                sentence=sentence,
                domain="invective",
                quoted_to_denounce=denounced is not None,
                fiction=_fiction(t, inv.start, None) is not None,
                subject=sentence,
                confidence=0.85,
                designated=designated_by(t.text, inv.start, inv.end, lang=t.lex.lang),
            )
        )
        if denounced is not None:
            extra.append(denounced)
    return claims, extra


# --------------------------------------------------------------------------- spaCy refinement


def _morph_tense(token: Token) -> tuple[Tense | None, bool]:
    """Tense and voice from the morphology of a verb and its auxiliaries (French UD labels)."""
    auxiliaries = [c for c in token.children if c.dep_ in {"aux", "aux:tense", "aux:pass", "cop"}]
    passive = any(c.dep_ == "aux:pass" for c in token.children) or any(c.dep_ == "nsubj:pass" for c in token.children)
    moods = {m for a in [token, *auxiliaries] for m in a.morph.get("Mood", [])}
    if "Cnd" in moods:
        return "conditional", passive
    if auxiliaries and "Part" in token.morph.get("VerbForm", []):
        aux_tense = {t for a in auxiliaries for t in a.morph.get("Tense", [])}
        return ("future" if "Fut" in aux_tense else "past"), passive
    tenses = set(token.morph.get("Tense", []))
    if "Fut" in tenses:
        return "future", passive
    if tenses & {"Past", "Imp"}:
        return "past", passive
    if "Pres" in tenses:
        return "present", passive
    if "Inf" in token.morph.get("VerbForm", []):
        return "infinitive", passive
    return None, passive


def _refine(t: _Text, claims: list[Claim], doc: Doc) -> list[Claim]:
    refined: list[Claim] = []
    covered = [(c.start, c.end) for c in claims]
    for claim in claims:
        if claim.kind != "precise_fact":
            refined.append(claim)
            continue
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        tokens = list(span) if span is not None else []
        token = next((x for x in reversed(tokens) if fold(x.lemma_) == claim.lemma), tokens[-1] if tokens else None)
        if token is None or token.pos_ not in {"VERB", "AUX"}:
            # The tagger disagrees (it often reads an unaccented verb as a noun): keep the rule
            # reading, slightly less sure.
            refined.append(replace(claim, confidence=round(max(0.3, claim.confidence - 0.05), 2)))
            continue
        tense, passive = _morph_tense(token)
        # As in the rule layer, a negation inside a question is rhetorical.
        negated = claim.negated or (
            not claim.question
            and any(
                "Neg" in c.morph.get("Polarity", [])
                and c.lemma_ != "ne"
                and not (c.lower_ == "pas" and c.i + 1 < len(doc) and doc[c.i + 1].lower_ == "mal")
                for c in token.children
            )
        )
        subject, pronoun = claim.subject, claim.pronoun_subject
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubj:pass"}]
        if subjects and not passive:
            sub = subjects[0]
            left = min(x.idx for x in sub.subtree)
            right = max(x.idx + len(x.text) for x in sub.subtree)
            subject, pronoun = (left, right), sub.pos_ == "PRON" and fold(sub.text) in _SUBJECT_PRONOUNS_3
        form = claim.form
        if tense == "conditional" and _FORM_ORDER.index("conditional") < _FORM_ORDER.index(form):
            form = "conditional"
        refined.append(
            replace(
                claim,
                tense=tense or claim.tense,
                negated=negated,
                subject=subject,
                pronoun_subject=pronoun,
                form=form,
                confidence=round(min(0.95, claim.confidence + 0.05), 2),
            )
        )
    # Acts of the verb list in inflections the rules do not generate (passé simple, typos the
    # lemmatizer still resolves), when the tagger is sure it is a verb.
    for tok in doc:
        if tok.pos_ != "VERB" or fold(tok.lemma_) not in t.lex.lemmas:
            continue
        if any(s <= tok.idx < e for s, e in covered):
            continue
        sentence = t.sentence(tok.idx)
        verbs = [
            v
            for v in t.lex.by_lemma.get(fold(tok.lemma_), ())
            if v.requires is None or v.requires.search(t.folded, *sentence)
        ]
        if not verbs:
            continue
        end = tok.idx + len(tok.text)
        if any(v.announces for v in verbs) and not _announces_a_wrong(t, end):
            continue
        tense, passive = _morph_tense(tok)
        form, _ = _form_of(t, tok.idx, tense)
        refined.append(
            Claim(
                kind="precise_fact",
                start=tok.idx,
                end=end,
                text=tok.text,
                sentence=sentence,
                domain=verbs[0].domain,
                form=form,
                tense=tense,
                negated=_negated(t, tok.idx, end) or _matrix_negation(t, tok.idx) is not None,
                fiction=_fiction(t, tok.idx, tense) is not None,
                quoted_to_denounce=_denounced(t, tok.idx) is not None,
                about_product_or_service=verbs[0].domain == "service",
                passive=passive,
                subject=_subject(t, tok.idx, end, passive)[0],
                circumstances=_circumstances(t, sentence),
                confidence=0.5,
                lemma=verbs[0].lemma,
                phrase=_phrase(t, tok.idx, end),
            )
        )
    return sorted(refined, key=lambda c: (c.start, c.end))


# --------------------------------------------------------------------------- public API


def needs_nlp(text: str, *, lang: str) -> bool:
    """Cheap gate: did the rules find a wrongful act (a verb of the fact list, in a verb use, with
    its required complement) for spaCy to refine? Service acts and noun uses ("c'est du vol") do not
    count."""
    if lang != "fr":
        return False
    facts, _, _ = _fact_claims(_Text(text, fold(text), _lexicon(lang), sentence_bounds(text)))
    return any(c.domain == "wrong" for c in facts)


def _summary_kind(claims: list[Claim]) -> ImputationKind:
    live = [c for c in claims if c.live]
    for pool in (live, claims):
        kinds = {c.kind for c in pool}
        for kind in ("precise_fact", "invective", "value_judgement"):
            if kind in kinds:
                return kind
    return "none"


def analyze_imputation(
    text: str,
    *,
    lang: str,
    doc: Doc | None = None,
    invectives: tuple[Finding, ...] = (),
    use_nlp: bool | None = None,
) -> Imputation:
    """What `text` imputes, in what form, and what neutralises it.

    `invectives` are the insult analyzer's spans (this module has no insult list). `doc` is a
    spaCy `Doc` of `text` the caller already has; `use_nlp=False` (or `ROE_NLP=off`) keeps to
    the rule layer, and the result's `nlp` says which was used.
    """
    lex = _lexicon(lang)
    t = _Text(text, fold(text), lex, sentence_bounds(text))
    facts, findings, candidates = _fact_claims(t)
    # spaCy refines acts the rules found; service acts (billing, delivery) never make a defamation,
    # so they are not worth a parse either.
    worth_parsing = any(c.domain == "wrong" for c in facts)
    notes: list[str] = []
    use: NlpUse
    if not worth_parsing:
        use = NlpUse.SKIPPED
    elif doc is not None:
        complete(doc, lang=lang, need=MORPHOSYNTAX)
        facts = _refine(t, facts, doc)
        use = NlpUse.GIVEN
    else:
        blocked = availability(lang, use_nlp=use_nlp) if lang == "fr" else NlpUse.UNAVAILABLE
        parsed = None if blocked is not None else parse(text, lang=lang, need=MORPHOSYNTAX, use_nlp=use_nlp)
        if parsed is None:
            use = blocked or NlpUse.UNAVAILABLE
            notes.append(
                "rule-based only: " + ("NLP is off" if use is NlpUse.OFF else f"no statistical model for `{lang}`")
            )
        else:
            facts = _refine(t, facts, parsed)
            use = NlpUse.USED
    facts = [*facts, *_phrase_claims(t, facts)]
    facts = [*facts, *_insinuated_claims(t, facts)]
    words, word_findings = _word_claims(t, facts)
    invective_claims, invective_findings = _invective_claims(t, invectives)
    claims = sorted([*facts, *words, *invective_claims], key=lambda c: (c.start, c.end))
    findings.extend(word_findings)
    findings.extend(invective_findings)
    labels = {"precise_fact": "imputation.fact", "invective": "imputation.invective"}
    for c in claims:
        label = labels.get(c.kind, "imputation.accusation" if c.domain == "accusation" else "imputation.judgement")
        findings.append(Finding(label, c.start, c.end))
        findings.extend(c.circumstances)
        if c.negated and not any(f.label == "imputation.negated" for f in findings):
            findings.append(Finding("imputation.negated", c.start, c.end))
    for c in claims:
        product = _commercial(t, c.sentence) if c.about_product_or_service else None
        if product is not None:
            findings.append(Finding("imputation.product", product.start(), product.end()))
    opinions = t.markers("opinion")
    findings.extend(Finding("imputation.opinion", m.start(), m.end()) for m in opinions)
    kind = _summary_kind(claims)
    relevant = [c for c in claims if c.kind == kind] or claims
    live_relevant = [c for c in relevant if c.live]
    lead = max(live_relevant or relevant, key=lambda c: c.confidence, default=None)
    content = [c for c in claims if c.kind != "invective"]
    live_content = [c for c in content if c.live]
    confidence = lead.confidence if lead else (0.7 if candidates else 0.9)
    if kind == "value_judgement" and opinions:
        confidence = min(0.95, confidence + 0.1)
    return Imputation(
        kind=kind,
        form=lead.form if lead else "assertive",
        negated=bool(relevant) and all(c.negated for c in relevant),
        fiction=bool(relevant) and all(c.fiction for c in relevant),
        quoted_to_denounce=bool(relevant) and all(c.quoted_to_denounce for c in relevant),
        about_product_or_service=bool(live_content) and all(c.about_product_or_service for c in live_content),
        opinion_markers=tuple(text[m.start() : m.end()] for m in opinions),
        findings=tuple(sorted(set(findings), key=lambda f: (f.start, f.end, f.label))),
        confidence=round(confidence, 2),
        claims=tuple(claims),
        nlp=use,
        notes=tuple(notes),
    )


def warm_up() -> None:
    """Build the word-list automata now rather than on the first message (servers, benchmarks)."""
    for lang in LANGS:
        _lexicon(lang)
