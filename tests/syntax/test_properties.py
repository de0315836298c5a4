"""Property tests of the parser: whatever the input, it answers with a module and diagnostics."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy import check_text
from policy.source import Source
from policy.syntax import keywords, parse

PIECES = [
    *sorted(keywords()),
    '"texte"',
    '"',
    "[",
    "]",
    "(",
    ")",
    ",",
    "=",
    "==",
    ">=",
    "->",
    "/re/",
    "/",
    "12",
    "4h",
    "09:00-19:00",
    "mon-fri",
    "x",
    "author.followers",
    "insults",
    "#c",
    "\n",
    " ",
    "\t",
    "é",
    "\\",
    "{",
    "}",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_only_ever_yields_diagnostics(text: str) -> None:
    result = parse(Source("fuzz.roe", text))
    for d in result.diagnostics:
        assert d.code.startswith("ROE1")
        assert 0 <= d.span.start <= d.span.end <= len(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join))
def test_token_soup_only_ever_yields_diagnostics(text: str) -> None:
    checked = check_text(text)  # the whole front end: parse, load, check
    for d in checked.diagnostics:
        assert d.code.startswith(("ROE1", "ROE2"))
        assert (d.message and d.message[0].islower()) or d.message[0] == "`"
        d.render()
