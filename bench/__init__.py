"""ROE's benchmark harness (issue 6): how fast the engine decides, and how it compares.

    python -m bench            # the full run: prints a table, writes bench/results.json
    python -m bench --quick    # fewer repetitions and smaller baseline samples (< 5 minutes)

Modules, one concern each:

- `bench.words`, `bench.corpus` — a seeded, realistic corpus of social-media messages (French and
  English), generated from word lists and sentence parts; nothing is downloaded;
- `bench.lexical` — generated lexical policies of 100 to 100,000 terms (several lexicons, several rules);
- `bench.baselines` — what users would write instead (one regular expression per term; flashtext;
  rule-engine for field conditions), each checked to find the same matches as ROE before it is timed;
- `bench.measure` — repeated timings, medians, percentiles, memory, the machine description;
- `bench.worker` — one measurement in its own process (clean memory figures, `ROE_NLP` per process);
- `bench.report` — the table and `results.json`;
- `bench.snapshot` — a digest of every decision on the corpus, to prove an optimisation changed nothing.

Speed is measured here and never asserted in tests: `tests/bench/` only checks that the harness's
correctness checks work.
"""
