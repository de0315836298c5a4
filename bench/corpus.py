"""The benchmark corpus: seeded, realistic social-media messages for a French brand (and English ones).

`generate(n, seed)` returns the same messages for the same arguments, on any machine: it draws from
the word lists and sentence parts of `bench.words` with one `random.Random(seed)`, downloads nothing
and reads no file. What makes it look like a brand page rather than lorem ipsum:

- **mix** — complaints, questions, praise and chatter are most of it; insults, threats, hate,
  accusations, personal data, scams and crisis signals the rest (`words.CATEGORY_SHARES`), and some
  messages mix two (a complaint that ends in an insult);
- **length** — many one-liners and emoji-only reactions, a median of a few words, a long tail of
  rants of a dozen sentences (`LENGTH_TAIL`);
- **writing** — accents dropped, lower case, SHOUTING, repeated punctuation, emoji, hashtags, reply
  handles, SMS spellings;
- **obfuscation** — a quarter of the abusive words are disguised as people do it: leetspeak, spaced or
  dotted letters, stretched letters, zero-width characters, Cyrillic look-alikes, or censored with a
  `*` (which must *not* match);
- **envelope** — channel, kind, author (followers from a log-normal law, verified accounts, prior
  violations), `received_at` spread over a week, nights and weekend included, in Europe/Paris, and a
  `lang` field sent for about half of the messages (the engine guesses the rest).
"""

from __future__ import annotations

import random
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from bench import words

DEFAULT_SEED: Final = 20261121
DEFAULT_SIZE: Final = 10_000
LANG_SHARES: Final = {"fr": 0.7, "en": 0.3}
OBFUSCATED_SHARE: Final = 0.25
# Slots whose value is an abusive word or phrase: the ones people disguise.
ABUSIVE_SLOTS: Final = frozenset({"insult", "hate_insult", "profanity", "threat", "derogation"})

# Extra sentences after the main one: (probability, fewest, most). Most messages are one sentence;
# 5 % are rants of 6 to 20 sentences, the long tail of a comment section.
LENGTH_TAIL: Final = ((0.55, 0, 0), (0.2, 1, 1), (0.1, 2, 2), (0.1, 3, 5), (0.05, 6, 20))
# Categories that are never lengthened: a tag, an emoji or a spam line stays what it is.
SHORT_CATEGORIES: Final = frozenset({"chatter", "spam", "press"})

CHANNELS: Final = {
    "facebook": 30, "instagram": 25, "x": 14, "tiktok": 10, "google": 7, "youtube": 5, "trustpilot": 5,
    "linkedin": 2, "messenger": 2,
}  # fmt: skip
KINDS: Final = {"comment": 50, "reply": 20, "mention": 10, "dm": 10, "review": 10}
_WEEK_START: Final = datetime(2026, 11, 16, tzinfo=ZoneInfo("Europe/Paris"))  # a Monday
# Messages per hour of the day (relative): quiet at night, peaks at lunch and in the evening.
_HOURLY: Final = (2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 10, 12, 11, 9, 9, 10, 11, 13, 15, 16, 14, 9, 5)

_SLOT: Final = re.compile(r"\{(\w+)\}")
_CYRILLIC: Final = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у"}
_LEET: Final = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


