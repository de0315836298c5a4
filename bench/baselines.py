"""Side-by-side baselines: what users would write instead of ROE, checked before they are timed.

A baseline's time counts only once it has been shown to find the same matches as ROE on the corpus
(`check_agreement`); a disagreement raises `AgreementError`, which stops the benchmark — a fast
baseline that finds other things measures nothing. Matches are compared per message as sets of
`(lexicon, term)` keys.

- **naive** — one Python regular expression per term, tried in turn, on the same normalised text ROE
  matches (`policy.text.normalise.readings`: the i/l readings of "1", "!" and "|", usually just
  `normalise(text)`). Terms are translated independently of ROE's matcher: words on word
  boundaries, `*` as "letters of the same word". It can express every term the generated lexicons
  hold, so it must agree on every message, term for term.
- **flashtext** — `flashtext.KeywordProcessor` (the keyword-extraction library people reach for), fed
  the same normalised terms and texts. It has no wildcard, so wildcard terms are left out of its
  comparison; and it reports the leftmost-longest, non-overlapping keywords, where ROE reports
  every term found. The comparison is therefore restricted to what both can express: literal terms,
  and a term ROE finds that flashtext does not is accepted only when each of its occurrences
  overlaps a keyword flashtext reported instead (it was *shadowed*). Its word boundaries are set to
  ROE's: on normalised text only the space separates words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from policy.text.matcher import TermMatcher, TermSpec
from policy.text.normalise import WILDCARD, normalise_term, readings

Key = tuple[str, str]  # (lexicon, term as written)


class AgreementError(AssertionError):
    """A baseline does not find what ROE finds: its timings would be meaningless."""


# ---------------------------------------------------------------------------------------------------
# ROE, keyed by term


class RoeTerms:
    """ROE's own matcher (`TermMatcher`, the one a compiled policy uses) keyed by (lexicon, term).

    A compiled policy keys its automaton by lexicon; the baselines are compared term by term, so this
    builds the same automaton with one key per term. `keys` is `TermMatcher.scan(text).keys`.
    """

    name = "roe"

    def __init__(self, terms: Sequence[Key]) -> None:
        self.matcher = TermMatcher.build(TermSpec(key, key[1]) for key in terms)

    def keys(self, text: str) -> frozenset[Hashable]:
        return self.matcher.scan(text).keys


# ---------------------------------------------------------------------------------------------------
# naive


def naive_regex(normalised_term: str) -> str:
    """The regular expression of one normalised term: its words on word boundaries, `*` within a word.

    On normalised text the space is the only separator, so `(?<![^ ])…(?![^ ])` is `\\b…\\b` (every
    other character is a word character); of the equivalent spellings it is the fastest with Python's
    `re`, which cannot use its literal-prefix scan for a pattern that starts with an assertion.
    """
    words = [r"[^ ]*".join(re.escape(piece) for piece in word.split(WILDCARD)) for word in normalised_term.split(" ")]
    return r"(?<![^ ])" + " ".join(words) + r"(?![^ ])"


class NaiveTerms:
    """One compiled `re` per term, each searched in turn in every reading of the normalised text."""

    name = "naive"

    def __init__(self, terms: Sequence[Key]) -> None:
        self.patterns = [(key, re.compile(naive_regex(normalise_term(key[1])))) for key in terms]

    def keys(self, text: str) -> frozenset[Hashable]:
        found: set[Hashable] = set()
        for reading in readings(text):
            normalised = reading.text
            for key, pattern in self.patterns:
                if key not in found and pattern.search(normalised):
                    found.add(key)
        return frozenset(found)


# ---------------------------------------------------------------------------------------------------
# flashtext


class FlashtextTerms:
    """flashtext's `KeywordProcessor` with the literal terms, on the same normalised readings.

    `alphabet` is every character that may appear in a normalised text or term: all of them are
    word characters for flashtext, so that only the space is a word boundary, as in ROE.
    """

    name = "flashtext"

    def __init__(self, terms: Sequence[Key], alphabet: Iterable[str]) -> None:
        from flashtext import KeywordProcessor  # optional: the `bench` extra

        self.processor = KeywordProcessor(case_sensitive=True)  # texts are already case-folded
        self.processor.set_non_word_boundaries(set(alphabet) - {" "})
        self.literal: list[Key] = []
        self.excluded: list[Key] = []
        for key in terms:
            normalised = normalise_term(key[1])
            if WILDCARD in normalised:
                self.excluded.append(key)  # flashtext has no wildcard
                continue
            self.literal.append(key)
            self.processor.add_keyword(normalised, key)

    def keys(self, text: str) -> frozenset[Hashable]:
        found: set[Hashable] = set()
        for reading in readings(text):
            found.update(self.processor.extract_keywords(reading.text))
        return frozenset(found)

    def spans(self, normalised: str) -> list[tuple[Key, int, int]]:
        found: list[tuple[Key, int, int]] = self.processor.extract_keywords(normalised, span_info=True)
        return found


def alphabet_of(texts: Iterable[str], terms: Iterable[str]) -> set[str]:
    """Every character of the normalised readings of `texts` and of the normalised `terms`."""
    chars: set[str] = set()
    for text in texts:
        for reading in readings(text):
            chars.update(reading.text)
    for term in terms:
        chars.update(normalise_term(term))
    chars.discard(WILDCARD)
    return chars


# ---------------------------------------------------------------------------------------------------
# agreement


@dataclass
class Agreement:
    """The outcome of comparing a baseline with ROE on a corpus."""

    baseline: str
    messages: int
    terms_compared: int
    terms_excluded: int = 0
    matches: int = 0  # (message, term) pairs both found
    shadowed: int = 0  # (message, term) pairs ROE found and flashtext hid behind a longer keyword
    restriction: str = ""
    mismatches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "ok": self.ok,
            "messages": self.messages,
            "terms_compared": self.terms_compared,
            "terms_excluded": self.terms_excluded,
            "matches": self.matches,
            "shadowed": self.shadowed,
            "restriction": self.restriction,
            "mismatches": self.mismatches[:5],
        }


def check_naive(roe: Callable[[str], frozenset[Hashable]], naive: NaiveTerms, texts: Sequence[str]) -> Agreement:
    """The naive baseline must find exactly ROE's terms in every message."""
    result = Agreement("naive", len(texts), len(naive.patterns), restriction="none: every term, every message")
    for text in texts:
        ours, theirs = roe(text), naive.keys(text)
        result.matches += len(ours & theirs)
        if ours != theirs:
            result.mismatches.append(_mismatch(text, ours, theirs))
    return result


