"""What an ingest adapter is, and the shared checks every adapter uses for clear errors.

An adapter reads one published format. It says which files it recognises (by header, not by file
name, so next month's download with a new name is still recognised), declares the tables it writes,
and turns its files into tidy DataFrames, raising :class:`lib.errors.IngestError` naming file, row
and column for anything it cannot trust. Adapters run in order; a later adapter can use an earlier
one's tables through ``ctx.tables`` (stop-and-search needs the borough boundaries).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd

from lib.errors import IngestError
from lib.schema import TableSchema


@dataclass
class IngestContext:
    """Shared state of one ingest run."""

    source_dir: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: dict[str, object] = field(default_factory=dict)  # goes into the manifest

    def warn(self, message: str) -> None:
        self.warnings.append(message)


class Adapter(Protocol):
    name: str
    tables: tuple[TableSchema, ...]

    def recognises(self, path: Path, head: str) -> bool:
        """True for a file of this format; ``head`` is the first 4 KB decoded leniently."""

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        """Tidy tables from every recognised file (raises IngestError on bad input)."""


def read_text(path: Path, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    """Whole file as text in the first encoding that decodes it; IngestError if none does or empty."""
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(path, "the file is empty")
    last: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError as e:
            last = e
    assert last is not None
    line = data[: last.start].count(b"\n") + 1
    raise IngestError(
        path, f"cannot be read as {' or '.join(encodings)} (byte {last.start}); wrong encoding?", row=line
    )


def read_csv_rows(
    path: Path,
    required: list[str],
    *,
    delimiter: str = ",",
    encodings: tuple[str, ...] = ("utf-8-sig",),
    header_rows: int = 1,
) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of a CSV, checked for required columns and ragged (truncated) rows.

    Returns the last header row and the data rows; IngestError names the missing column or the
    row whose field count differs from the header.
    """
    text = read_text(path, encodings)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if len(rows) < header_rows:
        raise IngestError(path, "the file has no header row")
    header = [h.strip() for h in rows[header_rows - 1]]
    for col in required:
        if col not in header:
            raise IngestError(path, f"missing column {col!r} (found {header[:8]}...)", row=header_rows, column=col)
    body = rows[header_rows:]
    if not body:
        raise IngestError(path, "the file has a header but no data rows", row=header_rows + 1)
    for i, r in enumerate(body):
        if len(r) != len(header):
            raise IngestError(
                path,
                f"has {len(r)} fields where the header has {len(header)}: truncated or malformed row",
                row=header_rows + 1 + i,
            )
    return header, body


# The largest count a published file may hold. Far above any real count (London records about a
# million offences a year; the world has 8 billion people) and low enough that a table's total of
# millions of such counts still fits the 64-bit integers the store keeps (4 million rows x 10^12 is
# below 2^63): a larger value is a damaged or hostile file, refused rather than wrapped or rounded.
MAX_COUNT = 10**12
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def too_large(value: str) -> str:
    """The message for a count above ``MAX_COUNT`` (the value shortened to 40 characters)."""
    shown = value.strip() if len(value.strip()) <= 40 else value.strip()[:37] + "..."
    return f"count {shown!r} is too large (at most {MAX_COUNT:,}; it could not be stored as a 64-bit total)"


def first_too_large(values: pd.Series) -> int | None:
    """Position of the first number in ``values`` (numeric, NA allowed) above ``MAX_COUNT``, or None."""
    big = (values.astype("float64") > MAX_COUNT).fillna(False).to_numpy()
    return int(big.argmax()) if big.any() else None


def parse_count(value: str, path: Path, row: int, column: str) -> int:
    """A published count: a non-negative whole number ('1,234' allowed) up to ``MAX_COUNT``.
    IngestError (naming file, row and column) otherwise."""
    v = value.strip().replace(",", "")
    if v == "":
        raise IngestError(path, "empty count", row=row, column=column)
    if v.isascii() and v.isdecimal():
        n = int(v) if len(v) <= 20 else MAX_COUNT + 1  # a 100,000-digit cell is not converted
    else:
        if not _NUMBER.fullmatch(v):  # not NaN, infinities, '1_000' or non-ASCII digits, which float() takes
            raise IngestError(path, f"not a number: {_short(value)!r}", row=row, column=column)
        f = float(v)
        if abs(f) > MAX_COUNT:
            raise IngestError(path, too_large(value), row=row, column=column)
        if f != int(f):
            raise IngestError(path, f"not a whole number: {_short(value)!r}", row=row, column=column)
        n = int(f)
    if n < 0:
        raise IngestError(path, f"negative count: {_short(value)!r}", row=row, column=column)
    if n > MAX_COUNT:
        raise IngestError(path, too_large(value), row=row, column=column)
    return n


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


def sniff_head(path: Path, size: int = 4096) -> str:
    """The first bytes of a file decoded leniently, for recognising its format."""
    with open(path, "rb") as fh:
        return fh.read(size).decode("utf-8-sig", errors="replace")


TEXT_SUFFIXES = {".csv", ".tsv", ".geojson", ".json"}
_SIGNATURES = {  # what the first bytes of a binary data file must be
    ".xlsx": (b"PK\x03\x04",),
    ".zip": (b"PK\x03\x04", b"PK\x05\x06"),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".shp": (b"\x00\x00\x27\x0a",),
}


def diagnose_bytes(path: Path, size: int = 4096) -> str | None:
    """Why a data-looking file cannot be text of the kind we read (None if it looks like plain text).

    Recognises the usual accidents: text re-saved as UTF-16 ('Unicode' in Excel's save dialog), a
    saved HTML error page in place of a download, random or binary bytes under a .csv name, and a
    binary workbook or archive whose first bytes are not its format's signature.
    """
    with open(path, "rb") as fh:
        data = fh.read(size)
    suffix = path.suffix.lower()
    if suffix in _SIGNATURES:
        if not data.startswith(_SIGNATURES[suffix]):
            what = _describe_text(data)
            return f"is not a valid {suffix} file (it does not start with the {suffix} signature{what})"
        return None
    return _describe_text(data).removeprefix("; it ").removeprefix("; ") or None


def _describe_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        return ("; it is UTF-16 text (Excel's 'Unicode text'); save it again as CSV UTF-8 "
                "(comma delimited)")
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")) or b"<html" in stripped[:512]:
        return ("; it is an HTML or XML page (a saved error or login page?), not the published data; "
                "download the file again")
    if b"\x00" in data or _control_share(data) > 0.05:
        return "; it is binary or random bytes, not text; download the file again"
    return ""


def _looks_utf16(data: bytes) -> bool:
    sample = data[:1024]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd)


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 13))
    return bad / len(data)
