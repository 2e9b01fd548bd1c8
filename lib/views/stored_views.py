"""The crime page's opening answer for every area, worked out at ingest and read back by a cold server.

A cold server's first crime page used to build the crime dataset (the newest series, 469,491 rows on the real
files) and work out the area's view before it could draw its first line: about a second of a cold deep link.
Ingest now calls the function the page calls (:func:`lib.views.crime.crime_view`, through the same steps) for
the page's opening question in every area (each month from the newest release, the 12 months to the newest
month, the default population basis, MOPAC 7) on the new store before it goes live (``lib.store.write_store``'s
``finish``), and stores each view in ``crime_page_views``: one row per field of the view, with its keys.

:func:`stored_view` returns a stored view only for exactly its keys and only when the code reading it is the
code that wrote it (:func:`code_digest`, a digest of the files of every layer a view is worked out by); otherwise
None, and the page works the view out as before. So a stored view is the computed one, or it is not used.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, fields
from functools import cache
from pathlib import Path

import pandas as pd

from lib import choices
from lib.errors import UsageError
from lib.reference.categories import MOPAC7
from lib.schema import Column, TableSchema
from lib.views import crime as crime_views

VIEWS_TABLE = "crime_page_views"
NEWEST = "newest"  # the release rule of the stored views: each month from the newest release containing it
KIND = "r12"
KEYS = ("code", "release", "to", "kind", "basis", "indicator", "area_code", "area_name")
SCHEMA = TableSchema(
    name=VIEWS_TABLE,
    description="The crime page's opening answer (lib.views.crime.CrimeView) for every area, worked out at "
    "ingest by the page's own function for each month from the newest release, the 12 months to the newest "
    "month, the default population basis and MOPAC 7: one row per field of the view, with its keys.",
    source="Derived at ingest from crime_series and the tables beside it (lib/views/stored_views.py)",
    columns=(
        Column("code", "str", "digest of the code that wrote the row (lib's views and the layers below them)"),
        Column("release", "str", "release rule: 'newest' (each month from the newest release containing it)"),
        Column("to", "str", "last month of the period (YYYY-MM)"),
        Column("kind", "str", "period kind: 'r12' (the 12 months to 'to')"),
        Column("basis", "str", "population basis of every rate"),
        Column("indicator", "str", "the crime series the view answers"),
        Column("area_code", "str", "GSS code of the borough, or London's"),
        Column("area_name", "str", "the area's name as the page names it"),
        Column("field", "str", "the field of the view"),
        Column("text", "str", "the field's value as JSON (scalars and headline cards)", nullable=True),
        Column("frame", "bytes", "the field's table as Parquet (tables)", nullable=True),
        Column("objects", "str", "JSON list of the table's columns held as Python objects", nullable=True),
    ),
)
LIB = Path(__file__).resolve().parents[1]
# What a view is worked out by: lib.views and every layer below it (docs/ARCHITECTURE.md; import-linter keeps
# views from importing anything else), code and reference data alike.
VIEW_LAYERS = ("__init__.py", "views", "ingest", "metrics", "choices.py", "store.py", "geography.py", "schema.py",
               "reference", "periods.py", "errors.py")


@cache
def code_digest() -> str:
    """A digest of the files a view is worked out by (:data:`VIEW_LAYERS`: names and bytes, compiled files left
    out): a stored view is read only by the code that wrote it."""
    h = hashlib.sha256()
    files = [p for part in VIEW_LAYERS for p in ([LIB / part] if (LIB / part).is_file() else (LIB / part).rglob("*"))]
    for p in sorted(files):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(LIB).as_posix().encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def _json(value) -> str:
    """JSON of a scalar or of the headline cards; NaN and infinities refused (ValueError: not JSON)."""
    return json.dumps(value, allow_nan=False, ensure_ascii=False)


def _frame_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, compression="zstd")
    return buf.getvalue()


def _read_frame(data: bytes, objects: list[str]) -> pd.DataFrame:
    """A table as written by :func:`_frame_bytes`; columns that were Python objects made objects again, with
    None where a value is missing (Parquet reads them back as text)."""
    df = pd.read_parquet(io.BytesIO(data))
    for c in objects:
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def encode(view: crime_views.CrimeView) -> list[dict]:
    """One row per field of ``view``: JSON text for a scalar or the headline cards, Parquet for a table."""
    rows = []
    for f in fields(view):
        value = getattr(view, f.name)
        row = {"field": f.name, "text": None, "frame": None, "objects": None}
        if isinstance(value, pd.DataFrame):
            objects = [str(c) for c, t in value.dtypes.items() if pd.api.types.is_object_dtype(t)]
            row.update(frame=_frame_bytes(value), objects=_json(objects))
        elif f.name == "headlines":
            row["text"] = _json([asdict(h) for h in value])
        else:
            row["text"] = _json(value)
        rows.append(row)
    return rows


def decode(rows: pd.DataFrame) -> crime_views.CrimeView:
    """The view :func:`encode` wrote (every field present exactly once, or ValueError)."""
    by_field = {str(r.field): r for r in rows.itertuples(index=False)}
    names = [f.name for f in fields(crime_views.CrimeView)]
    if sorted(by_field) != sorted(names) or len(rows) != len(names):
        raise ValueError(f"stored view fields {sorted(by_field)} are not the view's")
    values = {}
    for name in names:
        r = by_field[name]
        if r.frame is not None:
            values[name] = _read_frame(r.frame, json.loads(r.objects))
        elif name == "headlines":
            values[name] = tuple(crime_views.Headline(**h) for h in json.loads(r.text))
        else:
            values[name] = json.loads(r.text)
    return crime_views.CrimeView(**values)


def opening_areas() -> list[tuple[str, str]]:
    """The areas the page can open on, as the area picker names them (``lib.choices.area_names``): code and name."""
    return [(a.code, a.name) for a in map(choices.area, choices.area_names())]


def view_tables(store) -> tuple[dict[str, pd.DataFrame], dict[str, TableSchema]]:
    """``crime_page_views`` for ``store`` (the new store, before it goes live): the page's opening view for
    every area, by the page's own steps. An area whose view is refused (``UsageError``: e.g. a store without that
    borough) is not stored, so the page works out the same refusal; no table when the store has no crime series
    stored at ingest or the opening question itself is refused."""
    if not crime_views.has_stored_series(store):
        return {}, {}
    data = crime_views.crime_dataset(store, None)
    to, basis = data.months[-1], crime_views.population_default(data)
    try:
        shared = crime_views.crime_indicator_areas(crime_views.crime_areas(data, to, KIND, basis), MOPAC7)
    except UsageError:
        return {}, {}
    rows = []
    for code, name in opening_areas():
        try:
            view = crime_views.crime_area_view(shared, code, name)
        except UsageError:
            continue
        keys = dict(zip(KEYS, (code_digest(), NEWEST, to, KIND, basis, MOPAC7, code, name), strict=True))
        rows += [{**keys, **r} for r in encode(view)]
    return ({VIEWS_TABLE: pd.DataFrame(rows)}, {VIEWS_TABLE: SCHEMA}) if rows else ({}, {})


def written_by_this_code(store) -> bool:
    """Whether ingest stored the opening answers with this code (:func:`code_digest`). If not (the code changed
    after the ingest), every page works its answer out: right, but slower, so a benchmark would time the wrong
    path; re-ingesting the store stores them again."""
    return store.has(VIEWS_TABLE) and len(store.rows(VIEWS_TABLE, {"code": code_digest()})) > 0


def stored_view(store, release: str | None, to: str, basis: str, code: str, area: str,
                indicator: str) -> crime_views.CrimeView | None:
    """The view ingest stored for exactly these keys by this code, or None (the page then works it out)."""
    if release is not None or not store.has(VIEWS_TABLE):
        return None
    wanted = dict(zip(KEYS, (code_digest(), NEWEST, to, KIND, basis, indicator, code, area), strict=True))
    rows = store.rows(VIEWS_TABLE, wanted)
    return decode(rows) if len(rows) else None
