"""Answer first (issue 23): each of the Confidence, Neighbourhood comparator, Stop and search, Complaints and
About pages opens, straight under its title and before "Change what is shown", with one sentence answering
its question and a headline figure. The figures in each expected sentence are worked out here with plain
pandas from the store's tables (or quoted from the published documents), not by lib/."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from lib.reference import read_rows
from lib.store import Store
from tests.helpers import checked

Z = 1.959963984540054  # the 95% point of the normal distribution


def wilson(p: float, n: float) -> tuple[float, float]:
    """Wilson's score interval, written out from Wilson (1927)."""
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def newcombe(p1: float, n1: float, p2: float, n2: float) -> tuple[float, float]:
    """Newcombe's (1998) hybrid score interval of p1 - p2."""
    (l1, u1), (l2, u2) = wilson(p1, n1), wilson(p2, n2)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def month_words(month: str) -> str:
    return pd.Timestamp(f"{month}-01").strftime("%B %Y")


def _blocks(at):
    return list(at.main.children.values())


def answer_block(at):
    """The page's answer container (key 'answer'), after checking it comes before the controls' fold."""
    ids = [getattr(b.proto, "id", "") if b.type == "flex_container" else "" for b in _blocks(at)]
    answer = next(i for i, x in enumerate(ids) if x.endswith("-answer"))
    controls = next(i for i, x in enumerate(ids) if x.endswith("-controls"))
    assert answer < controls
    return _blocks(at)[answer]


def answer_text(at) -> str:
    block = answer_block(at)
    return "\n".join(m.value for m in block.children.values() if m.type == "markdown")


def answer_metrics(at) -> list[tuple[str, str]]:
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            if child.type == "metric":
                found.append((child.label, child.value))
            walk(child)

    walk(answer_block(at))
    return found


# --------------------------------------------------------------------------------- confidence

CONFIDENCE = "pages/2_Confidence.py"
BOROUGH_N, LONDON_N = 400, 12_800  # the stated assumption: 12,800 interviews a year / 32 boroughs


def test_confidence_enfield_as_the_snb_pack(open_page, pas_store: Path) -> None:
    """Enfield SNB pack: 59% in the 12 months to September 2015 against 67% for the MPS; the interval is
    Wilson's on 400 interviews, and the gap (Newcombe, 400 against 12,800) lies wholly below zero."""
    at = checked(open_page(CONFIDENCE, store=pas_store, borough="Enfield", to="2015-09"))
    low, high = wilson(0.59, BOROUGH_N)
    gap_low, gap_high = newcombe(0.59, BOROUGH_N, 0.67, LONDON_N)
    assert gap_high < 0
    assert answer_text(at) == (
        f"In Enfield, 59% of people asked in the Public Attitude Survey (PAS) said the police do a good job in their "
        f"area in the 12 months to September 2015 (95% interval {low:.0%} to {high:.0%}), against 67% across London: "
        "lower than London, beyond the margin of error.")
    assert (low, high) == pytest.approx((0.54, 0.64), abs=0.005)
    assert answer_metrics(at) == [("Police do a good job in the local area", "59%")]


def _pas(store: Path, area: str, quarter: str) -> float:
    t = Store(store).table("pas_borough")
    row = t[(t["area_code"] == area) & (t["quarter"] == quarter) & (t["measure"] == "good_job")]
    return float(row["proportion"].iloc[0])


def test_confidence_london_with_the_year_before_on_demo(open_page, demo_store: Path) -> None:
    quarters = sorted(Store(demo_store).table("pas_borough")["quarter"].astype(str).unique())
    latest = quarters[-1]
    earlier = str(pd.Period(latest, "M") - 12)
    now, then = _pas(demo_store, "E12000007", latest), _pas(demo_store, "E12000007", earlier)
    low, high = wilson(now, LONDON_N)
    d_low, d_high = newcombe(now, LONDON_N, then, LONDON_N)
    words = "a real rise" if d_low > 0 else "a real fall" if d_high < 0 else "within the margin of error"
    at = checked(open_page(CONFIDENCE))
    assert answer_text(at) == (
        f"Across London, {now:.0%} of people asked in the Public Attitude Survey (PAS) said the police do a good job "
        f"in their area in the 12 months to {month_words(latest)} (95% interval {low:.0%} to {high:.0%}); a year "
        f"earlier it was {then:.0%} ({words}).")


# --------------------------------------------------------------------------------- comparator

COMPARATOR = "pages/3_Neighbourhood_comparator.py"
NEIGHBOURHOOD_N = 120  # the stated assumption: about 12,800 interviews / 106 neighbourhoods


