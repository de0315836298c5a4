"""A sandbox session without a terminal: what each input produces, as values."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from policy.model import Action
from policy.sandbox.session import (
    ContextShown,
    Decided,
    HelpShown,
    Note,
    Problem,
    Quit,
    Reloaded,
    RulesShown,
    Saved,
    Session,
    Traced,
    WhyShown,
)
from policy.testing import load_case_file, run_cases

from .conftest import POLICY


def one(session: Session, line: str) -> object:
    blocks = session.handle(line)
    assert len(blocks) == 1, blocks
    return blocks[0]


def decided(session: Session, line: str) -> Decided:
    block = one(session, line)
    assert isinstance(block, Decided), block
    return block


def problem(session: Session, line: str) -> Problem:
    block = one(session, line)
    assert isinstance(block, Problem), block
    return block


def test_a_message_is_decided_in_the_default_context(session: Session) -> None:
    block = decided(session, "ma commande n'est jamais arrivée")
    assert block.decision.action is Action.ANSWER
    assert block.decision.rule_ids == ("plainte",)
    assert block.decision.reply == "Bonjour à vous, désolés !"
    assert block.message["channel"] == "facebook" and block.message["kind"] == "comment"
    # The moment is pinned (the session clock), in the policy's time zone.
    assert block.message["received_at"] == "2026-01-14T10:00:00+01:00"
    assert block.business_hours is True and block.holiday is False


def test_blank_input_produces_nothing(session: Session) -> None:
    assert session.handle("   ") == []


def test_context_commands_change_the_next_decision(session: Session) -> None:
    assert decided(session, "un avocat vous écrit").decision.action is Action.ANSWER
    shown = one(session, ":kind dm")
    assert isinstance(shown, ContextShown) and shown.changed == "kind" and shown.context.kind == "dm"
    block = decided(session, "un avocat vous écrit")
    assert block.decision.action is Action.ESCALATE
    assert [e.team for e in block.decision.escalations] == ["legal"]


def test_author_is_used_by_rules_and_templates(session: Session) -> None:
    one(session, ':author name="Léa Martin" followers=50k verified=yes')
    assert dict(session.context.author) == {"name": "Léa Martin", "followers": 50000, "verified": True}
    block = decided(session, "boycott de la commande !")
    assert block.decision.action is Action.ESCALATE
    assert block.decision.reply is None
    assert [(e.team, e.priority.word) for e in block.decision.escalations] == [("pr", "critical")]
    assert set(block.decision.rule_ids) == {"plainte", "vip"}
    assert block.message["author"] == {"name": "Léa Martin", "followers": 50000, "verified": True}


def test_at_sets_local_time_in_the_policy_zone(session: Session) -> None:
    shown = one(session, ":at 2026-11-22T03:00")
    assert isinstance(shown, ContextShown)
    assert shown.context.at is not None and shown.context.at.isoformat() == "2026-11-22T03:00:00+01:00"
    assert shown.moment == "Sunday 2026-11-22 03:00 Europe/Paris, outside business hours"
    block = decided(session, "la lampe a pris feu")
    assert block.decision.rule_ids == ("nuit",)
    assert block.message["received_at"] == "2026-11-22T03:00:00+01:00"
    assert block.business_hours is False
    # An explicit offset is kept as written.
    one(session, ":at 2026-11-18T10:00:00Z")
    assert decided(session, "la lampe a pris feu").decision.rule_ids == ()
    one(session, ":at now")
    assert session.context.at is None


def test_reset_goes_back_to_the_default_context(session: Session) -> None:
    for line in (":channel x", ":kind dm", ":author followers=3", ":at 2026-11-22T03:00", ":lang en"):
        session.handle(line)
    shown = one(session, ":reset")
    assert isinstance(shown, ContextShown) and shown.changed == "all"
    assert session.context.describe() == [
        ("channel", "facebook"),
        ("kind", "comment"),
        ("author", "(none)"),
        ("at", "now (the moment you type)"),
        ("lang", "(guessed from the text)"),
    ]


def test_context_shows_the_current_values(session: Session) -> None:
    session.handle(":channel instagram")
    session.handle(':author name="Léa Martin" verified=no')
    shown = one(session, ":context")
    assert isinstance(shown, ContextShown) and shown.changed is None
    assert dict(shown.context.describe())["author"] == 'name="Léa Martin", verified=no'
    assert dict(shown.context.describe())["channel"] == "instagram"


def test_bad_context_values_are_refused_with_help(session: Session) -> None:
    p = problem(session, ":kind dms")
    assert p.text == "unknown kind `dms`" and p.help == "did you mean `dm`?"
    p = problem(session, ":author folowers=10")
    assert p.text == "unknown author field `folowers`" and p.help == "did you mean `followers`?"
    p = problem(session, ":author followers=beaucoup")
    assert p.text == "`followers=beaucoup` is not a number"
    p = problem(session, ":at demain")
    assert p.text == "`demain` is not a date and time"
    assert session.context.kind == "comment" and not session.context.author


def test_an_unknown_platform_is_accepted_with_a_note(session: Session) -> None:
    shown = one(session, ":channel instagramm")
    assert isinstance(shown, ContextShown) and shown.context.channel == "instagramm"
    assert shown.note == "`instagramm` is not a platform ROE knows; it is used as-is (did you mean `instagram`?)"


def test_unknown_command_suggests_the_closest(session: Session) -> None:
    p = problem(session, ":expalin")
    assert p.text == "unknown command `:expalin`"
    assert p.help is not None and p.help.startswith("did you mean `:explain`?")
    assert "\\:expalin" in p.help


def test_smileys_and_escaped_colons_are_messages(session: Session) -> None:
    assert decided(session, ":) merci").decision.rule_ids == ("eloge",)
    assert decided(session, "\\:merci").text == ":merci"


def test_explain_traces_every_rule_of_the_last_message(session: Session) -> None:
    p = problem(session, ":explain")
    assert p.text == "no message yet"
    session.handle("espèce d'abruti")
    block = one(session, ":explain")
    assert isinstance(block, Traced) and block.decision.explanation is not None
    traced = {r["rule"]: r["matched"] for r in block.decision.explanation["rules"]}
    assert traced == {"plainte": False, "eloge": False, "injure": True, "vip": False, "nuit": False, "prive": False}


def test_why_names_the_false_condition(session: Session) -> None:
    session.handle("merci, mais ma commande n'est jamais livrée")
    block = one(session, ":why eloge")
    assert isinstance(block, WhyShown) and block.why.fired is False
    root = block.why.reason
    assert root.condition == "text contains any eloges and not (text contains any plaintes)"
    # Only the operand that made the `and` false is kept: the `not`, false because plaintes matched.
    [negation] = root.because
    assert (negation.condition, negation.value) == ("not (text contains any plaintes)", False)
    [inner] = negation.because
    assert inner.value is True
    assert inner.evidence == ("«commande» lexicon.plaintes", "«livrée» lexicon.plaintes")


def test_why_shows_actual_field_values(session: Session) -> None:
    session.handle(":author followers=1200")
    session.handle("boycott !")
    block = one(session, ":why vip")
    assert isinstance(block, WhyShown) and block.why.fired is False
    [false] = block.why.reason.because
    assert false.condition == "author.followers >= 10000"
    assert false.detail == "author.followers = 1200"
    assert false.location.endswith("policy.roe:33:8")


def test_why_reports_a_missing_field_as_an_error(session: Session) -> None:
    session.handle("boycott !")
    block = one(session, ":why vip")
    assert isinstance(block, WhyShown) and block.why.fired is None
    [unknown] = block.why.reason.because
    assert unknown.value is None and unknown.error == "the message has no `author.followers`"


def test_why_explains_named_conditions_through_their_body(session: Session) -> None:
    session.handle(":at 2026-01-14T10:00")
    session.handle("la lampe a pris feu")
    block = one(session, ":why nuit")
    assert isinstance(block, WhyShown)
    [named] = block.why.reason.because
    assert named.name == "hors_service" and named.value is False
    [hours] = named.because
    assert hours.condition == "outside hours" and hours.detail == "local time 2026-01-14T10:00:00+01:00"


def test_why_on_a_rule_that_fired_but_lost(session: Session) -> None:
    session.handle("ma commande, espèce d'abruti")
    block = one(session, ":why plainte")
    assert isinstance(block, WhyShown)
    assert block.why.fired is True and block.lost_to == "injure" and block.action is Action.DELETE


def test_why_with_an_unknown_or_missing_rule(session: Session) -> None:
    session.handle("bonjour")
    p = problem(session, ":why elogee")
    assert p.text == "no rule `elogee` in this policy" and p.help == "did you mean `eloge`?"
    assert problem(session, ":why").text == "`:why` needs a rule id"


def test_rules_lists_every_rule(session: Session) -> None:
    block = one(session, ":rules")
    assert isinstance(block, RulesShown)
    assert [r.id for r in block.rules] == ["plainte", "eloge", "injure", "vip", "nuit", "prive"]
    assert block.rules[2].effects == ("delete", "keep evidence")


def test_help_and_quit(session: Session) -> None:
    block = one(session, ":help")
    assert isinstance(block, HelpShown) and {c.name for c in block.commands} >= {"why", "save", "reload"}
    block = one(session, ":help why")
    assert isinstance(block, HelpShown) and [c.name for c in block.commands] == ["why"]
    assert isinstance(one(session, ":q"), Quit)
    assert isinstance(one(session, ":quit"), Quit)


def test_reload_keeps_the_old_policy_when_the_new_one_is_broken(session: Session, policy_file: Path) -> None:
    session.handle("espèce d'abruti")
    before = session.policy
    policy_file.write_text(POLICY.replace('text contains "abruti"', "text contains any insultes"), encoding="utf-8")
    block = one(session, ":reload")
    assert isinstance(block, Reloaded) and not block.ok
    assert [d.code for d in block.diagnostics if d.is_error] == ["ROE203"]
    assert "insultes" in block.diagnostics[0].message
    assert session.policy is before
    assert decided(session, "espèce d'abruti").decision.action is Action.DELETE


def test_reload_takes_the_new_rules_and_redecides_the_last_message(session: Session, policy_file: Path) -> None:
    session.handle("espèce d'abruti")
    changed = (
        POLICY.replace("then delete, keep evidence", "then hide") + '\nrule neuf when text contains "x" then hide\n'
    )
    policy_file.write_text(changed, encoding="utf-8")
    block = one(session, ":reload")
    assert isinstance(block, Reloaded) and block.ok
    assert block.after is not None and block.after.sha256 != block.before.sha256
    assert block.added == ("neuf",) and block.removed == ()
    assert block.last_action == (Action.DELETE, Action.HIDE)
    assert "neuf" in session.rule_ids


def test_save_appends_a_case_that_roe_test_replays(session: Session, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    assert problem(session, f":save {cases}").text == "nothing to save yet"
    session.handle(":kind dm")
    session.handle(':author name="Léa" followers=12')
    session.handle("un avocat vous écrit")
    saved = one(session, f":save {cases}")
    assert isinstance(saved, Saved) and saved.saved.count == 1
    assert saved.replay == f"roe test {cases} --policy {session.path}"
    session.handle(":reset")
    session.handle("espèce d'abruti")
    one(session, f':save {cases} "insulte simple"')

    data = yaml.safe_load(cases.read_text(encoding="utf-8"))
    assert [c["name"] for c in data] == ["un avocat vous écrit", "insulte simple"]
    assert data[0]["message"] == {
        "text": "un avocat vous écrit",
        "channel": "facebook",
        "kind": "dm",
        "received_at": "2026-01-14T10:00:00+01:00",
        "author": {"name": "Léa", "followers": 12},
    }
    assert data[0]["expect"] == {"action": "escalate", "escalations": ["legal"], "rules": ["prive"]}
    assert data[1]["expect"] == {"action": "delete", "rules": ["injure"]}
    results = run_cases(session.policy, load_case_file(cases))
    assert [r.failures for r in results] == [(), ()]


def test_save_pins_an_unset_channel_as_null(session: Session, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    session.handle(":channel none")
    session.handle("bonjour")
    session.handle(f":save {cases}")
    [case] = load_case_file(cases)
    assert case.message["channel"] is None and case.message["kind"] == "comment"


def test_save_refuses_what_it_cannot_append_to(session: Session, tmp_path: Path) -> None:
    session.handle("bonjour")
    flow = tmp_path / "flow.yaml"
    flow.write_text('[{name: a, message: "x", expect: answer}]\n', encoding="utf-8")
    assert problem(session, f":save {flow}").text.startswith(f"cannot append to `{flow}`")
    assert flow.read_text(encoding="utf-8") == '[{name: a, message: "x", expect: answer}]\n'
    mapping = tmp_path / "map.yaml"
    mapping.write_text("a: 1\n", encoding="utf-8")
    assert problem(session, f":save {mapping}").text == f"`{mapping}` is not a list of cases; save to another file"
    assert problem(session, f":save {tmp_path / 'cases.txt'}").help == (
        f"`roe test` reads case files ending in .yaml: `{tmp_path / 'cases.txt'}.yaml`"
    )


def test_a_message_the_engine_refuses_is_a_problem_not_a_crash(session: Session) -> None:
    session.handle(":author followers=10")
    session.context = type(session.context)(author={"followers": -1})
    p = problem(session, "bonjour")
    assert p.text == "this message cannot be decided: author.followers: expected a number ≥ 0, got -1"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-29T02:30", "2026-03-29T03:30:00+02:00"),  # skipped by the spring clock change
        ("2026-10-25 02:30", "2026-10-25T02:30:00+02:00"),  # happens twice: the first one
    ],
)
def test_at_on_clock_changes_says_which_instant(session: Session, typed: str, expected: str) -> None:
    shown = one(session, f":at {typed}")
    assert isinstance(shown, ContextShown) and shown.note is not None
    assert isinstance(session.context.at, datetime) and session.context.at.isoformat() == expected


def test_disabled_rules_are_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "p.roe"
    path.write_text(POLICY + "\ndisable rule eloge\n", encoding="utf-8")
    opened, _ = Session.open(path)
    assert opened is not None
    opened.handle("merci")
    block = opened.handle(":why eloge")
    assert block == [Note("rule `eloge` is disabled in this policy (`disable rule eloge`): it never fires")]


def test_personal_data_stays_masked_unless_asked(policy_file: Path) -> None:
    for show in (False, True):
        opened, _ = Session.open(policy_file, show_personal_data=show)
        assert opened is not None
        opened.handle("bonjour")
        block = opened.handle(":why plainte")[0]
        assert isinstance(block, WhyShown)
        # The normalised text of a false `contains` repeats the message: shown only when asked for.
        expected = "text as matched: «bonjour»" if show else None
        assert block.why.reason.detail == expected
        reloaded = opened.handle(":reload")[0]
        assert isinstance(reloaded, Reloaded)
        assert not any(d.is_error for d in reloaded.diagnostics)  # lint warnings may come along
        assert replace(reloaded, diagnostics=()) == Reloaded(
            True, str(policy_file), (), opened.policy.ref, opened.policy.ref, (), (), (Action.ANSWER, Action.ANSWER)
        )
        assert opened.policy.show_personal_data is show
