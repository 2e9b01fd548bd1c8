"""PackView -> lib.report.Document. Formatting only: no figure is computed here."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from lib.metrics.suppression import THRESHOLD, WITHHELD_CELL
from lib.periods import financial_year_label, month_label
from lib.report import Box, Document, Facts, Figure, Paragraph, Section, Table
from lib.ui import charts  # the pages' Altair builders (pure Altair): the pack prints the same pictures
from lib.views.crime import small_rows
from lib.views.drivers import signed
from lib.views.pack import LAYOUTS, OnePage, PackView

NOTICE = "Demonstration data - not official statistics."
CHART_HEIGHT = 220  # CSS pixels: the confidence chart and its numbers under it fit one A4 page (the pages use 340)
PAGE_CHART_WIDTH = 560  # CSS pixels of plot: an A4 page's width (673 px) less the axis and padding
HISTORY_CHART_HEIGHT = 80  # the one-pagers' five-year line (CSS px of plot): legible, and the page still fits A4
HISTORY_CHART_WIDTH = 560  # the page's width less the chart's padding and axis
TREND_QUARTERS = 12  # the confidence trend: the three years to the pack's quarter
# a crime change of a count under 10: 'Homicide 4 → 7, – (not shown: under 10)'
# a change, rate or share of a count under 10, in a table cell: short enough for a figure's column at A4
# (the longer 'not shown: under 10' ran into the next column); each table's note says what it means
CHANGE_WITHHELD = WITHHELD_CELL
SMALL_MONTH = f"A month of fewer than {THRESHOLD} crimes is shown but not judged (too few)."
WITHHELD = CHANGE_WITHHELD  # a share or rate of a count under 10, as Figure 12 prints a withheld ratio
NO_FIGURE = "–"  # no figure at all (as the HTML prints a missing cell)
CRIME_COLUMNS = ["Crime", "Previous 12 months", "Latest 12 months", "% change", "London % change"]


def _pct(v) -> str:
    """A % change as the Enfield pack prints it ('-11.8%'); blank when there is none."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v == "":
        return ""
    try:
        return f"{float(v):.1f}%"
    except (TypeError, ValueError):
        return str(v)


def _share(v) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return f"{float(v):.0%}"


def _share_of(values: pd.Series, counts: pd.Series) -> list[str]:
    """Shares (or rates) of a count: '14%'; '– (not shown: under 10)' where the count under them is under 10
    (too few for a reliable share, and the mark says so); '–' where there is no figure."""
    small = (pd.to_numeric(counts, errors="coerce") < THRESHOLD).fillna(False)  # a missing count: not withheld
    return [WITHHELD if s else NO_FIGURE if pd.isna(v) else _share(v) for v, s in zip(values, small, strict=True)]


def crime_table(pack: PackView) -> pd.DataFrame:
    """The page-2 recorded-crime table: every row of the crime view's table (MOPAC 7, the other crime rows)."""
    t = pack.crime.indicator_table
    cols = [c for c in CRIME_COLUMNS if c in t.columns]
    out = t[cols].copy()
    for c in ("% change", "London % change"):
        if c in out.columns:
            out[c] = out[c].map(_pct)
    # counts as published; the change of a count under 10 is withheld: marked, not a blank read as 'no data'
    out["% change"] = out["% change"].where(~small_rows(t).to_numpy(), CHANGE_WITHHELD)
    return out.rename(columns={"London % change": "MPS % change"}).reset_index(drop=True)


def _crime_section(pack: PackView) -> Section:
    v = pack.crime
    t = crime_table(pack)
    emphasis = tuple(i for i, c in enumerate(t["Crime"]) if c in ("Total Notifiable Offences", "MOPAC 7"))
    blocks = [
        Paragraph(f"Crimes recorded by the police in {pack.borough_name} in the 12 months to {month_label(v.to)}, "
                  "compared with the 12 months before, and the change across the MPS.", kind="lead"),
        Table(t, caption="Recorded crime", period=v.period_words, comparison=v.comparison_words,
              release=v.release_words, population=v.population_basis,
              note=f"Counts are shown as the MPS publishes them; where either count is under {THRESHOLD} the "
                   f"change is not shown ('{CHANGE_WITHHELD}': too few for a reliable percentage). "
                   + (v.special_words or ""), emphasis_rows=emphasis),
    ]
    return Section("Recorded crime", blocks=blocks, page_break=True)


def _count_text(v) -> str:
    return "" if v is None or pd.isna(v) else f"{v:,.0f}"


