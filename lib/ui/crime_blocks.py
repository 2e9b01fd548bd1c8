"""The crime page's larger blocks, drawn from its views (lib.views.crime, lib.views.drivers, lib.views.unusual):
what drove the change, the unusual months, the tracker and the wards."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.periods import month_label
from lib.store import Store
from lib.ui import cache, charts, maps
from lib.ui.widgets import chart_spec, chart_with_table, data_table, headline
from lib.views.crime import TrackerView, WardView, count_text
from lib.views.drivers import DriversView
from lib.views.forecast import ForecastView
from lib.views.unusual import UnusualView

FORECAST_NUMBERS = {"central": "Forecast % change", "low_80": "80% range from", "high_80": "80% range to",
                    "low_95": "95% range from", "high_95": "95% range to",
                    "probability_of_target": "Chance of meeting the target"}
FORECAST_FORMATS = {**{v: "{:+.1f}" for v in FORECAST_NUMBERS.values()}, "Chance of meeting the target": "{:.0%}"}


def tracker_numbers(tv: TrackerView, forecast: ForecastView | None) -> pd.DataFrame:
    """The tracker's numbers, with each area's forecast beside them when there is one."""
    if forecast is None:
        return tv.table
    f = forecast.table.set_index("area_code")[list(FORECAST_NUMBERS)].rename(columns=FORECAST_NUMBERS)
    return tv.table.join(f, on="area_code")


# The crime page's parts a reader opens (``lib.ui.widgets.section``), each worked out only when open, by their URL
# keys: the full indicator table and the special rows' definitions; what drove the change, unusual months, the
# similar boroughs, the target, the wards, positive outcomes, and what the newest release revised.
SECTIONS = ("full_table", "definitions", "drivers", "unusual", "similar", "target", "wards", "outcomes", "revisions")


def tracker_block(tv: TrackerView, fy: str, reduction: int, area: str, forecast: ForecastView | str | None) -> None:
    """London's reduction, 'N of 32', the revision, the forecast to the financial year's end (``forecast``: the
    view, why there is none, or None when not asked for), every borough against the target and the trajectory."""
    c1, c2, c3 = st.columns(3)
    with c1:
        headline(f"London, 12 months to {month_label(tv.to)}", tv.london_text,
                 help=f"{tv.summary.london_current:,.0f} {tv.category} crimes against "
                 f"{tv.summary.london_baseline:,.0f} in {fy}.")
    with c2:
        headline(f"Boroughs at a {reduction}% reduction or more", tv.meeting_text)
    with c3:
        headline("Revised since first published", tv.revision_text, help=tv.revision.words if tv.revision else None)
    fv = forecast if isinstance(forecast, ForecastView) else None
    if isinstance(forecast, str):
        st.info(f"No forecast for these choices: {forecast}")
    elif fv is not None:
        st.markdown(f"**Will London meet it?** {fv.words}")
        st.caption(f"Forecast (prediction intervals): {fv.method_words} For statisticians: {fv.method}. "
                   "Each borough's forecast is in the Numbers tab.")
    chart_with_table(
        chart_spec(charts.crime_tracker_chart, tv.boroughs, month_label(tv.to), fy, reduction, area),
        tracker_numbers(tv, fv), formats=FORECAST_FORMATS if fv is not None else None,
        key="tracker", cached=True, chosen=area, filename=f"mopac7_tracker_{tv.to}.csv",
        caption=f"Black line: the {reduction}% reduction target. A borough meets it when its reduction, shown "
        "to one decimal place, is at the target or beyond.")
    chart_with_table(chart_spec(charts.crime_trajectory_chart, tv.trajectory), tv.trajectory, key="trajectory",
                     filename="mopac7_trajectory.csv", cached=True,
                     caption="London's reduction month by month; dashed line: the target.")


def ward_block(store: Store, wv: WardView, area: str) -> None:
    """A borough's wards: a map and the numbers, or in words why there are none for these choices."""
    if wv.message:
        st.info(wv.message)
        return
    st.caption(f"{wv.period_words}: {wv.source_words}. Rank within {area}: 1 = lowest {wv.rank_basis}.")
    left, right = st.columns([3, 2])
    with left:
        if store.has("wards"):
            maps.ward_map(store, wv.table, key="ward_map", borough_code=wv.borough_code)
    with right:
        chart_with_table(None, wv.numbers, key="wards", filename=f"crime_wards_{wv.borough_code}.csv", cached=True)


