"""The English sentences of the scenarios: one sentence, one call of `steps.world`.

The whole catalogue, with examples, is in docs/guide-juridique.md (the French guide lists both).
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, then, when

from features.steps import world as w
from features.steps.world import World
from policy import Action, Priority

ACTIONS = {
    "delete": Action.DELETE, "deleted": Action.DELETE, "hide": Action.HIDE, "hidden": Action.HIDE,
    "escalate": Action.ESCALATE, "escalated": Action.ESCALATE, "answer": Action.ANSWER, "reply": Action.ANSWER,
    "ignore": Action.IGNORE, "ignored": Action.IGNORE,
}  # fmt: skip
PRIORITIES = {"low": Priority.LOW, "normal": Priority.NORMAL, "high": Priority.HIGH, "critical": Priority.CRITICAL}
KINDS = {
    "comment": "comment", "reply": "reply", "mention": "mention", "direct message": "dm", "dm": "dm",
    "review": "review", "post": "post",
}  # fmt: skip
DAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
CATEGORIES = {
    "customer service": "customer_service", "praise": "praise", "defamation": "defamation",
    "non-public defamation": "defamation_nonpublic", "insult": "insult", "non-public insult": "insult_nonpublic",
    "hate": "hate", "threat": "threat", "harassment": "harassment", "personal data": "personal_data",
    "doxxing": "doxxing", "spam": "spam", "impersonation": "impersonation", "crisis": "crisis", "legal": "legal",
    "none": "none",
}  # fmt: skip
FIELDS = {
    "text": "text", "channel": "channel", "kind": "kind", "author": "author.name", "handle": "author.handle",
    "followers": "author.followers", "verified": "author.verified", "prior violations": "author.prior_violations",
    "received at": "received_at", "language": "lang", "thread": "thread_id", "id": "id",
}  # fmt: skip


def _kind(word: str) -> str:
    kind = KINDS.get(word.strip().lower())
    assert kind is not None, f"unknown kind of message `{word}`: {', '.join(KINDS)}"
    return kind


# ---------------------------------------------------------------- the policy


@given("the default policy", target_fixture="world")
def the_default_policy() -> World:
    return w.default_policy()


@given(parsers.parse('the policy file "{path}"'), target_fixture="world")
def the_policy_file(request: pytest.FixtureRequest, path: str) -> World:
    return w.policy_file(request.config.rootpath, path)


@given("the following policy:", target_fixture="world")
def the_following_policy(request: pytest.FixtureRequest, docstring: str) -> World:
    return w.policy_text(request.config.rootpath, docstring)


# ---------------------------------------------------------------- the message


@given(parsers.parse('a message "{text}"'))
@when(parsers.parse('a message "{text}"'))
def a_message(world: World, text: str) -> None:
    w.new_message(world, text)


@given(parsers.parse("a comment posted on {channel}"))
@when(parsers.parse("a comment posted on {channel}"))
def a_comment(world: World, channel: str) -> None:
    w.new_message(world, kind="comment", channel=channel.strip())


@given(parsers.parse("a direct message received on {channel}"))
@when(parsers.parse("a direct message received on {channel}"))
def a_direct_message(world: World, channel: str) -> None:
    w.new_message(world, kind="dm", channel=channel.strip())


@given(parsers.parse("the message is posted on {channel}"))
@when(parsers.parse("the message is posted on {channel}"))
def posted_on(world: World, channel: str) -> None:
    w.set_field(world, "channel", channel.strip())


@given(parsers.parse("the message is a {kind}"))
@when(parsers.parse("the message is a {kind}"))
def of_kind(world: World, kind: str) -> None:
    w.set_field(world, "kind", _kind(kind))


@given(parsers.parse("the author has {number:d} followers"))
@when(parsers.parse("the author has {number:d} followers"))
def followers(world: World, number: int) -> None:
    w.set_field(world, "author.followers", number)


@given("the author is verified")
@when("the author is verified")
def verified(world: World) -> None:
    w.set_field(world, "author.verified", True)


@given("the author is not verified")
@when("the author is not verified")
def not_verified(world: World) -> None:
    w.set_field(world, "author.verified", False)


@given(parsers.parse('the author is named "{name}"'))
@when(parsers.parse('the author is named "{name}"'))
def named(world: World, name: str) -> None:
    w.set_field(world, "author.name", name)


@given(parsers.parse('the author\'s handle is "{handle}"'))
@when(parsers.parse('the author\'s handle is "{handle}"'))
def handle(world: World, handle: str) -> None:
    w.set_field(world, "author.handle", handle)


@given(parsers.parse("the author had {number:d} messages removed before"))
@when(parsers.parse("the author had {number:d} messages removed before"))
def prior_violations(world: World, number: int) -> None:
    w.set_field(world, "author.prior_violations", number)


@given(parsers.parse('the message is received at "{timestamp}"'))
@when(parsers.parse('the message is received at "{timestamp}"'))
def received_at(world: World, timestamp: str) -> None:
    w.set_field(world, "received_at", timestamp)


@given(parsers.parse("the message is received on a {day} at {clock}"))
@when(parsers.parse("the message is received on a {day} at {clock}"))
def received_on(world: World, day: str, clock: str) -> None:
    w.received_on(world, day, clock, DAYS)


@given(parsers.parse('the message language is "{lang}"'))
@when(parsers.parse('the message language is "{lang}"'))
def language(world: World, lang: str) -> None:
    w.set_field(world, "lang", lang)


# ---------------------------------------------------------------- the decision


@when("the message is decided")
def decided(world: World) -> None:
    w.decide(world)


@when(parsers.parse('the message "{text}" is decided'))
def decided_text(world: World, text: str) -> None:
    w.decide(world, text)


@when(parsers.parse('the message "{text}" is decided twice'))
def decided_twice(world: World, text: str) -> None:
    w.decide(world, text)
    w.decide(world, text)


@when("the following message is decided:")
def decided_table(world: World, datatable: list[list[str]]) -> None:
    w.decide_table(world, datatable, FIELDS, KINDS)


# ---------------------------------------------------------------- the action


@then(parsers.parse("the action is {action}"))
def the_action_is(world: World, action: str) -> None:
    assert world.decision.action is w.action(action, ACTIONS), w.explain(world.decision)


@then("the message is removed")
def removed(world: World) -> None:
    """Hidden or deleted: either takes the message out of the public's sight."""
    assert world.decision.action in {Action.HIDE, Action.DELETE}, w.explain(world.decision)


