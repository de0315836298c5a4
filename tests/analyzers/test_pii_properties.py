"""Property tests for personal-data detection: spans, masking and canonical forms hold for any input."""

from __future__ import annotations

import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.fr import nir

from policy.analyzers.pii import KINDS, find_pii, fold, mask_text

# No deadline: libphonenumber is pure Python and speed is measured by a script, never asserted here.
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Benign words around the data: none is a number word, a street type, an owner or business cue, or a
# word that names an identifier ("produit", "store" are: a number after them is theirs).
_FILLER_WORDS = "bonjour merci livraison super sympa nul vraiment colère svp ptdr 😡 😍 !! ? , hello thanks"
_FILLER_WORDS += " great awful lovely staff lol 🙏 ..."
FILLER = st.lists(st.sampled_from(_FILLER_WORDS.split()), max_size=6).map(" ".join)


@PROPERTY
@given(st.text(max_size=200))
def test_spans_are_inside_the_text_and_do_not_overlap(text: str) -> None:
    matches = find_pii(text)
    previous_end = 0
    for m in matches:
        assert previous_end <= m.start < m.end <= len(text)
        assert m.kind in KINDS and m.owner in ("author", "third_party", "unknown")
        assert m.finding.label == f"pii.{m.kind}" and (m.finding.start, m.finding.end) == (m.start, m.end)
        previous_end = m.end


@PROPERTY
@given(st.text(max_size=200))
def test_fold_keeps_offsets(text: str) -> None:
    assert len(fold(text)) == len(text)


# ---------------------------------------------------------------------------------------------------
# Generated personal data, each rendered in the ways people write it


def french_mobiles() -> st.SearchStrategy[str]:
    """Valid French mobile numbers, national significant part only ("612345678")."""
    return st.builds(
        lambda first, rest: first + rest,
        st.sampled_from("67"),
        st.text("0123456789", min_size=8, max_size=8),
    ).filter(lambda nsn: phonenumbers.is_valid_number(phonenumbers.parse("0" + nsn, "FR")))


