"""The one-pagers' narrative from a reader's file (``pack --notes FILE``): a paragraph or more per indicator.

Format (Markdown headings and paragraphs, nothing else)::

    # Total Notifiable Offences
    Up 1% on last year, mostly theft from motor vehicles in the north of the borough.

    # Burglary (Residential)
    Down a quarter: the winter operation ...

    A second paragraph for the same indicator.

Each ``#`` heading names an indicator as its page is titled (any case; :mod:`lib.reference.one_pagers`);
the lines under it, up to the next heading, are its narrative, paragraphs split at blank lines. A page
whose indicator has no heading keeps an empty box. The text is printed as text: HTML is shown as the
characters typed, never as markup; of Markdown only ``**bold**``/``__bold__`` markers are taken out,
'- ' or '* ' bullets become '• ' and ``[words](address)`` becomes 'words (address)'.

Refused, with a one-line error naming the line: a heading naming no indicator, an indicator given twice,
text before the first heading, and a file that is not UTF-8 text or is over :data:`MAX_BYTES`.
"""

from __future__ import annotations

import re

from lib.errors import UsageError
from lib.reference.one_pagers import one_pager_indicators

MAX_BYTES = 200_000  # a paragraph or two for each of 15 indicators is a few kilobytes
SHOWN = 60  # characters of a bad heading echoed in an error
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _plain(line: str) -> str:
    """One line of the safe subset as plain text."""
    line = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), line)
    line = line.replace("**", "").replace("__", "")
    return re.sub(r"^\s*[-*]\s+", "• ", line).strip()


def parse_notes(text: str | bytes, source: str = "notes") -> dict[str, tuple[str, ...]]:
    """Indicator title -> its paragraphs (plain text), from the file's text; UsageError naming ``source``
    and the line for anything the format does not allow."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise UsageError(f"--notes {source}: {len(text):,} bytes, more than a notes file may hold ({MAX_BYTES:,})")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = text[: e.start].count(b"\n") + 1
            raise UsageError(f"--notes {source} line {line}: not UTF-8 text") from None
    titles = {i.title.casefold(): i.title for i in one_pager_indicators()}
    out: dict[str, list[list[str]]] = {}
    first_line: dict[str, int] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        heading = _HEADING.match(raw)
        if heading:
            name = heading.group(1)
            title = titles.get(" ".join(name.split()).casefold())
            if title is None:
                raise UsageError(f"--notes {source} line {number}: unknown indicator {_short(name)!r} (one of: "
                                 + ", ".join(i.title for i in one_pager_indicators()) + ")")
            if title in first_line:
                raise UsageError(f"--notes {source} line {number}: {title!r} is given twice "
                                 f"(first at line {first_line[title]})")
            first_line[title], current = number, title
            out[title] = [[]]
            continue
        line = _plain(raw)
        if not line:
            if current is not None and out[current][-1]:
                out[current].append([])
            continue
        if current is None:
            raise UsageError(f"--notes {source} line {number}: text before the first indicator heading "
                             "('# Indicator name')")
        out[current][-1].append(line)
    return {t: tuple(" ".join(p) for p in paras if p) for t, paras in out.items()}