def _printed_axes(node):
    """Month axes as a narrow screen draws them (slanted): the pages' axes choose level or slanted labels by
    their container's width (a Vega expression of ``containerSize()``), and a printed chart has no container,
    so eight level month labels ran into each other across an A4 page."""
    if isinstance(node, list):
        return [_printed_axes(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _printed_axes(v) for k, v in node.items() if k not in ("datasets", "data")}
    out |= {k: node[k] for k in ("datasets", "data") if k in node}
    for key in ("labelAngle", "labelAlign", "labelBaseline"):
        expr = out.get(key)
        if isinstance(expr, dict) and "containerSize" in str(expr.get("expr", "")):
            narrow = re.search(r"\?\s*('?[-\w]+'?)\s*:", expr["expr"])
            if narrow:
                value = narrow.group(1).strip("'")
                out[key] = int(value) if value.lstrip("-").isdigit() else value
    return out


def _widened(chart, width: int) -> dict:
    """A chart's spec for a page: each part ``width`` CSS pixels wide (a vconcat's parts, or the chart itself)
    and its month labels slanted (:func:`_printed_axes`), so none runs into the next."""
    spec = _printed_axes(chart.to_dict(validate=False))
    for part in spec.get("vconcat", [spec]):
        part["width"] = width
    return spec


UNUSUAL_VERDICT = {"high": "Yes: higher than expected", "low": "Yes: lower than expected"}


def trend_table(pack: PackView) -> pd.DataFrame:
    """The trend's numbers: each month's crimes and rolling 12-month total, the count its own history led
    us to expect with the expected range, and whether the month was unusual (as the crime page words it)."""
    v, uv = pack.crime, pack.unusual
    tr = v.trend
    out = pd.DataFrame({"month": tr["month"].astype(str), "Month": tr["month"].astype(str).map(month_label),
                        "Crimes": tr["count"].map(_count_text), "Rolling 12 months": tr["rolling_12"].map(_count_text)})
    if uv is None:
        return out.drop(columns="month")
    pub = uv.public.assign(month=uv.public["month"].astype(str))
    judged = pub["expected"].notna() & pub["count"].notna()
    pub = pub.assign(**{
        "Expected": pub["expected"].map(_count_text),
        "Expected range": [f"{lo:,.0f} to {hi:,.0f}" if pd.notna(lo) and pd.notna(hi) else NO_FIGURE
                           for lo, hi in zip(pub["lower"], pub["upper"], strict=True)],
        "Unusual?": [UNUSUAL_VERDICT.get(f, "No") if j else "Not judged"
                     for f, j in zip(pub["flag"], judged, strict=True)],
    })
    cols = ["month", "Expected", "Expected range", "Unusual?"]
    return out.merge(pub[cols], on="month", how="inner").drop(columns="month")


def _no_nan_flags(public: pd.DataFrame) -> pd.DataFrame:
    """The unusual months' table with a missing flag as None (a text column's NaN reached the spec as a bare
    NaN, which is not JSON and which vl-convert refused)."""
    return public.assign(flag=[None if pd.isna(f) else f for f in public["flag"]])


def _crime_trend_section(pack: PackView) -> Section:
    """The recorded-crime trend (the crime page's chart, page-wide), each month judged against its own history
    (the crime page's unusual-months chart: a triangle and a word mark a month outside the expected range),
    with their numbers in a table under them."""
    v = pack.crime
    tr = v.trend
    if tr is None or tr.empty:
        return Section("Recorded crime trend", blocks=[Paragraph(f"{v.indicator}: no monthly figures to draw.")])
    blocks = [Figure(_widened(charts.crime_trend_chart(tr), PAGE_CHART_WIDTH),
                     alt_text=f"{v.indicator} recorded in {pack.borough_name} each month, this year over last, and "
                              "the rolling 12-month total (numbers in the table below)",
                     caption=f"{v.indicator}: monthly crimes, this year over last, and the rolling 12-month total, "
                             f"{pack.borough_name}")]
    uv = pack.unusual
    if uv is not None:
        blocks += [Paragraph(uv.words, kind="lead"),
                   Figure(_widened(charts.unusual_months_chart(_no_nan_flags(uv.public)), PAGE_CHART_WIDTH),
                          alt_text=f"{v.indicator} in {pack.borough_name} each month against the count expected from "
                                   "the months before it, with the expected range shaded and unusual months marked",
                          caption=f"Was any month unusual? {v.indicator}, {pack.borough_name}: crimes (line), the "
                                  "count expected for the month (dashed) and its expected range (grey); a triangle and "
                                  "the word 'high' or 'low' mark a month outside it")]
    blocks.append(Table(trend_table(pack), caption=f"{v.indicator} by month",
                        period=f"the {len(trend_table(pack))} months to {month_label(v.to)}",
                        comparison="the count expected from each month's own history" if uv else
                        "the same month a year earlier (two lines)", release=v.release_words,
                        population="none (counts)",
                        note=" ".join(filter(None, [f"How a month is judged: {uv.method_words}" if uv else
                                                    pack.unusual_missing,
                                                    SMALL_MONTH]))))
    return Section("Recorded crime trend", blocks=blocks, page_break=True)


def _drivers_section(pack: PackView) -> Section | None:
    """What drove the change in the trend's indicator: the view's sentence, then the change by crime type and
    by ward (each part its own change in crimes, largest first), or None (a line in the summary instead)."""
    dv = pack.drivers
    if dv is None:
        return None
    meta = dict(period=dv.period_words, comparison="the 12 months before", release=dv.release_words,
                population="none (counts and changes in crimes)")
    blocks = [
        Paragraph(dv.sentence, kind="lead"),
        Paragraph(f"{dv.indicator}, {pack.borough_name}: {dv.previous:,} crimes then, {dv.current:,} now "
                  f"({signed(dv.change)}). Each crime type's and each ward's part is its own change in crimes; the "
                  "crime types add up exactly to the whole change."),
        Table(dv.category_table.assign(Change=[_signed_cell(c) for c in dv.category_table["Change"]]),
              caption="The change by crime type", note="Counts as the MPS publishes them; each "
                                                       "change is in crimes (no percentages).", **meta),
    ]
    if dv.wards.empty:
        blocks.append(Paragraph(dv.wards_words, kind="note"))
    else:
        blocks.append(Table(dv.ward_table.assign(Change=[_signed_cell(c) for c in dv.ward_table["Change"]]),
                            caption="The change by ward", note=dv.wards_words, **meta))
    blocks += [Paragraph(n, kind="note") for n in dv.note_words]
    return Section("What drove the change", blocks=blocks, page_break=True)


def _signed_cell(v) -> str:
    return WITHHELD if v is None or v is pd.NA or (isinstance(v, float) and v != v) else signed(int(v))


def _confidence_section(pack: PackView) -> Section:
    blocks: list = []
    c = pack.confidence
    if c is None:
        blocks.append(Paragraph(pack.confidence_missing))
    else:
        s = c.summary_table
        t = pd.DataFrame({
            "Measure": s["Measure"],
            pack.borough_name: s["Value"].map(_share),
            "95% interval": [f"{_share(a)} to {_share(b)}"
                             for a, b in zip(s["95% interval from"], s["95% interval to"], strict=True)],
            "MPS": s["London"].map(_share),
            "Against MPS": s["Against London"],
        })
        head = s.iloc[0]
        blocks += [
            Paragraph(f"Public Attitude Survey (rolling 12 months to {c.quarter_label}): confidence that the police "
                      f"do a good job locally in {pack.borough_name} is {_share(head['Value'])}, against an MPS "
                      f"average of {_share(head['London'])}.", kind="lead"),
            Table(t, caption="Public confidence (PAS)", period=f"rolling 12 months to {c.quarter_label}",
                  comparison="the MPS average for the same months", release="MOPAC PAS borough file",
                  population="survey respondents (no rate)", note=_plain(c.assumption)),
        ]
        keep = (c.trend["quarter"].astype(str) <= c.quarter).to_numpy() if c.trend is not None else None
        if keep is not None and keep.any():  # the quarters up to the pack's, as the seed pack prints them
            tt = c.trend_table[keep].tail(TREND_QUARTERS)
            tr = c.trend[keep].tail(TREND_QUARTERS)
            shown = pd.DataFrame({col: (tt[col].map(_share) if col != "12 months to"
                                        else tt[col].astype(str).map(month_label)) for col in tt.columns})
            # the chart page-wide and its numbers under it: five columns beside the chart overprinted their headers
            blocks += [
                Figure(charts.interval_trend(tr, c.measure_label).properties(height=CHART_HEIGHT),
                       alt_text=f"{c.measure_label} in {pack.borough_name} by quarter with its 95% interval, "
                                "and the MPS average dashed (numbers in the table below)",
                       caption=f"{c.measure_label}: {pack.borough_name} (line, 95% interval shaded) and the MPS "
                               "(dashed)", width=PAGE_CHART_WIDTH),
                Table(shown, caption=f"{c.measure_label} by quarter", period=f"quarters to {c.quarter_label}",
                      comparison="the MPS average for the same months", release="MOPAC PAS borough file",
                      population="survey respondents (no rate)")]
    return Section("Public confidence", blocks=blocks, page_break=True)


def _plain(text: str) -> str:
    """A page's words for print: the page's markdown emphasis ('**400 interviews**') taken out, since the
    pack prints plain text (the stars were printed as they stood)."""
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)


