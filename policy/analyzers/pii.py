"""Analysis stage: personal data in a message (phones, e-mails, IBAN/RIB, cards, NIR, addresses, plates, IPs).

`find_pii` is a pure function of the text. The default charter hides third-party personal data *and*
the author's own phone, e-mail, IBAN, card or NIR (LEGAL.md §2.2), so every match also says whose data
it probably is (`owner`), from cues such as "mon numéro" / "son adresse". `mask_text` gives a copy that
is safe to log. Doxxing (data + intent to expose) is built on top of this, in `doxxing.py`.

Precision comes from validation, not from patterns: phone numbers go through Google's libphonenumber
(`phonenumbers`), IBAN / card / NIR through their check digits (`python-stdnum`), IP addresses
through `ipaddress` (IPv4 and IPv6, public addresses only). A French RIB is reported as kind "iban", with
its IBAN as canonical value. That is what keeps order numbers, prices, dates, postcodes and product
references out. A phone number in a range libphonenumber does not know as assigned (the ranges reserved
for fiction, "06 39 98 …", "07700 900…", among them) is still a number to whoever reads it: it counts
when it has the shape of the country's numbering plan *and* is written the way that country groups its
numbers (`_match_unassigned`), which references grouped otherwise ("ML-2026-551207") are not.

Cost: one RE2 prefilter (linear, ~1-2 µs on a short message) returns early for the common message that
has no digit, no `@`, no obfuscated e-mail and no spelled-out number; only then do the detectors run.
"""

from __future__ import annotations

import bisect
import functools
import ipaddress
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, get_args

import phonenumbers
import re2  # google-re2: linear-time prefilter, already a project dependency
from stdnum import iban as std_iban
from stdnum import luhn as std_luhn
from stdnum.fr import nir as std_nir

from policy.analyzers.base import Cost, Finding

__all__ = [
    "COST",
    "KINDS",
    "OwnContacts",
    "Owner",
    "PiiKind",
    "PiiMatch",
    "find_pii",
    "fold",
    "mask_text",
]

PiiKind = Literal["phone", "email", "iban", "card", "nir", "address", "plate", "ip"]
Owner = Literal["author", "third_party", "unknown"]

KINDS: frozenset[str] = frozenset(get_args(PiiKind))
COST = Cost.PATTERNS

# The brand's page is French; numbers written without an international prefix are read as French.
_REGION = "FR"
# Other national formats are accepted only when written with phone-like grouping (see `_find_phones`).
_FALLBACK_REGIONS = ("GB", "US")
_BULLET = "•"


# --------------------------------------------------------------------------------------------------
# Public types


@dataclass(frozen=True, slots=True)
class PiiMatch:
    """One piece of personal data, with its span in the original text.

    `value` is the canonical form (E.164 phone, lower-cased e-mail, compact IBAN…); it is left out of
    `repr` so that logging a match never prints the data itself. `masked` is safe to log or show.
    """

    kind: PiiKind
    start: int
    end: int
    value: str = field(repr=False)
    masked: str
    owner: Owner = "unknown"

    @property
    def finding(self) -> Finding:
        return Finding(f"pii.{self.kind}", self.start, self.end)


@dataclass(frozen=True, slots=True)
class OwnContacts:
    """The organisation's own hotline numbers, support addresses and domains: not personal data.

    Values are canonicalised once, at policy compile time, so "09.69.32.10.10" equals "+33969321010".
    An unparsable phone number raises `ValueError` then, rather than silently never matching.
    """

    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # frozen dataclass: normalise in place once, through object.__setattr__.
        object.__setattr__(self, "phones", frozenset(_canonical_phone(p) for p in self.phones))
        object.__setattr__(self, "emails", frozenset(e.strip().lower() for e in self.emails))
        object.__setattr__(
            self,
            "domains",
            frozenset(d.strip().lower().lstrip("@").removeprefix("www.") for d in self.domains),
        )

    def owns_email(self, email: str) -> bool:
        """A declared address, or a role address on a declared domain ("presse@…"). A named employee's
        professional address ("sophie.bernard@…") is that person's data (corpus README)."""
        domain = email.rpartition("@")[2]
        owned = any(domain == d or domain.endswith("." + d) for d in self.domains)
        return email in self.emails or (owned and _role_address(email))


def _canonical_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, _REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {raw!r}") from exc
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --------------------------------------------------------------------------------------------------
# Text helpers

# Unicode spaces (NBSP before "!" in French, thin spaces…) become " ", so that RE2's ASCII `\s` and
# every pattern here see them as spaces. INVARIANT: together with " \t\n\r\f", exactly the characters
# for which `str.isspace()` is true (a test checks it).
UNICODE_SPACES = (
    "\v\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_FOLD = str.maketrans(
    "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ’‘`´" + UNICODE_SPACES,
    "aaaaaaceeeeiiiinooooouuuuyyoa''''" + " " * len(UNICODE_SPACES),
)


