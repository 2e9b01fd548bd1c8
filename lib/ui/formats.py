"""Numbers as the public sees them: small counts suppressed, missing values as a dash."""

from __future__ import annotations

from lib.suppression import MASK, is_suppressed


def count_text(n: int | None) -> str:
    """A count for display: '–' when missing, '<10' when under the suppression threshold."""
    return "–" if n is None else MASK if is_suppressed(n) else f"{n:,}"
