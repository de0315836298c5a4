"""Loading stage: a root rule file and everything it includes, parsed, plus the lexicon files.

Includes are resolved relative to the including file and expanded in place (depth first), so rule
order — which decides ties — is the order a reader sees when following the includes. Cycles and
missing files are diagnostics on the `include` line. The policy's sha256 covers every file read
(rule files and lexicon files, with their paths relative to the root), so a decision names exactly
the text that made it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policy import ast
from policy.diagnostics import Diagnostic, Severity
from policy.source import Source, SourceSpan
from policy.syntax import parse

Reader = Callable[[Path], str]


def read_file(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class LoadedFile:
    path: Path  # absolute
    name: str  # relative to the root file's folder: stable across machines
    source: Source
    module: ast.Module


@dataclass(frozen=True)
class LexiconTerm:
    text: str
    span: SourceSpan = field(compare=False)


@dataclass(frozen=True)
class Bundle:
    """Everything read for one policy, before any semantic check."""

    root: LoadedFile
    files: tuple[LoadedFile, ...]
    lexicon_files: dict[str, tuple[LexiconTerm, ...]]  # absolute path → terms
    diagnostics: tuple[Diagnostic, ...]
    sha256: str
    root_dir: Path

    def items(self) -> list[tuple[LoadedFile, ast.Item]]:
        """Every declaration in reading order, includes expanded in place."""
        by_path = {f.path: f for f in self.files}
        out: list[tuple[LoadedFile, ast.Item]] = []
        seen: set[Path] = set()

        def visit(file: LoadedFile) -> None:
            if file.path in seen:
                return
            seen.add(file.path)
            for item in file.module.items:
                if isinstance(item, ast.Include):
                    target = (file.path.parent / item.path.value).resolve()
                    if target in by_path:
                        visit(by_path[target])
                    continue
                out.append((file, item))

        visit(self.root)
        return out


def display_path(path: Path) -> str:
    """How a path is shown in diagnostics: relative to the working directory when it is below it,
    absolute otherwise (a `../` path would read differently from every checkout)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel == ".." or rel.startswith(".." + os.sep) else rel


def load(path: Path | str, *, reader: Reader = read_file, text: str | None = None) -> Bundle:
    """Read and parse a policy. Never raises on bad input: problems are diagnostics."""
    root_path = Path(path).resolve()
    root_dir = root_path.parent
    diagnostics: list[Diagnostic] = []
    files: dict[Path, LoadedFile] = {}
    lexicons: dict[str, tuple[LexiconTerm, ...]] = {}
    digest_parts: list[tuple[str, str]] = []

    def name_of(p: Path) -> str:
        try:
            return p.relative_to(root_dir).as_posix()
        except ValueError:
            return os.path.relpath(p, root_dir).replace(os.sep, "/")

    def parse_file(p: Path, content: str) -> LoadedFile:
        source = Source(display_path(p), content)
        result = parse(source)
        diagnostics.extend(result.diagnostics)
        digest_parts.append((name_of(p), content))
        loaded = LoadedFile(p, name_of(p), source, result.module)
        files[p] = loaded
        return loaded

    def visit(loaded: LoadedFile, stack: tuple[Path, ...]) -> None:
        for item in loaded.module.items:
            if isinstance(item, ast.LexiconDecl | ast.ExtendLexicon) and item.file is not None:
                _load_lexicon(
                    loaded.path.parent / item.file.value,
                    item.file,
                    reader,
                    lexicons,
                    diagnostics,
                    digest_parts,
                    name_of,
                )
            if not isinstance(item, ast.Include):
                continue
            target = (loaded.path.parent / item.path.value).resolve()
            if target in stack:
                chain = " → ".join(f"`{name_of(p)}`" for p in (*stack[stack.index(target) :], target))
                diagnostics.append(
                    Diagnostic(
                        "ROE209",
                        f"include cycle: {chain}",
                        item.path.span,
                        "remove one of the `include` lines of the cycle",
                    )
                )
                continue
            if target in files:
                diagnostics.append(
                    Diagnostic(
                        "ROE251",
                        f"`{item.path.value}` is already included",
                        item.path.span,
                        "remove this line: a file is read once, at its first `include`",
                        Severity.WARNING,
                    )
                )
                continue
            try:
                content = reader(target)
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                diagnostics.append(
                    Diagnostic(
                        "ROE210",
                        f"cannot find included file `{item.path.value}`",
                        item.path.span,
                        f"paths are relative to the including file; looked for `{display_path(target)}`",
                    )
                )
                continue
            except (OSError, UnicodeDecodeError) as exc:
                diagnostics.append(
                    Diagnostic(
                        "ROE210",
                        f"cannot read included file `{item.path.value}`: {exc}",
                        item.path.span,
                        "rule files must be readable UTF-8 text",
                    )
                )
                continue
            visit(parse_file(target, content), (*stack, target))

    if text is None:
        text = reader(root_path)
    root = parse_file(root_path, text)
    visit(root, (root_path,))

    digest = hashlib.sha256()
    for name, content in digest_parts:
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(content.encode())
        digest.update(b"\0")
    return Bundle(root, tuple(files.values()), lexicons, tuple(diagnostics), digest.hexdigest(), root_dir)


def _load_lexicon(
    path: Path,
    where: ast.Str,
    reader: Reader,
    lexicons: dict[str, tuple[LexiconTerm, ...]],
    diagnostics: list[Diagnostic],
    digest_parts: list[tuple[str, str]],
    name_of: Callable[[Path], str],
) -> None:
    """A lexicon file: one term per line; `#` starts a comment; blank lines are skipped."""
    resolved = path.resolve()
    key = str(resolved)
    if key in lexicons:
        return
    try:
        content = reader(resolved)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        diagnostics.append(
            Diagnostic(
                "ROE210",
                f"cannot find lexicon file `{where.value}`",
                where.span,
                f"paths are relative to the rule file; looked for `{display_path(resolved)}`",
            )
        )
        return
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.append(
            Diagnostic(
                "ROE210",
                f"cannot read lexicon file `{where.value}`: {exc}",
                where.span,
                "lexicon files must be UTF-8 text, one term per line",
            )
        )
        return
    digest_parts.append((name_of(resolved), content))
    source = Source(display_path(resolved), content)
    terms: list[LexiconTerm] = []
    offset = 0
    for line in content.splitlines(keepends=True):
        body = line.split("#", 1)[0]
        stripped = body.strip()
        if stripped:
            start = offset + body.index(stripped)
            terms.append(LexiconTerm(stripped, source.span(start, start + len(stripped))))
        offset += len(line)
    lexicons[key] = tuple(terms)
