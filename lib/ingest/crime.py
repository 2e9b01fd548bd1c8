"""MPS recorded crime: the wide month-column CSVs of the London Datastore, in both category schemes.

Formats, recognised by header (file names change from download to download):

- pre-2018 scheme, borough level: ``Borough, Major Category, Minor Category, 200801, ...``;
- current scheme, borough level: ``MajorText, MinorText, BoroughName, YYYYMM, ...``;
- current scheme, ward level: ``MajorText, MinorText, WardName, WardCode, LookUp_BoroughName, YYYYMM, ...``.

Releases. The MPS re-extracts its whole history each time it publishes, so the same month differs
between releases. A release is identified by the last month it covers. Files of the same scheme and
level whose month ranges follow on without overlap are one extract published in parts (the
'Historical' file 2010-04..2023-11 and the 'most recent 24 months' file 2023-12..2025-11 are release
2025-11); files that overlap are different releases. Releases are kept side by side in the tables
(column ``release``); by default each month comes from the newest release that contains it
(:func:`default_release_by_month`), and a figure can be pinned to one release.

Areas. Boroughs resolve through :func:`lib.reference.boroughs.find_borough`. Rows for the non-borough areas of
``lib/reference/non_borough_areas.csv`` (airports, 'Unknown', 'Aviation Security (SO18)') go to
``crime_other_areas``: they count in the London (MPS) total only. City of London is policed by the
City of London Police; a row for it is an error. Any other name is an error.

Bad input (missing or renamed column, non-numeric or negative count, unknown area, a month column
twice, the same area and category twice, a gap in the months, a truncated row, a file that is not
UTF-8, an empty file) raises :class:`lib.errors.IngestError` naming file, line and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import union_categoricals

from lib.errors import IngestError
from lib.ingest.base import MAX_COUNT, IngestContext, parse_count
from lib.periods import from_index, month_index
from lib.reference.boroughs import CITY_OF_LONDON_CODE, find_borough, non_borough_areas
from lib.reference.categories import TNO, mapping, unmapped_categories
from lib.schema import Column, TableSchema

SOURCE = (
    "Metropolitan Police Service via the London Datastore, 'Recorded Crime: Geographic Breakdown' "
    "(MPS Borough Level Crime historic, historical and most recent 24 months; MPS Ward Level Crime); "
    "Open Government Licence v3.0"
)
# A later release changing a month's London total by more than this (per cent) is reported.
REVISION_WARN_PCT = 3.0

_MONTH_COLUMN = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
_WARD_CODE = re.compile(r"^E05\d{6}$")
_CRIME_WORDS = re.compile(r"major|minor|borough|ward", re.IGNORECASE)
# The header text of the hate and special crime file, read by its own adapter (flags, not categories).
_SPECIAL_TEXT_COLUMNS = {"Borough", "MajorText", "MinorText"}

# --- tables -------------------------------------------------------------------------------------

_RELEASE = Column("release", "str", "Release the figure comes from: the last month the release covers, 'YYYY-MM'")
_SCHEME = Column(
    "scheme", "str", "Category scheme: 'pre2018' (Major/Minor Category) or 'current' (MajorText/MinorText)"
)
_MONTH = Column("month", "str", "Month the offences were recorded, 'YYYY-MM'")
_MAJOR = Column("major", "str", "Major category exactly as published")
_MINOR = Column("minor", "str", "Minor category exactly as published")
_COUNT = Column("count", "int", "Offences recorded in the month")

CRIME_BOROUGH = TableSchema(
    name="crime_borough",
    description=(
        "MPS recorded crime by borough, month and published category, one row per release, area, "
        "category and month. Several releases sit side by side: pick one with `release`, or take each "
        "month from its default release (newest containing it; see `crime_releases`). Categories map to "
        "TNO and the MOPAC 7 through lib/reference/crime_categories.csv."
    ),
    source=SOURCE,
    columns=(
        _RELEASE,
        _SCHEME,
        _MONTH,
        Column("borough_code", "str", "Borough GSS code (E09000002..E09000033; never City of London)"),
        Column("borough_name", "str", "Canonical borough name"),
        _MAJOR,
        _MINOR,
        _COUNT,
    ),
)
CRIME_WARD = TableSchema(
    name="crime_ward",
    description=(
        "MPS recorded crime by ward (2022 ward codes), month and published category, current scheme. "
        "One row per release, ward, category and month."
    ),
    source=SOURCE,
    columns=(
        _RELEASE,
        _MONTH,
        Column("ward_code", "str", "Ward GSS code as published (E05...)"),
        Column("ward_name", "str", "Ward name as published"),
        Column("borough_code", "str", "GSS code of the borough the MPS assigns the ward to"),
        Column("borough_name", "str", "Canonical borough name"),
        _MAJOR,
        _MINOR,
        _COUNT,
    ),
)
CRIME_OTHER_AREAS = TableSchema(
    name="crime_other_areas",
    description=(
        "Recorded crime the MPS publishes for areas that are not boroughs (Heathrow and London City "
        "airports, aviation security, 'Unknown'). These count in the London (MPS) total only."
    ),
    source=SOURCE,
    columns=(
        _RELEASE,
        _SCHEME,
        Column("level", "str", "File level the row comes from: 'borough' or 'ward'"),
        _MONTH,
        Column("area_name", "str", "Area name as published"),
        Column("area_kind", "str", "'airports' or 'unknown' (lib/reference/non_borough_areas.csv)"),
        Column("ward_code", "str", "Ward code given for the row in the ward file (else empty)", nullable=True),
        _MAJOR,
        _MINOR,
        _COUNT,
    ),
)
CRIME_RELEASES = TableSchema(
    name="crime_releases",
    description=(
        "Each crime source file and the release it belongs to. A release is named by the last month it "
        "covers; files of one scheme and level whose months follow on without overlap are one release."
    ),
    source=SOURCE,
    columns=(
        _RELEASE,
        _SCHEME,
        Column("level", "str", "'borough' or 'ward'"),
        Column("source_file", "str", "Path of the file, relative to the ingested folder"),
        Column("first_month", "str", "First month the file covers, 'YYYY-MM'"),
        Column("last_month", "str", "Last month the file covers, 'YYYY-MM'"),
        Column("rows", "int", "Data rows (area x category lines) in the published file"),
    ),
)
TABLES = (CRIME_BOROUGH, CRIME_WARD, CRIME_OTHER_AREAS, CRIME_RELEASES)


# --- layouts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """The text columns of one published format; every other column is a month YYYYMM."""

    scheme: str
    level: str
    major: str
    minor: str
    area: str
    ward_name: str | None = None
    ward_code: str | None = None

    @property
    def text_columns(self) -> tuple[str, ...]:
        cols = (self.major, self.minor, self.area, self.ward_name, self.ward_code)
        return tuple(c for c in cols if c)


LAYOUTS = (
    Layout("pre2018", "borough", major="Major Category", minor="Minor Category", area="Borough"),
    Layout("current", "borough", major="MajorText", minor="MinorText", area="BoroughName"),
    Layout(
        "current", "ward", major="MajorText", minor="MinorText", area="LookUp_BoroughName",
        ward_name="WardName", ward_code="WardCode",
    ),
)


def _layout_for(path: Path, text_cols: list[str], layouts: tuple[Layout, ...] = LAYOUTS) -> Layout:
    """The layout whose text columns the header has; IngestError naming a missing or unexpected column."""
    found = set(text_cols)
    for lay in layouts:
        if found == set(lay.text_columns):
            return lay

    def closeness(lay: Layout) -> tuple[int, int]:
        common = len(found & set(lay.text_columns))
        return common - len(set(lay.text_columns) - found), -len(lay.text_columns)

    best = max(layouts, key=closeness)
    missing = [c for c in best.text_columns if c not in found]
    if missing:
        raise IngestError(
            path,
            f"missing column {missing[0]!r} for the {best.scheme} {best.level} crime format "
            f"(expected {', '.join(best.text_columns)} then months YYYYMM); renamed?",
            row=1,
            column=missing[0],
        )
    extra = [c for c in text_cols if c not in best.text_columns]
    raise IngestError(
        path,
        f"unexpected column {extra[0]!r}: neither a month YYYYMM nor one of {', '.join(best.text_columns)}",
        row=1,
        column=extra[0],
    )


def _header_cells(head: str) -> list[str]:
    first = head.splitlines()[0] if head.strip() else ""
    try:
        return [c.strip() for c in next(csv.reader([first]))]
    except (StopIteration, csv.Error):
        return []


# --- reading one file ---------------------------------------------------------------------------


@dataclass
class CrimeFile:
    """One parsed file before release assignment."""

    path: Path
    layout: Layout
    months: list[str]  # 'YYYY-MM', in file column order
    areas: list[str]
    majors: list[str]
    minors: list[str]
    ward_names: list[str] | None
    ward_codes: list[str] | None
    counts: np.ndarray  # shape (rows, months), int64
    lines: list[int]  # 1-based line number of each data row

    @property
    def first_month(self) -> str:
        return min(self.months)

    @property
    def last_month(self) -> str:
        return max(self.months)


def _decode(path: Path) -> str:
    """The file as UTF-8 text; IngestError naming line and column of the first undecodable byte."""
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(path, "the file is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line_start = data.rfind(b"\n", 0, e.start) + 1
        row = data[: e.start].count(b"\n") + 1
        before = data[line_start : e.start].decode("utf-8", errors="replace")
        fields = next(csv.reader([before]), []) if before else []
        index = max(len(fields) - 1, 0)
        header = _header_cells(data[:4096].decode("utf-8-sig", errors="replace"))
        column = header[index] if index < len(header) else None
        raise IngestError(
            path,
            f"is not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); wrong encoding? "
            "Save the file as UTF-8",
            row=row,
            column=column,
        ) from None


def _parse_counts(path: Path, body: list[list[str]], lines: list[int], header: list[str], idx: list[int]) -> np.ndarray:
    """Month cells as int64; a cell that is not plain digits below ``MAX_COUNT`` goes through parse_count
    (row by row), which refuses a count too large for the store, naming its row and month column."""
    flat = [r[i] for r in body for i in idx]
    shape = (len(body), len(idx))
    if all(map(str.isdecimal, flat)) and "".join(flat).isascii():  # plain ASCII digits: the fast path
        try:
            counts = np.array(list(map(int, flat)), dtype=np.int64).reshape(shape)
        except OverflowError:  # a cell beyond 64 bits: parse_count names it below
            counts = None
        if counts is not None and (counts.size == 0 or counts.max() <= MAX_COUNT):
            return counts
    values = []
    width = len(idx)
    for k, v in enumerate(flat):  # row-major: the first bad cell is the one reported
        r, c = divmod(k, width)
        values.append(parse_count(v, path, lines[r], header[idx[c]]))
    return np.array(values, dtype=np.int64).reshape(shape)


def read_crime_file(path: Path, layouts: tuple[Layout, ...] = LAYOUTS) -> CrimeFile:
    """Parse and validate one published month-column crime CSV in one of ``layouts``."""
    text = _decode(path)
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for r in reader:
            rows.append(r)
            lines.append(reader.line_num)
    except csv.Error as e:
        raise IngestError(path, f"malformed CSV: {e}", row=reader.line_num) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
        lines.pop()
    if not rows:
        raise IngestError(path, "the file is empty")
    header = [h.strip() for h in rows[0]]
    month_idx: list[int] = []
    months: list[str] = []
    seen_month: dict[str, int] = {}
    text_cols: list[str] = []
    for i, h in enumerate(header):
        m = _MONTH_COLUMN.match(h)
        if not m:
            text_cols.append(h)
            continue
        month = f"{m.group(1)}-{m.group(2)}"
        if month in seen_month:
            raise IngestError(
                path,
                f"month {month} appears twice in the header (columns {seen_month[month] + 1} and {i + 1})",
                row=1,
                column=h,
            )
        seen_month[month] = i
        month_idx.append(i)
        months.append(month)
    layout = _layout_for(path, text_cols, layouts)
    if not months:
        raise IngestError(path, "no month columns (YYYYMM) in the header", row=1)
    ordered = sorted(month_index(m) for m in months)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b != a + 1:
            gap = from_index(a + 1)
            raise IngestError(
                path, f"months are not consecutive: {gap} is missing", row=1, column=header[seen_month[from_index(b)]]
            )
    body, body_lines = rows[1:], lines[1:]
    if not body:
        raise IngestError(path, "the file has a header but no data rows", row=2)
    for r, line in zip(body, body_lines, strict=True):
        if len(r) != len(header):
            col = header[len(r)] if len(r) < len(header) else None
            raise IngestError(
                path,
                f"has {len(r)} fields where the header has {len(header)}: truncated or malformed row",
                row=line,
                column=col,
            )
    col = {h: i for i, h in enumerate(header)}

    def text(name: str) -> list[str]:
        j = col[name]
        values = [r[j].strip() for r in body]
        for v, line in zip(values, body_lines, strict=True):
            if not v:
                raise IngestError(path, "empty value", row=line, column=name)
        return values

    majors, minors, areas = text(layout.major), text(layout.minor), text(layout.area)
    ward_names = text(layout.ward_name) if layout.ward_name else None
    ward_codes = text(layout.ward_code) if layout.ward_code else None
    if ward_codes is not None:
        for v, line in zip(ward_codes, body_lines, strict=True):
            if not _WARD_CODE.match(v):
                raise IngestError(path, f"not a ward code: {v!r} (expected E05 and six digits)", row=line,
                                  column=layout.ward_code)
    keys = list(zip(areas, ward_codes or areas, majors, minors, strict=True))
    first_line: dict[tuple[str, str, str, str], int] = {}
    for k, line in zip(keys, body_lines, strict=True):
        if k in first_line:
            raise IngestError(
                path,
                f"the same area and category ({k[0]}, {k[2]} / {k[3]}) appears twice (first at line {first_line[k]})",
                row=line,
                column=layout.minor,
            )
        first_line[k] = line
    counts = _parse_counts(path, body, body_lines, header, month_idx)
    return CrimeFile(path, layout, months, areas, majors, minors, ward_names, ward_codes, counts, body_lines)


# --- areas --------------------------------------------------------------------------------------


def resolve_areas(f: CrimeFile) -> dict[str, tuple[str, str, str | None]]:
    """Each published area name -> ('borough', code, name) or ('other', kind, None); IngestError otherwise."""
    others = non_borough_areas()
    out: dict[str, tuple[str, str, str | None]] = {}
    for name, line in zip(f.areas, f.lines, strict=True):
        if name in out:
            continue
        if name in others:
            out[name] = ("other", others[name], None)
            continue
        b = find_borough(name)
        if b is None:
            raise IngestError(
                f.path,
                f"unknown area {name!r}: neither a London borough nor a listed non-borough area "
                "(lib/reference/non_borough_areas.csv)",
                row=line,
                column=f.layout.area,
            )
        if b.code == CITY_OF_LONDON_CODE:
            raise IngestError(
                f.path,
                "City of London is policed by the City of London Police and has no MPS figures",
                row=line,
                column=f.layout.area,
            )
        out[name] = ("borough", b.code, b.name)
    return out


# --- releases -----------------------------------------------------------------------------------


def assign_releases(files: list[CrimeFile]) -> dict[Path, str]:
    """Release of each file: chains of same-scheme, same-level files whose months follow on.

    Files are taken in order of first month; a file starting the month after a chain's last month
    joins that chain, otherwise it starts a new one. A chain's release is its last month. Two chains
    of one level ending in the same month would be the same release twice: IngestError.
    """
    chains: list[list[CrimeFile]] = []
    for f in sorted(files, key=lambda f: (f.first_month, f.last_month, str(f.path))):
        for chain in chains:
            tail = chain[-1]
            if (tail.layout == f.layout) and month_index(f.first_month) == month_index(tail.last_month) + 1:
                chain.append(f)
                break
        else:
            chains.append([f])
    out: dict[Path, str] = {}
    owner: dict[tuple[str, str], Path] = {}
    for chain in chains:
        release = chain[-1].last_month
        level = chain[-1].layout.level
        if (level, release) in owner:
            raise IngestError(
                chain[0].path,
                f"covers the same months as {owner[(level, release)]} (release {release}, {level} level): "
                "the same release twice? Keep one copy",
            )
        owner[(level, release)] = chain[0].path
        for f in chain:
            out[f.path] = release
    return out


def default_release_by_month(releases: pd.DataFrame, level: str) -> dict[str, str]:
    """Default release of each month at ``level``: the newest release (latest name) containing it."""
    rel = releases[releases["level"] == level]
    out: dict[str, str] = {}
    for r in rel.sort_values("release").itertuples(index=False):
        for i in range(month_index(r.first_month), month_index(r.last_month) + 1):
            out[from_index(i)] = r.release  # later (newer) releases overwrite older ones
    return dict(sorted(out.items()))


def month_ranges(by_month: dict[str, str]) -> dict[str, str]:
    """Compact a month -> value map into 'YYYY-MM..YYYY-MM' -> value runs of consecutive months."""
    out: dict[str, str] = {}
    start = prev = None
    value = None
    for m in sorted(by_month):
        v = by_month[m]
        if start is not None and v == value and month_index(m) == month_index(prev) + 1:
            prev = m
            continue
        if start is not None:
            out[f"{start}..{prev}"] = value
        start, prev, value = m, m, v
    if start is not None:
        out[f"{start}..{prev}"] = value
    return out


def revision_warnings(borough: pd.DataFrame, threshold_pct: float = REVISION_WARN_PCT) -> list[str]:
    """Warnings where a later release changes an earlier release's London TNO for a month by > threshold.

    Compares the London total of Total Notifiable Offences (boroughs only, each release in its own
    scheme) month by month for every pair of releases that share months.
    """
    if borough.empty:
        return []
    keys = ["release", "scheme", "major", "minor", "month"]
    by_category = borough.groupby(keys, observed=True, as_index=False)["count"].sum()
    by_category = by_category.astype({k: "string" for k in keys})
    parts = []
    for scheme, grp in by_category.groupby("scheme"):
        tno = mapping(str(scheme))
        tno = tno[tno["indicator"] == TNO][["major", "minor"]]
        parts.append(grp.merge(tno, on=["major", "minor"], how="inner"))
    totals = pd.concat(parts).groupby(["release", "month"])["count"].sum().unstack("release")
    names = sorted(totals.columns)
    out: list[str] = []
    for i, old in enumerate(names):
        for new in names[i + 1 :]:
            both = totals[[old, new]].dropna()
            if both.empty:
                continue
            pct = (both[new] - both[old]) / both[old] * 100
            big = pct[pct.abs() > threshold_pct]
            if big.empty:
                continue
            worst = big.abs().idxmax()
            out.append(
                f"crime: release {new} revises release {old} by more than {threshold_pct:g}% "
                f"(London Total Notifiable Offences) in {len(big)} of {len(both)} shared months "
                f"{both.index.min()}..{both.index.max()}; largest {worst}: {int(both.loc[worst, old]):,} -> "
                f"{int(both.loc[worst, new]):,} ({pct[worst]:+.1f}%)"
            )
    return out


# --- the adapter --------------------------------------------------------------------------------


def _repeat(values: list[str], rows: np.ndarray, n_months: int) -> pd.Categorical:
    """values[rows], each repeated once per month, as a Categorical (cheap; the store casts to string)."""
    cats, codes = np.unique(np.asarray(values, dtype=object)[rows], return_inverse=True)
    return pd.Categorical.from_codes(np.repeat(codes.astype(np.int32), n_months), categories=list(cats))


def _long(f: CrimeFile, rows: np.ndarray, release: str, columns: dict[str, list[str] | None]) -> pd.DataFrame:
    """Selected rows of a file as a long table: one row per (data row, month)."""
    n_months = len(f.months)
    n = len(rows) * n_months
    data: dict[str, object] = {
        "release": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[release]),
        "scheme": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[f.layout.scheme]),
    }
    for name, values in columns.items():
        if values is None:  # a column this layout does not have (ward code of a borough file)
            data[name] = pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), categories=pd.Index([], dtype="str"))
        else:
            data[name] = _repeat(values, rows, n_months)
    data["month"] = pd.Categorical.from_codes(
        np.tile(np.arange(n_months, dtype=np.int32), len(rows)), categories=f.months
    )
    data["count"] = f.counts[rows].reshape(-1)
    return pd.DataFrame(data)


class CrimeAdapter:
    """MPS recorded crime by borough and by ward, every release."""

    name = "crime"
    tables = TABLES

    def recognises(self, path: Path, head: str) -> bool:
        cells = _header_cells(head)
        text = [c for c in cells if not _MONTH_COLUMN.match(c)]
        if set(text) == _SPECIAL_TEXT_COLUMNS:  # the hate and special crime flags: lib/ingest/special_crime.py
            return False
        return len(cells) > len(text) and any(_CRIME_WORDS.search(c) for c in text)

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        files = [read_crime_file(p) for p in paths]
        areas_of = {f.path: resolve_areas(f) for f in files}
        release_of = assign_releases(files)
        borough_parts, ward_parts, other_parts, release_rows = [], [], [], []
        for f in files:
            release = release_of[f.path]
            areas = areas_of[f.path]
            kind = np.array([areas[a][0] for a in f.areas])
            in_borough = np.nonzero(kind == "borough")[0]
            in_other = np.nonzero(kind == "other")[0]
            codes = [areas[a][1] for a in f.areas]
            names = [areas[a][2] or a for a in f.areas]
            common = {"major": f.majors, "minor": f.minors}
            if f.layout.level == "borough":
                borough_parts.append(
                    _long(f, in_borough, release, {"borough_code": codes, "borough_name": names, **common})
                )
            else:
                ward_parts.append(
                    _long(
                        f, in_borough, release,
                        {"ward_code": f.ward_codes, "ward_name": f.ward_names, "borough_code": codes,
                         "borough_name": names, **common},
                    )
                )
            other = _long(
                f, in_other, release,
                {"area_name": f.areas, "area_kind": codes, "ward_code": f.ward_codes, **common},
            )
            other["level"] = f.layout.level
            other_parts.append(other)
            try:
                source = str(f.path.relative_to(ctx.source_dir))
            except ValueError:
                source = str(f.path)
            release_rows.append(
                {"release": release, "scheme": f.layout.scheme, "level": f.layout.level, "source_file": source,
                 "first_month": f.first_month, "last_month": f.last_month, "rows": len(f.areas)}
            )
        out = {
            "crime_borough": _concat(borough_parts, CRIME_BOROUGH),
            "crime_ward": _concat(ward_parts, CRIME_WARD),
            "crime_other_areas": _concat(other_parts, CRIME_OTHER_AREAS),
            "crime_releases": pd.DataFrame(release_rows, columns=CRIME_RELEASES.column_names)
            .sort_values(["level", "release", "first_month"])
            .reset_index(drop=True),
        }
        self._report(files, out, ctx)
        return {name: _spelled_out(df) for name, df in out.items()}

    @staticmethod
    def _report(files: list[CrimeFile], out: dict[str, pd.DataFrame], ctx: IngestContext) -> None:
        releases = out["crime_releases"]
        for level in ("borough", "ward"):
            if (releases["level"] == level).any():
                ctx.notes[f"crime_default_release_{level}"] = month_ranges(default_release_by_month(releases, level))
        seen = pd.DataFrame(
            [(f.layout.scheme, a, b) for f in files for a, b in zip(f.majors, f.minors, strict=True)],
            columns=["scheme", "major", "minor"],
        )
        for r in unmapped_categories(seen).itertuples(index=False):
            ctx.warn(
                f"crime: category {r.major} / {r.minor} ({r.scheme} scheme) is not in "
                "lib/reference/crime_categories.csv: kept in the store but counted in no indicator, not even "
                "Total Notifiable Offences, until the mapping is reviewed"
            )
        for w in revision_warnings(out["crime_borough"]):
            ctx.warn(w)


def _concat(parts: list[pd.DataFrame], schema: TableSchema) -> pd.DataFrame:
    """Stack long tables, keeping text columns categorical (a plain concat would spell out every string)."""
    cols = schema.column_names
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    out: dict[str, object] = {}
    for c in cols:
        if isinstance(parts[0][c].dtype, pd.CategoricalDtype):
            out[c] = union_categoricals([p[c] for p in parts])
        else:
            out[c] = np.concatenate([p[c].to_numpy() for p in parts])
    return pd.DataFrame(out)


def _spelled_out(df: pd.DataFrame) -> pd.DataFrame:
    """Categorical text columns as the store's string dtype, built in Arrow (ten times faster than astype)."""
    out = {}
    for c in df.columns:
        s = df[c]
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes = s.cat.codes.to_numpy()
            taken = pa.array(list(s.cat.categories), type=pa.string()).take(pa.array(codes, mask=codes < 0))
            out[c] = pd.array(taken, dtype="string")
        else:
            out[c] = s
    return pd.DataFrame(out)


ADAPTERS = [CrimeAdapter()]