def check_flashtext(
    roe: Callable[[str], frozenset[Hashable]], flash: FlashtextTerms, texts: Sequence[str]
) -> Agreement:
    """flashtext must find a subset of ROE's literal terms, and hide the others only behind its own."""
    literal = set(flash.literal)
    result = Agreement(
        "flashtext",
        len(texts),
        len(flash.literal),
        terms_excluded=len(flash.excluded),
        restriction=(
            "literal terms only (wildcard terms are left out: flashtext has no wildcard); flashtext reports "
            "leftmost-longest non-overlapping keywords, so a term ROE finds inside or across a longer keyword "
            "flashtext reported is counted as shadowed, not as a disagreement"
        ),
    )
    for text in texts:
        ours = roe(text) & literal
        theirs = flash.keys(text)
        extra = theirs - ours
        missing = ours - theirs
        unexplained = {key for key in missing if not _shadowed(key, text, flash)}
        result.matches += len(ours & theirs)
        result.shadowed += len(missing) - len(unexplained)
        if extra or unexplained:
            result.mismatches.append(_mismatch(text, ours, theirs, frozenset(unexplained)))
    return result


def _shadowed(key: Hashable, text: str, flash: FlashtextTerms) -> bool:
    """True when every occurrence of `key`'s term overlaps a keyword flashtext reported there."""
    assert isinstance(key, tuple)
    needle = f" {normalise_term(key[1])} "
    seen = False
    for reading in readings(text):
        padded = f" {reading.text} "
        spans = [(start, end) for _, start, end in flash.spans(reading.text)]
        at = padded.find(needle)
        while at >= 0:
            seen = True
            start, end = at, at + len(needle) - 2  # in unpadded coordinates
            if not any(s < end and start < e for s, e in spans):
                return False
            at = padded.find(needle, at + 1)
    return seen


