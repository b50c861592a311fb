"""Stable ids: the same words give the same id in every document, run and machine."""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object) -> str:
    """``prefix-`` and 12 hex digits of the SHA-1 of the parts (joined by U+001F)."""
    return f"{prefix}-" + hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]
