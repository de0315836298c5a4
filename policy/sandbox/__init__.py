"""The CM sandbox: try messages against a policy, set their context, ask why, save them as test cases.

Stage: an interactive edge over the engine, kept apart from the terminal. `session` holds the logic
(commands, context, decisions) and returns plain values; `prompt` is the prompt_toolkit input layer
(history, multi-line input, completion); `roe sandbox` (`policy.cli.sandbox`) renders with rich.
"""

from __future__ import annotations

from policy.sandbox.commands import COMMANDS, parse_line
from policy.sandbox.context import MessageContext
from policy.sandbox.session import Block, Session

__all__ = ["COMMANDS", "Block", "MessageContext", "Session", "parse_line"]