def _mismatch(
    text: str, ours: frozenset[Hashable], theirs: frozenset[Hashable], unexplained: frozenset[Hashable] | None = None
) -> dict[str, Any]:
    return {
        "text": text[:200],
        "normalised": readings(text)[0].text[:200],
        "only_roe": sorted(map(str, (unexplained if unexplained is not None else ours - theirs))),
        "only_baseline": sorted(map(str, theirs - ours)),
    }


def require(agreement: Agreement) -> Agreement:
    """Raise `AgreementError` (with examples) unless the baseline agreed with ROE."""
    if not agreement.ok:
        lines = [
            f"{agreement.baseline} disagrees with ROE on {len(agreement.mismatches)} of {agreement.messages} "
            "messages; its timings would not compare the same work. First ones:"
        ]
        for m in agreement.mismatches[:5]:
            only_theirs = f"only {agreement.baseline}: {m['only_baseline']}"
            lines.append(f"  {m['text']!r} → only ROE: {m['only_roe']}, {only_theirs}")
        raise AgreementError("\n".join(lines))
    return agreement


# ---------------------------------------------------------------------------------------------------
# rule-engine, for conditions on message fields


# (rule id, ROE condition, the same condition in rule-engine's language). rule-engine reads the message
# dict as sent; a missing field resolves to null (`Context(default_value=None)`), and `&[` is its
# safe navigation, so `has author.followers and …` becomes a null test before the comparison.
FIELD_RULES: tuple[tuple[str, str, str], ...] = (
    ("suivi", "has author.followers and author.followers >= 10000",
     "author&['followers'] != null and author&['followers'] >= 10000"),
    ("reseau_ouvert", "channel in [x, tiktok, instagram]", "channel in ['x', 'tiktok', 'instagram']"),
    ("prive", "has kind and kind dm", "kind == 'dm'"),
    ("recidive", "has author.prior_violations and author.prior_violations >= 2",
     "author&['prior_violations'] != null and author&['prior_violations'] >= 2"),
    ("avis", "kind in [review] and channel in [google, trustpilot]",
     "kind == 'review' and channel in ['google', 'trustpilot']"),
    ("verifie", "has author.verified and author.verified", "author&['verified'] == true"),
    ("petit_compte", "has author.followers and author.followers < 50 and not (kind in [dm])",
     "author&['followers'] != null and author&['followers'] < 50 and kind != 'dm'"),
    ("fil_suivi", 'thread_id in ["t0001", "t0042", "t0100", "t0200", "t0333"]',
     "thread_id in ['t0001', 't0042', 't0100', 't0200', 't0333']"),
)  # fmt: skip


def field_policy_text() -> str:
    """A ROE policy made of `FIELD_RULES` only (no text predicate)."""
    header = (
        'policy "Bench — conditions on fields" version "1"\ndefault answer\non error escalate to moderation\n'
        'timezone "Europe/Paris"\nteam moderation "Modération" within 1h\n'
    )
    rules = "".join(f'\nrule {name} "{name}"\n  when {condition}\n  then hide\n' for name, condition, _ in FIELD_RULES)
    return header + rules


class RuleEngineFields:
    """The `rule-engine` package (zeroSteiner/rule-engine) evaluating `FIELD_RULES` on message dicts."""

    name = "rule-engine"

    def __init__(self) -> None:
        import rule_engine  # optional: see the bench extra

        context = rule_engine.Context(default_value=None)
        self.rules = [(rule_id, rule_engine.Rule(text, context=context)) for rule_id, _, text in FIELD_RULES]

    def matched(self, message: dict[str, Any]) -> frozenset[str]:
        return frozenset(rule_id for rule_id, rule in self.rules if rule.matches(message))


def check_fields(
    roe: Callable[[dict[str, Any]], frozenset[str]], other: RuleEngineFields, messages: Sequence[dict[str, Any]]
) -> Agreement:
    """rule-engine must match exactly the rules ROE matches, message by message."""
    result = Agreement(other.name, len(messages), len(other.rules), restriction="none: every rule, every message")
    for message in messages:
        ours, theirs = roe(message), other.matched(message)
        result.matches += len(ours & theirs)
        if ours != theirs:
            mismatch = {"text": message["text"][:200], "normalised": "", "only_roe": sorted(ours - theirs)}
            result.mismatches.append({**mismatch, "only_baseline": sorted(theirs - ours)})
    return result
