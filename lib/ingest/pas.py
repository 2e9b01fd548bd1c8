"""MOPAC Public Attitude Survey (PAS): borough and London quarterly figures, and the neighbourhood files.

Four published files, recognised by their header rows (London Datastore, 'MOPAC Surveys'):

- borough quarterly (``Date;Survey;Borough;Measure;Proportion;MPS``) and London quarterly
  (``Date;Survey;Borough;Measure;Proportion`` with Borough = 'MPS'): semicolon-separated, comma
  decimals, proportions as fractions ('0,59' = 59%), dates the last day of the quarter
  ('31/12/2014'); each figure is the rolling 12 months to that quarter. Westminster is spelled
  'City of Westminster' and Richmond two ways: names resolve through :func:`lib.reference.boroughs.find_borough`.
  London rows come from the London file; the borough file's MPS column is checked against it.
- the neighbourhood comparator (two header rows: question, then the response counted; 106
  neighbourhoods 'Borough - Neighbourhood' with MPS code and 'Group N'; 18 measures as whole
  percentages; a 'Total Notifiable Offences rate' column that is all 'N/A').
- the neighbourhood indicators by ethnic group (three header rows: question, ethnic group, response).

Measures are matched to canonical ids through the reviewed tables ``lib/reference/pas_*.csv``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.errors import IngestError
from lib.ingest.base import IngestContext, read_text
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, find_borough
from lib.reference.surveys import borough_measures, ethnicity_measures, neighbourhood_measures
from lib.schema import Column, TableSchema

SOURCE = "MOPAC Public Attitude Survey, London Datastore ('MOPAC Surveys'); Open Government Licence v3.0"
BOROUGH_HEADER = ["Date", "Survey", "Borough", "Measure", "Proportion", "MPS"]
LONDON_HEADER = ["Date", "Survey", "Borough", "Measure", "Proportion"]
LONDON_SPELLINGS = {"mps", "met police", "metropolitan police", "london"}
QUARTER_END_DAYS = {3: 31, 6: 30, 9: 30, 12: 31}
MPS_TOLERANCE = 0.005  # published to two decimals: the borough file's MPS column must agree to rounding
TNO_COLUMN_PREFIX = "Total Notifiable Offences"

PAS_BOROUGH = TableSchema(
    name="pas_borough",
    description=(
        "PAS public confidence measures by borough and for London (MPS), one row per quarter, area and "
        "measure. Each figure is the proportion of respondents over the rolling 12 months to the quarter."
    ),
    source=SOURCE + " (sheets 'Borough' and 'MPS')",
    columns=(
        Column("quarter", "str", "last month of the quarter, 'YYYY-MM'; the figure covers the 12 months to it"),
        Column("area_code", "str", "borough GSS code, or E12000007 for London (MPS)"),
        Column("area_name", "str", "canonical borough name, or 'London'"),
        Column("measure", "str", "canonical measure id (lib/reference/pas_measures.csv)"),
        Column("measure_label", "str", "the measure's name in plain words"),
        Column("proportion", "float", "proportion of respondents, 0..1 (published to two decimals)"),
    ),
)
PAS_NEIGHBOURHOOD = TableSchema(
    name="pas_neighbourhood",
    description=(
        "PAS neighbourhood indicators behind MOPAC's Neighbourhood Confidence Comparator: 106 MPS "
        "neighbourhoods, their similarity group and 18 measures. Cells published as 'N/A' are left out."
    ),
    source=SOURCE + " (neighbourhood comparator, 2016)",
    columns=(
        Column("neighbourhood", "str", "full name as published, 'Borough - Neighbourhood'"),
        Column("borough_code", "str", "GSS code of the borough named before ' - '"),
        Column("borough_name", "str", "canonical borough name"),
        Column("neighbourhood_code", "str", "MPS neighbourhood code, e.g. KG-KB"),
        Column("group", "int", "similarity group number as published ('Group 7' -> 7)"),
        Column("measure", "str", "canonical measure id (lib/reference/pas_neighbourhood_measures.csv)"),
        Column("measure_label", "str", "the measure's name in plain words"),
        Column("value", "float", "proportion of respondents giving the counted response, 0..1"),
    ),
)
PAS_NEIGHBOURHOOD_ETHNICITY = TableSchema(
    name="pas_neighbourhood_ethnicity",
    description=(
        "PAS neighbourhood indicators by ethnic group of respondent (White British, Asian, Black), pooled "
        "financial years 2015-16 to 2020-21. Blank cells are left out."
    ),
    source=SOURCE + " (neighbourhood indicators by ethnic group, 2015-16 to 2020-21)",
    columns=(
        Column("neighbourhood", "str", "name as published ('Borough - Neighbourhood', or e.g. 'West End')"),
        Column("borough_code", "str", "GSS code of the borough named before ' - ' (empty if not a borough)",
               nullable=True),
        Column("ethnic_group", "str", "respondent's ethnic group as published"),
        Column("measure", "str", "canonical measure id (lib/reference/pas_ethnicity_measures.csv)"),
        Column("value", "float", "proportion of respondents giving the counted response, 0..1"),
    ),
)


# ---------------------------------------------------------------- reference tables


def _norm(text: str) -> str:
    """Compare published labels ignoring case, quotes, punctuation and spacing."""
    return re.sub(r"[^a-z0-9%]+", " ", str(text).lower()).strip()


def _label_map(table: pd.DataFrame, key: str) -> dict[str, tuple[str, str]]:
    return {_norm(r[key]): (r["measure"], r["short_label"]) for _, r in table.iterrows()}


# ---------------------------------------------------------------- value parsing


def parse_fraction(text: str, path: Path, row: int, column: str) -> float:
    """A published proportion written as a fraction with a comma or point decimal ('0,59'): 0..1."""
    t = text.strip().replace(",", ".")
    if t == "":
        raise IngestError(path, "empty proportion", row=row, column=column)
    try:
        v = float(t)
    except ValueError:
        raise IngestError(path, f"not a number: {text!r}", row=row, column=column) from None
    if math.isnan(v) or not 0.0 <= v <= 1.0:
        hint = " (looks like a percentage; this file gives fractions)" if 1.0 < v <= 100.0 else ""
        raise IngestError(path, f"proportion {text!r} is outside 0..1{hint}", row=row, column=column)
    return v


def parse_percent(text: str, path: Path, row: int, column: str) -> float | None:
    """A published whole percentage ('71' = 71%) as a fraction; None for 'N/A' or a blank cell."""
    t = text.strip()
    if t == "" or t.upper() in {"N/A", "NA", "-", ".."}:
        return None
    try:
        v = float(t.rstrip("%"))
    except ValueError:
        raise IngestError(path, f"not a percentage: {text!r}", row=row, column=column) from None
    if math.isnan(v) or not 0.0 <= v <= 100.0:
        raise IngestError(path, f"percentage {text!r} is outside 0..100", row=row, column=column)
    return v / 100.0


def parse_quarter_date(text: str, path: Path, row: int, column: str = "Date") -> str:
    """'31/12/2014' (last day of a quarter) as the quarter's last month '2014-12'."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    if not m:
        raise IngestError(path, f"not a date dd/mm/yyyy: {text!r}", row=row, column=column)
    d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if QUARTER_END_DAYS.get(mo) != d:
        raise IngestError(path, f"{text!r} is not the last day of a quarter", row=row, column=column)
    return f"{y:04d}-{mo:02d}"