@then("the message is not removed")
def not_removed(world: World) -> None:
    assert world.decision.action not in {Action.HIDE, Action.DELETE}, w.explain(world.decision)


@then("the default action applies")
def default_applies(world: World) -> None:
    assert world.decision.default_applied, w.explain(world.decision)


# ---------------------------------------------------------------- escalations


@then(parsers.parse('the message is escalated to "{team}"'))
def escalated(world: World, team: str) -> None:
    assert team in {e.team for e in world.decision.escalations}, w.explain(world.decision)


@then(parsers.parse('the message is escalated to "{team}" with priority {priority}'))
def escalated_with_priority(world: World, team: str, priority: str) -> None:
    wanted = w.priority(priority, PRIORITIES)
    assert any(e.team == team and e.priority is wanted for e in world.decision.escalations), w.explain(world.decision)


@then(parsers.parse('the message is not escalated to "{team}"'))
def not_escalated_to(world: World, team: str) -> None:
    assert team not in {e.team for e in world.decision.escalations}, w.explain(world.decision)


@then("the message is not escalated")
def not_escalated(world: World) -> None:
    assert world.decision.escalations == (), w.explain(world.decision)


@then(parsers.parse('the escalation to "{team}" is due within {delay}'))
def due_within(world: World, team: str, delay: str) -> None:
    from policy.model import parse_timestamp

    received = parse_timestamp(world.message["received_at"], "received_at")
    found = [e for e in world.decision.escalations if e.team == team]
    assert found, w.explain(world.decision)
    assert (found[0].due_at - received).total_seconds() == w.duration(delay), w.explain(world.decision)


# ---------------------------------------------------------------- rules


@then(parsers.parse('the rule "{rule}" matches'))
def rule_matches(world: World, rule: str) -> None:
    assert rule in world.decision.rule_ids, w.explain(world.decision)


@then(parsers.parse('the rule "{rule}" does not match'))
def rule_does_not_match(world: World, rule: str) -> None:
    assert rule not in world.decision.rule_ids, w.explain(world.decision)


@then(parsers.parse('only the rule "{rule}" matches'))
def only_rule(world: World, rule: str) -> None:
    assert world.decision.rule_ids == (rule,), w.explain(world.decision)