def fold(text: str) -> str:
    """Lower-case, accent-free, plain-space copy of `text`, of the same length: offsets stay valid."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters lower-case to two ("İ"); keep those as they are to preserve offsets.
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


# Spelled-out numbers, French and English. INVARIANT: keys are folded (no accents, lower case).
_FR_WORDS: dict[str, tuple[str, int]] = {
    "zero": ("zero", 0),
    "un": ("unit", 1), "une": ("unit", 1), "deux": ("unit", 2), "trois": ("unit", 3),
    "quatre": ("unit", 4), "cinq": ("unit", 5), "six": ("unit", 6), "sept": ("unit", 7),
    "huit": ("unit", 8), "neuf": ("unit", 9),
    "dix": ("ten", 10),
    "onze": ("teen", 11), "douze": ("teen", 12), "treize": ("teen", 13), "quatorze": ("teen", 14),
    "quinze": ("teen", 15), "seize": ("teen", 16),
    "vingt": ("tens", 20), "vingts": ("tens", 20), "trente": ("tens", 30), "quarante": ("tens", 40),
    "cinquante": ("tens", 50), "soixante": ("tens", 60), "septante": ("tens", 70),
    "huitante": ("tens", 80), "octante": ("tens", 80), "nonante": ("tens", 90),
    "cent": ("hundred", 100), "cents": ("hundred", 100),
}  # fmt: skip
_EN_WORDS: dict[str, tuple[str, int]] = {
    "oh": ("zero", 0), "o": ("zero", 0),
    "one": ("unit", 1), "two": ("unit", 2), "three": ("unit", 3), "four": ("unit", 4),
    "five": ("unit", 5), "six": ("unit", 6), "seven": ("unit", 7), "eight": ("unit", 8), "nine": ("unit", 9),
    "ten": ("teen", 10), "eleven": ("teen", 11), "twelve": ("teen", 12), "thirteen": ("teen", 13),
    "fourteen": ("teen", 14), "fifteen": ("teen", 15), "sixteen": ("teen", 16),
    "seventeen": ("teen", 17), "eighteen": ("teen", 18), "nineteen": ("teen", 19),
    "twenty": ("tens", 20), "thirty": ("tens", 30), "forty": ("tens", 40), "fifty": ("tens", 50),
    "sixty": ("tens", 60), "seventy": ("tens", 70), "eighty": ("tens", 80), "ninety": ("tens", 90),
    "hundred": ("hundred", 100), "double": ("mult", 2), "triple": ("mult", 3),
}  # fmt: skip
# "six" is spelled the same in both languages, with the same meaning.
_NUMBER_WORDS: dict[str, tuple[str, int]] = {**_EN_WORDS, **_FR_WORDS}
_WORD_ALTERNATION = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

# One linear pass decides whether any detector can possibly fire: a digit (every number, address,
# plate and IP has one), an `@`, an obfuscated `[at]` / `arobase` / " at x dot ", or four number words
# in a row (a phone spelled out has at least five groups). RE2 keeps this at ~1-2 µs per message where
# the same alternation in `re` costs ~15 µs. It reads the original text, where RE2's `\s` would miss
# Unicode spaces: `_SP` lists them.
_SP = r"[\s\p{Z}\x0b\x1c-\x1f\x85]"
_PREFILTER = re2.compile(
    rf"(?i)[\p{{Nd}}@＠]|arobase|[\[({{<]{_SP}*(?:at|dot|point){_SP}*[\])}}>]"
    rf"|{_SP}at{_SP}+[\w-]+(?:\.|{_SP}+(?:dot|point){_SP})"
    rf"|\b(?:z[eé]ro|{_WORD_ALTERNATION})(?:(?:{_SP}|[,.-])+(?:et{_SP}+|and{_SP}+)?(?:z[eé]ro|{_WORD_ALTERNATION})){{3}}\b"
)

# A number right after one of these is an order / tracking / invoice / case / product identifier
# unless it is written like a phone number (grouped, or with an international prefix). "n°", "number",
# "est le", "is" may stand between ("mon numéro de commande est le 0639981245").
_ID_LINK = r"\W{0,4}(?:(?:n[°o]\.?|num(?:ero)?|number|#|:|est|c'est|is|was|etait|le|la|l'|the)\W{0,3}){0,3}"
_ID_CONTEXT = re.compile(
    r"(?:commande|cmd|colis|suivi|tracking|track|facture|invoice|dossier|ticket|ref|reference|order|"
    r"case|contrat|client|abonne|sav|article|sku|modele|model|serial|s/n|imei|siret|siren|tva|code|"
    r"transaction|reservation|booking|parcel|lot|ean|gtin|upc|isbn|barcode|code\s+barre|produit|product|promo)s?"
    rf"{_ID_LINK}$"
)
# Words that name nothing but an identifier: a number right after one is that identifier even when it
# is grouped like a phone number ("Réf. produit 02 61 91 00 11", "commande 06 39 98 12 45").
_STRICT_ID_CONTEXT = re.compile(
    r"(?:commande|cmd|colis|suivi|tracking|facture|invoice|ref|reference|order|article|sku|modele|model|"
    r"serial|s/n|imei|siret|siren|transaction|reservation|booking|parcel|lot|ean|gtin|upc|isbn|barcode|"
    rf"code\s+barre|produit|product|promo)s?{_ID_LINK}$"
)


def _after_identifier_word(folded: str, start: int, *, strict: bool = False) -> bool:
    return (_STRICT_ID_CONTEXT if strict else _ID_CONTEXT).search(folded, max(0, start - 40), start) is not None


def _digits(raw: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in raw if c.isdigit())


def _mask_digits(raw: str, keep_head: int, keep_tail: int) -> str:
    positions = [i for i, c in enumerate(raw) if c.isdigit()]
    chars = list(raw)
    for k, i in enumerate(positions):
        if keep_head <= k < len(positions) - keep_tail:
            chars[i] = _BULLET
    return "".join(chars)


class _Candidate(NamedTuple):
    kind: PiiKind
    start: int
    end: int
    value: str
    masked: str


# --------------------------------------------------------------------------------------------------
# Phones (digits)

_PHONE_RUN = re.compile(r"(?:\+|\(\+?)?\d[\d \t.\-/()]*\d\)?")
# Tabs too: libphonenumber does not take them as separators either. Zero-width characters are not
# spaces, but typed between digit pairs ("06\u200b39\u200b98…") they hide a number from a plain match.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_PLAIN_SPACES = str.maketrans(UNICODE_SPACES + ZERO_WIDTH + "\t", " " * (len(UNICODE_SPACES) + len(ZERO_WIDTH) + 1))
# "O6 12 34 56 78": a letter O typed for a zero, not preceded by a letter and followed by a digit.
_LOOKALIKE_ZERO = re.compile(r"(?<![^\W\d_])[oO](?=\d)")
_PHONE_SEPARATOR = re.compile(r"\d[^\d]+\d")
_TRUNK_ZERO = re.compile(r"(?<!\d)0")
_INTERNATIONAL_PREFIX = re.compile(r"\+|(?<!\d)00")
_DIGIT_GROUP = re.compile(r"\d+")


def _find_phones(text: str, folded: str) -> list[_Candidate]:
    # Same length as `text`: offsets found in it are offsets in the original.
    scan = _LOOKALIKE_ZERO.sub("0", text)
    found: list[_Candidate] = []
    for run in _PHONE_RUN.finditer(scan):
        # libphonenumber costs 40-80 µs a call: skip runs that cannot hold a number. A national number
        # has ten digits or more and, in France and the UK, a group opening with the trunk zero;
        # fewer digits are possible only after "+" or "00". Grouped runs may be North American.
        raw = run.group()
        digits = _digits(raw)
        international = _INTERNATIONAL_PREFIX.search(raw) is not None
        if len(digits) < (8 if international else 10):
            continue
        lo, hi = max(0, run.start() - 1), min(len(scan), run.end() + 1)
        window = scan[lo:hi]
        trunk = _TRUNK_ZERO.search(raw) is not None
        regions = ((_REGION,) if international or trunk else ()) + (
            _FALLBACK_REGIONS if not international and _PHONE_SEPARATOR.search(raw) else ()
        )
        if any(_match_window(scan, folded, window, lo, region, found) for region in regions):
            continue
        # Nothing assigned: a number in a range not (or no longer) allocated is still a phone number
        # to whoever reads it, or dials it — the ranges reserved for fiction among them.
        for region in regions:
            if _match_unassigned(scan, folded, window, lo, region, found):
                break
    return found


def _match_window(scan: str, folded: str, window: str, offset: int, region: str, out: list[_Candidate]) -> bool:
    """Run libphonenumber on one digit run (plus one character each side, which it checks)."""
    hit = False
    # Foreign national formats must also be grouped the way that country writes them ("415-555-2671",
    # "020 7946 0958"): "56123 75002" is a valid US number, and far more likely an order and a postcode.
    leniency = phonenumbers.Leniency.VALID if region == _REGION else phonenumbers.Leniency.EXACT_GROUPING
    for m in phonenumbers.PhoneNumberMatcher(window, region, leniency=leniency):
        start, end = offset + m.start, offset + m.end
        raw = scan[start:end]
        grouped = _PHONE_SEPARATOR.search(m.raw_string) is not None
        international = m.raw_string.lstrip("(").startswith(("+", "00"))
        if region != _REGION and (
            not grouped
            or "(0)" in m.raw_string
            or m.number.country_code != phonenumbers.country_code_for_region(region)
        ):
            # A bare 10-digit run is a valid US number far too often (orders, parcels): require grouping.
            # "(0)" belongs after a country code, and "011 27…" is a call from the US, not a US number.
            continue
        if not international and _after_identifier_word(folded, start, strict=grouped):
            continue
        if region == _REGION and m.number.country_code != 33 and not international:
            continue  # "(0) 0112…": a "(0)" glued to a trunk zero is not the international "00"
        groups = _DIGIT_GROUP.findall(m.raw_string)
        if len(groups) > 1 and all(len(g) == 5 for g in groups):
            continue  # "06000 06100": two postcodes, not "06 00 00 61 00"
        out.append(_phone_candidate(m.number, start, end, raw))
        hit = True
    return hit


def _match_unassigned(scan: str, folded: str, window: str, offset: int, region: str, out: list[_Candidate]) -> bool:
    """Numbers libphonenumber calls invalid only because their range is not assigned ("06 39 98 …").

    Without the assigned ranges to vouch for them, they must look like a phone number in every other
    way: the shape of the region's numbering plan (`_well_formed`), and written in the grouping the
    country uses or a finer one ("06 39 98 12 45", "+33 6 39 98 77 21", "07700 900456", "07700 900
    456"), or, in France, as one block of ten digits with the trunk zero. "ML-2026-551207" and other
    references grouped otherwise stay out.
    """
    hit = False
    for m in phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.POSSIBLE):
        number = m.number
        if phonenumbers.is_valid_number(number) or not _well_formed(number):
            continue  # a valid number was already judged by `_match_window`
        start, end = offset + m.start, offset + m.end
        international = m.raw_string.lstrip("(").startswith(("+", "00"))
        if not international and number.country_code != phonenumbers.country_code_for_region(region):
            continue
        written = _national_groups(m.raw_string, number)
        if written is None:
            continue
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        one_block = len(written) == 1 and region == _REGION and not international
        if not _refines(written, _national_groups(national, number)) and not one_block:
            continue
        if not international and _after_identifier_word(folded, start, strict=not one_block):
            continue
        groups = _DIGIT_GROUP.findall(m.raw_string)
        if len(groups) > 1 and all(len(g) == 5 for g in groups):
            continue  # "01005 20041": two postcodes, as in `_match_window`
        out.append(_phone_candidate(number, start, end, scan[start:end]))
        hit = True
    return hit


@functools.cache
def _plan(region: str) -> re.Pattern[str] | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if metadata is None or metadata.general_desc is None or not metadata.general_desc.national_number_pattern:
        return None
    return re.compile(metadata.general_desc.national_number_pattern)


def _well_formed(number: phonenumbers.PhoneNumber) -> bool:
    """Possible (right length) and shaped like the country's numbering plan (its prefixes), assigned or not."""
    if not phonenumbers.is_possible_number(number):
        return False
    plan = _plan(phonenumbers.region_code_for_country_code(number.country_code or 0))
    return plan is not None and plan.fullmatch(phonenumbers.national_significant_number(number)) is not None


def _refines(written: tuple[int, ...], national: tuple[int, ...] | None) -> bool:
    """The written groups split the country's groups further, never across them: "07700 900 123" for
    "07700 900123", "06 39 98 12 45" for itself; "0639 981 245" crosses them."""
    if national is None:
        return False
    ends = set(itertools.accumulate(written))
    return sum(written) == sum(national) and all(end in ends for end in itertools.accumulate(national))


def _national_groups(raw: str, number: phonenumbers.PhoneNumber) -> tuple[int, ...] | None:
    """Sizes of the digit groups that write the national significant number: "+33 6 39 98 77 21" and
    "06 39 98 77 21" both give (1, 2, 2, 2, 2); None when the digits do not end with that number."""
    nsn = phonenumbers.national_significant_number(number)
    groups = [len(g) for g in _DIGIT_GROUP.findall(raw)]
    if not _digits(raw).endswith(nsn):
        return None
    sizes: list[int] = []
    left = len(nsn)
    for size in reversed(groups):
        if left <= 0:
            break
        sizes.append(min(size, left))
        left -= size
    return tuple(reversed(sizes))


def _phone_candidate(number: phonenumbers.PhoneNumber, start: int, end: int, raw: str) -> _Candidate:
    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return _Candidate("phone", start, end, value, _mask_phone(raw, number))


def _mask_phone(raw: str, number: phonenumbers.PhoneNumber) -> str:
    """Keep the prefix up to the first national digit and the last two digits: `06 •• •• •• 78`."""
    nsn = phonenumbers.national_significant_number(number)
    written = _digits(raw)
    head = len(written) - len(nsn) + 1 if written.endswith(nsn) and len(written) > len(nsn) else 2
    return _mask_digits(raw, head, 2)


# --------------------------------------------------------------------------------------------------
# Phones (words): "zéro six, douze, trente-quatre…", "oh seven nine one one…"

# Four tokens in a row (number words or digit groups), one of them at least a word; the token scan
# below costs ~10 µs, this RE2 check ~1 µs.
_W = rf"(?:z[eé]ro|{_WORD_ALTERNATION})"
_T = rf"(?:{_W}|\d{{1,4}})"
_S = r"[\s,.-]+(?:et\s+|and\s+)?"
_SPELLED_HINT = re2.compile(
    rf"(?i)\b(?:{_W}(?:{_S}{_T}){{3}}|{_T}{_S}{_W}(?:{_S}{_T}){{2}}|(?:{_T}{_S}){{2}}{_W}{_S}{_T}|(?:{_T}{_S}){{3}}{_W})\b"
)
_WORD_TOKEN = re.compile(rf"(?P<plus>\+|\bplus\b)|(?P<num>\d+)|\b(?P<word>{_WORD_ALTERNATION})\b")
# What may separate the groups of one spoken number; a ";" or a line break ends it.
_WORD_GAP = re.compile(r"[ \t,:./\-–—()]*(?:\b(?:et|and)\b[ \t\-]*)?")


_HARD_GAP = re.compile(r"[,;:./()]")


class _Tok(NamedTuple):
    kind: str  # plus | digits | zero | unit | ten | teen | tens | hundred | mult
    value: int
    text: str
    start: int
    end: int
    # False after a comma or a dot: "soixante, dix-sept" is 60 then 17, never 77.
    glued: bool = True
    french: bool = False  # a word only French has: the number is not read as British or American


def _glued(toks: list[_Tok], i: int, *kinds: str) -> bool:
    return i < len(toks) and toks[i].glued and (not kinds or toks[i].kind in kinds)


def _find_spelled_phones(text: str, folded: str) -> list[_Candidate]:
    if not _SPELLED_HINT.search(folded):
        return []
    found: list[_Candidate] = []
    run: list[_Tok] = []
    for m in _WORD_TOKEN.finditer(folded):
        if m.group("plus"):
            tok = _Tok("plus", 0, m.group(), m.start(), m.end())
        elif m.group("num"):
            tok = _Tok("digits", 0, m.group(), m.start(), m.end())
        else:
            kind, value = _NUMBER_WORDS[m.group("word")]
            tok = _Tok(kind, value, m.group(), m.start(), m.end(), french=m.group("word") not in _EN_WORDS)
        if run and not _WORD_GAP.fullmatch(folded, run[-1].end, tok.start):
            found.extend(_phones_in_run(text, run))
            run = []
        if run and _HARD_GAP.search(folded, run[-1].end, tok.start):
            tok = tok._replace(glued=False)
        run.append(tok)
    found.extend(_phones_in_run(text, run))
    return found


def _phones_in_run(text: str, run: list[_Tok]) -> list[_Candidate]:
    if len(run) < 4 or all(t.kind in ("digits", "plus") for t in run):
        return []
    # The run may hold more than the number: a date or an IP before it, "un" or "merci" around it.
    # Try every start; a prefix stops growing past 16 digits, so this stays linear in the run.
    hits: list[_Candidate] = []
    for lo in range(len(run)):
        # A British or American reading needs every digit said in English words: one "six" among digit
        # groups ("56 34 six 5634") is not an American number.
        english = True
        for hi, digits, spoken in _spoken_prefixes(run, lo):
            part = run[lo:hi]
            english = english and not any(t.french or t.kind == "digits" for t in part)
            # Mostly digits with a stray number word ("00 1 six 7893 dix 12") is not a spelled number.
            groups = sum(t.kind == "digits" for t in part)
            words = sum(t.kind not in ("digits", "plus") for t in part)
            if not spoken or len(part) < 3 or words < groups or (groups and digits.startswith(("+", "00"))):
                continue  # an international prefix said in words ("zéro zéro…") is followed by words
            number = _valid_spoken_number(digits, english=english)
            if number is not None:
                hits.append(_spoken_candidate(number, run[lo].start, run[hi - 1].end))
    return _widest_disjoint(hits)


def _widest_disjoint(hits: list[_Candidate]) -> list[_Candidate]:
    """The non-overlapping readings that cover the most text (weighted interval scheduling).

    A run can hold two numbers, and a reading that straddles them ("…zéro un ; zéro six…" is a valid
    01 06… number) must not beat the two true ones just because it is the longest single reading.
    """
    hits = sorted(hits, key=lambda c: c.end)
    ends = [c.end for c in hits]
    best: list[tuple[int, list[_Candidate]]] = [(0, [])]  # best[i]: over the first i hits
    for i, hit in enumerate(hits):
        j = bisect.bisect_right(ends, hit.start, 0, i)  # hits[:j] all end before this one starts
        with_hit = (best[j][0] + hit.end - hit.start, [*best[j][1], hit])
        best.append(max(best[i], with_hit, key=lambda b: b[0]))
    return best[-1][1]


def _spoken_candidate(number: phonenumbers.PhoneNumber, start: int, end: int) -> _Candidate:
    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == _REGION
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    shown = phonenumbers.format_number(number, style)
    return _Candidate("phone", start, end, value, _mask_phone(shown, number))


def _spoken_prefixes(toks: list[_Tok], lo: int) -> Iterator[tuple[int, str, bool]]:
    """From token `lo`, after each spoken number: (end token index, digits so far, any word yet)."""
    out = ""
    spoken = False
    i = lo
    while i < len(toks) and len(out) <= 16:
        tok = toks[i]
        if tok.kind == "plus":
            if i > lo:
                return
            out, i = "+", i + 1
            continue  # "+" alone is not a number yet
        if tok.kind == "digits":
            out, i = out + tok.text, i + 1
        elif tok.kind == "zero":
            out, i, spoken = out + "0", i + 1, True
        elif tok.kind == "mult":
            if not _glued(toks, i + 1, "zero", "unit"):
                return
            out, i, spoken = out + str(toks[i + 1].value) * tok.value, i + 2, True
        else:
            value, i = _compound(toks, i)
            out, spoken = out + str(value), True
        yield i, out, spoken


def _compound(toks: list[_Tok], i: int) -> tuple[int, int]:
    """Parse one spoken number below 1000 ("quatre-vingt-dix-huit", "huit cents", "thirty four")."""
    hundreds = 0
    if toks[i].kind == "unit" and _glued(toks, i + 1, "hundred"):
        hundreds, i = toks[i].value * 100, i + 2
    elif toks[i].kind == "hundred":
        hundreds, i = 100, i + 1
    if not hundreds:
        return _below_hundred(toks, i)
    if not _glued(toks, i, "unit", "ten", "teen", "tens"):
        return hundreds, i
    rest, i = _below_hundred(toks, i)
    return hundreds + rest, i


def _below_hundred(toks: list[_Tok], i: int) -> tuple[int, int]:
    tok = toks[i]
    if tok.kind == "unit" and tok.value == 4 and _glued(toks, i + 1) and toks[i + 1].text == "vingt":
        base, i, teens_allowed = 80, i + 2, True  # quatre-vingt(-dix-huit)
    elif tok.kind == "unit" and tok.value == 4 and _glued(toks, i + 1) and toks[i + 1].text == "vingts":
        return 80, i + 2
    elif tok.kind == "tens":
        base, i, teens_allowed = tok.value, i + 1, tok.text == "soixante"  # soixante-douze = 72
    else:
        return _teen_or_unit(toks, i)
    if _glued(toks, i, "unit") or (teens_allowed and _glued(toks, i, "ten", "teen")):
        extra, i = _teen_or_unit(toks, i)
        return base + extra, i
    return base, i


def _teen_or_unit(toks: list[_Tok], i: int) -> tuple[int, int]:
    tok = toks[i]
    if tok.kind == "ten" and _glued(toks, i + 1, "unit") and toks[i + 1].value >= 7:
        return 10 + toks[i + 1].value, i + 2  # dix-sept, dix-huit, dix-neuf
    return tok.value, i + 1


def _valid_spoken_number(digits: str, *, english: bool) -> phonenumbers.PhoneNumber | None:
    """The phone number these digits make, if any. Shapes are checked first: parsing costs ~40 µs."""
    national = digits.lstrip("+")
    if len(national) < 8 or len(national) > 15 or not national.isdigit():
        return None
    if digits[0] == "0" and digits[:2] != "00" and len(digits) not in (10, 11):
        return None  # French national numbers have 10 digits, British ones 10 or 11
    attempts: list[tuple[str, str | None]]
    if digits.startswith("+"):
        attempts = [(digits, None)]
    elif digits.startswith("00"):
        attempts = [("+" + digits[2:], None)]
    elif digits.startswith("0"):
        attempts = [(digits, _REGION), (digits, "GB")] if english else [(digits, _REGION)]
    else:
        # Spelled-out, ten digits, no trunk zero: only a North American number reads like that.
        attempts = [(digits, "US")] if english and len(digits) == 10 else []
    for candidate, region in attempts:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) or _well_formed(number):
            return number  # said aloud, any number of the plan's shape is one: no grouping to check
    return None