def _rows(path: Path, delimiter: str) -> list[list[str]]:
    text = read_text(path, ("utf-8-sig", "cp1252"))
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def _borough_from_neighbourhood(name: str):
    """The borough named before ' - ' in 'Borough - Neighbourhood' (None if not a borough)."""
    head = name.split(" - ", 1)[0] if " - " in name else name
    return find_borough(head)


# ---------------------------------------------------------------- borough and London quarterly


def _delimiter(line: str) -> str:
    """';' as published (with ',' decimals); ',' when the file was re-saved as plain CSV ('.' decimals)."""
    return ";" if ";" in line else ","


def _first_line(head: str) -> list[str]:
    line = head.splitlines()[0] if head else ""
    return [c.strip() for c in line.split(_delimiter(line))]


@dataclass
class PasBoroughAdapter:
    """PAS borough quarterly and London (MPS) quarterly files -> ``pas_borough``."""

    name: str = "pas_borough"
    tables: tuple[TableSchema, ...] = (PAS_BOROUGH,)

    def recognises(self, path: Path, head: str) -> bool:
        return _first_line(head) in (BOROUGH_HEADER, LONDON_HEADER)

    def _read_one(self, path: Path) -> tuple[list[dict], list[tuple[int, str, str, float]], bool]:
        rows = _rows(path, _delimiter(read_text(path, ("utf-8-sig", "cp1252")).partition("\n")[0]))
        if not rows:
            raise IngestError(path, "the file is empty")
        header = [h.strip() for h in rows[0]]
        is_borough_file = "MPS" in header
        required = BOROUGH_HEADER if is_borough_file else LONDON_HEADER
        for col in required:
            if col not in header:
                raise IngestError(path, f"missing column {col!r} (found {header})", row=1, column=col)
        idx = {c: header.index(c) for c in required}
        if len(rows) < 2:
            raise IngestError(path, "the file has a header but no data rows", row=2)
        labels = _label_map(borough_measures(), "published_label")
        out: list[dict] = []
        mps_column: list[tuple[int, str, str, float]] = []
        for i, r in enumerate(rows[1:], start=2):
            if len(r) != len(header):
                raise IngestError(
                    path, f"has {len(r)} fields where the header has {len(header)}: truncated or malformed row",
                    row=i,
                )
            quarter = parse_quarter_date(r[idx["Date"]], path, i)
            measure_text = r[idx["Measure"]]
            if _norm(measure_text) not in labels:
                raise IngestError(path, f"unknown PAS measure {measure_text!r}", row=i, column="Measure")
            measure, label = labels[_norm(measure_text)]
            area = r[idx["Borough"]].strip()
            if is_borough_file:
                b = find_borough(area)
                if b is None or not b.policed_by_mps:
                    raise IngestError(path, f"unknown borough {area!r}", row=i, column="Borough")
                code, name = b.code, b.name
                mps_column.append((i, quarter, measure, parse_fraction(r[idx["MPS"]], path, i, "MPS")))
            else:
                if area.lower() not in LONDON_SPELLINGS:
                    raise IngestError(path, f"expected 'MPS' (London) in this file, found {area!r}",
                                      row=i, column="Borough")
                code, name = LONDON_CODE, LONDON_NAME
            out.append({
                "quarter": quarter, "area_code": code, "area_name": name, "measure": measure,
                "measure_label": label, "proportion": parse_fraction(r[idx["Proportion"]], path, i, "Proportion"),
                "_row": i, "_file": path,
            })
        return out, mps_column, is_borough_file

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        records: list[dict] = []
        mps_columns: list[tuple[Path, list[tuple[int, str, str, float]]]] = []
        london_files = 0
        for path in paths:
            rows, mps_col, is_borough_file = self._read_one(path)
            records += rows
            if is_borough_file:
                mps_columns.append((path, mps_col))
            else:
                london_files += 1
        seen: dict[tuple[str, str, str], tuple[Path, int]] = {}
        for rec in records:
            key = (rec["quarter"], rec["area_code"], rec["measure"])
            if key in seen:
                f0, r0 = seen[key]
                raise IngestError(
                    rec["_file"], f"duplicate figure for {rec['area_name']}, {rec['measure']}, quarter {key[0]} "
                    f"(first at {Path(f0).name} row {r0})", row=rec["_row"],
                )
            seen[key] = (rec["_file"], rec["_row"])
        london = {(r["quarter"], r["measure"]): r["proportion"] for r in records if r["area_code"] == LONDON_CODE}
        for path, col in mps_columns:
            derived: dict[tuple[str, str], tuple[int, float]] = {}
            for row, quarter, measure, value in col:
                key = (quarter, measure)
                if key in derived and abs(derived[key][1] - value) > MPS_TOLERANCE:
                    raise IngestError(path, f"the MPS column disagrees with itself for {measure}, {quarter} "
                                      f"({derived[key][1]} at row {derived[key][0]})", row=row, column="MPS")
                derived.setdefault(key, (row, value))
            if london_files:
                disagree = [(k, v) for k, v in derived.items() if k in london and abs(london[k] - v[1]) > MPS_TOLERANCE]
                missing = [k for k in derived if k not in london]
                if disagree:
                    (q, m), (row, v) = disagree[0]
                    ctx.warn(
                        f"{path.name}: MPS column differs from the London file in {len(disagree)} place(s), "
                             f"e.g. {m} {q}: {v} vs {london[(q, m)]} (row {row}); London rows kept from the London file"
                             )
                if missing:
                    ctx.warn(f"{path.name}: {len(missing)} quarter/measure(s) have a borough MPS figure but no "
                             "London-file row; London rows for them taken from the MPS column")
                add = missing
            else:
                ctx.warn(f"{path.name}: no London (MPS) file; London rows taken from the MPS column")
                add = [k for k in derived if k not in london]
            labels = dict(zip(borough_measures()["measure"], borough_measures()["short_label"], strict=True))
            for q, m in add:
                records.append({"quarter": q, "area_code": LONDON_CODE, "area_name": LONDON_NAME, "measure": m,
                                "measure_label": labels[m], "proportion": derived[(q, m)][1]})
                london[(q, m)] = derived[(q, m)][1]
        df = pd.DataFrame.from_records(records).drop(columns=["_row", "_file"], errors="ignore")
        df = df.sort_values(["quarter", "area_code", "measure"], kind="mergesort").reset_index(drop=True)
        ctx.notes["pas_borough"] = (
            f"{df['area_code'].nunique()} areas, {df['measure'].nunique()} measures, "
            f"quarters {df['quarter'].min()}..{df['quarter'].max()}"
        )
        return {"pas_borough": df}


