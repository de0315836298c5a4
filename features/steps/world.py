"""What a scenario knows: the policy, the message being written, the decisions taken — and the checks.

The French and English step modules are thin: they turn a sentence into a call of this module,
which only uses the public library (`load_policy`, `compile_text`, `Policy.decide`, `Decision`).
Nothing read from a feature file is ever evaluated as code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from policy import Action, Decision, Policy, Priority, compile_text, load_policy

AT = "2026-01-14T10:00:00+01:00"
"""When a message arrives unless a step says otherwise: Wednesday 14 January 2026, 10:00 in Paris, as
the examples written in rules (`policy.testing`) — an ordinary working moment."""

REFERENCE_MONDAY = date(2026, 1, 12)  # the week "un dimanche à 23:10" falls in: no public holiday


@dataclass
class World:
    policy: Policy | None = None
    draft: dict[str, Any] = field(default_factory=dict)
    decisions: list[tuple[dict[str, Any], Decision]] = field(default_factory=list)

    @property
    def decision(self) -> Decision:
        assert self.decisions, "no message was decided yet: add a step such as `Quand le message est décidé`"
        return self.decisions[-1][1]

    @property
    def message(self) -> dict[str, Any]:
        return self.decisions[-1][0]


# ---------------------------------------------------------------- the policy


def default_policy() -> World:
    return World(policy=load_policy())


def policy_file(root: Path, path: str) -> World:
    """A rule file, relative to the project's root folder."""
    return World(policy=load_policy(root / path))


def policy_text(root: Path, text: str) -> World:
    """Rules written in the feature itself; includes are read relative to `features/`."""
    return World(policy=compile_text(text, path=root / "features" / "inline.roe"))


# ---------------------------------------------------------------- the message


def new_message(world: World, text: str | None = None, **fields: Any) -> None:
    world.draft = {"received_at": AT, **fields}
    if text is not None:
        world.draft["text"] = text


def set_field(world: World, name: str, value: Any) -> None:
    if name.startswith("author."):
        world.draft.setdefault("author", {})[name.split(".", 1)[1]] = value
    else:
        world.draft[name] = value


def received_on(world: World, day: str, clock: str, days: dict[str, int]) -> None:
    """`dimanche`, `23:10` → that moment of the reference week, Paris time."""
    index = days.get(day.strip().lower())
    assert index is not None, f"unknown day `{day}`: one of {', '.join(days)}"
    hour, minute = (int(x) for x in clock.strip().replace("h", ":").split(":"))
    moment = REFERENCE_MONDAY + timedelta(days=index)
    set_field(world, "received_at", f"{moment.isoformat()}T{hour:02d}:{minute:02d}:00+01:00")


def decide(world: World, text: str | None = None) -> Decision:
    assert world.policy is not None, "no policy: start with `Soit la politique par défaut` / `Given the default policy`"
    message = {**world.draft}
    if "author" in message:
        message["author"] = dict(message["author"])
    if text is not None:
        message["text"] = text
    message.setdefault("received_at", AT)
    assert "text" in message, "the message has no text"
    decision = world.policy.decide(message)
    world.decisions.append((message, decision))
    return decision


def decide_table(world: World, rows: list[list[str]], keys: dict[str, str], kinds: dict[str, str]) -> Decision:
    """A message given as a two-column table: a field name (in the feature's language), its value."""
    new_message(world)
    for row in rows:
        assert len(row) == 2, f"each row of the table is `| field | value |`, got {row}"
        label, raw = row[0].strip().lower(), row[1].strip()
        name = keys.get(label)
        assert name is not None, f"unknown field `{row[0]}`: one of {', '.join(sorted(keys))}"
        set_field(world, name, _typed(name, raw, kinds))
    return decide(world)


def _typed(name: str, raw: str, kinds: dict[str, str]) -> Any:
    if name in {"author.followers", "author.prior_violations"}:
        return int(raw.replace(" ", "").replace("\u202f", ""))
    if name == "author.verified":
        return raw.lower() in {"oui", "yes", "true", "vrai"}
    if name == "kind":
        return kinds.get(raw.lower(), raw)
    return raw


# ---------------------------------------------------------------- words of the feature files


def action(word: str, words: dict[str, Action]) -> Action:
    key = word.strip().lower()
    found = words[key] if key in words else Action.parse(key)  # not `or`: IGNORE is 0, a false value
    assert found is not None, f"unknown action `{word}`: one of {', '.join(sorted(words))}"
    return found


def priority(word: str, words: dict[str, Priority]) -> Priority:
    found = words.get(word.strip().lower())
    assert found is not None, f"unknown priority `{word}`: one of {', '.join(sorted(words))}"
    return found


def categories(text: str, labels: dict[str, str]) -> set[str]:
    """`"doxxing, données personnelles"` → {"doxxing", "personal_data"}."""
    out = set()
    for part in re.split(r"\s*,\s*|\s+(?:et|and)\s+", text.strip()):
        if not part:
            continue
        key = labels.get(part.lower(), part.lower().replace(" ", "_"))
        out.add(key)
    return out


def duration(text: str) -> int:
    """`4h`, `30m`, `15min`, `1h30m`, `2d` → seconds (the spelling of the rule files)."""
    units = {"d": 86400, "h": 3600, "min": 60, "m": 60, "s": 1}
    parts = re.findall(r"(\d+)\s*(min|d|h|m|s)", text.strip())
    assert parts and "".join(a + u for a, u in parts) == re.sub(r"\s", "", text), f"not a duration: `{text}`"
    return sum(int(amount) * units[unit] for amount, unit in parts)


# ---------------------------------------------------------------- checks


def qualifications(decision: Decision) -> set[str]:
    """The legal qualification of a decision: the categories of the rules that matched.

    The one place to change when the analyses add a qualification of their own to decisions.
    """
    return {c for rule in decision.matched for c in rule.categories}


def citations(decision: Decision, rule: str | None = None) -> list[str]:
    return [c for m in decision.matched if rule is None or m.rule == rule for c in m.cite]


def highlighted(world: World, text: str, rule: str | None = None) -> bool:
    """Every letter of one occurrence of `text` in the message lies inside a piece of evidence."""
    message = world.message["text"]
    spans = [(e.start, e.end) for m in world.decision.matched if rule is None or m.rule == rule for e in m.evidence]
    occurrences = [m.span() for m in re.finditer(re.escape(text), message, re.IGNORECASE)]
    assert occurrences, f"`{text}` is not in the message `{message}`"
    return any(any(s <= start and end <= e for s, e in spans) for start, end in occurrences)


def explain(decision: Decision) -> str:
    """What to show when a check fails: the decision, as its JSON shape."""
    data = decision.to_dict()
    data.pop("elapsed_us", None)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()


def same_decisions(world: World) -> bool:
    first, second = (d.to_dict() for _, d in world.decisions[-2:])
    first.pop("elapsed_us")
    second.pop("elapsed_us")
    return orjson.dumps(first) == orjson.dumps(second)
