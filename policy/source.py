"""Sources and spans: where every piece of a policy came from.

A `Source` is one file of a policy (rule file or lexicon file) held in memory; a `SourceSpan` points
into it with offsets and 1-based line/column numbers, so that every diagnostic and every rule in a
decision can say `file:line:col`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Source:
    """The text of one file, with the path shown to users (relative when possible)."""

    path: str
    text: str

    @cached_property
    def _line_starts(self) -> tuple[int, ...]:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        return tuple(starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline."""
        starts = self._line_starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def span(self, start: int, end: int) -> SourceSpan:
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return SourceSpan(self, start, end, line, col, end_line, end_col)


@dataclass(frozen=True)
class SourceSpan:
    """A range of a source. Left out of equality wherever it is stored (STYLE §3)."""

    source: Source = field(repr=False)
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    def location(self) -> str:
        return f"{self.source.path}:{self.line}:{self.column}"

    def cover(self, other: SourceSpan) -> SourceSpan:
        """The smallest span holding both (same source)."""
        return self.source.span(min(self.start, other.start), max(self.end, other.end))


NO_SOURCE = Source("<builtin>", "")
NO_SPAN = SourceSpan(NO_SOURCE, 0, 0, 1, 1, 1, 1)