# --------------------------------------------------------------------------------------------------
# E-mail addresses, plain and obfuscated

_PLAIN_EMAIL = re.compile(
    r"(?<![\w.+%-])(?P<local>[\w+%-]+(?:\.[\w+%-]+)*)[@＠]"
    r"(?P<domain>(?:[^\W_](?:[\w-]*[^\W_])?\.)+)(?P<tld>[^\W\d_]{2,24})(?![\w-])"
)
# Spaces only, not line breaks: an address is written on one line. (Detectors read tabs as spaces.)
_AT_OBF = r" *[\[({<] *(?:at|@|arobase) *[\])}>] *| +(?:at|arobase) +| ?[@＠] ?"
_DOT_OBF = r" *[\[({<] *(?:dot|point|\.) *[\])}>] *| +(?:dot|point) +|\."
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"  # a domain label: no "_", no "-" at either end
_OBF_EMAIL = re.compile(
    rf"(?<![\w.+%-])(?P<local>[\w+%-]+(?:(?:{_DOT_OBF})[\w+%-]+)*)(?P<at>{_AT_OBF})"
    rf"(?P<domain>{_LABEL}(?:(?:{_DOT_OBF}){_LABEL})*)(?P<dot>{_DOT_OBF})(?P<tld>[^\W\d_]{{2,24}})(?![\w-])",
    re.IGNORECASE,
)
# The obfuscated pattern is tried at every word; most messages have none of its "at" forms.
_OBF_HINT = re.compile(r"\bat\b|arobase")
_DOT_SPLIT = re.compile(_DOT_OBF, re.IGNORECASE)
_NEXT_WORD = re.compile(r"(?<![\w+%-])[\w+%-]")
# Word obfuscation (" at ", " point ") and a spaced "@" occur in prose and handles too ("et @jean.dupont"):
# then the address must end in a common TLD. Brackets ("[at]", "(point)") and "arobase" never do, so
# with one of them any TLD goes, unless the TLD itself follows a word " point " / " dot ".
_UNAMBIGUOUS_OBFUSCATION = re.compile(r"[\[({<] *(?:at|@|arobase|dot|point|\.) *[\])}>]|arobase", re.IGNORECASE)
# Word lists read better as one string; SIM905 would turn each into a one-word-per-line list.
_COMMON_TLDS = frozenset(
    "com fr net org io co uk de be ch eu info me biz ca us es it nl lu re pt email live app dev xyz online "  # noqa: SIM905
    "site pro tv fm ai".split()
)
_WEBMAIL = frozenset(
    "gmail googlemail hotmail outlook live msn yahoo ymail icloud me mac aol gmx proton protonmail orange "  # noqa: SIM905
    "wanadoo free sfr neuf laposte bbox numericable club-internet aliceadsl yandex mail".split()
)
_FILE_EXTENSIONS = frozenset("png jpg jpeg gif svg webp pdf heic mp4 mov".split())  # noqa: SIM905


