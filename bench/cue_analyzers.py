"""Benchmark of the crisis, legal-request, spam and intent analyzers: prefilter and full-path medians.

    python bench/cue_analyzers.py [--rounds N] [--cold]

Speed is measured here, never asserted in tests. For each analyzer, plain messages written for this
script (no crisis, legal, spam cue; half of them no intent cue either) are split in two:

- **turned away**: the raw-text gate (`policy.analyzers.cue_gate`) says no cue can be there; the
  median cost of a whole call, by message shape (short or long, ASCII or accented);
- **admitted**: the gate cannot rule a cue out, and the analyzer normalises and scans the message
  (and finds nothing); how many of the plain messages, and their median cost.

`normalise` is the shared normaliser on the same messages, for scale: what any prefilter that
normalises first would cost at least. **full path** is one message with cues, findings and reason.
Lexicons and word-frequency tables are built before timing starts.

`--cold` measures what a fresh process pays before its first decision instead: importing the four
analyzers, then the first call of each (the gate's word ranks, each lexicon and its gate), in a new
interpreter per round; the median of `--cold-rounds` processes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from policy.analyzers import crisis, intent, legal_requests, spam
from policy.analyzers.cues import CueLexicon, languages, lexicon
from policy.text.normalise import normalise

ORGANISATION: dict[str, tuple[str, ...]] = {
    "organisation_names": ("Maison Lumière",),
    "organisation_handles": ("@MaisonLumiere",),
    "official_domains": ("maisonlumiere.fr",),
}

PLAIN = {
    "short ascii": ["ok", "Dispo en 40 ?", "Trop beau", "Le ciel est bleu", "see you there", "nice one"],
    "short accented": ["Déjà vu ?", "Très élégant", "À demain", "Le ciel est bleu aujourd'hui", "Été 2027 ?"],
    "long ascii": [
        "Bonjour, ma commande n'est toujours pas arrivee, pouvez-vous verifier le suivi s'il vous plait ?",
        "Hi, my order still hasn't arrived, could you check the tracking for me please? Thanks a lot",
        "Is the oak table from the autumn collection still available in the Lyon store this weekend?",
        "We went to the new store on Saturday with the kids, the garden section is lovely this year",
    ],
    "long accented": [
        "Bonjour, ma commande n'est toujours pas arrivée, pouvez-vous vérifier le suivi s'il vous plaît ?",
        "Le canapé reçu la semaine dernière est très confortable mais la couleur est plus foncée qu'en photo.",
        "Est-ce que la table en chêne de la collection d'automne est encore disponible à Lyon ce week-end ?",
        "Nous sommes passés au magasin de Nantes samedi avec les enfants, le rayon jardin est très réussi.",
    ],
}
WITH_CUE = {
    "crisis": "La lampe a pris feu cette nuit, mon fils s'est brûlé en la débranchant, partagez !",
    "legal": "Je vous mets en demeure de supprimer mes données personnelles (RGPD art. 17).",
    "spam": "J'ai investi en crypto avec Mme Laura et je gagne 3000€ par semaine, contactez-la sur WhatsApp",
    "intent": "merci pour le colis arrivé en miettes, bravo 👏, toujours pas de réponse du SAV",
}
ANALYZERS: dict[str, tuple[Callable[[str], object], Callable[[], CueLexicon]]] = {
    "crisis": (
        lambda text: crisis.find_crisis(text, lang="fr", **ORGANISATION),
        lambda: lexicon("crisis", languages("fr", every=True), crisis._TRIGGERS),
    ),
    "legal": (
        lambda text: legal_requests.find_legal_requests(text, lang="fr"),
        lambda: lexicon("legal", languages("fr", every=True), legal_requests._TRIGGERS),
    ),
    "spam": (
        lambda text: spam.find_spam(text, lang="fr", official_domains=ORGANISATION["official_domains"]),
        lambda: lexicon("spam", languages("fr"), spam._TRIGGERS),
    ),
    "intent": (
        lambda text: intent.classify_intent(text, lang="fr"),
        lambda: lexicon("intent", languages("fr"), intent._TRIGGERS),
    ),
}


def _median_us(call: Callable[[str], object], text: str, rounds: int) -> float:
    samples: list[int] = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        call(text)
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def _cell(call: Callable[[str], object], texts: Sequence[str], rounds: int) -> str:
    if not texts:
        return f"{'-':>9}"
    return f"{statistics.median(_median_us(call, text, rounds) for text in texts):>9.2f}"


# Run in a fresh interpreter by `--cold`: prints the seconds spent importing and on each first call.
_COLD = """
import json, time
start = time.perf_counter()
from bench.cue_analyzers import ANALYZERS
out = {"import": time.perf_counter() - start}
for name, (call, _) in ANALYZERS.items():
    start = time.perf_counter()
    call("ok")
    out[name] = time.perf_counter() - start
print(json.dumps(out))
"""


def cold(rounds: int) -> None:
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True, check=True).stdout)
        for _ in range(rounds)
    ]
    print(f"first use in a fresh process, median of {rounds} processes (seconds)")
    for key in runs[0]:
        print(f"  {key:<8} {statistics.median(run[key] for run in runs):6.3f}")
    print(f"  {'total':<8} {statistics.median(sum(run.values()) for run in runs):6.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--cold", action="store_true", help="measure the first use in fresh processes")
    parser.add_argument("--cold-rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if args.cold:
        cold(args.cold_rounds)
        return 0
    for call, build in ANALYZERS.values():
        build()
        call(WITH_CUE["crisis"])

    print(f"median µs per call, {args.rounds} rounds per message; [admitted/plain messages]")
    print(f"{'':<16}" + "".join(f"{name:>17}" for name in ANALYZERS) + f"{'normalise':>11}")
    for shape, texts in PLAIN.items():
        row = f"{shape:<16}"
        for call, build in ANALYZERS.values():
            gate = build()
            away = [t for t in texts if not gate.admits(t)]
            admitted = len(texts) - len(away)
            row += f"{_cell(call, away, args.rounds)} [{admitted}/{len(texts)}]".rjust(17)
        row += _cell(normalise, texts, args.rounds).rjust(11)
        print(row)
    row = f"{'admitted':<16}"
    for call, build in ANALYZERS.values():
        gate = build()
        let_in = [t for texts in PLAIN.values() for t in texts if gate.admits(t)]
        row += _cell(call, let_in, args.rounds).rjust(17)
    print(row)
    row = f"{'full path':<16}"
    for name, (call, _) in ANALYZERS.items():
        row += _cell(call, [WITH_CUE[name]], max(1, args.rounds // 4)).rjust(17)
    print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
