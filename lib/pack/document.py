"""PackView -> lib.report.Document. Formatting only: no figure is computed here."""

from __future__ import annotations

import pandas as pd

from lib.report import Document, Paragraph, Section, Table
from lib.views.pack import LAYOUTS, PackView

NOTICE = "Demonstration data - not official statistics."
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


def crime_table(pack: PackView) -> pd.DataFrame:
    """The page-2 recorded-crime table: every row of the crime view's table (MOPAC 7, the other crime rows)."""
    t = pack.crime.indicator_table
    cols = [c for c in CRIME_COLUMNS if c in t.columns]
    out = t[cols].copy()
    for c in ("% change", "London % change"):
        if c in out.columns:
            out[c] = out[c].map(_pct)
    return out.rename(columns={"London % change": "MPS % change"}).reset_index(drop=True)


def _crime_section(pack: PackView) -> Section:
    v = pack.crime
    t = crime_table(pack)
    emphasis = tuple(i for i, c in enumerate(t["Crime"]) if c in ("Total Notifiable Offences", "MOPAC 7"))
    blocks = [
        Paragraph(f"Crimes recorded by the police in {pack.borough_name} in the 12 months to {v.to}, "
                  "compared with the 12 months before, and the change across the MPS.", kind="lead"),
        Table(t, caption="Recorded crime", period=v.period_words, comparison=v.comparison_words,
              release=v.release_words, population=v.population_basis,
              note="Counts under 10 are shown as '<10'. " + (v.special_words or ""), emphasis_rows=emphasis),
    ]
    return Section("Recorded crime", blocks=blocks)


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
                  population="survey respondents (no rate)", note=c.assumption),
        ]
    blocks.append(Paragraph(pack.satisfaction_missing))
    return Section("Public confidence and victim satisfaction", blocks=blocks, page_break=True)


def _complaints_section(pack: PackView) -> Section:
    if pack.complaints is None:
        return Section("Complaints", blocks=[Paragraph(pack.complaints_missing)])
    s = pack.complaints.summary
    return Section("Complaints", blocks=[Paragraph(f"Complaints recorded: see the complaints page ({s}).")])


def _stop_search_section(pack: PackView) -> Section:
    ss = pack.stop_search
    if ss is None:
        return Section("Stop and search", blocks=[Paragraph(pack.stop_search_missing)], page_break=True)
    m = ss.monthly
    shown = pd.DataFrame({
        "Month": m["month"],
        "Searches": m.get("searches_shown", m["searches"]),
        "Arrests": m.get("arrests_shown", m["arrests"]),
        "Arrest rate": m["arrest_rate"].map(_share),
        "Weapons share": m["weapons_share"].map(_share),
        "Key-crime share": m["key_crime_share"].map(_share),
    })
    pops = ", ".join(f"{k}: {v:,.0f}" for k, v in ss.populations.items() if isinstance(v, (int, float)))
    return Section("Stop and search", page_break=True, blocks=[
        Paragraph(f"Searches in {pack.borough_name}, {ss.period_label}.", kind="lead"),
        Table(shown, caption="Searches by month", period=ss.period_label, comparison="none (monthly figures)",
              release="police.uk stop and search records", population="none (counts and shares)",
              note="Counts under 10 are shown as '<10'."),
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


def snb_document(pack: PackView) -> Document:
    title = f"{pack.borough_name}: Safer Neighbourhood Board performance summary"
    sub = f"12 months to {pack.crime.period_words.split(' to ')[-1]}, figures {pack.crime.release_words}"
    return Document(title=title, subtitle=sub, notice=NOTICE if pack.is_demo else None, sections=[
        _crime_section(pack), _confidence_section(pack), _complaints_section(pack),
        _stop_search_section(pack), _definitions_section(pack),
    ], footer=f"{pack.borough_name} performance pack")


def pack_document(pack: PackView, layout: str = "snb") -> Document:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    if layout == "snb":
        return snb_document(pack)
    raise NotImplementedError("the indicators layout is not built yet")