def _num(v, pattern: str) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else pattern.format(v)


def _complaints_section(pack: PackView) -> Section:
    """The Enfield pack's complaints figures (6-8): allegations, change, per 100 workforce against London,
    the types of allegation and the monthly trend, or one line saying none is published by borough."""
    if pack.complaints is None:
        return Section("Complaints", blocks=[Paragraph(
            f"{pack.complaints_missing} No borough-level complaints extract is published by the MPS or the IOPC, "
            "so the pack goes on without this section.")])
    v = pack.complaints
    s, lon, p = v.summary, v.london, v.summary.period
    period, previous = f"12 months {p.first} to {p.last}", f"12 months {p.prev_first} to {p.prev_last}"
    head = pd.DataFrame({
        "Area": [pack.borough_name, "London (MPS average per borough)"],
        "Allegations": [_num(s.allegations, "{:,.0f}") if s.allegations >= 10 else "<10",
                        _num(lon.get("allegations"), "{:,.0f}")],
        "Previous 12 months": [_num(s.previous, "{:,.0f}") if (s.previous or 0) >= 10 else "<10", ""],
        "% change": [_pct(s.pct_change), _pct(lon.get("pct_change"))],
        "Per 100 workforce": [_num(s.per_100_workforce, "{:.1f}"), _num(lon.get("per_100_workforce"), "{:.1f}")],
    })
    types = v.types.rename(columns={"name": "Type of allegation", "count": "Allegations",
                                    "share": "Share (%)", "previous": "Previous 12 months", "pct_change": "% change"})
    types = types.drop(columns=[c for c in ("chart_value",) if c in types.columns])
    for c in ("Share (%)", "% change"):
        if c in types.columns:
            types[c] = types[c].map(lambda x: x if isinstance(x, str) else _num(x, "{:.1f}"))
    trend = v.trend.rename(columns={"month_label": "Month", "allegations": "Allegations",
                                    "rolling_12_months": "Rolling 12 months"})[["Month", "Allegations",
                                                                                "Rolling 12 months"]].tail(12)
    workforce = (f"average workforce {s.workforce:,.0f} officers and staff" if s.workforce else
                 "no workforce figure")
    meta = {"release": "complaints extract in this store", "comparison": previous}
    return Section("Complaints", page_break=True, blocks=[
        Paragraph(f"Allegations against {pack.borough_name} officers and staff, {period}.", kind="lead"),
        Table(head, caption="Complaint allegations", period=period, population=f"per 100 workforce: {workforce}",
              note="Counts under 10 are shown as '<10'.", **meta),
        Table(types.reset_index(drop=True), caption="Allegations by type", period=period,
              population="none (counts and shares)", note="Counts under 10 are shown as '<10'.", **meta),
        Table(trend.reset_index(drop=True), caption="Allegations by month", period=f"months to {p.last}",
              population="none (counts)", release=meta["release"],
              comparison="the rolling 12-month total beside each month"),
    ])


