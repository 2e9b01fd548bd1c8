"""The crime page's larger blocks, drawn from its views (lib.views.crime): the tracker and the wards."""

from __future__ import annotations

import streamlit as st

from lib.periods import month_label
from lib.store import Store
from lib.ui import charts, maps
from lib.ui.cache import compute, derived
from lib.ui.frame import go_to_area
from lib.ui.widgets import chart_spec, chart_with_table, headline, selected_value
from lib.views import crime as views
from lib.views.crime import TrackerView, WardView, release_words


def area_view(data: views.CrimeDataset, to: str, basis: str, code: str, area: str, indicator: str) -> views.CrimeView:
    """The crime view of an area, from the steps every area shares (every area's figures for the period,
    then the series' map), each worked out once per cached dataset."""
    areas = derived(views.crime_areas, data, to, "r12", basis)
    return derived(views.crime_area_view, derived(views.crime_indicator_areas, areas, indicator), code, area)


def tracker_block(tv: TrackerView, fy: str, reduction: int, area: str) -> None:
    """London's reduction, 'N of 32', the revision, every borough against the target and the trajectory."""
    c1, c2, c3 = st.columns(3)
    with c1:
        headline(f"London, 12 months to {month_label(tv.to)}", tv.london_text,
                 help=f"{tv.summary.london_current:,.0f} {tv.category} crimes against "
                 f"{tv.summary.london_baseline:,.0f} in {fy}.")
    with c2:
        headline(f"Boroughs at a {reduction}% reduction or more", tv.meeting_text)
    with c3:
        headline("Revised since first published", tv.revision_text, help=tv.revision.words if tv.revision else None)
    state = chart_with_table(
        chart_spec(charts.crime_tracker_chart, tv.boroughs, month_label(tv.to), fy, reduction, area),
        tv.table,
        key="tracker", on_select="rerun", cached=True, chosen=area, filename=f"mopac7_tracker_{tv.to}.csv",
        caption=f"Black line: the {reduction}% reduction target. A borough meets it when its reduction, shown "
        "to one decimal place, is at the target or beyond.")
    go_to_area(selected_value(state, "area_name"), area)
    chart_with_table(chart_spec(charts.crime_trajectory_chart, tv.trajectory), tv.trajectory, key="trajectory",
                     filename="mopac7_trajectory.csv", cached=True,
                     caption="London's reduction month by month; dashed line: the target.")


def wards(store: Store, release: str | None, code: str, indicator: str, to: str) -> WardView:
    """The borough's ward view: every ward's series once per store version and release (cached), every
    ward's figures once per series and period, the borough's wards selected from them once per choice
    (``lib.views.crime.ward_area_view``)."""
    data = compute(store, views.ward_dataset, release)
    return derived(views.ward_area_view, data, code, indicator, to, derived(views.ward_areas, data, indicator, to))


def ward_block(store: Store, wv: WardView, area: str) -> None:
    """A borough's wards: a map and the numbers, or in words why there are none for these choices."""
    if wv.message:
        st.info(wv.message)
        return
    st.caption(f"{wv.period_words}, figures {release_words(wv.release)}. Rank within {area}: 1 = lowest "
               f"{wv.rank_basis}.")
    left, right = st.columns([3, 2])
    with left:
        if store.has("wards"):
            maps.ward_map(store, wv.table, key="ward_map", borough_code=wv.borough_code)
    with right:
        chart_with_table(None, wv.numbers, key="wards", filename=f"crime_wards_{wv.borough_code}.csv", cached=True)
