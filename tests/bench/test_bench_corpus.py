"""The benchmark corpus is reproducible, valid, and shaped like a brand's comment section."""

from __future__ import annotations

from bench import words
from bench.corpus import DEFAULT_SIZE, generate
from policy.model import Message


def test_the_same_seed_gives_the_same_corpus() -> None:
    first, again, other = generate(300, seed=1), generate(300, seed=1), generate(300, seed=2)
    assert first.messages == again.messages
    assert first.messages != other.messages


def test_every_message_is_accepted_by_the_engine() -> None:
    for message in generate(1_000).messages:
        Message.from_dict(message)  # raises MessageError on an unknown field or a bad value


def test_the_default_corpus_has_the_mix_and_the_length_tail_of_social_media() -> None:
    described = generate().describe()
    assert described["messages"] >= DEFAULT_SIZE >= 10_000
    assert described["langs"]["fr"] > described["langs"]["en"] > 0
    assert set(described["categories"]) == set(words.CATEGORY_SHARES)
    assert described["obfuscated"] > 0
    chars = described["chars"]
    assert described["short_share"] > 0.1  # many one-liners and emoji-only reactions
    assert chars["p99"] > 5 * chars["p50"]  # and a long tail of rants


def test_disguised_words_stay_findable_by_the_engine() -> None:
    # The generator's obfuscations are the ones normalisation undoes (a censored word excepted): a
    # corpus whose disguises the engine cannot see would measure nothing about them.
    corpus = generate(3_000)
    from policy.text.normalise import normalise

    disguised = [m["text"] for m, o, c in zip(corpus.messages, corpus.obfuscated, corpus.categories, strict=True)
                 if o and c == "insult"]  # fmt: skip
    insults = {normalise(w) for w in words.FR_SLOTS["insult"] + words.EN_SLOTS["insult"]}
    found = sum(1 for text in disguised if any(f" {i} " in f" {normalise(text)} " for i in insults))
    assert disguised and found / len(disguised) > 0.5