def _stop_search_section(pack: PackView) -> Section:
    ss = pack.stop_search
    if ss is None:
        return Section("Stop and search", blocks=[Paragraph(pack.stop_search_missing)])  # one line: no new page
    m = ss.monthly
    left_out = m["month"].isin(ss.shares_left_out)
    shown = pd.DataFrame({
        "Month": m["month"].astype(str).map(month_label),
        "Searches": m["searches_shown"],
        "Arrests": m["arrests_shown"],
        "Arrest rate": _share_of(m["arrest_rate"], m["arrests"]),
        "Weapons share": pd.Series(_share_of(m["weapons_share"], m["weapons"]), index=m.index).where(
            ~left_out, "n/a"),
        "Key-crime share": pd.Series(_share_of(m["key_crime_share"], m["key_crime"]), index=m.index).where(
            ~left_out, "n/a"),
    })
    pops = ", ".join(f"{k}: {v:,.0f}" for k, v in ss.populations.items() if isinstance(v, (int, float)))
    return Section("Stop and search", page_break=True, blocks=[
        Paragraph(f"Searches in {pack.borough_name}, {ss.period_label}.", kind="lead"),
        Table(shown, caption="Searches by month", period=ss.period_label, comparison="none (monthly figures)",
              release="police.uk stop and search records", population="none (counts and shares)",
              note=" ".join(filter(None, [f"Counts as published; a rate or share of a count under {THRESHOLD} is "
                                                f"not shown ('{WITHHELD}').", ss.shares_note]))),
        Table(ss.figure12, caption="Figure 12: disproportionality ratio (count) by ethnic appearance",
              period=ss.period_label, comparison="White residents", release="police.uk stop and search records",
              population=f"{ss.census_words}: {pops}" if pops else ss.census_words, note=ss.interval_words),
    ])


def _definitions_section(pack: PackView) -> Section:
    d = pack.crime.definitions
    if d is None or d.empty:
        return Section("Definitions", blocks=[Paragraph("Definitions: none in this store.")], page_break=True)
    return Section("Definitions", page_break=True, blocks=[
        Table(d.reset_index(drop=True), caption="Definitions (glossary)"),
        Paragraph(pack.crime.population_rule, kind="note"),
    ])


