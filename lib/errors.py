"""Errors raised by ingest and by the command line, each naming where the problem is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class IngestError(Exception):
    """A source file that cannot be trusted: names the file, the row and the column.

    ``row`` is the 1-based line number in the file as a person would count it in a text
    editor (the header is line 1), or ``None`` when the problem is the whole file.
    """

    file: Path | str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [str(self.file)]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class UsageError(Exception):
    """A request the data cannot answer (unknown borough, month outside the data, bad period)."""


MAX_ECHO = 40  # characters of a reader's value repeated back in a message


def shorten(value: object, limit: int = MAX_ECHO) -> str:
    """A reader's value made safe to repeat in a one-line message: quoted, control and format characters
    (newlines, bidirectional overrides) replaced by '?', cut to ``limit`` characters plus '…'."""
    import unicodedata

    text = "".join("?" if unicodedata.category(ch)[0] == "C" else ch for ch in str(value))
    return repr(text[:limit] + "…" if len(text) > limit else text)
