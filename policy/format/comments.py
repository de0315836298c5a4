"""Formatting stage, comments: put every comment of the original file back next to its code.

The parser keeps comments apart from the tree (`Module.comments`, with spans). Each laid-out line
knows the source offsets of the code it shows, so a comment finds its place by position:

* a **trailing** comment (code before it on its line) stays at the end of the line that now shows
  the last code written before it;
* an **own-line** comment goes above the line that now shows the first code written after it, at
  that line's indentation — above a declaration, a clause, an example, an operand of a condition;
* except a block of own-line comments glued under a declaration (no blank line before it) and
  followed by a blank line before the next declaration: it closes the declaration above (a
  commented-out example, a note on the rule) and stays under it.

Blank lines: inside a declaration there are none; between declarations the layout decides (see
`separated`), and a blank line the author left between a comment block and what follows it at the
top level is kept (collapsed to one).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from policy import ast
from policy.format.printer import Block, Line


@dataclass
class _Place:
    block: int
    line: int


@dataclass
class _Own:
    texts: list[str]
    start: int
    end: int


def assemble(blocks: list[Block], comments: tuple[ast.Comment, ...], text: str | None) -> str:
    """The final text: the blocks' lines, separated, with the comments placed."""
    places = [_Place(b, i) for b, block in enumerate(blocks) for i in range(len(block.lines))]
    line_of = [blocks[p.block].lines[p.line] for p in places]
    starts = sorted((offset, g) for g, line in enumerate(line_of) for offset in line.starts)
    ends = sorted((offset, g) for g, line in enumerate(line_of) for offset in line.ends)
    start_keys = [s[0] for s in starts]
    end_keys = [e[0] for e in ends]
    after: dict[int, list[str]] = {}  # block index → comments closing it
    forced_gap: set[int] = set()  # blocks after which a blank line is required
    tail: list[str] = []  # comments after all the code

    own: list[_Own] = []
    for comment in comments if text is not None else ():
        body = comment.text.rstrip()
        start, end = comment.span.start, comment.span.end
        line_start = text.rfind("\n", 0, start) + 1 if text is not None else 0
        is_trailing = text is not None and text[line_start:start].strip() != ""
        i = bisect.bisect_right(end_keys, start) - 1
        if is_trailing and i >= 0:
            line_of[ends[i][1]].trailing.append(body)
            continue
        if own and text is not None and _next_line(text, own[-1].end, start):
            own[-1].texts.append(body)
            own[-1].end = end
        else:
            own.append(_Own([body], start, end))

    assert text is not None or not own
    for index, group in enumerate(own):
        previous_end = max(_last_before(end_keys, group.start), own[index - 1].end if index else -1)
        following = _first_after(start_keys, group.end)
        next_start = min(following if following is not None else len(text or ""), _next_own(own, index))
        blank_before = previous_end >= 0 and _has_blank(text or "", previous_end, group.start)
        blank_after = _has_blank(text or "", group.end, next_start) or next_start == len(text or "")
        j = bisect.bisect_left(start_keys, group.end)
        target = starts[j][1] if j < len(starts) else None
        k = bisect.bisect_right(end_keys, group.start) - 1
        previous = ends[k][1] if k >= 0 else None
        opens_declaration = target is None or places[target].line == 0
        if previous is not None and opens_declaration and not blank_before and (blank_after or target is None):
            owner = places[previous].block
            after.setdefault(owner, []).extend(group.texts)
            forced_gap.add(owner)
            continue
        if target is None:
            if blank_before and (tail or blocks):
                tail.append("")
            tail.extend(group.texts)
            continue
        line = line_of[target]
        line.before.extend(group.texts)
        if places[target].line == 0 and blank_after:
            line.before.append("")

    out: list[str] = []
    for b, block in enumerate(blocks):
        if b and separated(blocks[b - 1], block, b - 1 in forced_gap, text):
            out.append("")
        for line in block.lines:
            _emit(out, line)
        last = block.lines[-1]
        out.extend(" " * last.indent + c for c in after.get(b, ()))
    out.extend(tail)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _emit(out: list[str], line: Line) -> None:
    for comment in line.before:
        out.append(" " * line.indent + comment if comment else "")
    code = line.text.rstrip()
    if line.trailing:
        code += "  " + "  ".join(line.trailing)
    out.append(code)


def separated(previous: Block, block: Block, forced: bool, text: str | None) -> bool:
    """Whether a blank line goes between two declarations.

    One between declarations of different kinds, around every rule and every declaration laid out
    on several lines, and after a comment that closes a declaration; between one-line declarations
    of one kind (teams, lexicons…), only where the author left one.
    """
    if forced or previous.kind != block.kind or len(previous.lines) > 1 or len(block.lines) > 1:
        return True
    if previous.kind == "rule":
        return True
    if text is None:
        return False
    end = max((o for line in previous.lines for o in line.ends), default=None)
    first = block.lines[0]
    start = min((o for o in first.starts), default=None)
    if end is None or start is None or end > start:
        return False
    return _has_blank(text, end, start)


def _has_blank(text: str, start: int, end: int) -> bool:
    """A line holding only blanks between two offsets."""
    gap = text[start:end]
    lines = gap.split("\n")
    return any(not part.strip() for part in lines[1:-1])


def _next_line(text: str, end: int, start: int) -> bool:
    """The comment at `start` is on the line right under the comment ending at `end`."""
    gap = text[end:start]
    return gap.count("\n") == 1 and not gap.strip()


def _last_before(keys: list[int], offset: int) -> int:
    i = bisect.bisect_right(keys, offset) - 1
    return keys[i] if i >= 0 else -1


def _first_after(keys: list[int], offset: int) -> int | None:
    i = bisect.bisect_left(keys, offset)
    return keys[i] if i < len(keys) else None


def _next_own(own: list[_Own], index: int) -> int:
    return own[index + 1].start if index + 1 < len(own) else 1 << 62