def headline_sentence(pack: PackView) -> str:
    """The pack's answer in one sentence: the trend indicator's count, its change and London's."""
    v = pack.crime
    row = v.indicator_table[v.indicator_table["Crime"] == v.indicator]
    if not len(row):
        return f"{pack.borough_name}: no {v.indicator} figures for {v.period_words}."
    r = row.iloc[0]
    what = "the seven priority crimes (MOPAC 7)" if v.indicator == "MOPAC 7" else v.indicator
    pct, lon = r.get("% change"), r.get("London % change")
    if pct is None or pd.isna(pct):
        change = "its change is withheld (fewer than 10 crimes)"
    else:
        change = (f"{abs(pct):.1f}% {'fewer' if pct < 0 else 'more'} than a year before" if round(pct, 1) else
                  "about the same as a year before")
    london = "" if lon is None or pd.isna(lon) else f"; London {'fell' if lon < 0 else 'rose'} {abs(lon):.1f}%"
    return (f"{pack.borough_name} recorded {r['Latest 12 months']} of {what} in the 12 months to "
            f"{month_label(v.to)}, {change}{london}.")


def summary_lines(pack: PackView) -> list[str]:
    """One line for each part of the pack with nothing to show (no page of its own)."""
    lines = [pack.unusual_missing, pack.drivers_missing]
    if pack.confidence is None:
        lines.append(pack.confidence_missing)
    lines.append(pack.satisfaction_missing)
    if pack.complaints is None:
        lines.append(f"{pack.complaints_missing} No borough-level complaints extract is published by the MPS or the "
                     "IOPC.")
    if pack.stop_search is None:
        lines.append(pack.stop_search_missing)
    return [line for line in lines if line]


def _summary_section(pack: PackView) -> Section:
    """The answer first: the headline, what drove it, whether any month was unusual, confidence; then one line
    for each part with nothing to show."""
    v, c = pack.crime, pack.confidence
    blocks = [Paragraph(headline_sentence(pack), kind="lead")]
    if pack.drivers is not None:
        blocks.append(Paragraph(pack.drivers.sentence))
    if pack.unusual is not None:
        blocks.append(Paragraph(pack.unusual.words))
    if c is not None:
        head = c.summary_table.iloc[0]
        blocks.append(Paragraph(f"Public confidence (rolling 12 months to {c.quarter_label}): "
                                f"{_share(head['Value'])} in {pack.borough_name} think the police do a good job "
                                f"locally, against {_share(head['London'])} across the MPS."))
    blocks.append(Paragraph(f"Figures {v.release_words}.", kind="note"))
    missing = summary_lines(pack)
    if missing:
        blocks.append(Paragraph("Not in this pack:"))
        blocks += [Paragraph(line, kind="note") for line in missing]
    return Section("Summary", blocks=blocks)


def snb_document(pack: PackView) -> Document:
    title = f"{pack.borough_name}: Safer Neighbourhood Board performance summary"
    sub = f"12 months to {pack.crime.period_words.split(' to ')[-1]}, figures {pack.crime.release_words}"
    sections = [_summary_section(pack), _crime_section(pack), _crime_trend_section(pack), _drivers_section(pack),
                _confidence_section(pack) if pack.confidence is not None else None,
                _complaints_section(pack) if pack.complaints is not None else None,
                _stop_search_section(pack) if pack.stop_search is not None else None,
                _definitions_section(pack)]
    return Document(title=title, subtitle=sub, notice=NOTICE if pack.is_demo else None,
                    sections=[s for s in sections if s is not None], footer=f"{pack.borough_name} performance pack")


GOOD_WORDS = {
    "decrease": "A decrease on the same months of the previous year (crime is broadly seasonal).",
    "increase": "For monitoring: more offences reported can mean more victims coming forward.",
}
NO_TARGET = "None: for monitoring."
HISTORY_BASES = "see 'About these pages'"
NARRATIVE_TITLE = "Performance overview and actions"
NARRATIVE_EMPTY = "For the partnership's own words: give them with pack --notes FILE (a paragraph per indicator)."


def _rows_by_name(t: pd.DataFrame) -> dict[str, dict]:
    """A crime view's table as {crime: {column: value}}, the first row of each name ('Criminal Damage' is
    also a major), read once per table: the one-pager reads each of its tables for every indicator."""
    out: dict[str, dict] = {}
    names = list(t.columns)
    # the columns as lists, zipped into rows (DataFrame.to_dict("records") cost ~4 ms a table: 32 a pack)
    for values in zip(*(t[c].tolist() for c in names), strict=True):
        record = dict(zip(names, values, strict=True))
        out.setdefault(record["Crime"], record)
    return out


def _short_month(month: str) -> str:
    return pd.Timestamp(month + "-01").strftime("%b-%y")