def test_comparator_names_rank_pair_and_survey_period(open_page, real_store: Path) -> None:
    nb = Store(real_store).table("pas_neighbourhood")
    good = nb[nb["measure"] == "good_job"].set_index("neighbourhood")
    a, b = "Newham - East", "Haringey - East"
    group = good[good["group"] == good.at[a, "group"]]
    rank = int((group["value"] > good.at[a, "value"]).sum()) + 1
    va, vb = float(good.at[a, "value"]), float(good.at[b, "value"])
    low, high = newcombe(va, NEIGHBOURHOOD_N, vb, NEIGHBOURHOOD_N)
    beyond = "beyond" if low > 0 or high < 0 else "within"
    at = checked(open_page(COMPARATOR, store=real_store, neighbourhood=a, compare=b))
    text = answer_text(at)
    assert text.startswith(f"In {a}, {va:.0%} of people asked said the police do a good job locally: the "
                           f"{rank}nd highest of the {len(group)} neighbourhoods in its group of similar places, ")
    assert f"whose middle figure is {group['value'].median():.0%}" in text
    gap = round((va - vb) * 100)
    assert f"; {b} has {vb:.0%}, {gap} points lower ({beyond} the margin of error)." in text
    assert (rank, len(group), gap, beyond) == (2, 13, 15, "beyond")
    assert text.endswith("published in 2016 (the file does not say which months).")  # SOURCES.md: only '2016'
    assert answer_metrics(at) == [(f"Police do a good job locally: {a}", f"{va:.0%}")]


# --------------------------------------------------------------------------------- stop and search

STOP_SEARCH = "pages/4_Stop_and_search.py"
ARRESTS = {r["published"] for r in read_rows("stop_search_outcomes.csv") if r["group"] == "Arrest"}


def latest_twelve_with_records(months: list[str]) -> tuple[str, str]:
    """The latest 12 consecutive calendar months that all have records, by walking back from each month."""
    have = set(months)
    for end in sorted(have, reverse=True):
        window = [str(pd.Period(end, "M") - k) for k in range(12)]
        if all(m in have for m in window):
            return window[-1], end
    raise AssertionError("no 12 consecutive months")


def _searches(store: Path):
    t = Store(store).table("stop_search")
    return t.assign(month=t["month"].astype(str))


def _arrest_share(rows: pd.DataFrame) -> float:
    return rows["outcome"].isin(ARRESTS).sum() / len(rows)


def test_stop_search_opens_on_the_latest_twelve_months_with_records(open_page, real_store: Path) -> None:
    """The Met's published records run December 2017 to February 2019, then September 2022 alone: the page
    opens on March 2018 to February 2019, not on October 2021 to September 2022 (one month of records)."""
    t = _searches(real_store)
    start, end = latest_twelve_with_records(sorted(t["month"].unique()))
    assert (start, end) == ("2018-03", "2019-02")
    period = t[(t["month"] >= start) & (t["month"] <= end)]
    at = checked(open_page(STOP_SEARCH, store=real_store))
    assert answer_text(at) == (
        f"Across London, the Met carried out {len(period):,} stop and searches from March 2018 to February 2019, "
        f"the latest 12 months the records cover; {_arrest_share(period):.0%} led to an arrest.")
    assert answer_metrics(at)[0] == ("Searches", f"{len(period):,}")

    enfield = period[(period["location_status"] == "borough") & (period["borough_code"] == "E09000010")]
    march = t[t["month"] == "2018-03"]
    assert march["latitude"].isna().mean() > 0.5  # SOURCES: 2018-02 and 2018-03 lack most locations
    at = checked(open_page(STOP_SEARCH, store=real_store, borough="Enfield"))
    assert answer_text(at) == (
        f"In Enfield, police carried out {len(enfield):,} stop and searches from March 2018 to February 2019, the "
        f"latest 12 months the records cover; {_arrest_share(enfield):.0%} led to an arrest, against "
        f"{_arrest_share(period):.0%} across London (March 2018 lacks a location for most searches, so the "
        "borough's count is short).")


def test_stop_search_period_across_the_gap_names_the_months_with_records(open_page, real_store: Path) -> None:
    t = _searches(real_store)
    period = t[(t["month"] >= "2019-02") & (t["month"] <= "2022-09")]
    assert sorted(period["month"].unique()) == ["2019-02", "2022-09"]
    at = checked(open_page(STOP_SEARCH, store=real_store, **{"from": "2019-02", "to": "2022-09"}))
    assert answer_text(at).startswith(
        f"Across London, the Met carried out {len(period):,} stop and searches from February 2019 to September "
        "2022 (records exist for February 2019 and September 2022 only); ")