@then(parsers.parse('the rule "{rule}" matches but loses to "{winner}"'))
def rule_loses(world: World, rule: str, winner: str) -> None:
    assert rule in world.decision.rule_ids, w.explain(world.decision)
    assert any(o.rule == rule and o.by == winner for o in world.decision.overridden), w.explain(world.decision)


@then(parsers.parse('the rule "{rule}" is overridden'))
def rule_overridden(world: World, rule: str) -> None:
    assert rule in {o.rule for o in world.decision.overridden}, w.explain(world.decision)


@then("no rule matches")
def no_rule(world: World) -> None:
    assert world.decision.matched == () and world.decision.default_applied, w.explain(world.decision)


# ---------------------------------------------------------------- evidence


@then(parsers.parse('the word "{text}" is highlighted'))
@then(parsers.parse('the words "{text}" are highlighted'))
def highlighted(world: World, text: str) -> None:
    assert w.highlighted(world, text), w.explain(world.decision)


@then(parsers.parse('the word "{text}" is highlighted by the rule "{rule}"'))
def highlighted_by(world: World, text: str, rule: str) -> None:
    assert w.highlighted(world, text, rule), w.explain(world.decision)


@then(parsers.parse('the word "{text}" is not highlighted'))
def not_highlighted(world: World, text: str) -> None:
    assert not w.highlighted(world, text), w.explain(world.decision)


@then("the evidence is kept")
def evidence_kept(world: World) -> None:
    assert world.decision.keep_evidence, w.explain(world.decision)


@then("the evidence is not kept")
def evidence_not_kept(world: World) -> None:
    assert not world.decision.keep_evidence, w.explain(world.decision)


# ---------------------------------------------------------------- qualification and citations


@then(parsers.parse('the legal qualification is "{qualification}"'))
def qualification_is(world: World, qualification: str) -> None:
    assert w.qualifications(world.decision) == w.categories(qualification, CATEGORIES), w.explain(world.decision)


@then(parsers.parse('the legal qualification includes "{qualification}"'))
def qualification_includes(world: World, qualification: str) -> None:
    assert w.categories(qualification, CATEGORIES) <= w.qualifications(world.decision), w.explain(world.decision)


@then(parsers.parse('the legal qualification is not "{qualification}"'))
def qualification_is_not(world: World, qualification: str) -> None:
    assert not w.categories(qualification, CATEGORIES) & w.qualifications(world.decision), w.explain(world.decision)


@then("there is no legal qualification")
def no_qualification(world: World) -> None:
    assert not w.qualifications(world.decision) - {"none"}, w.explain(world.decision)


@then(parsers.parse('the decision cites "{text}"'))
def cites(world: World, text: str) -> None:
    assert any(text in c for c in w.citations(world.decision)), w.explain(world.decision)


@then(parsers.parse('the decision does not cite "{text}"'))
def does_not_cite(world: World, text: str) -> None:
    assert not any(text in c for c in w.citations(world.decision)), w.explain(world.decision)


@then(parsers.parse('the rule "{rule}" cites "{text}"'))
def rule_cites(world: World, rule: str, text: str) -> None:
    assert any(text in c for c in w.citations(world.decision, rule)), w.explain(world.decision)


# ---------------------------------------------------------------- the reply


@then(parsers.parse('the suggested reply contains "{text}"'))
def reply_contains(world: World, text: str) -> None:
    assert text in (world.decision.reply or ""), w.explain(world.decision)


@then(parsers.parse('the suggested reply is "{text}"'))
def reply_is(world: World, text: str) -> None:
    assert world.decision.reply == text, w.explain(world.decision)


@then("no reply is suggested")
def no_reply(world: World) -> None:
    assert world.decision.reply is None, w.explain(world.decision)


# ---------------------------------------------------------------- errors and determinism


@then(parsers.parse('the decision reports an error for the rule "{rule}"'))
def reports_error(world: World, rule: str) -> None:
    assert rule in {e.rule for e in world.decision.errors}, w.explain(world.decision)


@then("the decision reports no error")
def no_error(world: World) -> None:
    assert world.decision.errors == (), w.explain(world.decision)


@then("both decisions are identical, timing aside")
def identical(world: World) -> None:
    assert w.same_decisions(world)