def _rate(r, col: str = "Rate per 1,000") -> str:
    """A rate as the one-pagers print it: two decimals ('88.60', not '88.6' beside '89.37')."""
    v = r.get(col) if r is not None else None
    return f"{v:,.2f}" if isinstance(v, float) and v == v else _cell(r, col)


def _cell(r, col: str) -> str:
    if r is None or col not in r:
        return ""
    v = r[col]
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return str(v)


def rank_text(rank: str, size: int | None) -> str:
    """A rank as the one-pagers print it, with the size of what it ranks among: '21 of 32'; '–' when the
    rank is withheld or there is none (a count under 10, no similar group)."""
    if not rank:
        return NO_FIGURE
    return f"{rank} of {size}" if size else rank


class _PackRows:
    """One pack's one-pager tables, each read once as {crime: row} (:func:`_rows_by_name`), with the pack they
    come from (the one input of the one-pager's tables and charts)."""

    def __init__(self, pack: PackView):
        self.pack = pack
        self.monthly = [(mv.month, *(_rows_by_name(v) for v in (mv.single, mv.year_to_date, mv.rolling)))
                        for mv in pack.monthly]
        self.history = [(fy, _rows_by_name(rows)) for fy, rows in pack.history]
        self.history_spec: dict | None = None  # the first history chart's spec (see _history_figure)

    def rank_of_32(self, r) -> str:
        return rank_text(_cell(r, "Rank of 32 (1 = lowest rate)"), self.pack.boroughs_ranked)

    def rank_in_group(self, r) -> str:
        return rank_text(_cell(r, "Rank in similar group"), self.pack.group_size)


RANK_32 = "Rank of 32 (1 = lowest rate)"
RANK_GROUP = "Rank in similar group"


def monthly_table(rows: _PackRows, indicator: str) -> pd.DataFrame:
    """The one-pager's financial-year table: one column per month, the rows as the partnership prints them,
    each rank with the number it is among ('21 of 32', '11 of 15'), one rank a row."""
    cols = {}
    for month, *tables in rows.monthly:
        single, ytd, r12 = (t.get(indicator) for t in tables)
        cols[_short_month(month)] = [
            _cell(single, "Latest 12 months"), _cell(ytd, "Latest 12 months"), _pct(_cell(ytd, "% change")),
            _cell(r12, "Latest 12 months"), _rate(r12), rows.rank_of_32(r12), rows.rank_in_group(r12),
        ]
    names = ["Month", "Year to date", "% change, year to date", "Rolling 12 months",
             "Per 1,000 (rolling 12 months)", RANK_32, RANK_GROUP]
    return pd.DataFrame({"": names, **cols})


def history_table(rows: _PackRows, indicator: str) -> pd.DataFrame:
    out = []
    for fy, table in rows.history:
        r = table.get(indicator)
        out.append({"Financial year": fy, "Offences": _cell(r, "Latest 12 months"),
                    "% change": _pct(_cell(r, "% change")),
                    "Rate per 1,000": _rate(r),
                    "Rank of 32": rows.rank_of_32(r) if r is not None else NO_FIGURE,
                    "Rank in similar group": rows.rank_in_group(r) if r is not None else NO_FIGURE})
    return pd.DataFrame(out)


def _with_values(spec: dict, data: pd.DataFrame) -> dict:
    """The builder's spec of one history chart with another indicator's rows as its data (the charts of a
    pack differ only in their data: the builder's encodings name their types, nothing is inferred)."""
    (name,) = spec["datasets"]
    return {**spec, "datasets": {name: alt.utils.data.to_values(data)["values"]}}


def _history_figure(rows: _PackRows, indicator: str, title: str, table: Table) -> list:
    """The indicator's five financial years as the pages' line chart with its table under it (full width);
    every count is drawn as published. Only the table when there are fewer than two years to draw.
    The chart is built by the pages' builder once per pack (``rows.history_spec``, as a Vega-Lite spec:
    nine Altair charts cost ~0.25 s to build) and given each indicator's rows."""
    pack, h = rows.pack, table.data
    if not len(h):  # no complete financial year before this one in the figures: one line, not an empty table
        return [Paragraph(f"History with this indicator: no complete financial year before "
                          f"{financial_year_label(pack.to)} in the figures {pack.release_words}.", kind="note")]
    counts = pd.to_numeric(h["Offences"].str.replace(",", "", regex=False), errors="coerce") if len(h) else None
    if counts is None or counts.notna().sum() < 2:
        return [table]
    data = pd.DataFrame({"year": h["Financial year"].astype(str), "offences": counts.astype("float64"),
                         "area": pack.borough_name}).iloc[::-1].reset_index(drop=True)
    if rows.history_spec is not None:
        chart = _with_values(rows.history_spec, data)
    else:
        built = charts.category_lines(data, "offences", "area", "Offences", x="year").properties(
            height=HISTORY_CHART_HEIGHT)
        line = built.layer[0].encoding  # one borough: no legend; five years fit level on a page-wide axis
        line.x["axis"] = {**line.x.to_dict().get("axis", {}), "labelAngle": 0}
        line.color.legend = None
        chart = built.to_dict(validate=False)
        rows.history_spec = chart
    return [Figure(chart, alt_text=f"{title} in {pack.borough_name}, offences in each of the last "
                                   f"{len(data)} financial years (numbers in the table below)",
                   width=HISTORY_CHART_WIDTH), table]


