"""Authentication stage of the HTTP API: bearer keys, two roles (client and admin).

Keys come from `ROE_API_KEYS` and `ROE_ADMIN_KEYS` (comma-separated) and/or a key file. Only their
SHA-256 digests are kept in memory, and a presented key is compared with *every* configured digest
with `hmac.compare_digest`, without stopping at the first match, so the time taken says nothing
about which key — or how much of one — was right.

With no key configured the API is open; `roe serve` then only binds to loopback, and the app itself
refuses clients that are not on loopback (defence in depth for `uvicorn --factory` deployments).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import ipaddress
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_API_KEYS = "ROE_API_KEYS"
ENV_ADMIN_KEYS = "ROE_ADMIN_KEYS"
# Shorter keys are guessable; 16 characters of a random token is already ~96 bits.
MIN_KEY_LENGTH = 16


class Role(enum.IntEnum):
    CLIENT = 1
    ADMIN = 2


class KeyConfigError(ValueError):
    """A key source that cannot be used (named after the source, never showing a key)."""


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


@dataclass(frozen=True)
class Keyring:
    """The configured keys, as digests. An admin key is also a client key."""

    client: tuple[bytes, ...] = ()
    admin: tuple[bytes, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.client or self.admin)

    def __len__(self) -> int:
        return len(self.client) + len(self.admin)

    def role_of(self, presented: str) -> Role | None:
        """The role of a presented key, or None. Constant time in the key's content."""
        digest = _digest(presented)
        is_admin = False
        is_client = False
        for known in self.admin:
            is_admin |= hmac.compare_digest(digest, known)
        for known in self.client:
            is_client |= hmac.compare_digest(digest, known)
        if is_admin:
            return Role.ADMIN
        if is_client:
            return Role.CLIENT
        return None

    @classmethod
    def build(cls, client: Iterable[str] = (), admin: Iterable[str] = ()) -> Keyring:
        admin_keys = _checked(admin, "admin key")
        client_keys = _checked(client, "key")
        return cls(tuple(dict.fromkeys(map(_digest, client_keys))), tuple(dict.fromkeys(map(_digest, admin_keys))))

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, keys_file: str | Path | None = None) -> Keyring:
        """Keys from the environment and, when given, a key file (both add up)."""
        env = os.environ if env is None else env
        client = _split(env.get(ENV_API_KEYS, ""))
        admin = _split(env.get(ENV_ADMIN_KEYS, ""))
        if keys_file is not None:
            more_client, more_admin = read_keys_file(Path(keys_file))
            client += more_client
            admin += more_admin
        return cls.build(client, admin)


def _split(raw: str) -> list[str]:
    return [k.strip() for k in raw.split(",") if k.strip()]


def _checked(keys: Iterable[str], what: str) -> list[str]:
    out = list(keys)
    for number, key in enumerate(out, start=1):
        if len(key) < MIN_KEY_LENGTH:
            raise KeyConfigError(f"{what} #{number} is too short ({len(key)} characters; at least {MIN_KEY_LENGTH})")
        if any(ch.isspace() or ch == "," for ch in key):
            raise KeyConfigError(f"{what} #{number} contains a space or a comma")
    return out


def read_keys_file(path: Path) -> tuple[list[str], list[str]]:
    """A key file: one key per line, `client <key>` or `admin <key>`; `#` starts a comment.

    A bare key on a line is a client key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyConfigError(f"cannot read the key file `{path}`: {exc.strerror or exc}") from None
    client: list[str] = []
    admin: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) == 1:
            client.append(parts[0])
        elif len(parts) == 2 and parts[0] in ("client", "admin"):
            (admin if parts[0] == "admin" else client).append(parts[1])
        else:
            raise KeyConfigError(f"{path}:{number}: expected `client <key>`, `admin <key>` or a bare key")
    return client, admin


def is_loopback(host: str | None) -> bool:
    """`127.0.0.1`, `::1`, `localhost` (and the rest of 127/8)."""
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme case-insensitive)."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token
