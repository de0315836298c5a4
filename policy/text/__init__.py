"""The text layer: normalisation, lexicon matching, links and a language guess.

Everything here is a pure function of a text (or an immutable object built once from a policy's
lexicons) and reports spans of the *original* text, so that evidence shows the words as written.
"""

from policy.text.lang import guess_language
from policy.text.links import Link, domain_matches, find_links
from policy.text.matcher import Scan, TermMatcher, TermSpec
from policy.text.normalise import (
    WILDCARD,
    Normalised,
    Reading,
    normalise,
    normalise_term,
    normalise_with_offsets,
    readings,
    variants,
)

__all__ = [
    "WILDCARD",
    "Link",
    "Normalised",
    "Reading",
    "Scan",
    "TermMatcher",
    "TermSpec",
    "domain_matches",
    "find_links",
    "guess_language",
    "normalise",
    "normalise_term",
    "normalise_with_offsets",
    "readings",
    "variants",
]