@dataclass(frozen=True)
class Corpus:
    """Messages (dicts accepted by `Policy.decide`) and, alongside, what each was generated as."""

    seed: int
    messages: tuple[dict[str, Any], ...]
    categories: tuple[str, ...]
    langs: tuple[str, ...]
    obfuscated: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.messages)

    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages]

    def describe(self) -> dict[str, Any]:
        """What the corpus holds, for the report: sizes, languages, categories, length quantiles."""
        lengths = sorted(len(m["text"]) for m in self.messages)
        word_counts = sorted(len(m["text"].split()) for m in self.messages)
        n = len(lengths)
        return {
            "messages": n,
            "seed": self.seed,
            "langs": dict(sorted(Counter(self.langs).items())),
            "categories": dict(sorted(Counter(self.categories).items())),
            "obfuscated": sum(self.obfuscated),
            "chars": {
                "p10": lengths[n // 10],
                "p50": int(statistics.median(lengths)),
                "p90": lengths[n * 9 // 10],
                "p99": lengths[n * 99 // 100],
                "max": lengths[-1],
                "mean": round(statistics.fmean(lengths), 1),
            },
            "words_p50": int(statistics.median(word_counts)),
            "short_share": round(sum(1 for w in word_counts if w <= 5) / n, 3),
        }


def generate(n: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> Corpus:
    """`n` messages drawn with `random.Random(seed)`: the same corpus for the same arguments."""
    rng = random.Random(seed)
    messages: list[dict[str, Any]] = []
    categories: list[str] = []
    langs: list[str] = []
    obfuscated: list[bool] = []
    names = list(words.CATEGORY_SHARES)
    weights = list(words.CATEGORY_SHARES.values())
    for index in range(n):
        lang = _weighted(rng, LANG_SHARES)
        category = rng.choices(names, weights)[0]
        writer = _Writer(rng, lang)
        text = writer.message(category)
        messages.append(_envelope(rng, index, text, lang, category))
        categories.append(category)
        langs.append(lang)
        obfuscated.append(writer.obfuscated)
    return Corpus(seed, tuple(messages), tuple(categories), tuple(langs), tuple(obfuscated))


def _weighted(rng: random.Random, table: dict[str, float] | dict[str, int]) -> str:
    return rng.choices(list(table), list(table.values()))[0]


class _Writer:
    """Writes one message: fills a template, lengthens it, then writes it the way people type."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.lang = lang
        self.slots = words.SLOTS[lang]
        self.templates = words.TEMPLATES[lang]
        self.obfuscated = False

    def message(self, category: str) -> str:
        rng = self.rng
        parts = [self.expand(rng.choice(self.templates[category]))]
        if category == "complaint" and rng.random() < 0.08:
            parts.append(self.expand(rng.choice(self.templates["insult"])))  # anger spills over
        if category == "insult" and rng.random() < 0.25:
            parts.insert(0, self.expand(rng.choice(self.templates["complaint"])))
        if category not in SHORT_CATEGORIES:
            fillers = words.FILLERS[self.lang]
            # Without repeats while the list lasts: a rant tells a story, it does not loop.
            extra = self._extra_sentences()
            parts.extend(rng.sample(fillers, min(extra, len(fillers))))
            parts.extend(rng.choice(fillers) for _ in range(extra - len(fillers)))
        text = self._join(parts)
        return self._style(text, category)

    def _extra_sentences(self) -> int:
        draw = self.rng.random()
        for probability, fewest, most in LENGTH_TAIL:
            if draw < probability:
                return self.rng.randint(fewest, most)
            draw -= probability
        return 0

    def _join(self, parts: Sequence[str]) -> str:
        out = []
        for part in parts:
            part = part.strip()
            if part and part[-1] not in ".!?…" and not _ends_with_emoji(part) and len(parts) > 1:
                part += self.rng.choice((".", ".", "!", " !!", "..."))
            out.append(part)
        return " ".join(out)

    def expand(self, template: str) -> str:
        # A slot's value may contain slots of its own; the word lists have no cycles.
        return _SLOT.sub(lambda m: self.expand(self.value(m[1])), template)

    def value(self, slot: str) -> str:
        rng = self.rng
        if slot in self.slots:
            choice = rng.choice(self.slots[slot])
            if slot in ABUSIVE_SLOTS and rng.random() < OBFUSCATED_SHARE:
                self.obfuscated = True
                return self.obfuscate(self.expand(choice))
            return choice
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        computed = {
            "first_name": first,
            "first_lower": _ascii(first).lower(),
            "last_lower": _ascii(last).lower(),
            "handle": _handle(rng),
            "num": str(rng.randint(1, 99)),
            "city": rng.choice(words.CITIES),
            "domain": rng.choice(words.DOMAINS),
            "shortener": rng.choice(words.SHORTENERS),
            "scam_host": rng.choice(words.SCAM_HOSTS),
            "emoji": rng.choice(words.EMOJI),
            "model": rng.choice(words.MODELS),
        }
        return computed[slot]

    def obfuscate(self, phrase: str) -> str:
        """Disguise one word of `phrase` the way people dodge filters."""
        rng = self.rng
        tokens = phrase.split(" ")
        candidates = [i for i, t in enumerate(tokens) if len(t) >= 4 and t.isalpha()]
        if not candidates:
            return phrase
        at = rng.choice(candidates)
        word = tokens[at]
        how = rng.choice(("leet", "leet", "stretch", "spaced", "dotted", "zero_width", "lookalike", "censor", "upper"))
        if how == "leet":
            word = "".join(_LEET.get(c, c) if c in _LEET and rng.random() < 0.6 else c for c in word)
        elif how == "stretch":
            vowels = [i for i, c in enumerate(word) if c in "aeiouy"]
            if vowels:
                i = rng.choice(vowels)
                word = word[:i] + word[i] * rng.randint(3, 7) + word[i + 1 :]
        elif how == "spaced":
            word = " ".join(word)
        elif how == "dotted":
            word = rng.choice((".", "-", "_")).join(word)
        elif how == "zero_width":
            i = rng.randint(1, len(word) - 1)
            word = word[:i] + rng.choice(("\u200b", "\u200d", "\u00ad")) + word[i:]
        elif how == "lookalike":
            word = "".join(_CYRILLIC.get(c, c) if rng.random() < 0.5 else c for c in word)
        elif how == "censor":
            i = rng.randint(1, len(word) - 2)
            word = word[:i] + "*" + word[i + 1 :]  # a censored word is not the word: it must not match
        else:
            word = word.upper()
        tokens[at] = word
        return " ".join(tokens)

    def _style(self, text: str, category: str) -> str:
        rng = self.rng
        if self.lang == "fr" and rng.random() < 0.3:
            text = _ascii(text)  # typed on a phone without accents
        draw = rng.random()
        if draw < 0.45:
            text = text[:1].lower() + text[1:]
        elif draw < 0.5 and category not in {"chatter", "spam"}:
            text = text.upper()
        if rng.random() < 0.04:
            sms = rng.choice(self.slots["sms"])
            text = f"{text} {sms}"
        if category in {"complaint", "insult", "threat", "profanity"} and rng.random() < 0.2:
            text = text.rstrip(".") + rng.choice((" !!!", "!!", " ??", " !!!!!!", "?!"))
        if rng.random() < 0.35 and category != "chatter":
            text = f"{text} {rng.choice(words.EMOJI)}" + (rng.choice(words.EMOJI) if rng.random() < 0.3 else "")
        if rng.random() < 0.05:
            text += " #" + rng.choice(("scandale", "arnaque", "service", "deco", "MaisonLumiere", "fail", "love"))
        return text


def _envelope(rng: random.Random, index: int, text: str, lang: str, category: str) -> dict[str, Any]:
    """The message around the text: what a moderation tool sends along."""
    kind = _weighted(rng, KINDS)
    channel = _weighted(rng, CHANNELS)
    if kind == "review":
        channel = rng.choice(("google", "trustpilot"))
    if kind == "reply" and rng.random() < 0.5:
        text = f"@{_handle(rng)} {text}"
    day = rng.randrange(7)
    hour = rng.choices(range(24), _HOURLY)[0]
    received = _WEEK_START + timedelta(days=day, hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
    message: dict[str, Any] = {
        "id": f"bench-{index:06d}",
        "text": text,
        "channel": channel,
        "kind": kind,
        "received_at": received.isoformat(),
        "thread_id": f"t{rng.randrange(400):04d}",
    }
    if rng.random() < 0.9:
        followers = int(rng.lognormvariate(5.5, 2.2))  # median ≈ 250, a few accounts with millions
        author: dict[str, Any] = {
            "id": f"u{rng.randrange(10**9)}",
            "name": f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}",
            "handle": "@" + _handle(rng),
            "followers": followers,
            "verified": followers > 100_000 and rng.random() < 0.5,
        }
        if category in {"insult", "threat", "hate", "spam"} and rng.random() < 0.4:
            author["prior_violations"] = rng.randint(1, 6)
        message["author"] = author
    if rng.random() < 0.5:
        message["lang"] = lang
    return message


def _handle(rng: random.Random) -> str:
    first, second = rng.choice(words.HANDLE_PARTS), rng.choice(words.HANDLE_PARTS)
    suffix = str(rng.randint(1, 2006)) if rng.random() < 0.6 else ""
    return f"{first}{rng.choice(('', '_', '.'))}{second}{suffix}"


def _ascii(text: str) -> str:
    """Accents dropped the way a phone keyboard without them writes French."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def _ends_with_emoji(text: str) -> bool:
    return unicodedata.category(text[-1]) in {"So", "Sk", "Mn", "Cf"}
