"""Gherkin steps (French): thin, honest wrappers over the public library — no `eval` of feature text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest
from pytest_bdd import given, parsers, then, when

from policy import Decision, Policy, compile_text, load_policy

AT = "2026-01-14T10:00:00+01:00"


@dataclass
class World:
    policy: Policy | None = None
    decisions: list[Decision] = field(default_factory=list)

    @property
    def decision(self) -> Decision:
        assert self.decisions, "no message was decided"
        return self.decisions[-1]


@pytest.fixture
def world() -> World:
    return World()


@given("la politique suivante :", target_fixture="world")
def given_policy_text(docstring: str) -> World:
    return World(policy=compile_text(docstring))


@given("la politique par défaut", target_fixture="world")
def given_default_policy() -> World:
    return World(policy=load_policy())


def _decide(world: World, text: str, **fields: Any) -> Decision:
    assert world.policy is not None, "no policy was given"
    decision = world.policy.decide({"text": text, "received_at": AT, **fields})
    world.decisions.append(decision)
    return decision


@when(parsers.parse('le message "{text}" est décidé'))
def when_decided(world: World, text: str) -> None:
    _decide(world, text)


@when(parsers.parse('le message "{text}" est décidé deux fois'))
def when_decided_twice(world: World, text: str) -> None:
    _decide(world, text)
    _decide(world, text)


@then(parsers.parse("l'action est {action:w}"))
def then_action(world: World, action: str) -> None:
    assert world.decision.action.word == action


@then(parsers.parse('la règle "{rule}" s\'applique'))
def then_rule_matched(world: World, rule: str) -> None:
    assert rule in world.decision.rule_ids


@then(parsers.parse('la règle "{rule}" s\'applique mais perd face à "{winner}"'))
def then_rule_overridden(world: World, rule: str, winner: str) -> None:
    assert rule in world.decision.rule_ids
    assert any(o.rule == rule and o.by == winner for o in world.decision.overridden)


@then("aucune règle ne s'applique")
def then_no_rule(world: World) -> None:
    assert world.decision.matched == () and world.decision.default_applied


@then(parsers.parse('le message est escaladé à "{team}"'))
def then_escalated(world: World, team: str) -> None:
    assert team in {e.team for e in world.decision.escalations}


@then(parsers.parse('le message est escaladé à "{team}" avec la priorité {priority:w}'))
def then_escalated_with_priority(world: World, team: str, priority: str) -> None:
    assert any(e.team == team and e.priority.word == priority for e in world.decision.escalations)


@then("la preuve est conservée")
def then_keep_evidence(world: World) -> None:
    assert world.decision.keep_evidence


@then(parsers.parse('la décision signale une erreur pour la règle "{rule}"'))
def then_error(world: World, rule: str) -> None:
    assert rule in {e.rule for e in world.decision.errors}


@then("les deux décisions sont identiques, durée mise à part")
def then_identical(world: World) -> None:
    first, second = (d.to_dict() for d in world.decisions[-2:])
    first.pop("elapsed_us")
    second.pop("elapsed_us")
    assert orjson.dumps(first) == orjson.dumps(second)
