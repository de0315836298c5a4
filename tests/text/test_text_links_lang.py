"""Links and language guesses: case tables (data/links.yaml, data/lang.yaml) and link invariants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.text.lang import guess_language
from policy.text.links import canonical_domain, domain_matches, find_links

DATA = Path(__file__).parent / "data"
LINKS: list[dict[str, Any]] = yaml.safe_load((DATA / "links.yaml").read_text(encoding="utf-8"))
LANGS: list[dict[str, Any]] = yaml.safe_load((DATA / "lang.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", LINKS, ids=[c["why"] for c in LINKS])
def test_links(case: dict[str, Any]) -> None:
    found = find_links(case["text"])
    assert [{"url": link.url, "domain": link.domain} for link in found] == case["links"]
    for link in found:
        assert case["text"][link.start : link.end] == link.url


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab.-/:@ 12wh tpsxn-é"), max_size=50))
def test_links_are_ordered_spans_of_the_text(text: str) -> None:
    previous_end = 0
    for link in find_links(text):
        assert previous_end <= link.start < link.end <= len(text)
        assert text[link.start : link.end] == link.url
        assert link.domain == link.domain.lower()
        assert not link.domain.startswith("www.")
        previous_end = link.end


@pytest.mark.parametrize(
    ("domain", "pattern", "expected"),
    [
        ("facebook.com", "facebook.com", True),
        ("m.facebook.com", "facebook.com", True),
        ("www.facebook.com", "facebook.com", True),
        ("facebook.com", "www.facebook.com", True),
        ("FACEBOOK.COM.", "facebook.com", True),
        ("notfacebook.com", "facebook.com", False),
        ("facebook.com.evil.io", "facebook.com", False),
        ("facebook.com", "m.facebook.com", False),
        ("xn--caf-dma.fr", "café.fr", True),
        ("anything.com", "", False),
    ],
)
def test_domain_matches(domain: str, pattern: str, expected: bool) -> None:
    assert domain_matches(domain, pattern) is expected


def test_canonical_domain_keeps_invalid_punycode() -> None:
    assert canonical_domain("xn--zz.fr") == "xn--zz.fr"


@pytest.mark.parametrize("case", LANGS, ids=[c["text"] or "empty" for c in LANGS])
def test_language(case: dict[str, Any]) -> None:
    assert guess_language(case["text"]) == case["lang"]
