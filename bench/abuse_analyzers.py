"""Benchmark of the threat, hate and insult analyzers: prefilter and full-path medians.

    python bench/abuse_analyzers.py [--rounds N]

Speed is measured here, never asserted in tests. Reported, per analyzer and language:

- **prefilter, cold**: a message with no candidate term, when this analyzer is the first of the three
  to see it (one normalisation and one automaton pass for the three analyzers together);
- **prefilter, warm**: the same message when another analyzer has already screened it (a memo lookup);
- **full path**: a message that names a group, a harm or a swear word (words, clauses, hits, rules).

Messages: plain customer-service sentences written for this script (no candidate term), and the
HateCheck suites for candidates. Lexicons and dictionaries are built before timing starts.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

from policy.analyzers import abuse
from policy.analyzers.abuse import lexicon
from policy.analyzers.hate import find_hate
from policy.analyzers.insults import find_insults
from policy.analyzers.threats import find_threats
from policy.evaluation import hatecheck

ANALYZERS: dict[str, Callable[..., object]] = {
    "hate": find_hate,
    "insults": find_insults,
    "threats": find_threats,
}

PLAIN = {
    "fr": [
        "Bonjour, ma commande n'est toujours pas arrivée, pouvez-vous vérifier ?",
        "Super produit, livraison rapide, merci !",
        "Est-ce que ce modèle existe en bleu ?",
        "J'ai reçu un colis abîmé, comment faire un retour ?",
        "Quels sont vos horaires d'ouverture le dimanche ?",
        "Merci pour votre réponse rapide, tout est réglé.",
        "Le remboursement n'apparaît pas sur mon compte depuis dix jours.",
        "Votre application plante quand je veux payer par carte.",
    ],
    "en": [
        "Hi, my order still hasn't arrived, could you check please?",
        "Great product, fast delivery, thanks!",
        "Does this model come in blue?",
        "My parcel was damaged, how do I return it?",
        "What are your opening hours on Sunday?",
        "Thanks for the quick answer, all sorted now.",
        "The refund has not shown up on my account for ten days.",
        "Your app crashes when I try to pay by card.",
    ],
}


def _median_us(samples: Sequence[int]) -> float:
    return statistics.median(samples) / 1000


def _variants(texts: Sequence[str], rounds: int) -> list[str]:
    # Distinct string objects with distinct content, so that every "cold" call misses the memo.
    return [f"{text} ({n})" for n in range(rounds) for text in texts]


def bench(rounds: int) -> None:
    for lang in ("fr", "en"):
        for analyzer in ANALYZERS.values():
            analyzer("warm-up", lang=lang)
        abuse.known_words(lang)
        cases = hatecheck.load(lang)
        print(f"== {lang}")
        plain = _variants(PLAIN[lang], rounds)
        for name, analyzer in ANALYZERS.items():
            cold: list[int] = []
            warm: list[int] = []
            for text in plain:
                start = time.perf_counter_ns()
                analyzer(text, lang=lang)
                cold.append(time.perf_counter_ns() - start)
                start = time.perf_counter_ns()
                analyzer(text, lang=lang)
                warm.append(time.perf_counter_ns() - start)
            # Forget these texts, so that the next analyzer measured is cold too.
            lexicon._screened.cache_clear()
            print(
                f"  {name:<8} prefilter (no candidate): cold {_median_us(cold):7.2f} us, "
                f"warm {_median_us(warm):6.2f} us  (n={len(plain)})"
            )
        for name, analyzer in ANALYZERS.items():
            full: list[int] = []
            for case in cases:
                if not abuse.screened(name, lang, case.text):
                    continue
                start = time.perf_counter_ns()
                analyzer(case.text, lang=lang)
                full.append(time.perf_counter_ns() - start)
            share = len(full) / len(cases)
            print(f"  {name:<8} full path (HateCheck candidates {share:5.1%}): median {_median_us(full):8.1f} us")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=200, help="copies of each plain message (default 200)")
    args = parser.parse_args(argv)
    bench(args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
