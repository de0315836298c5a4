"""Masking of personal data shown in decisions and logs (GDPR: minimise what is repeated).

Evidence labelled `pii.*` is shown masked — enough for a CM to recognise what was found (the kind,
the first and last characters), never enough to reuse it.
"""

from __future__ import annotations

import re

_ALNUM = re.compile(r"[0-9A-Za-z]")


def mask_span(label: str, text: str) -> str:
    """`06 12 34 56 78` → `06 •• •• •• 78`; `jean.dupont@gmail.com` → `j•••@gmail.com`."""
    if label == "pii.email" and "@" in text:
        local, _, domain = text.partition("@")
        return (local[:1] + "•••" if local else "•••") + "@" + domain
    positions = [m.start() for m in _ALNUM.finditer(text)]
    if len(positions) <= 4:
        return "•" * len(text)
    keep = set(positions[:2] + positions[-2:])
    return "".join(ch if i in keep or i not in set(positions) else "•" for i, ch in enumerate(text))
