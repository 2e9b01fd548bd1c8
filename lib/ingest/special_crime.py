"""MPS hate crime and 'special' crime by borough and month (London Datastore).

Format, recognised by header: ``Borough, MajorText, MinorText, YYYYMM, ...`` where MajorText is
'Hate' or 'Special' and MinorText a flag such as 'Racist and Religious Hate Crime', 'Domestic
Abuse', 'Knife Crime With Injury' or 'Homicide'. The same month-column layout as the borough crime
files, but ``Borough`` with the current scheme's ``MajorText``/``MinorText``.

These are *flags* on offences already counted in the main crime files: one offence can carry
several hate flags and also be, say, violence with injury. The counts overlap each other and the
main categories, so they are kept in their own table and never added to TNO or any indicator.

Areas resolve as in :mod:`lib.ingest.crime`: boroughs by any published spelling; the non-borough
rows ('Aviation Security(SO18)') are kept with ``area_kind`` and an empty borough code, so that
the London (MPS) total is the sum of every row. City of London or an unknown name is an error.
Bad input raises :class:`lib.errors.IngestError` naming file, line and column.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lib.errors import IngestError
from lib.ingest.base import IngestContext
from lib.ingest.crime import _MONTH_COLUMN, Layout, _header_cells, read_crime_file, resolve_areas
from lib.schema import Column, TableSchema

SOURCE = (
    "Metropolitan Police Service via the London Datastore, 'MPS hate crime or special crime dashboard "
    "data' (Monthly Crime Other Crime Borough Level Off Type); Open Government Licence v3.0"
)
LAYOUT = Layout("special", "borough", major="MajorText", minor="MinorText", area="Borough")

CRIME_SPECIAL = TableSchema(
    name="crime_special",
    description=(
        "MPS hate crime and special crime flags by borough and month: racist and religious, homophobic, "
        "transgender, disability and faith hate crime, anti-Semitic and Islamophobic offences, domestic "
        "abuse, knife and gun crime, homicide and others. Flags overlap each other and the main crime "
        "categories: never add them to TNO. Non-borough rows (aviation security) have no borough code "
        "and count in the London total only. From 2021-08 the rows continue with the offences of the MPS Monthly "
        "Crime Dashboard 'Other' sheet under the same names (lib/reference/crime_dashboard_other_names.csv; a "
        "subtype with no older counterpart keeps its own name). No file covers 2021-06..2021-07: the manifest "
        "note crime_special_months lists the runs of months held."
    ),
    source=SOURCE,
    columns=(
        Column("month", "str", "Month the offences were recorded, 'YYYY-MM'"),
        Column("borough_code", "str", "Borough GSS code; empty for a non-borough area", nullable=True),
        Column("borough_name", "str", "Canonical borough name; empty for a non-borough area", nullable=True),
        Column("area_name", "str", "Area name as published"),
        Column("area_kind", "str", "'borough', or the kind of non-borough area (lib/reference/non_borough_areas.csv)"),
        Column("major", "str", "'Hate' or 'Special', as published"),
        Column("minor", "str", "The flag as published, e.g. 'Knife Crime With Injury'"),
        Column("count", "int", "Offences carrying the flag recorded in the month"),
    ),
)
TABLES = (CRIME_SPECIAL,)


def is_special_header(head: str) -> bool:
    """True when the header's text columns are exactly this format's (the rest being months)."""
    text = {c for c in _header_cells(head) if not _MONTH_COLUMN.match(c)}
    return text == set(LAYOUT.text_columns)


class SpecialCrimeAdapter:
    """MPS hate and special crime flags by borough and month."""

    name = "special_crime"
    tables = TABLES

    def recognises(self, path: Path, head: str) -> bool:
        return is_special_header(head)

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        parts = []
        for path in paths:
            f = read_crime_file(path, (LAYOUT,))
            areas = resolve_areas(f)
            n_months = len(f.months)
            kind = [areas[a][0] for a in f.areas]
            code = [areas[a][1] if k == "borough" else None for a, k in zip(f.areas, kind, strict=True)]
            name = [areas[a][2] for a in f.areas]
            area_kind = ["borough" if k == "borough" else areas[a][1] for a, k in zip(f.areas, kind, strict=True)]

            def repeat(values: list, n: int = n_months) -> np.ndarray:
                return np.repeat(np.asarray(values, dtype=object), n)

            parts.append(
                pd.DataFrame(
                    {
                        "month": np.tile(np.asarray(f.months, dtype=object), len(f.areas)),
                        "borough_code": repeat(code),
                        "borough_name": repeat(name),
                        "area_name": repeat(f.areas),
                        "area_kind": repeat(area_kind),
                        "major": repeat(f.majors),
                        "minor": repeat(f.minors),
                        "count": f.counts.reshape(-1),
                    }
                )
            )
        table = pd.concat(parts, ignore_index=True)
        dup = table.duplicated(["month", "area_name", "major", "minor"])
        if dup.any():
            first = table[dup].iloc[0]
            raise IngestError(
                paths[-1],
                f"{first['area_name']} / {first['minor']} for {first['month']} is also in another hate and "
                "special crime file: the same figures twice? Keep one copy",
            )
        ctx.notes["crime_special_months"] = f"{table['month'].min()}..{table['month'].max()}"
        return {"crime_special": table.sort_values(["minor", "area_name", "month"], ignore_index=True)}


ADAPTERS = [SpecialCrimeAdapter()]