FR_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
FR_TEENS = [
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def french_pair(n: int) -> str:
    """How a French speaker says a two-digit group (0-99)."""
    if n < 10:
        return f"zéro {FR_UNITS[n]}"
    if n < 20:
        return FR_TEENS[n - 10]
    if n < 70:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return FR_TENS[tens]
        return f"{FR_TENS[tens]} et un" if unit == 1 else f"{FR_TENS[tens]}-{FR_UNITS[unit]}"
    if n < 80:
        return "soixante et onze" if n == 71 else f"soixante-{FR_TEENS[n - 70]}"
    return "quatre-vingts" if n == 80 else f"quatre-vingt-{(FR_UNITS[1:] + FR_TEENS)[n - 81]}"


def phone_renderings(nsn: str) -> list[str]:
    national = "0" + nsn
    pairs = [national[i : i + 2] for i in range(0, 10, 2)]
    return [
        national,
        " ".join(pairs),
        ".".join(pairs),
        "-".join(pairs),
        f"+33 {nsn[0]} " + " ".join(pairs[1:]),
        f"+33{nsn}",
        f"0033 {nsn[0]} " + " ".join(pairs[1:]),
        f"+33 (0){nsn[0]} " + " ".join(pairs[1:]),
        ", ".join(french_pair(int(p)) for p in pairs),
        " ".join(FR_UNITS[int(d)] for d in national),
    ]


@PROPERTY
@given(french_mobiles(), FILLER, FILLER)
def test_phone_canonical_form_is_stable_under_reformatting(nsn: str, before: str, after: str) -> None:
    for rendering in phone_renderings(nsn):
        text = f"{before} {rendering} {after}"
        found = find_pii(text)
        assert [(m.kind, m.value) for m in found] == [("phone", f"+33{nsn}")], rendering
        assert text[found[0].start : found[0].end] == rendering


@st.composite
def visa_cards(draw: st.DrawFn) -> str:
    body = "4" + draw(st.text("0123456789", min_size=14, max_size=14))
    return body + luhn.calc_check_digit(body)


@PROPERTY
@given(visa_cards(), st.sampled_from(["", " ", "-"]), FILLER)
def test_card_canonical_form_is_stable_under_reformatting(card: str, sep: str, before: str) -> None:
    rendering = sep.join(card[i : i + 4] for i in range(0, 16, 4))
    found = find_pii(f"{before} {rendering}")
    assert [(m.kind, m.value) for m in found] == [("card", card)]


@st.composite
def nirs(draw: st.DrawFn) -> str:
    sex = draw(st.sampled_from("12"))
    year = draw(st.integers(0, 99))
    month = draw(st.integers(1, 12))
    dept = draw(st.sampled_from(["75", "69", "13", "2A", "2B", "59", "33"]))
    rest = draw(st.text("0123456789", min_size=6, max_size=6))
    body = f"{sex}{year:02d}{month:02d}{dept}{rest}"
    return body + nir.calc_check_digits(body)


@PROPERTY
@given(nirs(), st.booleans(), FILLER)
def test_nir_canonical_form_is_stable_under_reformatting(number: str, spaced: bool, before: str) -> None:
    parts = (number[0], number[1:3], number[3:5], number[5:7], number[7:10], number[10:13], number[13:])
    rendering = " ".join(parts) if spaced else number
    found = find_pii(f"{before} {rendering.lower()}")
    assert [(m.kind, m.value) for m in found] == [("nir", number)]


IBANS = [
    "FR7630006000011234567890189",
    "GB82WEST12345698765432",
    "DE89370400440532013000",
    "BE71096123456769",
    "NL91ABNA0417164300",
    "IT60X0542811101000000123456",
]


@PROPERTY
@given(st.sampled_from(IBANS), st.sampled_from(["", " ", "-"]), st.booleans(), FILLER)
def test_iban_canonical_form_is_stable_under_reformatting(iban: str, sep: str, lower: bool, after: str) -> None:
    rendering = sep.join(iban[i : i + 4] for i in range(0, len(iban), 4))
    found = find_pii(f"IBAN {rendering.lower() if lower else rendering} {after}")
    assert [(m.kind, m.value) for m in found] == [("iban", iban)]


LOCAL_PARTS = st.from_regex(r"[a-z][a-z0-9]{0,8}(?:[._-][a-z0-9]{1,8}){0,2}", fullmatch=True)
DOMAINS = st.sampled_from(["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "yahoo.co.uk"])
AT_FORMS = st.sampled_from(["@", " [at] ", "(at)", " at ", " arobase ", " @ "])
DOT_FORMS = st.sampled_from([".", " [dot] ", "(point)", " point ", " dot "])


@PROPERTY
@given(LOCAL_PARTS, DOMAINS, AT_FORMS, DOT_FORMS, st.booleans(), FILLER)
def test_email_canonical_form_is_stable_under_obfuscation(
    local: str, domain: str, at: str, dot: str, upper: bool, before: str
) -> None:
    written = local + at + domain.replace(".", dot)
    if upper:
        written = written.upper()
    found = find_pii(f"{before} {written} merci")
    assert [(m.kind, m.value) for m in found] == [("email", f"{local}@{domain}")]


# ---------------------------------------------------------------------------------------------------
# Masking never echoes the data

OTHER_DATA = [
    "82.64.12.34",
    "2a01:cb00::1",
    "AB-123-CD",
    "12 rue de la Paix, 75002 Paris",
    "221B Baker Street",
    "RIB 20041 01005 0500013M026 06",
]
DATA = st.one_of(
    french_mobiles().flatmap(lambda nsn: st.sampled_from(phone_renderings(nsn))),
    visa_cards(),
    nirs(),
    st.sampled_from(IBANS),
    st.builds(lambda local, domain: f"{local}@{domain}", LOCAL_PARTS, DOMAINS),
    st.sampled_from(OTHER_DATA),
)


@PROPERTY
@given(st.lists(DATA, min_size=1, max_size=3), FILLER)
def test_mask_text_never_contains_the_full_value(items: list[str], filler: str) -> None:
    text = f" {filler} ; ".join(items)
    matches = find_pii(text)
    assert len(matches) == len(items)
    masked = mask_text(text, matches)
    for m in matches:
        assert m.value.lower() not in masked.lower()
        assert text[m.start : m.end] not in masked
        # and the digits of the value do not survive as one run either
        digits = "".join(c for c in m.value if c.isdigit())
        if len(digits) >= 6:
            assert digits not in "".join(c for c in m.masked if c.isdigit())


@PROPERTY
@given(DATA, st.sampled_from(["\u00a0", "\u202f", "\u2009", "\t", "\u3000"]))
def test_unicode_spaces_do_not_change_what_is_found(item: str, space: str) -> None:
    plain = find_pii(f"voilà : {item} merci")
    spaced = find_pii(f"voilà : {item.replace(' ', space)} merci")
    assert [(m.kind, m.start, m.end, m.value) for m in spaced] == [(m.kind, m.start, m.end, m.value) for m in plain]
    assert len(plain) == 1