def _population_words(bases: list[tuple[str, str]]) -> str:
    """Each financial year's population basis, the words they share said once: '2015/16: ONS mid-2014
    estimate as published by 2016-03; 2014/15: ... (each: ONS mid-year estimates as first published
    (GLA ...))' - five full descriptions ran to six lines and pushed a one-pager onto a second page."""
    texts = [b for _, b in bases if b]
    if not texts or len(set(texts)) == 1:
        return texts[0] if texts else ""
    bases = [(fy, b) for fy, b in bases if b]
    common = texts[0]
    for t in texts[1:]:
        while common and not t.endswith(common):
            common = common[1:]
    cut = common.find(" (")
    if cut < 0:
        return "; ".join(f"{fy}: {b}" for fy, b in bases)
    shared = common[cut + 2:].removesuffix(")")
    return "; ".join(f"{fy}: {b[: len(b) - len(common) + cut]}" for fy, b in bases) + f" (each: {shared})"


def _short_basis(basis: str) -> str:
    """A population basis without the series' description in brackets ('ONS mid-2015 estimate as published by
    2016-12'): the description is said once, under 'About these pages'."""
    return basis.split(" (", 1)[0]


def _benchmark_words(rows: _PackRows, r, per: str) -> str:
    pack = rows.pack
    rate = _rate(r)
    if not rate:
        return (f"{pack.borough_name} is not ranked: fewer than 10 offences in the latest 12 months, so its rate and "
                "ranks are withheld.")
    return (f"{pack.borough_name}: {rate} per 1,000 {per} in the 12 months to {month_label(pack.to)}; London (MET) "
            f"{_rate(r, 'London (MET) rate') or NO_FIGURE}, our similar group's average "
            f"{_rate(r, 'Similar group average rate') or NO_FIGURE}. That places {pack.borough_name} at "
            f"{rows.rank_of_32(r)} across the MET and {rows.rank_in_group(r)} in our similar group "
            "(1 = lowest rate).")


def _narrative(notes: dict[str, tuple[str, ...]] | None, title: str) -> Box:
    return Box(NARRATIVE_TITLE, tuple((notes or {}).get(title, ())))


def _indicator_section(rows: _PackRows, page: OnePage, notes: dict[str, tuple[str, ...]] | None) -> Section:
    pack = rows.pack
    ind = page.indicator
    name = page.names[0]
    r = rows.monthly[-1][3].get(name)  # the rolling 12 months to the pack's month
    fy_first = pack.monthly[0].month
    per = "households" if _cell(r, "Per 1,000 of").endswith("households") else "residents"
    facts = Facts((
        ("Definition", ind.definition),
        ("What good looks like", GOOD_WORDS[ind.good]),
        (f"{financial_year_label(pack.to)} target", page.target or NO_TARGET),
        ("RAG rating", _cell(r, "RAG") or "not rated"),
        ("Benchmarking", _benchmark_words(rows, r, per)),
    ))
    blocks = [
        facts,
        *_history_figure(rows, name, ind.title, Table(
            history_table(rows, name), caption="History with this indicator (financial years)",
            period="each financial year (April to March)", comparison="the financial year before",
            release=pack.release_words, population=f"{per}, each year's ONS estimate ({HISTORY_BASES})")),
        Table(monthly_table(rows, name), caption="This financial year, month by month",
              period=f"{_short_month(fy_first)} to {_short_month(pack.to)}",
              comparison="the same months a year earlier", release=pack.release_words,
              population=_short_basis(_cell(r, "Population basis")),
              note=f"Counts as the MPS publishes them; the change and rating of a count under {THRESHOLD} are "
                   "not shown."),
        _narrative(notes, ind.title),
    ]
    return Section(ind.title, blocks=blocks, page_break=True)


def hate_table(rows: _PackRows, page: OnePage) -> pd.DataFrame:
    """The hate crime page's table, as the one-pagers print it: one row per hate crime flag, one column per
    month of the financial year, each cell the rolling 12 months to that month."""
    cols = {}
    for month, _, _, r12 in rows.monthly:
        cols[_short_month(month)] = [_cell(r12.get(n), "Latest 12 months") or NO_FIGURE for n in page.names]
    return pd.DataFrame({"Hate crime (rolling 12 months)": list(page.indicator.rows), **cols})


