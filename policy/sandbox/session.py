"""Sandbox stage — one CM session: the policy, the message context, the last message, and what each input
produces.

`Session.handle(text)` takes one input (a message or a `:command`) and returns *blocks*: plain frozen
values saying what happened (a decision, the context, a trace, a problem with its help…). The session
never prints; the `roe sandbox` command renders the blocks with rich, and tests read them directly,
without a terminal.

Every message is decided at a moment the session pins down (the context's `:at`, or the moment it was
typed, to the second), so `:explain`, `:why` and `:save` all speak about the very decision the CM saw.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from policy import Checked, Policy, check_policy
from policy.compile import compile_checked
from policy.diagnostics import Diagnostic
from policy.model import Action, Decision, MessageError, PolicyRef
from policy.resources import default_policy_path
from policy.sandbox import context as ctx_commands
from policy.sandbox.cases import SavedCase, SaveError, append_case, case_entry
from policy.sandbox.commands import COMMANDS, Command, CommandSpec, MessageLine, UnknownCommand, parse_line, spec
from policy.sandbox.context import ContextError, MessageContext
from policy.sandbox.whynot import WhyNot, why

# ---------------------------------------------------------------- what an input produces


@dataclass(frozen=True)
class Decided:
    text: str
    message: Mapping[str, Any]
    decision: Decision
    local_time: datetime
    business_hours: bool | None  # None: the policy declares no business hours
    holiday: bool


@dataclass(frozen=True)
class ContextShown:
    context: MessageContext
    changed: str | None = None  # the field a command just set; None for `:context`
    note: str | None = None
    moment: str | None = None  # what `:at` means for this policy: weekday, local time, business hours


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class Problem:
    text: str
    help: str | None = None


@dataclass(frozen=True)
class Traced:
    text: str
    decision: Decision  # decided with explain="full"


@dataclass(frozen=True)
class WhyShown:
    why: WhyNot
    action: Action  # the decision's action
    lost_to: str | None  # the rule (or "default") whose action won, when this rule fired but lost


@dataclass(frozen=True)
class Reloaded:
    ok: bool
    path: str
    diagnostics: tuple[Diagnostic, ...]
    before: PolicyRef
    after: PolicyRef | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    last_action: tuple[Action, Action] | None = None  # the last message's action, before → after


@dataclass(frozen=True)
class Saved:
    saved: SavedCase
    replay: str  # the command that replays the file


@dataclass(frozen=True)
class RuleLine:
    id: str
    title: str | None
    effects: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class RulesShown:
    rules: tuple[RuleLine, ...]
    disabled: tuple[str, ...]


@dataclass(frozen=True)
class HelpShown:
    commands: tuple[CommandSpec, ...]


@dataclass(frozen=True)
class Quit:
    pass


Block = Decided | ContextShown | Note | Problem | Traced | WhyShown | Reloaded | Saved | RulesShown | HelpShown | Quit


@dataclass(frozen=True)
class Last:
    """The last message decided, with everything needed to decide it again identically."""

    text: str
    message: Mapping[str, Any]  # received_at pinned
    now: datetime


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# ---------------------------------------------------------------- the session


@dataclass
class Session:
    """A sandbox session over one policy file (the bundled default when `path` is None)."""

    policy: Policy
    path: Path | None = None
    clock: Callable[[], datetime] = _utc_now
    context: MessageContext = field(default_factory=MessageContext)
    last: Last | None = None
    show_personal_data: bool = False  # kept across `:reload`

    @classmethod
    def open(cls, path: Path | None = None, *, show_personal_data: bool = False) -> tuple[Session | None, Checked]:
        """A session on the policy at `path`, or None with the checker's diagnostics when it is broken."""
        checked = check_policy(path)
        if not checked.ok:
            return None, checked
        policy = compile_checked(checked, show_personal_data=show_personal_data)
        return cls(policy, path, show_personal_data=show_personal_data), checked

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.policy.rules)

    def handle(self, line: str) -> list[Block]:
        parsed = parse_line(line)
        if parsed is None:
            return []
        if isinstance(parsed, MessageLine):
            return self.decide(parsed.text)
        if isinstance(parsed, UnknownCommand):
            hint = f"did you mean `:{parsed.suggestion}`?" if parsed.suggestion else "`:help` lists the commands"
            return [
                Problem(
                    f"unknown command `:{parsed.word}`",
                    hint + f" (to try a message that starts with `:{parsed.word}`, type `\\:{parsed.word}`)",
                )
            ]
        return self.command(parsed)

    # ------------------------------------------------------------ messages

    def decide(self, text: str) -> list[Block]:
        now = self.clock()
        local = (self.context.at or now).astimezone(self.policy.tz)
        message = self.context.message(text, received_at=local)
        try:
            decision = self.policy.decide(message, now=now)
        except MessageError as exc:
            return [Problem(f"this message cannot be decided: {exc.field}: {exc.problem}", exc.help)]
        self.last = Last(text, message, now)
        return [self._decided(text, message, decision)]

    def _decided(self, text: str, message: Mapping[str, Any], decision: Decision) -> Decided:
        local = datetime.fromisoformat(str(message["received_at"])).astimezone(self.policy.tz)
        calendar = self.policy.calendar
        hours = calendar.in_hours(local) if calendar.has_hours else None
        return Decided(text, message, decision, local, hours, calendar.is_holiday(local.date()))

    def moment(self, when: datetime) -> str:
        """`Sunday 2026-11-22 03:00 Europe/Paris, outside business hours` — what time rules will see."""
        local = when.astimezone(self.policy.tz)
        calendar = self.policy.calendar
        parts = [f"{local:%A %Y-%m-%d %H:%M} {self.policy.tz.key}"]
        if calendar.has_hours:
            parts.append("within business hours" if calendar.in_hours(local) else "outside business hours")
        if calendar.is_holiday(local.date()):
            parts.append("public holiday")
        return ", ".join(parts)

    def _shown(self, changed: str | None = None, note: str | None = None) -> ContextShown:
        at = self.context.at
        return ContextShown(self.context, changed, note, self.moment(at) if at is not None else None)

    def _redecide(self, *, explain: bool = False) -> Decision | None:
        if self.last is None:
            return None
        return self.policy.decide(self.last.message, explain="full" if explain else "matches", now=self.last.now)

    # ------------------------------------------------------------ commands

    def command(self, command: Command) -> list[Block]:
        name, arg = command.name, command.argument
        try:
            if name in ("channel", "kind", "author", "at", "lang"):
                return [self._set(name, arg)]
        except ContextError as exc:
            return [Problem(exc.problem, exc.help)]
        handlers: dict[str, Callable[[], list[Block]]] = {
            "context": lambda: [self._shown()],
            "reset": self._reset,
            "explain": self._explain,
            "why": lambda: self._why(arg),
            "rules": self._rules,
            "reload": self._reload,
            "save": lambda: self._save(arg),
            "help": lambda: self._help(arg),
            "quit": lambda: [Quit()],
        }
        return handlers[name]()

    def _set(self, name: str, arg: str) -> ContextShown:
        note = None
        if name == "channel":
            self.context, note = ctx_commands.set_channel(self.context, arg)
        elif name == "kind":
            self.context = ctx_commands.set_kind(self.context, arg)
        elif name == "author":
            self.context = ctx_commands.set_author(self.context, arg)
        elif name == "at":
            self.context, note = ctx_commands.set_at(self.context, arg, self.policy.tz)
        else:
            self.context = ctx_commands.set_lang(self.context, arg)
        return self._shown(name, note)

    def _reset(self) -> list[Block]:
        self.context = MessageContext()
        return [self._shown("all")]

    def _explain(self) -> list[Block]:
        decision = self._redecide(explain=True)
        if decision is None or self.last is None:
            return [Problem("no message yet", "type a message first, then `:explain`")]
        return [Traced(self.last.text, decision)]

    def _why(self, arg: str) -> list[Block]:
        rule_id = arg.strip()
        if not rule_id:
            return [Problem("`:why` needs a rule id", "e.g. `:why eloge`; `:rules` lists them")]
        rule = self.policy.rule(rule_id)
        if rule is None:
            if rule_id in self.policy.disabled:
                return [Note(f"rule `{rule_id}` is disabled in this policy (`disable rule {rule_id}`): it never fires")]
            hint = difflib.get_close_matches(rule_id, self.rule_ids, n=1)
            return [
                Problem(
                    f"no rule `{rule_id}` in this policy",
                    f"did you mean `{hint[0]}`?" if hint else "`:rules` lists the rules",
                )
            ]
        decision = self._redecide()
        if decision is None or self.last is None:
            return [Problem("no message yet", f"type a message first, then `:why {rule_id}`")]
        lost = next((o.by for o in decision.overridden if o.rule == rule_id), None)
        return [WhyShown(why(self.policy, rule, self.last.message, self.last.now), decision.action, lost)]

    def _rules(self) -> list[Block]:
        lines = tuple(RuleLine(r.id, r.title, r.effects.texts, r.source) for r in self.policy.rules)
        return [RulesShown(lines, self.policy.disabled)]

    def _reload(self) -> list[Block]:
        target = self.path or default_policy_path()
        before = self.policy
        try:
            checked = check_policy(target)
        except OSError as exc:
            return [Problem(f"cannot read `{target}`: {exc}", "the current policy is kept")]
        if not checked.ok:
            return [Reloaded(False, str(target), checked.diagnostics, before.ref)]
        old_action = self._redecide()
        self.policy = compile_checked(checked, show_personal_data=self.show_personal_data)
        new_action = self._redecide()
        old_ids, new_ids = set(r.id for r in before.rules), set(self.rule_ids)
        transition = None
        if old_action is not None and new_action is not None:
            transition = (old_action.action, new_action.action)
        return [
            Reloaded(
                True,
                str(target),
                checked.diagnostics,  # warnings only, since the policy is ok
                before.ref,
                self.policy.ref,
                tuple(r for r in self.rule_ids if r not in old_ids),
                tuple(r.id for r in before.rules if r.id not in new_ids),
                transition,
            )
        ]

    def _save(self, arg: str) -> list[Block]:
        try:
            words = shlex.split(arg)
        except ValueError as exc:
            return [Problem(f"cannot read `{arg}`: {exc}", 'quote a file name with spaces: :save "my cases.yaml"')]
        if not words:
            return [Problem("`:save` needs a file", "e.g. `:save cases.yaml` (created if missing, appended to if not)")]
        path = Path(words[0]).expanduser()
        if path.suffix not in (".yaml", ".yml"):
            return [
                Problem(f"`{path}` is not a .yaml file", f"`roe test` reads case files ending in .yaml: `{path}.yaml`")
            ]
        decision = self._redecide()
        if decision is None or self.last is None:
            return [Problem("nothing to save yet", "type a message first, then `:save FILE`")]
        ref = self.policy.ref
        note = f"saved from roe sandbox; decided by {ref.name} {ref.version or ''} sha256:{ref.sha256[:12]}"
        entry = case_entry(self.last.message, decision, name=" ".join(words[1:]) or None, note=note)
        try:
            saved = append_case(path, entry)
        except SaveError as exc:
            return [Problem(str(exc))]
        replay = f"roe test {shlex.quote(str(path))}"
        if self.path is not None:
            replay += f" --policy {shlex.quote(str(self.path))}"
        return [Saved(saved, replay)]

    def _help(self, arg: str) -> list[Block]:
        if arg:
            found = spec(arg.strip())
            if found is None:
                return [Problem(f"no command `{arg.strip()}`", "`:help` lists the commands")]
            return [HelpShown((found,))]
        return [HelpShown(COMMANDS)]