def _find_emails(text: str, folded: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    if "@" not in text and "＠" not in text and not _OBF_HINT.search(folded):
        return found
    for m in _PLAIN_EMAIL.finditer(text):
        tld = m.group("tld").lower()
        if tld in _FILE_EXTENSIONS:  # "logo@2x.png"
            continue
        value = f"{m.group('local')}@{m.group('domain')}{m.group('tld')}".lower()
        found.append(_email_candidate(m.start(), m.end(), value))
    taken = [(c.start, c.end) for c in found]
    pos = 0
    while (obf := _OBF_EMAIL.search(text, pos)) is not None:
        local = ".".join(_DOT_SPLIT.split(obf.group("local"))).lower()
        domain = ".".join(_DOT_SPLIT.split(obf.group("domain"))).lower()
        overlaps = any(s < obf.end() and obf.start() < e for s, e in taken)
        if overlaps or not _plausible_obfuscated_email(obf, local, domain):
            # "reach me at emma dot clarke at gmail dot com" first reads as "me@emma.clarke": an
            # implausible reading must not swallow the address that starts inside it.
            word = _NEXT_WORD.search(text, obf.start() + 1)
            if word is None:
                break
            pos = word.start()
            continue
        found.append(_email_candidate(obf.start(), obf.end(), f"{local}@{domain}.{obf.group('tld').lower()}"))
        pos = obf.end()
    return found


def _plausible_obfuscated_email(m: re.Match[str], local: str, domain: str) -> bool:
    """Tell "jean at gmail dot com" from "looking at google dot com" and "rdv at home point de vue".

    Brackets and "arobase" are never prose: any TLD goes, unless the TLD follows a word " point ".
    A spaced "@" (also in "et @jean.dupont") or a word " point " needs a common TLD. The English word
    " at " needs more: a webmail domain, or a local part that looks like one (digits, "." or "_").
    """
    tld = m.group("tld").lower()
    word_dot = m.group("dot").strip().lower() in ("dot", "point")
    if _UNAMBIGUOUS_OBFUSCATION.search(m.group()) and not word_dot:
        return True
    if tld not in _COMMON_TLDS:
        return False
    if m.group("at").strip().lower() == "at":
        return domain.split(".")[0] in _WEBMAIL or any(c.isdigit() or c in "._" for c in local)
    return True


def _email_candidate(start: int, end: int, value: str) -> _Candidate:
    local, _, domain = value.rpartition("@")
    return _Candidate("email", start, end, value, f"{local[:1]}{_BULLET * 3}@{domain}")


# --------------------------------------------------------------------------------------------------
# IBAN, payment cards, NIR

_IBAN = re.compile(r"(?<![^\W_])[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){11,30}")


def _find_ibans(text: str, folded: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in _IBAN.finditer(text):
        positions = [m.start() + i for i, c in enumerate(m.group()) if c.isalnum()]
        compact = "".join(text[p] for p in positions).upper()
        # The pattern may run into the next word ("… 0189 merci"): shrink to the longest valid prefix
        # that ends where a group ends.
        for length in range(len(compact), 14, -1):
            end = positions[length - 1] + 1
            if end < len(text) and text[end].isalnum():
                continue
            # The mod-97 key and the country's length and format only: stdnum's national checks also
            # require a bank code it knows, and an IBAN of a bank missing from its registry (or the
            # published test numbers, "BE68 5390 0754 7034") is still someone's account to a reader.
            if std_iban.is_valid(compact[:length], check_country=False):
                found.append(_iban_candidate(m.start(), end, compact[:length]))
                break
    for m in _RIB.finditer(text):
        bank, branch, account, key = m.group("bank", "branch", "account", "key")
        grouped = m.group("s1") or m.group("s2") or m.group("s3")
        if not grouped and not _BANK_CONTEXT.search(folded, max(0, m.start() - 40), m.start()):
            continue  # 23 bare digits pass a mod-97 key once in a hundred: ask for "RIB", "compte"…
        if _rib_key(bank, branch, account.upper()) == int(key):
            rib = f"{bank}{branch}{account.upper()}{key}"
            found.append(_iban_candidate(m.start(), m.end(), "FR" + std_iban.calc_check_digits("FR00" + rib) + rib))
    return found


def _iban_candidate(start: int, end: int, value: str) -> _Candidate:
    return _Candidate("iban", start, end, value, f"{value[:4]} {_BULLET * 4} … {value[-4:]}")


# French RIB (relevé d'identité bancaire): bank 5, branch 5, account 11, key 2. Reported as its IBAN.
_RIB = re.compile(
    r"(?<![^\W_])(?P<bank>\d{5})(?P<s1>[ .\-]?)(?P<branch>\d{5})(?P<s2>[ .\-]?)"
    r"(?P<account>[0-9A-Za-z]{11})(?P<s3>[ .\-]?)(?P<key>\d{2})(?![^\W_])"
)
_BANK_CONTEXT = re.compile(r"\b(?:rib|iban|compte|virement|bancaire|banque|bank|account)\b")
# Letters in a RIB account number stand for digits, in three runs: A-I, J-R, S-Z (S starts at 2).
_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def _rib_key(bank: str, branch: str, account: str) -> int:
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account.translate(_RIB_LETTERS))) % 97


