"""Formatting stage (`roe fmt`): a rule file in, the same rules in the one canonical layout out.

Parse → lay out the tree (`policy.format.printer`) → put the comments back
(`policy.format.comments`). Two promises, both tested over every bundled file and over generated
policies:

* meaning is kept: `parse(format(x)) == parse(x)` (spans are out of the tree's equality);
* formatting is stable: `format(format(x)) == format(x)`.

A file with a syntax error is never rewritten: its diagnostics come back instead, so a half-parsed
file can never lose the part the parser could not read.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy import ast
from policy.diagnostics import Diagnostic
from policy.format.comments import assemble
from policy.format.printer import WIDTH, Printer
from policy.source import Source
from policy.syntax import parse

__all__ = ["WIDTH", "Formatted", "format_module", "format_source", "format_text"]


@dataclass(frozen=True)
class Formatted:
    """The canonical text of a file, or None with the diagnostics that prevent formatting it."""

    source: Source
    text: str | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.text is not None

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.source.text


def format_source(source: Source) -> Formatted:
    result = parse(source)
    if not result.ok:
        return Formatted(source, None, tuple(d for d in result.diagnostics if d.is_error))
    return Formatted(source, format_module(result.module, source), ())


def format_text(text: str, path: str = "<text>") -> Formatted:
    return format_source(Source(path, text))


def format_module(module: ast.Module, source: Source | None = None) -> str:
    """The canonical text of a parsed module. With its `source`, comments are placed back; a module
    built by hand (no source) is printed without them."""
    comments = module.comments if source is not None else ()
    printer = Printer(source, sorted(c.span.start for c in comments))
    return assemble(printer.blocks(module), comments, source.text if source is not None else None)
