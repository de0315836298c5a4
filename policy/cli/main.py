"""The `roe` command: a thin layer over the library (STYLE §11).

Each subcommand lives in its own module of `policy.cli` that defines `add_parser(subparsers)` and an
`ORDER` (its place in `roe --help`); the modules are found here, so adding a command adds a file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

import policy.cli


def commands() -> list[ModuleType]:
    found = []
    for info in pkgutil.iter_modules(policy.cli.__path__):
        module = importlib.import_module(f"policy.cli.{info.name}")
        if hasattr(module, "add_parser"):
            found.append(module)
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="roe",
        description="ROE — rules of engagement: decide what a community manager may do with a message, and why.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands():
        module.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "run", None):
        p.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