CHANGE_FORMAT = {"Change": "{:+,.0f}"}  # a change in whole crimes, signed


def drivers_block(dv: DriversView) -> None:
    """What drove the change: the view's sentence first, then the crime types and the wards (public: counts
    as published, the change of a count under 10 withheld) under "Numbers", each with its CSV, and the breaks
    crossed as captions."""
    st.markdown(dv.sentence)
    st.caption(f"{dv.period_words}, figures {dv.release_words}: {dv.previous:,} crimes then, {dv.current:,} now. "
               "Each crime type's and ward's part is its own change in crimes (its contribution).")
    with st.expander("Numbers: the change by crime type and by ward"):
        types, wards = st.tabs(["By crime type", "By ward"])
        with types:
            chart_with_table(None, dv.category_table, key="drivers_types", cached=True, formats=CHANGE_FORMAT,
                             filename=f"crime_drivers_{dv.area_code}_{dv.to}.csv",
                             caption="Counts as the MPS publishes them; the change of a crime type under 10 is "
                             "not shown (too few to be reliable).")
        with wards:
            if dv.wards.empty:
                st.info(dv.wards_words)
            else:
                chart_with_table(None, dv.ward_table, key="drivers_wards", cached=True, formats=CHANGE_FORMAT,
                                 filename=f"crime_drivers_wards_{dv.area_code}_{dv.to}.csv", caption=dv.wards_words)
    for note in dv.note_words:
        st.caption(note)


UNUSUAL_WORDS = {"high": "Yes: higher than expected", "low": "Yes: lower than expected"}


def unusual_numbers(uv: UnusualView) -> pd.DataFrame:
    """The unusual-months chart's numbers as the public reads them: counts as published (a month under 10
    not judged, and why), the expected count and its limits to the nearest whole crime, the verdict in words."""
    t, pub = uv.table, uv.public

    def whole(col: str) -> pd.Series:
        return pd.Series([None if pd.isna(v) else f"{v:,.0f}" for v in t[col]], dtype="string").fillna("–")

    judged = pub["expected"].notna() & pub["count"].notna()
    verdict = pd.Series([UNUSUAL_WORDS.get(f, "No") if j else "Not judged" for f, j in zip(pub["flag"], judged,
                                                                                             strict=True)])
    return pd.DataFrame({
        "Month": [month_label(m) for m in t["month"]],
        "Crimes": count_text(t["count"]).to_numpy(),
        "Expected": whole("expected").to_numpy(),
        "Lower limit": whole("lower").to_numpy(),
        "Upper limit": whole("upper").to_numpy(),
        "Unusual?": verdict.to_numpy(),
        "Why not judged": pd.Series(pub["reason"]).astype("string").fillna("").to_numpy(),
    })


def unusual_block(uv: UnusualView) -> None:
    """Was any month unusual? The view's sentence first, then the months against the expected count and its
    limits (flagged months by shape and word), the numbers in the table, and the method in words."""
    st.markdown(uv.words)
    chart_with_table(chart_spec(charts.unusual_months_chart, uv.public), unusual_numbers(uv), key="unusual",
                     filename=f"crime_unusual_{uv.area_code}_{uv.last}.csv", cached=True,
                     caption="Blue line: the crimes recorded in each month. Dashed line: the count expected "
                     "for that month. Grey band: the expected range (the prediction limits). A triangle and "
                     "the word 'high' or 'low' mark a month outside it. Months under 10 crimes are too few to judge.")
    st.caption(f"How a month is judged: {uv.method_words} For statisticians: {uv.method}. Figures {uv.release_words}.")


def outcomes_block(store, code: str, to: str) -> None:
    """Positive outcomes of hate crime, domestic abuse, knife and gun crime for the area and 12 months, or one line
    naming the months the publisher's file covers."""
    from lib.views.outcomes import RATE_WORDS, SOURCE

    ov = cache.outcomes_view(store, code, to)
    if isinstance(ov, cache.Refused):
        st.caption(f"Positive outcomes: {ov}.")
        return
    st.markdown(ov.sentence)
    data_table(ov.table, key="outcomes")
    st.caption(f"{ov.period_words}. {RATE_WORDS} Source: {SOURCE}.")
