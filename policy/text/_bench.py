"""Benchmark of the text layer's fast path (not a test: timings are machine figures, never asserted).

    python -m policy.text._bench [--terms 100,10000,100000] [--repeat 200]

For each lexicon size it builds one `TermMatcher` from a deterministic synthetic lexicon (pseudo-words
of one to three words, with prefix, suffix and inner wildcards in the proportions of real lexicons,
plus a few real insults so that messages do match), then times `scan(text).keys` on typical comments
of about 150 characters ("quiet" is the cost on an idle core, see `_quiet`). The baseline is the
naive design the automaton replaces: one compiled `re`
per term, searched in the same normalised text (normalisation counted once, as in `scan`).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable, Sequence

from policy.text.lang import guess_language
from policy.text.links import find_links
from policy.text.matcher import TermMatcher, TermSpec
from policy.text.normalise import normalise, normalise_term, normalise_with_offsets, readings

MESSAGES: tuple[str, ...] = (
    "Franchement votre service client est une honte, ça fait 3 semaines que j'attends ma commande "
    "n°12345 et personne ne répond !! Remboursez-moi svp",
    "Bonjour, j'ai commandé le 12/05 un aspirateur à 149,99 €, reçu cassé. Que faire ? Merci de me "
    "recontacter au plus vite, c'est urgent.",
    "Encore une fois bravo à toute l'équipe 👏👏 le nouveau magasin de Lyon est top, accueil au "
    "top et personnel très sympa ! Je reviendrai 😊",
    "Quel C0NNARD ce directeur, il a détourné l'argent des salariés et tout le monde le sait. "
    "Honteux !!! Faut que ça se sache #scandale",
    "Vous êtes vraiment des e.s.c.r.o.c.s, j'ai payé 2 fois et vous refusez de rembourser. Je vais "
    "porter plainte et en parler à la presse.",
    "Wow amazing product, got mine yesterday and it works perfectly. Shipping was fast, thanks a "
    "lot guys, will definitely order again!",
    "GAGNEZ un iPhone 15 gratuit 🎁 cliquez vite sur bit.ly/promo-xyz avant ce soir, offre limitée "
    "aux 100 premiers participants !!!",
    "la livraison devait arriver mardi, on est vendredi et toujours rien, le suivi ne bouge plus "
    "depuis 4 jours, c'est n'importe quoi",
    "t'es qu'une sa1ope et un 1dio7, tu vas voir ce qui va t'arriver si je te croise dans la rue, "
    "je sais où tu habites",
    "Est-ce que le magasin de Bordeaux est ouvert le dimanche 14 juillet ? Et jusqu'à quelle "
    "heure svp ? Merci d'avance pour votre réponse",
)

_SYLLABLES = [consonant + vowel for consonant in "bcdfglmnprstv" for vowel in "aeiou"] + [
    "an",
    "en",
    "in",
    "on",
    "ou",
    "ai",
    "au",
    "eu",
    "oi",
    "ch",
    "qu",
    "tr",
    "pl",
    "br",
    "gr",
    "st",
]
_REAL = ("connard", "escroc", "a détourné", "idiot", "salope", "arnaque*", "honte", "rembours*")


def synthetic_lexicon(size: int, seed: int = 1881) -> list[str]:
    """`size` distinct terms: pseudo-words, 8% prefix, 2% suffix and 1% inner wildcards."""
    rng = random.Random(seed)
    terms: dict[str, None] = dict.fromkeys(_REAL)
    while len(terms) < size:
        length = rng.choice((1, 1, 1, 2, 3))
        words = ["".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(length)]
        roll = rng.random()
        if roll < 0.08:
            words[-1] += "*"
        elif roll < 0.10:
            words[0] = "*" + words[0]
        elif roll < 0.11:
            cut = len(words[0]) // 2
            words[0] = words[0][:cut] + "*" + words[0][cut + 1 :]
        terms[" ".join(words)] = None
    return list(terms)[:size]


def _time_us(run: Callable[[str], object], repeat: int) -> list[list[float]]:
    """Microseconds per call of `run`: `repeat` samples for each message."""
    samples = []
    for message in MESSAGES:
        mine = []
        for _ in range(repeat):
            start = time.perf_counter_ns()
            run(message)
            mine.append((time.perf_counter_ns() - start) / 1000)
        samples.append(mine)
    return samples


def _median(samples: list[list[float]]) -> float:
    return statistics.median(s for mine in samples for s in mine)


def _quiet(samples: list[list[float]]) -> float:
    """Median over messages of each message's fastest run: the cost on an idle core. On a shared
    machine the plain median also counts the time other processes held the core."""
    return statistics.median(min(mine) for mine in samples)


def _naive(terms: Sequence[str]) -> Callable[[str], set[str]]:
    regexes = []
    for term in terms:
        body = re.escape(normalise_term(term)).replace(r"\*", r"\w*")
        regexes.append((term, re.compile(rf"(?<!\w){body}(?!\w)")))

    def scan(text: str) -> set[str]:
        texts = [reading.text for reading in readings(text)]
        return {term for term, regex in regexes if any(regex.search(t) for t in texts)}

    return scan


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", default="100,10000,100000", help="comma-separated lexicon sizes")
    parser.add_argument("--repeat", type=int, default=300, help="scans per message and size")
    parser.add_argument("--naive-repeat", type=int, default=5, help="naive scans per message and size")
    args = parser.parse_args(argv)

    size = statistics.mean(len(m) for m in MESSAGES)
    print(f"{len(MESSAGES)} messages, {size:.0f} characters on average")
    for name, run, repeat in (
        ("normalise", normalise, args.repeat),
        ("normalise_with_offsets", normalise_with_offsets, 20),
        ("find_links", find_links, args.repeat),
        ("guess_language", guess_language, args.repeat),
    ):
        samples = _time_us(run, repeat)
        print(f"{name}: median {_median(samples):.1f} µs, quiet {_quiet(samples):.1f} µs")
    header = ("terms", "build s", "scan µs", "quiet µs", "p90 µs", "naive µs", "ratio", "agree")
    print(" ".join(f"{h:>9}" for h in header))
    for count in (int(n) for n in args.terms.split(",")):
        terms = synthetic_lexicon(count)
        start = time.perf_counter()
        matcher = TermMatcher.build(TermSpec(term, term) for term in terms)
        built = time.perf_counter() - start
        fast = _time_us(matcher.scan, args.repeat)  # `keys` is computed by `scan` itself
        naive_scan = _naive(terms)
        # The baseline must find the same terms, or the comparison means nothing. (It can differ only
        # on inner wildcards between two equal letters, which the automaton also lets meet squeezed.)
        agree = sum(matcher.scan(m).keys == naive_scan(m) for m in MESSAGES)
        naive = _time_us(naive_scan, args.naive_repeat)
        median, naive_median = _median(fast), _median(naive)
        p90 = statistics.quantiles([s for mine in fast for s in mine], n=10)[-1]
        ratio = f"{naive_median / median:.0f}x"
        row = (
            count,
            f"{built:.2f}",
            f"{median:.1f}",
            f"{_quiet(fast):.1f}",
            f"{p90:.1f}",
            f"{naive_median:.0f}",
            ratio,
            f"{agree}/{len(MESSAGES)}",
        )
        print(" ".join(f"{cell:>9}" for cell in row))


if __name__ == "__main__":
    main()
