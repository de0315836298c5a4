"""Where the grammar and the bundled default policy live, installed or in a checkout.

A wheel ships `grammar/` and `rules/` inside the package as `policy/_data/` (see pyproject.toml);
a source checkout (or an editable install) reads them from the repository's top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def _find(relative: str) -> Path:
    for root in (_INSTALLED, _CHECKOUT):
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        f"cannot find `{relative}` next to the `policy` package ({_INSTALLED} or {_CHECKOUT}); "
        "the installation is incomplete — reinstall with `pip install .`"
    )


def grammar_path() -> Path:
    return _find("grammar/roe.lark")


def rules_dir() -> Path:
    return _find("rules")


def default_policy_path() -> Path:
    """The bundled default charter (`rules/main.roe`)."""
    return rules_dir() / "main.roe"
