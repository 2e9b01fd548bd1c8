"""Incomplete months of the ward file: the one definition, used at ingest (``lib/ingest/derived.py``
records them with the derived ward series), by the ward views (``lib/views/crime.py``) and by the drivers
answer (``lib/views/drivers.py``).

Definition: for each ward release and month, ``wards`` is the Total Notifiable Offences of every ward in
the ward file (the 32 boroughs' wards; the file's non-borough rows, 'Aviation Security (SO18)', are left
out) and ``boroughs`` the Total Notifiable Offences of the 32 boroughs in the borough files for the same
month, from the borough files' default release for the month (the newest containing it; the airports and
'Unknown' rows left out, as on the ward side). The month is incomplete when ``wards`` is under
``WARD_MONTH_MIN_SHARE`` of ``boroughs`` (``lib/reference/ward_file.py``). A month the borough files do
not have cannot be checked (``boroughs`` missing) and is not called incomplete.
"""

from __future__ import annotations

import pandas as pd

from lib.metrics.crime_series import KIND_INDICATOR, series_rule
from lib.reference.boroughs import LONDON_CODE
from lib.reference.categories import TNO
from lib.reference.ward_file import WARD_MONTH_MIN_SHARE

# The manifest note recording the check made at ingest: {"rule": check_rule(), "incomplete": {release:
# {month: [wards, boroughs]}}}.
WARD_MONTHS_NOTE = "crime_ward_incomplete_months"
CHECK_COLUMNS = ["release", "month", "wards", "boroughs", "share", "incomplete"]


def check_rule(min_share: float = WARD_MONTH_MIN_SHARE) -> str:
    """Names the rule a recorded check was made by (the series rule, so the TNO mapping, and the share):
    a record made by another rule is not used."""
    return f"{series_rule()} min share {min_share:g}"


def incomplete_months(ward_totals: pd.Series, area_totals: pd.Series,
                      min_share: float = WARD_MONTH_MIN_SHARE) -> list[str]:
    """Months whose ward-file total is under ``min_share`` of the same area's published total.

    Both Series are indexed by month (all London's wards summed; the same area's total from the borough
    files, Total Notifiable Offences); a month missing from the ward file counts as 0, a month missing from
    ``area_totals`` is not checked. A ward figure over such a month would credit its missing offences to
    the change.
    """
    wards = ward_totals.reindex(area_totals.index).fillna(0)
    short = area_totals[(area_totals > 0) & (wards < min_share * area_totals)]
    return sorted(map(str, short.index))


def _tno(series: pd.DataFrame) -> pd.DataFrame:
    return series[(series["kind"] == KIND_INDICATOR) & (series["indicator"] == TNO)]


def ward_month_check(ward_series: pd.DataFrame, borough_series: pd.DataFrame,
                     min_share: float = WARD_MONTH_MIN_SHARE) -> pd.DataFrame:
    """Each ward release's months against the borough files (definition: the module docstring).

    ``ward_series``: ward indicator rows (area_code, kind, indicator, month, release, count), as
    :func:`lib.metrics.crime_series.ward_release_series` or one release's block of it; ``borough_series``:
    the borough series on the default-release rule (:func:`lib.metrics.crime_series.borough_series`: area_code,
    kind, indicator, month, count). Columns: release, month, wards, boroughs (missing when the borough
    files lack the month), share, incomplete; one row per release and month, in that order.
    """
    w = _tno(ward_series)
    wards = (w.groupby([w["release"].astype("string"), w["month"].astype("string")], observed=True)["count"]
             .sum().rename("wards").reset_index())
    b = _tno(borough_series)
    b = b[b["area_code"].astype("string") != LONDON_CODE]
    boroughs = b.groupby(b["month"].astype("string"), observed=True)["count"].sum().rename("boroughs")
    out = wards.merge(boroughs, left_on="month", right_index=True, how="left")
    out["wards"] = out["wards"].astype("int64")
    out["boroughs"] = out["boroughs"].astype("Int64")
    out["share"] = (out["wards"] / out["boroughs"].astype("Float64")).astype("Float64")
    short = set()
    for release, grp in out.groupby("release"):
        area = grp.set_index("month")["boroughs"].dropna()
        short |= {(release, m) for m in incomplete_months(grp.set_index("month")["wards"], area, min_share)}
    out["incomplete"] = [(r, m) in short for r, m in zip(out["release"], out["month"], strict=True)]
    return out[CHECK_COLUMNS].sort_values(["release", "month"]).reset_index(drop=True)


def check_record(check: pd.DataFrame, min_share: float = WARD_MONTH_MIN_SHARE) -> dict:
    """The manifest note of a :func:`ward_month_check`: its rule and each release's incomplete months with
    their two totals."""
    record: dict[str, dict[str, list[int]]] = {}
    for r in check[check["incomplete"]].itertuples(index=False):
        record.setdefault(str(r.release), {})[str(r.month)] = [int(r.wards), int(r.boroughs)]
    return {"rule": check_rule(min_share), "incomplete": record}


def recorded_incomplete(note: object,
                        min_share: float = WARD_MONTH_MIN_SHARE) -> dict[str, dict[str, list[int]]] | None:
    """The incomplete months of a recorded check (release → month → [wards, boroughs]), or None when there is
    no record or it was made by another rule (then the check is made again)."""
    if not isinstance(note, dict) or note.get("rule") != check_rule(min_share):
        return None
    return note.get("incomplete", {})


__all__ = ["CHECK_COLUMNS", "WARD_MONTHS_NOTE", "WARD_MONTH_MIN_SHARE", "check_record", "check_rule",
           "incomplete_months", "recorded_incomplete", "ward_month_check"]