# ---------------------------------------------------------------- neighbourhood comparator


def _split_header(head: str, n: int) -> list[list[str]]:
    """The first ``n`` CSV rows of a file's head; empty for anything that is not comma-separated text."""
    try:
        rows = []
        for r in csv.reader(head.splitlines()[: n + 1]):
            rows.append([c.strip() for c in r])
            if len(rows) == n:
                break
        return rows
    except csv.Error:
        return []


@dataclass
class PasNeighbourhoodAdapter:
    """The Neighbourhood Confidence Comparator file -> ``pas_neighbourhood``."""

    name: str = "pas_neighbourhood"
    tables: tuple[TableSchema, ...] = (PAS_NEIGHBOURHOOD,)

    def recognises(self, path: Path, head: str) -> bool:
        rows = _split_header(head, 1)
        return bool(rows) and rows[0][:3] == ["Neighbourhood", "Code", "Group"]

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        frames = [self._read_one(p, ctx) for p in paths]
        df = pd.concat(frames, ignore_index=True)
        dup = df.duplicated(["neighbourhood", "measure"], keep="first")
        if dup.any():
            first = df[dup].iloc[0]
            raise IngestError(paths[-1], f"neighbourhood {first['neighbourhood']!r} appears in more than one file")
        groups = sorted(df["group"].unique())
        ctx.notes["pas_neighbourhood"] = (
            f"{df['neighbourhood'].nunique()} neighbourhoods in {len(groups)} groups "
            f"({', '.join(map(str, groups))}), {df['measure'].nunique()} measures"
        )
        return {"pas_neighbourhood": df}

    def _read_one(self, path: Path, ctx: IngestContext) -> pd.DataFrame:
        rows = _rows(path, ",")
        if len(rows) < 2:
            raise IngestError(path, "expected two header rows (question, then response counted)", row=len(rows) + 1)
        questions = [h.strip() for h in rows[0]]
        responses = [h.strip() for h in rows[1]]
        for i, col in enumerate(["Neighbourhood", "Code", "Group"]):
            if len(questions) <= i or questions[i] != col:
                raise IngestError(path, f"missing column {col!r} (found {questions[:3]})", row=1, column=col)
        by_question = {_norm(r["question"]): r for _, r in neighbourhood_measures().iterrows()}
        columns: list[tuple[int, str, str]] = []
        ignored: list[int] = []
        for j, q in enumerate(questions[3:], start=3):
            if q.startswith(TNO_COLUMN_PREFIX):
                ignored.append(j)
                continue
            ref = by_question.get(_norm(q))
            if ref is None:
                raise IngestError(path, f"unknown question column {q!r}", row=1, column=q)
            resp = responses[j] if j < len(responses) else ""
            if _norm(resp) != _norm(ref["response"]):
                raise IngestError(path, f"response row says {resp!r} where {ref['response']!r} was expected",
                                  row=2, column=q)
            columns.append((j, ref["measure"], ref["short_label"]))
        missing = set(neighbourhood_measures()["measure"]) - {m for _, m, _ in columns}
        if missing:
            raise IngestError(path, f"missing measure column(s) {sorted(missing)}", row=1)
        body = rows[2:]
        if not body:
            raise IngestError(path, "the file has headers but no data rows", row=3)
        out: list[dict] = []
        na_cells = 0
        ignored_values = 0
        for i, r in enumerate(body, start=3):
            if len(r) != len(questions):
                raise IngestError(path, f"has {len(r)} fields where the header has {len(questions)}: "
                                  "truncated or malformed row", row=i)
            name = r[0].strip()
            if not name:
                raise IngestError(path, "empty neighbourhood name", row=i, column="Neighbourhood")
            b = _borough_from_neighbourhood(name)
            if b is None or not b.policed_by_mps:
                raise IngestError(path, f"cannot find the borough of neighbourhood {name!r}", row=i,
                                  column="Neighbourhood")
            code = r[1].strip()
            if not re.fullmatch(r"[A-Z]{2}-[A-Z]{2}", code):
                raise IngestError(path, f"not an MPS neighbourhood code: {code!r}", row=i, column="Code")
            gm = re.fullmatch(r"Group\s+(\d+)", r[2].strip(), flags=re.I)
            if not gm:
                raise IngestError(path, f"not a group ('Group N'): {r[2]!r}", row=i, column="Group")
            for j, measure, label in columns:
                v = parse_percent(r[j], path, i, questions[j])
                if v is None:
                    na_cells += 1
                    continue
                out.append({
                    "neighbourhood": name, "borough_code": b.code, "borough_name": b.name,
                    "neighbourhood_code": code, "group": int(gm.group(1)), "measure": measure,
                    "measure_label": label, "value": v,
                })
            ignored_values += sum(1 for j in ignored if r[j].strip().upper() not in {"", "N/A"})
            na_cells += sum(1 for j in ignored if r[j].strip().upper() in {"", "N/A"})
        if na_cells:
            ctx.warn(f"{path.name}: {na_cells} cell(s) published as N/A or blank were left out")
        for j in ignored:
            ctx.warn(f"{path.name}: column {questions[j]!r} not stored (no measure of ours; "
                     f"{ignored_values} value(s) other than N/A)")
        df = pd.DataFrame.from_records(out)
        if df.empty:
            raise IngestError(path, "no neighbourhood values in the file")
        dup = df.duplicated(["neighbourhood", "measure"])
        if dup.any():
            raise IngestError(path, f"neighbourhood {df[dup].iloc[0]['neighbourhood']!r} appears twice")
        return df


