"""Checks that stop an ingest from losing data: compare before swap, and complete crime releases.

``removals(old_store, new_tables)`` lists what the current store holds that the new one would not:
a table, a crime release, and per table (per release where the table has one) a borough, a month
or a category; and any table whose row count falls by more than ``ROW_TOLERANCE``. The ingest stops
with exit 2 and this list unless ``--allow-removal`` is given.

``crime_release_problems(tables)`` checks that each crime file covers every borough and category
for every month it claims: a London-wide file has every MPS borough; a common category (a crime a
month or more in a typical borough that has it) must be there for every borough of the file (a
file cut at a row boundary loses the last boroughs of its last category; rare categories such as
violent disorder are legitimately absent in some boroughs); and a newer file
that overlaps an older one of the same scheme keeps every borough and category that had crimes in
the older one in the shared months.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.reference.boroughs import mps_boroughs
from lib.store import Store

ROW_TOLERANCE = 0.02  # a table may shrink by 2% (revised releases drop the odd row); more is a loss
AREA_COLUMNS = ("borough_code", "area_code")
TIME_COLUMNS = ("month", "quarter", "year", "financial_year")
CATEGORY_COLUMNS = (("major", "minor"), ("measure",), ("feature",))
MAX_LISTED = 40


def _dimensions(columns: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    dims: list[tuple[str, tuple[str, ...]]] = []
    for c in AREA_COLUMNS:
        if c in columns:
            dims.append(("borough", (c,)))
            break
    for c in TIME_COLUMNS:
        if c in columns:
            dims.append((c, (c,)))
            break
    for cols in CATEGORY_COLUMNS:
        if all(c in columns for c in cols):
            dims.append(("category", cols))
            break
    return dims


MISSING = "(missing)"


def _keys(df: pd.DataFrame, cols: tuple[str, ...]) -> set[tuple]:
    """Distinct value combinations; missing values as one marker (NaN never equals itself)."""
    sub = df[list(cols)].drop_duplicates().astype("object")
    sub = sub.where(sub.notna(), MISSING)
    return set(sub.itertuples(index=False, name=None))


def _coverage(df: pd.DataFrame) -> dict[str, set[tuple]]:
    columns = list(map(str, df.columns))
    by_release = "release" in columns
    out: dict[str, set[tuple]] = {}
    if by_release:
        out["release"] = _keys(df, ("release",))
    for label, cols in _dimensions(columns):
        key_cols = (("release",) if by_release else ()) + cols
        out[label] = _keys(df, key_cols)
    return out


def _describe_key(label: str, key: tuple, by_release: bool) -> str:
    if by_release and label != "release":
        return f"release {key[0]}: {label} {' / '.join(map(str, key[1:]))}"
    return f"{label} {' / '.join(map(str, key))}"


def removals(old: Store, new_tables: dict[str, pd.DataFrame]) -> list[str]:
    """What ``old`` has that ``new_tables`` would not, one line each (empty when nothing is lost)."""
    lost: list[str] = []
    for name, info in sorted(old.manifest.get("tables", {}).items()):
        if name not in new_tables:
            lost.append(f"table {name} ({info.get('rows', 0):,} rows) would be gone")
            continue
        new = new_tables[name]
        old_rows = int(info.get("rows", 0))
        if old_rows and len(new) < old_rows * (1 - ROW_TOLERANCE):
            lost.append(f"table {name}: rows fall from {old_rows:,} to {len(new):,} "
                        f"({(len(new) - old_rows) / old_rows:+.1%})")
        columns = [c for c in info.get("columns", []) if c in new.columns]
        wanted = {"release"} | {c for _, cols in _dimensions(columns) for c in cols}
        read = [c for c in columns if c in wanted]
        if not read:
            continue
        old_df = pd.read_parquet(old.path / f"{name}.parquet", columns=read)
        before, after = _coverage(old_df), _coverage(new[read])
        by_release = "release" in read
        for label, keys in before.items():
            gone = sorted(keys - after.get(label, set()), key=lambda k: tuple(map(str, k)))
            if label != "release" and by_release:  # a release that is gone is listed once, not per month
                gone_releases = before["release"] - after.get("release", set())
                gone = [k for k in gone if (k[0],) not in gone_releases]
            for k in gone:
                lost.append(f"table {name}: {_describe_key(label, k, by_release)}")
    return lost


def listing(lines: list[str], limit: int = MAX_LISTED) -> str:
    shown = [f"  - {x}" for x in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"  ... and {len(lines) - limit:,} more")
    return "\n".join(shown)


# ---------------------------------------------------------------- crime releases are complete


def _file_rows(table: pd.DataFrame, rel: pd.Series) -> pd.DataFrame:
    in_release = table["release"] == rel["release"]
    in_months = (table["month"] >= rel["first_month"]) & (table["month"] <= rel["last_month"])
    return table[in_release & in_months]


def _missing_majors(src: str, rel: pd.Series, rows: pd.DataFrame) -> list[tuple[str, str]]:
    """A file that holds most of its scheme's major categories but not all of them was cut between
    categories (the MPS files list category by category, so a cut drops the last ones whole).

    The majors of each scheme are those the reviewed mapping (lib/reference/crime_categories.csv) counts
    in an indicator (NFIB fraud, counted in none, is published in some files only); a file with fewer
    than half of them (a hand-made extract) is not judged.
    """
    from lib.reference.categories import mapping_table

    m = mapping_table()
    counted = m["indicator"].notna() & (m["indicator"].astype("object").fillna("").str.strip() != "")
    expected = set(m.loc[counted & (m["scheme"] == str(rel["scheme"])), "major"].astype("object"))
    held = set(rows["major"].astype("object"))
    missing = sorted(expected - held)
    if not missing or len(held & expected) * 2 < len(expected):
        return []
    return [(src, f"covers {rel['first_month']}..{rel['last_month']} but has no rows for the major categor"
                  f"{'y' if len(missing) == 1 else 'ies'} {', '.join(missing)} of the {rel['scheme']} scheme "
                  "(file cut short between categories? the categories are listed in "
                  "lib/reference/crime_categories.csv)")]


def crime_release_problems(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """(source file, problem) for each crime file that does not cover what it claims."""
    releases = tables.get("crime_releases")
    if releases is None or releases.empty:
        return []
    problems: list[tuple[str, str]] = []
    mps = {b.code: b.name for b in mps_boroughs()}
    per_file: list[tuple[pd.Series, pd.DataFrame]] = []
    for _, rel in releases.iterrows():
        table = tables.get("crime_borough" if rel["level"] == "borough" else "crime_ward")
        if table is None:
            continue
        rows = _file_rows(table, rel)
        src = str(rel["source_file"])
        boroughs = set(rows["borough_code"].astype("object"))
        if len(boroughs & set(mps)) > len(mps) // 2:
            missing = sorted(mps[c] for c in set(mps) - boroughs)
            if missing:
                problems.append((src, f"covers {rel['first_month']}..{rel['last_month']} for London but has "
                                      f"no rows for {', '.join(missing)} (file cut short?)"))
        problems += _missing_majors(src, rel, rows)
        if rel["level"] != "borough":
            continue
        per_file.append((rel, rows))
        totals = (rows.astype({"borough_name": "object", "major": "object", "minor": "object"})
                  .groupby(["major", "minor", "borough_name"])["count"].sum())
        names = set(rows["borough_name"].astype("object"))
        n_months = rows["month"].nunique()
        for (major, minor), g in totals.groupby(level=["major", "minor"], sort=True):
            held = set(g.index.get_level_values("borough_name"))
            missing = names - held
            common = g.median() >= n_months  # at least one crime a month in a typical borough
            if common and missing:
                problems.append((src, f"category {major} / {minor} has rows for {len(held)} boroughs but none "
                                      f"for {', '.join(sorted(missing))} (file cut short?)"))
    # a newer file overlapping an older one of the same scheme keeps what had crimes in the shared months
    for i, (rel_a, rows_a) in enumerate(per_file):
        for rel_b, rows_b in per_file[i + 1:]:
            if rel_a["scheme"] != rel_b["scheme"] or rel_a["release"] == rel_b["release"]:
                continue
            older, newer = sorted([(rel_a, rows_a), (rel_b, rows_b)], key=lambda x: str(x[0]["release"]))
            lo = max(older[0]["first_month"], newer[0]["first_month"])
            hi = min(older[0]["last_month"], newer[0]["last_month"])
            if lo > hi:
                continue
            def held(rows: pd.DataFrame, lo: str = lo, hi: str = hi) -> set[tuple]:
                shared = rows[(rows["month"] >= lo) & (rows["month"] <= hi) & (rows["count"] > 0)]
                return _keys(shared, ("borough_name", "major", "minor"))

            gone = sorted(held(older[1]) - held(newer[1]))
            if gone:
                shown = "; ".join(" / ".join(map(str, k)) for k in gone[:5])
                more = f" and {len(gone) - 5} more" if len(gone) > 5 else ""
                problems.append((str(newer[0]["source_file"]),
                                 f"has no rows for {len(gone)} borough/category pair(s) that had crimes in "
                                 f"{lo}..{hi} in {older[0]['source_file']}: {shown}{more} (file cut short?)"))
    return problems


def source_path(source_dir: Path, rel: str) -> Path:
    p = Path(rel)
    return p if p.is_absolute() else source_dir / p
