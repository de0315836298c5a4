"""Analysis stage, the shared part of the abuse analyzers (threats, hate, insults).

The three analyzers read a message the same way:

1. **prefilter** (`lexicon.screened`) — one `TermMatcher` holds the trigger terms of the three analyzers;
   a message is normalised and scanned once for all of them, and one with no trigger stops there;
2. **words** (`words.make_doc`) — the offset-keeping normalisation gives the words of the message, each
   with its span in the original text, its sentence, and whether it is quoted or capitalised;
3. **hits** (`lexicon.Lexicon.hits`) — every lexicon term, after undoing the obfuscations that need a
   dictionary (a letter dropped or swapped, missing spaces), only in words that are not real words;
4. **clauses** (`clauses.read`) — the clause reading, and the questions every analyzer asks of a word:
   is it negated, reported, quoted, whose voice is it.
"""

from policy.analyzers.abuse.clauses import (
    G,
    Reading,
    consumed_words,
    grammar_entries,
    grammar_words,
    is_negated,
    is_reported,
    person_before,
    read,
    voice_of,
    words_of,
)
from policy.analyzers.abuse.lexicon import (
    FRENCH_ER_PARTICIPLES,
    FRENCH_ER_TENSES,
    GAP,
    Hit,
    Lexicon,
    french_inflections,
    screened,
)
from policy.analyzers.abuse.words import DATA_DIR, Doc, data_file, known_words, make_doc, read_sections

__all__ = [
    "DATA_DIR",
    "FRENCH_ER_PARTICIPLES",
    "FRENCH_ER_TENSES",
    "GAP",
    "Doc",
    "G",
    "Hit",
    "Lexicon",
    "Reading",
    "consumed_words",
    "data_file",
    "french_inflections",
    "grammar_entries",
    "grammar_words",
    "is_negated",
    "is_reported",
    "known_words",
    "make_doc",
    "person_before",
    "read",
    "read_sections",
    "screened",
    "voice_of",
    "words_of",
]