_CARD = re.compile(
    r"(?<![\w.,])(?:\d{4}(?P<s>[ \-])\d{4}(?P=s)\d{4}(?P=s)\d{1,4}(?:(?P=s)\d{1,3})?"
    r"|\d{4}(?P<a>[ \-])\d{6}(?P=a)\d{4,5}|\d{13,19})(?![\w]|[.,]\d)"
)


def _card_network_ok(d: str) -> bool:
    """Issuer prefix and length of the networks accepted in France; Luhn alone passes 1 in 10 ids."""
    n = len(d)
    if d[0] == "4":
        return n in (16, 19)  # Visa, CB co-branded (13-digit Visa is retired; EAN-13 codes are not)
    if "51" <= d[:2] <= "55" or "2221" <= d[:4] <= "2720":
        return n == 16  # Mastercard
    if d[:2] in ("34", "37"):
        return n == 15  # American Express
    if d[:2] in ("36", "38", "39") or "300" <= d[:3] <= "305":
        return n in (14, 16)  # Diners
    if "3528" <= d[:4] <= "3589" or d[:2] in ("62", "65") or d[:4] == "6011" or "644" <= d[:3] <= "649":
        return 16 <= n <= 19  # JCB, UnionPay, Discover
    if d[:2] in ("50", "56", "57", "58") or d[:4] in ("6304", "6759", "6761", "6762", "6763"):
        return 12 <= n <= 19  # Maestro
    return False


