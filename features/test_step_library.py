"""The step library itself: every sentence is tried by some scenario, and no sentence is ambiguous."""

from __future__ import annotations

import re
from pathlib import Path

from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

import features.steps.en
import features.steps.fr

HERE = Path(__file__).parent
KEYWORDS = re.compile(
    r"^\s*(Given|When|Then|And|But|Soit|Sachant que|Étant donné que|Étant donné|Quand|Lorsque|Alors|Et|Mais)\s+(.*)$"
)
MODULES = {features.steps.fr.__name__, features.steps.en.__name__}


def _library() -> list[StepFunctionContext]:
    # pytest-bdd keeps the context of every step it registered; ours are those of the two modules.
    return [c for c in list(step_function_context_registry.values()) if c.step_func.__module__ in MODULES]


def _sentences() -> list[str]:
    lines = []
    for path in sorted(HERE.rglob("*.feature")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = KEYWORDS.match(line)
            if match:
                lines.append(match.group(2).strip())
    return lines


def test_every_sentence_of_the_library_is_used_by_a_scenario() -> None:
    sentences = _sentences()
    unused = sorted({c.parser.name for c in _library() if not any(c.parser.is_matching(s) for s in sentences)})
    assert unused == []


def test_no_sentence_of_a_scenario_matches_two_steps_of_one_kind() -> None:
    library = _library()
    ambiguous = []
    for sentence in set(_sentences()):
        for kind in ("given", "when", "then"):
            found = {c.step_func for c in library if c.type == kind and c.parser.is_matching(sentence)}
            if len(found) > 1:
                ambiguous.append((kind, sentence, sorted(f.__name__ for f in found)))
    assert ambiguous == []