def hate_latest_table(rows: _PackRows, page: OnePage) -> pd.DataFrame:
    r12 = rows.monthly[-1][3]
    out = []
    for label, n in zip(page.indicator.rows, page.names, strict=True):
        r = r12.get(n)
        out.append({"Hate crime flag": label, "Previous 12 months": _cell(r, "Previous 12 months") or NO_FIGURE,
                    "Latest 12 months": _cell(r, "Latest 12 months") or NO_FIGURE,
                    "% change": _pct(_cell(r, "% change")) or CHANGE_WITHHELD,
                    "London % change": _pct(_cell(r, "London % change")) or NO_FIGURE,
                    RANK_32: rows.rank_of_32(r)})
    return pd.DataFrame(out)


def _hate_section(rows: _PackRows, page: OnePage, notes: dict[str, tuple[str, ...]] | None) -> Section:
    pack, ind = rows.pack, page.indicator
    facts = Facts((
        ("Definition", ind.definition),
        ("What good looks like", GOOD_WORDS[ind.good]),
        (f"{financial_year_label(pack.to)} target", NO_TARGET),
    ))
    latest = f"the 12 months to {month_label(pack.to)}"
    return Section(ind.title, page_break=True, blocks=[
        facts,
        Table(hate_table(rows, page), caption="Hate crime by flag, rolling 12 months",
              period=f"12 months to each month, {_short_month(pack.monthly[0].month)} to {_short_month(pack.to)}",
              release="MPS hate and special crime file", population="none (counts)",
              note=f"Counts as the MPS publishes them. {pack.special_words}"),
        Table(hate_latest_table(rows, page), caption=f"Hate crime by flag, {latest}", period=latest,
              comparison="the same 12 months a year earlier", release="MPS hate and special crime file",
              population="residents (rank of 32 by rate per 1,000)",
              note=f"Where either count is under {THRESHOLD} the change and rank are not shown ('{CHANGE_WITHHELD}')."),
        _narrative(notes, ind.title),
    ])


def _about_section(pack: PackView) -> Section:
    """What every page shares, said once: the period, how to read the ranks and the RAG rating, where the
    similar group comes from, and one line for each indicator with no page."""
    blocks = [
        Paragraph(f"One page for each indicator of the partnership's one-page summaries that the published files "
                  f"hold, in the same order, for {pack.borough_name}, financial year {financial_year_label(pack.to)} "
                  f"to {month_label(pack.to)}, figures {pack.release_words}.", kind="lead"),
        Paragraph(f"Counts are shown as the MPS publishes them; where a count is under {THRESHOLD} its change, rate, "
                  "ranks and RAG rating are not shown (too few for reliable figures). "
                  f"Ranks are printed with what they rank among: '21 of 32' among the {pack.boroughs_ranked} London "
                  f"boroughs the MPS polices, and 'n of {pack.group_size or 'N'}' in our similar group; 1 is the "
                  f"lowest rate. RAG rule: {pack.rag_rule} {pack.group_source}", kind="note"),
    ]
    rows = _PackRows(pack)
    first = pack.pages[0].names[0] if pack.pages else None
    bases = _population_words([(fy, _cell(t.get(first), "Population basis")) for fy, t in rows.history])
    if bases:
        blocks.append(Paragraph(f"Rates per 1,000 in the history tables divide by: {bases}.", kind="note"))
    if pack.not_covered:
        blocks.append(Paragraph("Without a page:", kind="body"))
        blocks += [Paragraph(line, kind="note") for line in pack.not_covered]
    return Section("About these pages", blocks=blocks)


def indicators_document(pack: PackView, notes: dict[str, tuple[str, ...]] | None = None) -> Document:
    if not pack.monthly:
        raise ValueError("the pack view was built without the indicators layout (pack_view(..., layout='indicators'))")
    rows = _PackRows(pack)
    sections = [_about_section(pack)]
    for page in pack.pages:
        sections.append(_hate_section(rows, page, notes) if page.indicator.source == "hate"
                        else _indicator_section(rows, page, notes))
    return Document(title=f"{pack.borough_name}: one-page indicator summaries",
                    subtitle=f"{_short_month(pack.to)}, figures {pack.release_words}",
                    notice=NOTICE if pack.is_demo else None, footer=f"{pack.borough_name} indicator summaries",
                    sections=sections)


def pack_document(pack: PackView, layout: str = "snb", notes: dict[str, tuple[str, ...]] | None = None) -> Document:
    """The pack's document in ``layout``; ``notes`` (:func:`lib.pack.notes.parse_notes`): the one-pagers'
    narrative by indicator title (the indicators layout only)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    return snb_document(pack) if layout == "snb" else indicators_document(pack, notes)