def test_stop_search_link_to_months_without_records_names_those_with_them(open_page, real_store: Path) -> None:
    at = checked(open_page(STOP_SEARCH, store=real_store, **{"from": "2020-01", "to": "2020-05"}))
    warnings = " ".join(w.value for w in at.warning)
    assert "a month in 2016-06, 2017-12 to 2019-02 or 2022-09" in warnings
    assert answer_text(at).startswith("Across London, the Met carried out ")  # the opening period instead


def test_stop_search_demo_default_is_the_latest_twelve_months(open_page, demo_store: Path) -> None:
    t = _searches(demo_store)
    start, end = latest_twelve_with_records(sorted(t["month"].unique()))
    period = t[(t["month"] >= start) & (t["month"] <= end)]
    at = checked(open_page(STOP_SEARCH))
    assert answer_text(at).startswith(
        f"Across London, the Met carried out {len(period):,} stop and searches from {month_words(start)} to "
        f"{month_words(end)}, the latest 12 months the records cover; {_arrest_share(period):.0%} led to an arrest")


# --------------------------------------------------------------------------------- complaints

COMPLAINTS = "pages/5_Complaints.py"


def test_complaints_enfield_on_demo(open_page, demo_store: Path) -> None:
    store = Store(demo_store)
    a, w = store.table("complaints_allegations"), store.table("complaints_workforce")
    a, w = a.assign(month=a["month"].astype(str)), w.assign(month=w["month"].astype(str))
    to = a["month"].max()
    first, prev_first = str(pd.Period(to, "M") - 11), str(pd.Period(to, "M") - 23)
    prev_last = str(pd.Period(to, "M") - 12)

    def count(code: str | None, lo: str, hi: str) -> int:
        rows = a[(a["month"] >= lo) & (a["month"] <= hi)]
        return int(rows[rows["borough_code"] == code]["allegations"].sum() if code else rows["allegations"].sum())

    def people(lo: str, hi: str) -> pd.Series:
        rows = w[(w["month"] >= lo) & (w["month"] <= hi)]
        return (rows["officers"] + rows["staff"]).groupby(rows["borough_code"]).mean()

    now, before = count("E09000010", first, to), count("E09000010", prev_first, prev_last)
    staff = people(first, to)
    per_100 = now / staff["E09000010"] * 100
    london_rows = a[(a["month"] >= first) & (a["month"] <= to) & a["borough_code"].isin(staff.index)]
    london_per_100 = london_rows["allegations"].sum() / staff.sum() * 100
    change = (now - before) / before * 100
    at = checked(open_page(COMPLAINTS, borough="Enfield"))
    assert answer_text(at) == (
        f"In Enfield, {now:,} complaint allegations were made against borough police officers and staff in the 12 "
        f"months to {month_words(to)}, {abs(change):.0f}% {'more' if change > 0 else 'fewer'} than the {before:,} "
        f"in the 12 months before; {per_100:.1f} for every 100 officers and staff, against {london_per_100:.1f} "
        "across London.")
    assert answer_metrics(at)[0] == ("Allegations in 12 months", f"{now:,}")


# --------------------------------------------------------------------------------- about

ABOUT = "pages/6_About_the_data.py"
TABLE_NAMES = ("crime_borough", "crime_series", "pas_borough", "pas_neighbourhood", "stop_search", "population_",
               "web_boroughs", "crime_special", "borough_features")


def test_about_says_how_far_each_topic_runs_in_words(open_page, real_store: Path) -> None:
    """The published files (../shared/data/README.md): the newest crime release runs to February 2026, the PAS
    to 2023Q4, the stop-and-search records to September 2022; complaints and USS are not published."""
    at = checked(open_page(ABOUT, store=real_store))
    text = answer_text(at)
    assert text.startswith("These figures come from the files the Met, MOPAC, ONS and police.uk publish, loaded on ")
    assert text.endswith(": recorded crime to February 2026, public confidence (the Public Attitude Survey) to "
                         "December 2023 and stop and search records to September 2022; complaints and victim "
                         "satisfaction by borough are not published.")
    assert answer_metrics(at) == [("Latest month of recorded crime", "February 2026")]
    inside = {id(n) for e in at.expander if e.label.startswith("Technical notes") for n in _nodes(e)}
    outside = [n for n in _nodes(at.main) if id(n) not in inside]
    words = [str(n.value) for n in outside if n.type in ("markdown", "caption", "header", "info", "warning")]
    tables = [n.value for n in outside if n.type in ("table", "dataframe")]
    shown = "\n".join(words + [t.to_csv() for t in tables])
    assert not [name for name in TABLE_NAMES if name in shown]
    assert any("Public confidence by borough" in t.to_csv() for t in tables)


def _nodes(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _nodes(child)