def _find_cards(text: str, folded: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in _CARD.finditer(text):
        d = _digits(m.group())
        if not (std_luhn.is_valid(d) and _card_network_ok(d)):
            continue
        if d == m.group() and _after_identifier_word(folded, m.start()):
            continue  # "commande 4970101234567893": an id that happens to pass Luhn
        masked = f"{_BULLET * 4} {_BULLET * 4} {_BULLET * 4} {d[-4:]}"
        found.append(_Candidate("card", m.start(), m.end(), d, masked))
    return found


_NIR = re.compile(
    r"(?<![^\W_])[1-478][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[ABab])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}(?![^\W_])"
)


def _find_nirs(text: str, folded: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in _NIR.finditer(text):
        compact = m.group().replace(" ", "").replace(".", "").upper()
        # stdnum checks the key; INSEE never issues months 00, 13-19 or 43-49.
        month = int(compact[3:5])
        if std_nir.is_valid(compact) and (1 <= month <= 12 or 20 <= month <= 42 or month >= 50):
            # Only the first digit (sex) is shown; the rest locates and dates a birth.
            masked = f"{compact[0]} " + " ".join(_BULLET * n for n in (2, 2, 2, 3, 3, 2))
            found.append(_Candidate("nir", m.start(), m.end(), compact, masked))
    return found


# --------------------------------------------------------------------------------------------------
# Postal addresses

_FR_STRONG_TYPES = (
    r"rue|avenue|av\.|bd|bld|boulevard|chemin|ch\.|impasse|imp\.|all[ée]e|quai|faubourg|fbg|rond-point|"
    r"r[ée]sidence|lotissement|lieu-dit|hameau|sentier|mont[ée]e|esplanade|promenade|parvis|square|chauss[ée]e"
)
# Also common nouns ("2 cours de yoga", "1 place de parking"): the street name must be capitalised.
_FR_WEAK_TYPES = r"place|pl\.|route|rte|cours|passage|voie|cit[ée]|villa"
_FR_ADDRESS = re.compile(
    rf"(?<![\w,.])\d{{1,4}}(?:\s?(?:bis|ter|quater|[a-d])\b)?,?[ \t]+"
    rf"(?P<type>{_FR_STRONG_TYPES}|(?P<weak>{_FR_WEAK_TYPES}))(?=[ \t])",
    re.IGNORECASE,
)
_EN_ADDRESS = re.compile(
    r"(?<![\w,.])\d{1,5}[A-Za-z]?[ \t]+(?P<name>(?:[^\W\d_][\w'’-]*[ \t]+){1,3}?)"
    r"(?P<type>street|st\.?|avenue|ave\.?|road|rd\.?|lane|ln\.?|drive|dr\.?|boulevard|blvd\.?|court|ct\.?|"
    r"place|way|terrace|close|crescent|square|gardens|grove|row|mews|parkway)(?![\w])",
    re.IGNORECASE,
)
_EN_LOCATIVE = re.compile(r"\b(?:at|on|is|address|addr|lives?|living)\W{0,3}$")
_NAME_TOKEN = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_POSTCODE_CITY = re.compile(
    r",?[ \t]*(?:\d{5}|\d{2} \d{3})[ \t]+[^\W\d_][\w'’-]*(?:[ \t]+cedex\b)?",
    re.IGNORECASE,
)
_NAME_PARTICLES = frozenset("de du des la le les d' l' st ste saint sainte of the".split())  # noqa: SIM905
_NAME_STOPWORDS = frozenset(
    """a au aux et ou mais donc car pour par avec sans dans sur sous chez vers depuis pendant entre qui que
    quoi dont il elle ils elles on je j tu nous vous me te se lui leur est sont c ca cest ce cette ces mon
    ma mes ton ta tes son sa ses votre vos notre nos en y ne pas plus tres allez venez va vient habite bosse
    travaille tout tous toute toutes si alors puis aussi svp stp merci and or but to in at for with he she
    they is are was go everyone his her their my near please thanks""".split()  # noqa: SIM905
)


def _is_capitalised(token: str) -> bool:
    bare = re.sub(r"^[ldLD]['’]", "", token)
    return bare[:1].isupper()


def _find_addresses(text: str, folded: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in _FR_ADDRESS.finditer(text):
        end = _street_name_end(text, m.end(), capitalised=m.group("weak") is not None)
        if end is None:
            continue
        tail = _POSTCODE_CITY.match(text, end)
        end = tail.end() if tail else end
        found.append(_address_candidate(text, m.start(), end, m.group("type")))
    for m in _EN_ADDRESS.finditer(text):
        words = m.group("name").split()
        if any(fold(w) in _NAME_STOPWORDS for w in words):
            continue
        if not all(w[:1].isupper() for w in words) and not _EN_LOCATIVE.search(folded, 0, m.start()):
            continue  # "2 new road bikes": lower-case names only after "at" / "lives at" / "address"
        found.append(_address_candidate(text, m.start(), m.end(), m.group("type")))
    return found


def _street_name_end(text: str, pos: int, *, capitalised: bool) -> int | None:
    """End of the street name after the street type, or None when no name follows."""
    end: int | None = None
    content = 0
    for _ in range(6):
        m = _NAME_TOKEN.match(text, pos)
        if m is None:
            break
        word = fold(m.group(1))
        if word in _NAME_STOPWORDS:
            break
        if word not in _NAME_PARTICLES:
            if capitalised and content == 0 and not _is_capitalised(m.group(1)):
                return None
            content += 1
            end = m.end()
        pos = m.end()
    return end if content else None


def _address_candidate(text: str, start: int, end: int, street_type: str) -> _Candidate:
    value = " ".join(text[start:end].split()).lower()
    return _Candidate("address", start, end, value, f"{_BULLET * 2} {street_type.lower()} {_BULLET * 3}")


# --------------------------------------------------------------------------------------------------
# French licence plates, IPv4

_SIV_LETTERS = "A-HJ-NP-TV-Z"  # the SIV series never uses I, O or U
_SIV = re.compile(rf"(?<![\w-])([{_SIV_LETTERS}]{{2}})([- ]?)(\d{{3}})\2([{_SIV_LETTERS}]{{2}})(?![\w-])")
_SIV_LOWER = re.compile(r"(?<![\w-])([a-hj-np-tv-z]{2})-(\d{3})-([a-hj-np-tv-z]{2})(?![\w-])")
# Old FNI plates: "1234 AB 75". Letters exclude I and O (never issued), which also rules out "12 PRO 15".
# Written with spaces or dashes, as on the plate: glued ("2AFR76") it is any code.
_FNI = re.compile(r"(?<![\w-])([1-9]\d{0,3})([- ])([A-HJ-NP-Z]{2,3})\2(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])(?![\w-])")
_FNI_NOT_LETTERS = frozenset(
    "ML CM MM KM KG MG GB MB TB KB HD TV PC CV HT TTC EUR USD GHZ MHZ KW HP DVD USB LED LCD SSD RAM MAX "  # noqa: SIM905
    "CD BD GT RS SE XL XXL PM AM MN SEC MIN JJ JR".split()
)
_PRODUCT_CONTEXT = re.compile(r"(?:ref|reference|sku|modele|model|article|code|promo|serie)\W{0,4}$")
# British plates since 2001: area (two letters, no I/Q/Z first), age identifier (the year, or the year
# + 50 from September: 02-29 and 51-79 until 2030), three letters without I or Q. Capitals only:
# "ab12 cde" in lower case is as likely a reference.
_UK_PLATE = re.compile(
    r"(?<![\w-])([A-HJ-PR-Y][A-HJ-PR-Z])((?:0[2-9]|[12]\d|5[1-9]|[67]\d)) ?([A-HJ-PR-Z]{3})(?![\w-])"
)


def _find_plates(text: str, folded: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in [*_SIV.finditer(text), *_SIV_LOWER.finditer(text)]:
        groups = m.groups()
        left, digits, right = groups[0], groups[-2], groups[-1]
        if digits == "000" or left.upper() == "SS" or right.upper() == "SS":
            continue
        if _PRODUCT_CONTEXT.search(folded, max(0, m.start() - 20), m.start()):
            continue
        value = f"{left}{digits}{right}".upper()
        found.append(_Candidate("plate", m.start(), m.end(), value, f"{left.upper()}-{_BULLET * 3}-{right.upper()}"))
    for m in _FNI.finditer(text):
        number, _, letters, dept = m.groups()
        if letters in _FNI_NOT_LETTERS or _PRODUCT_CONTEXT.search(folded, max(0, m.start() - 20), m.start()):
            continue
        masked = f"{_BULLET * len(number)} {letters} {dept}"
        found.append(_Candidate("plate", m.start(), m.end(), f"{number}{letters}{dept}", masked))
    for m in _UK_PLATE.finditer(text):
        if _PRODUCT_CONTEXT.search(folded, max(0, m.start() - 20), m.start()):
            continue
        area, age, letters = m.groups()
        found.append(
            _Candidate("plate", m.start(), m.end(), f"{area}{age}{letters}", f"{area}{_BULLET * 2} {_BULLET * 3}")
        )
    return found


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)")


_VERSION_CONTEXT = re.compile(r"(?:version|ver|v|build|firmware|maj|update|release|patch)\W{0,3}$")


# IPv6 candidates: hex groups and colons; `ipaddress` decides ("14:30:00" and MAC addresses fail).
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")


def _find_ips(text: str, folded: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    if ":" in text:
        for m in _IPV6.finditer(text):
            try:
                address = ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            if address.is_global:
                head = ":".join(group.lstrip("0") or "0" for group in address.exploded.split(":")[:2])
                found.append(_Candidate("ip", m.start(), m.end(), address.compressed, f"{head}:{_BULLET * 3}"))
    for m in _IPV4.finditer(text):
        if _VERSION_CONTEXT.search(folded, max(0, m.start() - 12), m.start()):
            continue
        # Private, loopback, documentation and reserved ranges identify no one on the internet.
        if ipaddress.IPv4Address(m.group()).is_global:
            a, b, _, _ = m.group().split(".")
            found.append(_Candidate("ip", m.start(), m.end(), m.group(), f"{a}.{b}.{_BULLET * 3}.{_BULLET * 3}"))
    return found


# --------------------------------------------------------------------------------------------------
# Whose data is it?

_NOUNS_FR = (
    r"(?:num(?:ero)?s?(?:\s+de\s+(?:telephone|tel|portable|fixe|mobile|secu))?|n°|tel|telephone|portable|"
    r"phone|mobile|06|07|fixe|mail|e-?mail|adresse(?:\s+(?:e-?)?mail)?|courriel|iban|rib|"
    r"carte(?:\s+bancaire|\s+bleue)?|cb|coordonnees|secu|plaque|immat(?:riculation)?|ip|domicile|"
    r"voiture|bagnole|vehicule)"
)
_NOUNS_EN = (
    r"(?:number|phone(?:\s+number)?|cell|mobile|e-?mail(?:\s+address)?|address|home\s+address|iban|"
    r"card(?:\s+number)?|bank\s+details|details|plate|license\s+plate|licence\s+plate|number\s+plate|"
    r"reg(?:istration)?(?:\s+plate)?|car|ip)"
)
# Words after "le numéro de …" that name a kind of number or a business, not a person.
_NOT_A_PERSON = (
    r"(?:telephone|tel|portable|mobile|fixe|commande|suivi|colis|dossier|ticket|contrat|compte|carte|"
    r"client|service|sav|support|hotline|standard|magasin|boutique|agence|siege|societe|entreprise|"
    r"marque|livraison|facturation|serie|lot|secu|securite|rue|la\s+boutique|la\s+marque|la\s+societe|"
    r"l'entreprise|l'agence|la\s+hotline)"
)
_AUTHOR_CUES = re.compile(
    rf"\b(?:mon|mes|ma)\s+{_NOUNS_FR}\b"
    r"|\b(?:appelez|rappelez|contactez|joignez|ecrivez|envoyez|textez|bipez)[\s-]*(?:moi|nous)\b"
    r"|\b(?:me|m')\s*(?:joindre|contacter|rappeler|appeler|ecrire|envoyer|texter)\b"
    r"|\b(?:je\s+suis|suis)\s+joignable\b|\bj'habite\b|\bje\s+(?:vis|reside|loge)\b|\bmoi\s+c'est\b"
    rf"|\bmy\s+{_NOUNS_EN}\b"
    r"|\b(?:call|text|ring|reach|email|e-mail|contact|message|dm|phone)\s+(?:me|us)\b"
    r"|\bi\s+live\s+(?:at|on|in)\b|\bi'?m\s+(?:reachable|at|on)\b|\bje\s+suis\s+(?:au|a)\b"
    # the author paid with it ("j'ai payé avec la carte …"), or gives it to be refunded on it
    r"|\b(?:j'ai|je\s+l'ai|on\s+a|i|i've|we)\s+(?:paye|regle|paid|used|utilise)\b"
    r"|\b(?:pour|for)\s+(?:le|mon|the|my|a)\s+(?:remboursement|refund|reimbursement)\b"
    r"|\b(?:pour|to)\s+(?:me\s+rembourser|refund\s+me)\b"
)
_THIRD_PARTY_CUES = re.compile(
    rf"\b(?:son|sa|ses|leur|leurs|ton|ta|tes)\s+{_NOUNS_FR}\b"
    rf"|\b(?:le|la|les|l')\s*{_NOUNS_FR}\s+(?:perso\w*\s+)?(?:de|du|d')\s*(?!{_NOT_A_PERSON}\b)[a-z]"
    r"|\b(?:il|elle|ils|elles)\s+(?:habitent|habite|vivent|vit|logent|loge|reside|est\s+joignable|bosse|"
    r"travaille)\b"
    r"|\b(?:appelez|rappelez|contactez|ecrivez|harcelez|spammez)-(?:le|la|les|lui|leur)\b"
    r"|\b(?:appelez|ecrivez|envoyez)\s+(?:lui|leur)\b"
    rf"|\b(?:his|her|their)\s+{_NOUNS_EN}\b"
    r"|\b(?:he|she|they)\s+(?:lives?|works?|stays?|is\s+at)\b"
    r"|\b(?:call|text|email|contact|visit|harass|ring)\s+(?:him|her|them)\b"
    rf"|\b(?:the\s+)?{_NOUNS_EN}\s+of\s+(?!(?:the\s+|my\s+|your\s+)?(?:store|shop|company|brand|support|customer|"
    r"office|hotline|service|order|parcel|package|invoice|ticket|account|times?|days?)\b)[a-z]"
    rf"|\b[a-z]+'s\s+{_NOUNS_EN}\b"
)
# A business: its switchboard, address or service e-mail is not an individual's data (LEGAL.md §1.4),
# unless the number is a mobile ("le livreur du magasin : 06…" may well be his own phone).
_BUSINESS_CUES = re.compile(
    r"\b(?:magasin|boutique|agence|standard|accueil|service\s+client|sav|hotline|siege|entrepot|depot|"
    r"showroom|enseigne|societe|entreprise|mairie|banque|transporteur|restaurant|hotel|cabinet|"
    r"store|shop|branch|office|warehouse|switchboard|helpline|customer\s+service|head\s+office|company|"
    r"firm|bank)(?:'s|s)?\b"
)
_Owned = Literal["author", "third_party", "unknown", "organisation"]
_CUE_PATTERNS: tuple[tuple[re.Pattern[str], _Owned], ...] = (
    (_AUTHOR_CUES, "author"),
    (_THIRD_PARTY_CUES, "third_party"),
    (_BUSINESS_CUES, "organisation"),
)
_SENTENCE_END = re.compile(r"[!?\n]|\.(?=\s)")
_CUE_LOOKBACK = 80
_CUE_LOOKAHEAD = 40


def _owner(folded: str, start: int, end: int) -> _Owned:
    """The cue nearest to the data, in the same sentence, decides (before the data first)."""
    lo = max(0, start - _CUE_LOOKBACK)
    for boundary in _SENTENCE_END.finditer(folded, lo, start):
        lo = boundary.end()
    best: tuple[int, _Owned] | None = None
    for pattern, owner in _CUE_PATTERNS:
        for cue in pattern.finditer(folded, lo, start):
            if best is None or cue.end() > best[0]:
                best = (cue.end(), owner)
    if best is not None:
        return best[1]
    hi = min(len(folded), end + _CUE_LOOKAHEAD)
    sentence_end = _SENTENCE_END.search(folded, end, hi)
    hi = sentence_end.start() if sentence_end else hi
    after: tuple[int, _Owned] | None = None
    for pattern, owner in _CUE_PATTERNS:
        found = pattern.search(folded, end, hi)
        if found is not None and (after is None or found.start() < after[0]):
            after = (found.start(), owner)
    return after[1] if after is not None else "unknown"


# --------------------------------------------------------------------------------------------------
# Entry points

_Detector = Callable[[str, str], list[_Candidate]]
# INVARIANT: ordered by precedence; on overlap the earlier kind wins (a phone inside an e-mail or an
# IBAN is part of it; a NIR that also passes Luhn is a NIR; a valid IPv4 address is never a phone
# number: four groups, no leading zero).
_DETECTORS: tuple[tuple[PiiKind, tuple[_Detector, ...]], ...] = (
    ("email", (_find_emails,)),
    ("iban", (_find_ibans,)),
    ("nir", (_find_nirs,)),
    ("card", (_find_cards,)),
    ("ip", (_find_ips,)),
    ("phone", (_find_phones, _find_spelled_phones)),
    ("plate", (_find_plates,)),
    ("address", (_find_addresses,)),
)


_ANY_DIGIT = re.compile(r"\d")
# The fewest digits (`\d`, as the detectors' patterns read them) a detector needs to find anything:
# an IBAN "FR76…" two, a RIB twelve, a card or a NIR thirteen or more, a phone number eight once its
# look-alike zeros are read (an "O" counts only before a digit, so four are typed), a plate two, an
# address one. Most messages have a date or a price at the most.
_MIN_DIGITS: dict[_Detector, int] = {
    _find_ibans: 2,
    _find_nirs: 13,
    _find_cards: 13,
    _find_phones: 4,
    _find_plates: 2,
    _find_addresses: 1,
}


def _may_find(detect: _Detector, text: str, digits: int) -> bool:
    """False when `text`, with `digits` digits, cannot hold what `detect` looks for."""
    if detect is _find_ips:
        return digits >= 4 or ":" in text  # an IPv4 address has four numbers; an IPv6 one, colons
    return digits >= _MIN_DIGITS.get(detect, 0)


def find_pii(
    text: str, *, kinds: frozenset[str] | None = None, own: OwnContacts = OwnContacts()
) -> tuple[PiiMatch, ...]:
    """Personal data in `text`, sorted by position, with non-overlapping spans of the original text.

    `kinds` restricts the search to those detectors (any of `KINDS`); `own` lists the organisation's
    own contacts, which are never reported.
    """
    if kinds is not None and not kinds <= KINDS:
        unknown = ", ".join(sorted(kinds - KINDS))
        raise ValueError(f"unknown personal-data kind(s): {unknown}; expected any of {', '.join(sorted(KINDS))}")
    if not _PREFILTER.search(text):
        return ()
    # Detectors read a copy with plain spaces (a narrow no-break space between digit pairs is French
    # typography, and libphonenumber does not take it as a separator); same length, same offsets.
    plain = text.translate(_PLAIN_SPACES)
    folded = fold(text)
    digits = len(_ANY_DIGIT.findall(plain))
    kept: list[_Candidate] = []
    for kind, detectors in _DETECTORS:
        if kinds is not None and kind not in kinds:
            continue
        candidates = [c for detect in detectors if _may_find(detect, plain, digits) for c in detect(plain, folded)]
        # Longest first within a kind, so "06 12 34 56 78" spelled half in words keeps the whole span.
        for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
            if any(cand.start < k.end and k.start < cand.end for k in kept):
                continue
            if kind == "phone" and cand.value in own.phones:
                continue
            if kind == "email" and (own.owns_email(cand.value) or _role_address(cand.value)):
                continue
            kept.append(cand)
    kept.sort(key=lambda c: c.start)
    found: list[PiiMatch] = []
    for c in kept:
        owner = _owner(folded, c.start, c.end)
        if owner == "organisation":
            if c.kind == "address" or (c.kind == "phone" and not _mobile(c.value)):
                continue  # "le magasin de Rennes au 02 99 65 12 34", "la boutique est au 12 rue…"
            owner = "unknown"
        found.append(PiiMatch(c.kind, c.start, c.end, c.value, c.masked, owner))
    return tuple(found)


# Mobile ranges of the plans numbers are read in: the ones that are not assigned are typed as nothing.
_MOBILE_LEADS = {33: ("6", "7"), 44: ("7",)}


def _mobile(e164: str) -> bool:
    number = phonenumbers.parse(e164)
    kind = phonenumbers.number_type(number)
    if kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return True
    leads = _MOBILE_LEADS.get(number.country_code or 0, ())
    return kind == phonenumbers.PhoneNumberType.UNKNOWN and phonenumbers.national_significant_number(number).startswith(
        leads
    )


# Local parts of a function, not of a person: "contact@", "sav@", "service.client@" (LEGAL.md §1.4:
# a company's support address is not personal data). Separators are ignored: "service-client".
_ROLE_LOCALS = frozenset(
    """contact contacts info infos information hello bonjour support sav service services serviceclient
    serviceclients serviceclientele clients client customer customers customerservice customercare care help
    aide commande commandes order orders returns retours retour noreply donotreply nepasrepondre admin billing
    facturation compta comptabilite rh hr recrutement jobs careers presse press media marketing ventes sales
    team equipe webmaster postmaster privacy dpo rgpd gdpr legal juridique reclamation reclamations
    complaints partenariats partners boutique shop store magasin accueil reservation reservations""".split()  # noqa: SIM905
)


def _role_address(email: str) -> bool:
    local, _, domain = email.rpartition("@")
    role = re.sub(r"[._+-]", "", local) in _ROLE_LOCALS
    return role and domain.split(".")[0] not in _WEBMAIL  # "sav@gmail.com" is someone's mailbox


def mask_text(text: str, matches: Iterable[PiiMatch]) -> str:
    """`text` with every match replaced by its masked form (overlapping matches are masked together)."""
    ordered = sorted(matches, key=lambda m: (m.start, -m.end))
    pieces: list[str] = []
    cursor = 0
    region_end = -1
    for m in ordered:
        if not 0 <= m.start <= m.end <= len(text):
            raise ValueError(f"match span {m.start}..{m.end} is outside the text (length {len(text)})")
        if m.start < region_end:
            # Overlap: the region already replaced may not cover this one entirely; widen it.
            if m.end > region_end:
                pieces.append(_BULLET * 3)
                region_end = m.end
                cursor = m.end
            continue
        pieces.append(text[cursor : m.start])
        pieces.append(m.masked)
        cursor = region_end = m.end
    pieces.append(text[cursor:])
    return "".join(pieces)
