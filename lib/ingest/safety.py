"""Checks that stop an ingest from losing data: compare before swap, and complete crime releases.

``compare(old_store, new_tables)`` compares what the publisher's files hold, table by table.
``lost`` lists what the current store holds that the new one would not: a table, a crime release,
and per table (per release where the table has one) a borough, a month or a category; any table,
and any release of a table, whose row count falls by more than ``ROW_TOLERANCE``. The ingest stops
with exit 2 and this list unless ``--allow-removal`` is given. ``changed`` lists what is new (a table,
a release with its rows and months, more rows, new months): the routine monthly update, a newer
release beside the old ones, goes through and the report lists it. Derived tables (``crime_series``)
are not compared key by key: their months move to each newer release by design (listed as a change).

``crime_release_problems(tables)`` checks that each crime file covers every borough and category
for every month it claims: a London-wide file has every MPS borough; a common category (a crime a
month or more in a typical borough that has it) must be there for every borough of the file (a
file cut at a row boundary loses the last boroughs of its last category; rare categories such as
violent disorder are legitimately absent in some boroughs); and a newer file
that overlaps an older one of the same scheme keeps every borough and category that had crimes in
the older one in the shared months.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lib.reference.boroughs import mps_boroughs
from lib.store import FINISHED, Store

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


def _derived_names() -> frozenset[str]:
    from lib.ingest import derived

    return frozenset(t.name for t in derived.TABLES)


def _old_frame(old: Store, name: str, columns: list[str]) -> pd.DataFrame:
    return pd.read_parquet(old.folder / f"{name}.parquet", columns=columns)


def _span(months: pd.Series) -> str:
    m = months.dropna().astype("object")
    return f"months {m.min()}..{m.max()}" if len(m) else "no months"


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def _release_rows(df: pd.DataFrame) -> dict[str, int]:
    counts = df["release"].astype("object").fillna(MISSING).value_counts()
    return {str(k): int(v) for k, v in counts.items()}


@dataclass
class Comparison:
    """What a new set of tables changes in the current store: ``lost`` is refused without
    --allow-removal, ``changed`` (a new table or release, more rows, new months) is listed in the report."""

    lost: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def compare(old: Store, new_tables: dict[str, pd.DataFrame], derived: frozenset[str] | None = None) -> Comparison:
    """Compare what the publisher's files hold in ``old`` with ``new_tables``.

    Per published table: the table itself, its row count, and (per release where the table has one)
    its releases with their row counts, boroughs, months and categories. A derived table
    (``derived``, default the ingest's derived tables, e.g. ``crime_series``) is worked out from the
    published ones, so it is only checked for being there: which release its months come from moves
    to each newer release by design, and that move is listed as a change, not a loss. A table the store's write
    worked out from the others (the manifest's ``finished_tables``, e.g. ``crime_page_views``) is not compared.
    """
    derived = _derived_names() if derived is None else derived
    out = Comparison()
    old_tables = old.manifest.get("tables", {})
    for name in sorted(set(new_tables) - set(old_tables)):
        out.changed.append(f"table {name} is new ({_rows(len(new_tables[name]))})")
    finished = set(old.manifest.get(FINISHED, []))  # worked out when a store is written, not read from files
    for name, info in sorted(old_tables.items()):
        if name in finished:
            continue
        if name not in new_tables:
            out.lost.append(f"table {name} ({info.get('rows', 0):,} rows) would be gone")
            continue
        new = new_tables[name]
        if name in derived:
            out.changed += _derived_changes(old, name, info, new)
            continue
        old_rows = int(info.get("rows", 0))
        if old_rows and len(new) < old_rows * (1 - ROW_TOLERANCE):
            out.lost.append(f"table {name}: rows fall from {old_rows:,} to {len(new):,} "
                            f"({(len(new) - old_rows) / old_rows:+.1%})")
        elif len(new) != old_rows:
            change = f" ({(len(new) - old_rows) / old_rows:+.1%})" if old_rows else ""
            out.changed.append(f"table {name}: rows {old_rows:,} -> {len(new):,}{change}")
        columns = [c for c in info.get("columns", []) if c in new.columns]
        wanted = {"release"} | {c for _, cols in _dimensions(columns) for c in cols}
        read = [c for c in columns if c in wanted]
        if not read:
            continue
        old_df = _old_frame(old, name, read)
        before, after = _coverage(old_df), _coverage(new[read])
        by_release = "release" in read
        gone_releases = before.get("release", set()) - after.get("release", set())
        for label, keys in before.items():
            gone = sorted(keys - after.get(label, set()), key=lambda k: tuple(map(str, k)))
            if label != "release" and by_release:  # a release that is gone is listed once, not per month
                gone = [k for k in gone if (k[0],) not in gone_releases]
            for k in gone:
                out.lost.append(f"table {name}: {_describe_key(label, k, by_release)}")
        if by_release:
            out.lost += _release_row_losses(name, old_df, new, gone_releases)
            for (release,) in sorted(after["release"] - before["release"], key=lambda k: str(k[0])):
                rows = new[new["release"].astype("object") == release]
                span = f", {_span(rows['month'])}" if "month" in rows.columns else ""
                out.changed.append(f"table {name}: release {release} added ({_rows(len(rows))}{span})")
        elif "month" in read:
            added = sorted(after["month"] - before["month"], key=lambda k: str(k[0]))
            if added:
                out.changed.append(f"table {name}: {len(added)} month(s) added, {added[0][0]}..{added[-1][0]}")
    return out


def _release_row_losses(name: str, old_df: pd.DataFrame, new: pd.DataFrame, gone: set[tuple]) -> list[str]:
    """A release still there whose rows fall by more than ``ROW_TOLERANCE`` (a file cut short or
    re-cut: the same release should hold the same rows)."""
    before, after = _release_rows(old_df), _release_rows(new)
    lost = []
    for release, n in sorted(before.items()):
        if (release,) in gone or release not in after:
            continue
        if after[release] < n * (1 - ROW_TOLERANCE):
            lost.append(f"table {name}: release {release}: rows fall from {n:,} to {after[release]:,} "
                        f"({(after[release] - n) / n:+.1%})")
    return lost


def _derived_changes(old: Store, name: str, info: dict, new: pd.DataFrame) -> list[str]:
    """For a derived table with months and releases: which months now come from another release."""
    cols = {"month", "release"}
    if not cols <= set(info.get("columns", [])) or not cols <= set(new.columns):
        return []
    def by_month(df: pd.DataFrame) -> dict[str, str]:
        pairs = df[["month", "release"]].astype("object").dropna().drop_duplicates()
        return dict(pairs.groupby("month")["release"].max().items())

    before, after = by_month(_old_frame(old, name, ["month", "release"])), by_month(new)
    moved: dict[tuple[str, str], list[str]] = {}
    for month, release in sorted(after.items()):
        if month in before and before[month] != release:
            moved.setdefault((before[month], release), []).append(month)
    lines = [f"table {name}: months {ms[0]}..{ms[-1]} ({len(ms)}) now from release {b} (were {a})"
             for (a, b), ms in sorted(moved.items())]
    added = sorted(set(after) - set(before))
    if added:
        lines.append(f"table {name}: {len(added)} month(s) added, {added[0]}..{added[-1]}")
    return lines


def removals(old: Store, new_tables: dict[str, pd.DataFrame], derived: frozenset[str] | None = None) -> list[str]:
    """What ``old`` has that ``new_tables`` would not, one line each (empty when nothing is lost)."""
    return compare(old, new_tables, derived).lost


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
