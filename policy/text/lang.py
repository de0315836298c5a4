"""Language guess: a cheap text-layer analysis for messages that arrive without `lang`.

Counts French and English *function words* (articles, pronouns, auxiliaries, prepositions — the words
every sentence needs whatever its topic) plus a few unmistakable signs: French elisions (l', d', qu')
and accented letters, English contractions (n't, 's, 'm). No model, no download: one regular
expression and set look-ups, a few microseconds for a comment. Words shared by both languages ("a",
"on", "me", "an", "or", "as") count for neither.

It answers "fr", "en" or "und" (undetermined: too short, another language, or too close to call);
one language must score at least twice the other.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["guess_language"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FRENCH: Final = _words(
    """le la les un une des du de et est sont en que qui quoi pour pas ne je tu il elle nous vous ils
    elles ce cet cette ces mon ma mes ton ta tes son sa ses leur leurs au aux avec sur dans par mais ou
    où donc car ça cela très plus moins tout tous toute toutes bien aussi comme été être avoir fait
    faire suis es êtes sommes ai avez avons ont merci bonjour bonsoir oui non votre vos notre nos
    y lui eux pourquoi quand comment rien jamais toujours encore déjà chez sans sous entre après
    avant vraiment depuis alors cest jai svp stp"""
)
_ENGLISH: Final = _words(
    """the and is are was were be been being to of in that it for not you he she we they this these
    those my your his her our their with at by from but so if what why when how all very more no
    yes thanks thank hello hi please have has had do does did will would can could should i him them
    its just about there here than then also too get got im ive youre thats cant wont isnt
    which who been any some because really"""
)
# Words are what lies between spaces and common punctuation; apostrophes stay inside ("l'arabe",
# "don't"). A split on a character class is much cheaper than finding words with a Unicode class, and
# whatever else a token holds (digits, emoji) only makes it miss both word lists.
_SPLIT: Final = re.compile(r"[\s,.;:!?()\[\]{}\"«»…/\-]+")
_ELIDED: Final = frozenset({"l", "d", "j", "qu", "c", "n", "s", "t", "m"})
_CONTRACTED: Final = frozenset({"s", "m", "re", "ll", "ve", "d"})
_FRENCH_LETTERS: Final = re.compile(r"[àâçéèêëîïôûùüÿœ]")


def guess_language(text: str) -> str:
    """Return "fr", "en" or "und" for `text`."""
    text = text.lower().replace("’", "'")
    french = english = 0.0
    for word in _SPLIT.split(text):
        if "'" in word:
            head, _, tail = word.partition("'")
            if head in _ELIDED:  # l'arabe, qu'il, c'est
                french += 1
                word = tail
            elif (tail == "t" and head.endswith("n")) or tail in _CONTRACTED:  # don't, it's, I'm
                english += 1
                word = head
        if word in _FRENCH:
            french += 1
        elif word in _ENGLISH:
            english += 1
    # Accents hint at French without proving it (names, loanwords): half a word each, at most two.
    if not text.isascii():
        french += min(len(_FRENCH_LETTERS.findall(text)), 4) / 2
    if french >= 1 and french >= 2 * english:
        return "fr"
    if english >= 1 and english >= 2 * french:
        return "en"
    return "und"
