"""Victim satisfaction (MPS User Satisfaction Survey, USS) in the project's documented import format.

No public USS extract exists (see ``../shared/data/README.md``), so this adapter reads the format
defined in ``docs/import_formats/uss.md``: a UTF-8 CSV with exactly the columns

    borough,period,measure,ethnic_group,proportion,respondents

one row per borough (or London), quarter, measure and ethnic group; ``period`` is the quarter's last
month 'YYYY-MM' and each figure covers the rolling 12 months to it (as the Enfield Safer
Neighbourhood Board pack reports USS); ``proportion`` is a fraction 0..1 of ``respondents``.
Every bad cell stops the ingest with the file, line and column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.errors import IngestError
from lib.ingest.base import MAX_COUNT, IngestContext, read_csv_rows, too_large
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, find_borough
from lib.reference.surveys import USS_ETHNIC_GROUPS, USS_MEASURES
from lib.schema import Column, TableSchema

COLUMNS = ["borough", "period", "measure", "ethnic_group", "proportion", "respondents"]
LONDON_SPELLINGS = {"london", "mps", "metropolitan police"}
QUARTER_END_MONTHS = {"03", "06", "09", "12"}
USS = TableSchema(
    name="uss",
    description=(
        "Victim satisfaction (User Satisfaction Survey) by borough and London, quarter, measure and ethnic "
        "group of the victim: proportion satisfied over the rolling 12 months to the quarter, with respondents."
    ),
    source=(
        "MPS User Satisfaction Survey in the import format of docs/import_formats/uss.md (no public extract; "
        "the demonstration store carries invented figures)"
    ),
    columns=(
        Column("borough_code", "str", "borough GSS code, or E12000007 for London (MPS)"),
        Column("borough_name", "str", "canonical borough name, or 'London'"),
        Column("period", "str", "quarter's last month 'YYYY-MM'; the figure covers the 12 months to it"),
        Column("measure", "str", "overall, ease_of_contact, police_actions, treatment or follow_up"),
        Column("measure_label", "str", "the measure in plain words"),
        Column("ethnic_group", "str", "all, white or bme (victim's self-defined ethnicity)"),
        Column("proportion", "float", "proportion of respondents completely, very or fairly satisfied, 0..1"),
        Column("respondents", "int", "number of victims interviewed behind the proportion"),
    ),
)


@dataclass
class UssAdapter:
    """USS extract in the documented format -> ``uss``."""

    name: str = "uss"
    tables: tuple[TableSchema, ...] = (USS,)

    def recognises(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        return [c.strip().lower() for c in first.split(",")] == COLUMNS

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        frames = [read_uss_file(p) for p in paths]
        df = pd.concat(frames, ignore_index=True)
        key = ["borough_code", "period", "measure", "ethnic_group"]
        dup = df.duplicated(key)
        if dup.any():
            r = df[dup].iloc[0]
            raise IngestError(paths[-1], f"duplicate row for {r['borough_name']}, {r['period']}, {r['measure']}, "
                              f"{r['ethnic_group']} (also in another file)")
        ctx.notes["uss"] = (
            f"{df['borough_code'].nunique()} areas, periods {df['period'].min()}..{df['period'].max()}"
        )
        return {"uss": df}


def read_uss_file(path: Path) -> pd.DataFrame:
    """One USS file in the documented format, validated cell by cell (IngestError names line and column)."""
    header, body = read_csv_rows(path, COLUMNS)
    idx = {c: header.index(c) for c in COLUMNS}
    out: list[dict] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for i, r in enumerate(body, start=2):
        area = r[idx["borough"]].strip()
        if area.lower() in LONDON_SPELLINGS:
            code, name = LONDON_CODE, LONDON_NAME
        else:
            b = find_borough(area) if area else None
            if b is None or not b.policed_by_mps:
                raise IngestError(path, f"unknown borough {area!r} (a London borough policed by the MPS, "
                                  "or 'London')", row=i, column="borough")
            code, name = b.code, b.name
        period = r[idx["period"]].strip()
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
            raise IngestError(path, f"not a month YYYY-MM: {period!r}", row=i, column="period")
        if period[5:] not in QUARTER_END_MONTHS:
            raise IngestError(path, f"{period!r} is not the last month of a quarter (03, 06, 09 or 12)",
                              row=i, column="period")
        measure = r[idx["measure"]].strip().lower()
        if measure not in USS_MEASURES:
            raise IngestError(path, f"unknown measure {r[idx['measure']]!r} (one of {', '.join(USS_MEASURES)})",
                              row=i, column="measure")
        group = r[idx["ethnic_group"]].strip().lower()
        if group not in USS_ETHNIC_GROUPS:
            raise IngestError(path, f"unknown ethnic group {r[idx['ethnic_group']]!r} "
                              f"(one of {', '.join(USS_ETHNIC_GROUPS)})", row=i, column="ethnic_group")
        proportion = _proportion(r[idx["proportion"]], path, i)
        respondents = _respondents(r[idx["respondents"]], path, i)
        key = (code, period, measure, group)
        if key in seen:
            raise IngestError(path, f"duplicate row for {name}, {period}, {measure}, {group} "
                              f"(first at row {seen[key]})", row=i)
        seen[key] = i
        out.append({"borough_code": code, "borough_name": name, "period": period, "measure": measure,
                    "measure_label": USS_MEASURES[measure], "ethnic_group": group, "proportion": proportion,
                    "respondents": respondents})
    return pd.DataFrame.from_records(out)


def _proportion(text: str, path: Path, row: int) -> float:
    t = text.strip()
    if t == "":
        raise IngestError(path, "empty proportion", row=row, column="proportion")
    try:
        v = float(t)
    except ValueError:
        raise IngestError(path, f"not a number: {text!r}", row=row, column="proportion") from None
    if math.isnan(v) or not 0.0 <= v <= 1.0:
        hint = " (looks like a percentage: write 0.79, not 79)" if 1.0 < v <= 100.0 else ""
        raise IngestError(path, f"proportion {text!r} is outside 0..1{hint}", row=row, column="proportion")
    return v


def _respondents(text: str, path: Path, row: int) -> int:
    t = text.strip().replace(",", "")
    if not re.fullmatch(r"-?\d+", t):
        raise IngestError(path, f"not a whole number of respondents: {text!r}", row=row, column="respondents")
    if len(t) > len(str(MAX_COUNT)) or int(t) > MAX_COUNT:
        raise IngestError(path, too_large(text), row=row, column="respondents")
    n = int(t)
    if n <= 0:
        raise IngestError(path, f"respondents must be at least 1, found {text!r}", row=row, column="respondents")
    return n


ADAPTERS = [UssAdapter()]
