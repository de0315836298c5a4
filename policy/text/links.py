"""Link detection: the text-layer analysis behind `has link` and domain conditions.

Finds http(s) URLs, `www.` forms and bare domains (`bit.ly/xyz`, `arnaque-promo.fr`) in the
*original* text, so that spans can be shown as evidence. A bare domain needs a real top-level domain
(from the table below), which keeps "M.Dupont", "etc." and "12.50" out; e-mail addresses are not
links. TLDs that are also everyday words ("de", "me", "it", "zip"…) count only with a path
("t.me/canal") or a scheme, so a missing space after a full stop ("merci.de rien") is not a link, and
neither is "fini.Je" (a capital after the dot is a new sentence).

Messages without a dot or "://" are rejected by a substring test before any regular expression runs.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Final

__all__ = ["Link", "canonical_domain", "domain_matches", "find_links"]


@dataclass(frozen=True, slots=True)
class Link:
    """A link as written (`url` is `text[start:end]`) and its canonical domain."""

    start: int
    end: int
    url: str
    domain: str  # lowercase, without "www.", IDNA-decoded ("xn--caf-dma.fr" → "café.fr")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Two-letter country codes (ISO 3166 / IANA root zone) and the generic TLDs seen in links.
_COUNTRY: Final = _words(
    """ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt
    bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es
    et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu
    id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt
    lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no
    np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si
    sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us
    uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"""
)
_GENERIC: Final = _words(
    """com net org info biz edu gov mil int name pro mobi asia tel travel app dev page io ai xyz top
    site online shop store club live link click win vip icu buzz fun space website tech blog news
    media cloud digital email social finance money bank cash loan credit casino bet games game
    market deals sale promo gift gratis free cam porn sex xxx adult dating lol wtf zip mov paris bzh
    alsace corsica bio eco"""
)
_TLDS: Final = _COUNTRY | _GENERIC
# Also everyday French or English words: a bare domain ending so needs a path to count.
_WORDY: Final = _words(
    """de et il ne es la me ma se sa re to in is it at be am an as by no so us my do ca ci je si su va
    mu pe tu fin bio eco fun win sale free bet game games cash news live page zip mov lol"""
)

_GATE: Final = re.compile(r"[^\W_]\.[^\W\d_]|://")
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_CANDIDATE: Final = re.compile(
    r"(?<![\w@.\-])"
    r"(?P<scheme>https?://(?:[^\s/?#@]+@)?)?"
    rf"(?P<host>(?:{_LABEL}\.)+{_LABEL})"
    r"(?![\w.\-]*@)"  # the part before the @ of an e-mail address
    r"(?P<port>:\d{1,5})?"
    r"(?P<path>[/?#][^\s<>\"«»]*)?",
    re.IGNORECASE,
)
_TRAILING: Final = ".,;:!?…'\"’»)]}"


def find_links(text: str) -> tuple[Link, ...]:
    """Every link in `text`, in order of appearance."""
    if ("." not in text and "://" not in text) or not _GATE.search(text):
        return ()
    links: list[Link] = []
    for match in _CANDIDATE.finditer(text):
        host = match["host"]
        tld = host.rsplit(".", 1)[1]
        has_path = bool(match["path"])
        if match["scheme"]:
            pass
        elif host.lower().startswith("www."):
            if not tld.isalpha():
                continue
        elif not _bare_domain(tld, has_path):
            continue
        start, end = match.start(), _trim(text, match.start(), match.end())
        links.append(Link(start, end, text[start:end], canonical_domain(host)))
    return tuple(links)


def _bare_domain(tld: str, has_path: bool) -> bool:
    lowered = tld.lower()
    if lowered not in _TLDS:
        return False
    if tld != lowered and tld != tld.upper():
        return False  # "fini.Je": a sentence that lost its space, not the Jersey TLD
    return has_path or lowered not in _WORDY


def _trim(text: str, start: int, end: int) -> int:
    """Drop the punctuation that ends the sentence rather than the URL."""
    while end > start and text[end - 1] in _TRAILING:
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break  # a balanced parenthesis belongs to the URL (Wikipedia titles)
        end -= 1
    return end


def canonical_domain(host: str) -> str:
    """Lowercase, without a trailing dot or a leading "www.", IDNA labels decoded when valid."""
    host = host.strip().rstrip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):  # an invalid punycode label is kept as written
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


def domain_matches(domain: str, pattern: str) -> bool:
    """True when `domain` is `pattern` or one of its subdomains (`m.facebook.com` ~ `facebook.com`)."""
    domain, pattern = canonical_domain(domain), canonical_domain(pattern)
    if not pattern:
        return False
    return domain == pattern or domain.endswith("." + pattern)
