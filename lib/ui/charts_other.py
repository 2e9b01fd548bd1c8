"""Charts and on-screen tables of the stop-and-search and complaints pages, drawn from their views.

Builders take the view's tables (DataFrames) so that ``lib.ui.widgets.chart_spec`` builds each
chart once per answer; ``*_numbers`` functions give the table beside each chart with its column
names for the screen. Shared chart kinds come from
:mod:`lib.ui.charts`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.ui.charts import MARKER, OTHER_COLOUR, REFERENCE_COLOUR, SELECTED_COLOUR, category_lines, value_bars
from lib.ui.formats import PERCENT, columns_as, percent_text
from lib.ui.maps import Shapes

GROUP_ORDER = ["White", "Black", "Asian", "Other"]
WHITE_LINE = pd.DataFrame({"value": [1.0], "label": ["White = 1"]})
GOV_TOOLTIP = ["financial_year", "group", "rate_per_1000", "ratio_to_white"]
POWER_COLUMNS = {"month": "Month", "category": "Power", "searches_shown": "Searches"}
OUTCOME_COLUMNS = {"outcome": "Outcome", "searches_shown": "Searches", "share": "Share of searches"}
OBJECT_COLUMNS = {"month": "Month", "searches_shown": "Searches", "weapons_shown": "Weapons searches",
                  "weapons_share": "Weapons share", "key_crime_shown": "Key crime searches",
                  "key_crime_share": "Key crime share"}
ETHNICITY_COLUMNS = {"group": "Group", "searches_shown": "Searches", "population": "Residents",
                     "rate_per_1000": "Per 1,000 residents", "disproportionality": "Ratio to White",
                     "ratio_low": "Ratio, 95% interval from", "ratio_high": "Ratio, 95% interval to",
                     "share_of_searches": "Share of searches"}
GOV_COLUMNS = {"financial_year": "Financial year", "group": "Group", "searches": "Searches",
               "population": "Residents", "rate_per_1000": "Per 1,000 residents", "ratio_to_white": "Ratio to White"}
# the count second, so that a 390 px phone shows it beside the name; the grid reference after it
CELL_COLUMNS = {"place": "Square: borough, near ward", "searches": "Searches", "grid_ref": "OS grid ref."}
BOROUGH_COLUMNS = {"rank": "Rank (1 = most)", "Borough": "Borough", "Group": "Group", "searches_shown": "Searches",
                   "residents": "Residents", "rate_per_1000": "Per 1,000 residents",
                   "black_white_ratio": "Black/White ratio"}
# Number formats of the tables above, by screen column name.
STOP_SEARCH_FORMATS = {
    "Share of searches": PERCENT, "Weapons share": PERCENT, "Key crime share": PERCENT, "Residents": "{:,.0f}",
    "Per 1,000 residents": "{:.2f}", "Ratio to White": "{:.2f}", "Black/White ratio": "{:.2f}",
    "Ratio, 95% interval from": "{:.2f}", "Ratio, 95% interval to": "{:.2f}",
}
# Words beside the charts (definitions from the Enfield SNB pack and police.uk).
CAPTIONS = {
    "power": "PACE s1 (Police and Criminal Evidence Act, section 1) and the Misuse of Drugs Act s23 and Firearms "
             "Act s47 searches need reasonable grounds to suspect the person carries what is searched for; s60 "
             "(Criminal Justice and Public Order Act, section 60) needs no suspicion, inside an area and time a "
             "senior officer has authorised.",
    "object": "Weapons: offensive weapons, firearms, and the s60 object 'anything to threaten or harm'. Key crime: "
              "stolen goods, articles for theft or criminal damage (Enfield SNB pack targets 20% and 40%). MOPAC 7: "
              "the seven priority neighbourhood crimes of the Police and Crime Plan 2013-16, burglary, robbery and "
              "theft among them.",
    "ratio": "Searches per 1,000 residents of each group divided by the rate for White residents, so White "
             "is always 1: a ratio of 3 means three times as likely to be searched. Officer-recorded "
             "appearance, vehicle-only searches excluded, Census 2011 resident populations.",
    "ethnicity": "Table: the whole period. 'Not recorded': searches where no ethnic appearance was recorded.",
    "gov": "GOV.UK Ethnicity facts and figures (Home Office), excluding vehicle-only searches; 5+1 groups.",
    "cell": "Darker squares had more searches. Squares with fewer than 10 searches are not drawn. Each 500 m "
            "square is named by its borough and nearest ward, with the Ordnance Survey grid reference of its "
            "south-west corner (squares near one ward share a name).",
    "map_legend": "Searches in each 500 m square (squares under 10 not drawn)",
}


def power_lines(legislation: pd.DataFrame) -> alt.LayerChart:
    """Searches each month, one line per power (points missing where the count is under 10)."""
    return category_lines(legislation, "chart_value", "category", "Searches in the month")


def outcome_bars(outcomes: pd.DataFrame) -> alt.Chart:
    """Searches by outcome, longest first (outcomes under 10 not drawn)."""
    return value_bars(outcomes.dropna(subset=["chart_value"]), "outcome", "chart_value", "Searches")


def target_lines(shares: pd.DataFrame, targets: pd.DataFrame) -> alt.LayerChart:
    """Weapons and key-crime shares each month against their labelled targets."""
    return category_lines(shares, "share", "measure", "Share of all searches", rules=targets, y_format=".0%")


def ratio_lines(ethnicity_monthly: pd.DataFrame) -> alt.LayerChart:
    """Disproportionality ratio each month, one line per group, with the White = 1 line."""
    shown = ethnicity_monthly[ethnicity_monthly["group"].isin(GROUP_ORDER)]
    return category_lines(shown, "chart_value", "group", "Ratio to the White rate", rules=WHITE_LINE, y_format=".1f")


def gov_lines(gov: pd.DataFrame) -> alt.LayerChart:
    """Met searches per 1,000 residents by ethnic group and financial year (GOV.UK)."""
    return category_lines(gov, "rate_per_1000", "group", "Searches per 1,000 residents", x="financial_year",
                          y_format=None, tooltip=GOV_TOOLTIP)


def borough_rate_bars(table: pd.DataFrame) -> alt.Chart:
    """Searches per 1,000 residents in each borough, highest first."""
    return value_bars(table.dropna(subset=["chart_value"]), "Borough", "chart_value", "Searches per 1,000 residents",
                      x_format=",.1f")


def cell_records(cells: pd.DataFrame) -> Shapes:
    """The grid squares as map records, tagged by their ids (a square's id fixes its polygon), so that the
    drawn map is cached per set of squares."""
    return Shapes(cells[["cell_id", "polygon"]].to_dict(orient="records"),
                  token=("stop_search_grid", *map(str, cells["cell_id"])))


TABLE_COLUMNS = {"power": POWER_COLUMNS, "outcome": OUTCOME_COLUMNS, "object": OBJECT_COLUMNS,
                 "ethnicity": ETHNICITY_COLUMNS, "gov": GOV_COLUMNS, "cell": CELL_COLUMNS, "borough": BOROUGH_COLUMNS}


def numbers(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The table beside a chart of ``kind`` (a key of :data:`TABLE_COLUMNS`), renamed for the screen."""
    return columns_as(table, TABLE_COLUMNS[kind])


WITHHELD = "not given"  # a share of fewer than 10 searches (the view's arrest_rate_withheld): too few to rely on
ANSWER_FIGURES = 2  # the first two headline figures (searches, arrest rate) go with the page's answer


def headline_figures(view) -> list[tuple[str, str, str | None]]:
    """The stop-and-search headline row: (label, value as text, help) for each figure."""
    h = view.headline
    return [
        ("Searches", f"{h.searches:,}", None),
        ("Arrest rate", WITHHELD if view.arrest_rate_withheld else percent_text(h.arrest_rate),
         f"{h.arrests:,} arrests ÷ {h.searches:,} searches" + (
            "" if view.london_arrest_rate is None or view.is_london
            else f"; London {percent_text(view.london_arrest_rate)}")),
        ("No further action", percent_text(h.no_further_action_share), None),
        ("Weapons searches", percent_text(h.weapons_share),
         f"Target {view.weapons_target:.0%} of all searches. {view.shares_note}".strip()),
        ("Key crime searches", percent_text(h.key_crime_share),
         f"Target {view.key_crime_target:.0%} of all searches. {view.shares_note}".strip()),
    ]


def borough_caption(view, marker: str) -> str:
    """Words under the borough comparison: the period, the unlocated caveat, the marked borough."""
    mark = f"{marker} marks {view.area_name}; its most similar group is labelled in the table." if view.similar else ""
    return (f"{view.period_label}. Located searches only: months with many unlocated searches understate every "
            "borough. " + mark)


def outcome_caption(view) -> str:
    """Words under the outcomes chart: the arrest rate with its parts."""
    h = view.headline
    return f"Arrest rate: {h.arrests:,} arrests out of {h.searches:,} searches ({percent_text(h.arrest_rate)})."


# --- complaints: boroughs ranked with London as a bar of its own, categories as labelled rows ----------------
# London drawn as a dashed line crossed the values written at the bars' ends, a negative change's value sat on its
# own bar, and the bars came in alphabetical order; here London is one more (orange) bar in its ranked place, a
# positive value is written beyond its bar's end and a negative one just right of zero (clear of its bar and of
# the names), with room kept on the right for the longest.
RANKED_ROW_PX = 24
VALUE_ROOM = 0.4  # of the bars' span, kept right of the longest bar for its value (about 50 px on a phone)


def ranked_with_london(table: pd.DataFrame, value: str, title: str | list[str], london: float | None,
                       london_label: str, selected: str, fmt: str, shown: str | None = None, *,
                       name: str = "borough_name", axis_format: str | None = None) -> alt.LayerChart:
    """The boroughs (``name``) as bars of ``value``, highest first, the ``selected`` one darker and marked, with
    London as an orange bar named ``london_label``; each bar's value written beyond its end (``fmt``, or the
    ``shown`` text column, e.g. '<10', where the value is withheld)."""
    chosen = table[name].eq(selected)
    rows = pd.DataFrame({
        "area": table[name].mask(chosen, f"{MARKER} {selected}").astype(str).to_numpy(),
        "kind": chosen.map({True: "chosen", False: "other"}).to_numpy(),
        "value": pd.to_numeric(table[value]).astype("float64").to_numpy(),
        "text": (table[shown].astype(str).to_numpy() if shown else
                 [("–" if pd.isna(v) else fmt.format(v)) for v in table[value]]),
    })
    if london is not None and not pd.isna(london):
        rows = pd.concat([rows, pd.DataFrame({"area": [london_label], "kind": ["london"], "value": [float(london)],
                                              "text": [fmt.format(london)]})], ignore_index=True)
    rows = rows.sort_values("value", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    lo, hi = min(0.0, rows["value"].min(skipna=True) or 0.0), max(0.0, rows["value"].max(skipna=True) or 0.0)
    x = alt.X("value:Q", title=title, scale=alt.Scale(domain=[lo, hi + (hi - lo) * VALUE_ROOM], nice=False),
              axis=alt.Axis(format=axis_format) if axis_format else alt.Undefined)
    y = alt.Y("area:N", sort=None, title=None, axis=alt.Axis(labelOverlap=False))
    colour = alt.Color("kind:N", legend=None, scale=alt.Scale(domain=["chosen", "other", "london"],
                                                             range=[SELECTED_COLOUR, OTHER_COLOUR, REFERENCE_COLOUR]))
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=colour, tooltip=[alt.Tooltip("area:N", title=" "),
                                                                           alt.Tooltip("text:N", title=" ")])
    ahead = alt.Chart().transform_calculate(at="isValid(datum.value) && datum.value > 0 ? datum.value : 0").mark_text(
        align="left", dx=4).encode(x=alt.X("at:Q"), y=y, text="text:N")
    return alt.layer(bars, ahead, data=rows, height=alt.Step(RANKED_ROW_PX))


def category_rows(table: pd.DataFrame, title: str, with_change: bool) -> alt.LayerChart:
    """Allegation types or outcomes as labelled rows (:func:`lib.ui.charts_survey.labelled_rows`): the name above
    its bar, and under it the count, its share and (``with_change``) its change on a year before; '<10' and no
    bar where the count is withheld."""
    from lib.ui.charts_survey import labelled_rows

    def words(r) -> str:
        text = str(r["count"]) + ("" if pd.isna(r["share"]) else f" ({r['share']:.1f}%)")
        if with_change and "pct_change" in r and not pd.isna(r["pct_change"]):
            text += f" · change {r['pct_change']:+.0f}% on a year before"
        return text

    rows = pd.DataFrame({"row": table["name"].astype(str).to_numpy(), "value": table["chart_value"].to_numpy(),
                         "words": [words(r) for _, r in table.iterrows()]})
    tip = [alt.Tooltip("row:N", title=" "), alt.Tooltip("words:N", title=" ")]
    bars = alt.Chart().mark_bar(color=SELECTED_COLOUR, height=14).encode(x=alt.X("value:Q", title=title), tooltip=tip)
    return labelled_rows(rows, [bars], tip)
