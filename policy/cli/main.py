"""The `roe` command: a thin layer over the library (STYLE §11). One module per subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from policy.cli import decide, lint, test


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="roe",
        description="ROE — rules of engagement: decide what a community manager may do with a message, and why.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for module in (decide, lint, test):
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