# ---------------------------------------------------------------- neighbourhood by ethnic group


@dataclass
class PasNeighbourhoodEthnicityAdapter:
    """The neighbourhood indicators by ethnic group file -> ``pas_neighbourhood_ethnicity``."""

    name: str = "pas_neighbourhood_ethnicity"
    tables: tuple[TableSchema, ...] = (PAS_NEIGHBOURHOOD_ETHNICITY,)

    def recognises(self, path: Path, head: str) -> bool:
        rows = _split_header(head, 2)
        return (
            len(rows) == 2 and rows[0][:1] == ["neighbourhood"]
            and any(c in {"White British", "Asian", "Black"} for c in rows[1])
        )

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        df = pd.concat([self._read_one(p, ctx) for p in paths], ignore_index=True)
        dup = df.duplicated(["neighbourhood", "ethnic_group", "measure"])
        if dup.any():
            raise IngestError(paths[-1], f"neighbourhood {df[dup].iloc[0]['neighbourhood']!r} appears twice")
        ctx.notes["pas_neighbourhood_ethnicity"] = (
            f"{df['neighbourhood'].nunique()} neighbourhoods with values, groups "
            f"{', '.join(sorted(df['ethnic_group'].unique()))}"
        )
        return {"pas_neighbourhood_ethnicity": df}

    def _read_one(self, path: Path, ctx: IngestContext) -> pd.DataFrame:
        rows = _rows(path, ",")
        if len(rows) < 3:
            raise IngestError(path, "expected three header rows (question, ethnic group, response)",
                              row=len(rows) + 1)
        questions, groups, responses = ([c.strip() for c in r] for r in rows[:3])
        if not questions or questions[0].lower() != "neighbourhood":
            raise IngestError(path, "missing column 'neighbourhood'", row=1, column="neighbourhood")
        by_question = {_norm(r["question"]): r for _, r in ethnicity_measures().iterrows()}
        columns: list[tuple[int, str, str]] = []
        for j in range(1, len(questions)):
            ref = by_question.get(_norm(questions[j]))
            if ref is None:
                raise IngestError(path, f"unknown question column {questions[j]!r}", row=1, column=questions[j])
            group = groups[j] if j < len(groups) else ""
            if not group:
                raise IngestError(path, "no ethnic group under this question", row=2, column=questions[j])
            resp = responses[j] if j < len(responses) else ""
            if _norm(resp) != _norm(ref["response"]):
                raise IngestError(path, f"response row says {resp!r} where {ref['response']!r} was expected",
                                  row=3, column=questions[j])
            columns.append((j, ref["measure"], group))
        out: list[dict] = []
        blank = 0
        not_borough: set[str] = set()
        for i, r in enumerate(rows[3:], start=4):
            if len(r) != len(questions):
                raise IngestError(path, f"has {len(r)} fields where the header has {len(questions)}: "
                                  "truncated or malformed row", row=i)
            name = r[0].strip()
            if not name:
                raise IngestError(path, "empty neighbourhood name", row=i, column="neighbourhood")
            b = _borough_from_neighbourhood(name)
            if b is None:
                not_borough.add(name)
            for j, measure, group in columns:
                v = parse_percent(r[j], path, i, f"{questions[j]} / {group}")
                if v is None:
                    blank += 1
                    continue
                out.append({"neighbourhood": name, "borough_code": b.code if b else None,
                            "ethnic_group": group, "measure": measure, "value": v})
        if blank:
            ctx.warn(f"{path.name}: {blank} blank or N/A cell(s) left out")
        if not_borough:
            ctx.warn(f"{path.name}: neighbourhood(s) not named after a borough, kept without one: "
                     f"{', '.join(sorted(not_borough))}")
        if not out:
            raise IngestError(path, "no values in the file")
        return pd.DataFrame.from_records(out)


ADAPTERS = [PasBoroughAdapter(), PasNeighbourhoodAdapter(), PasNeighbourhoodEthnicityAdapter()]
