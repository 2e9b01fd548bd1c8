"""Tables for the public (lib.ui.tables): screen names, numbers by kind, the chosen row (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from lib.ui import tables


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "area_code": ["E09000010", "E09000002"], "area_name": ["Enfield", "Barking and Dagenham"],
        "current": [6276.0, 812.0], "pct_change": [-19.765086, -0.04], "rate_per_1000": [17.6, 3.0],
        "rank": pd.array([5, None], dtype="Int64"), "meets_target": [True, False],
        "Searches": ["1,234", "<10"],
    })


def test_screen_names_and_no_codes():
    frame = tables.display_frame(_table())
    assert list(frame.columns) == ["Area", "Latest 12 months", "% change", "Rate per 1,000", "Rank", "Meets target",
                                   "Searches"]
    assert tables.screen_name("per_100_workforce") == "Per 100 workforce"
    assert tables.screen_name("Rank of 32 (1 = lowest rate)") == "Rank of 32 (1 = lowest rate)"


def test_numbers_are_formatted_by_kind_never_negative_zero():
    frame = tables.display_frame(_table())
    f = tables.cell_formats(frame)
    assert f["Latest 12 months"](6276.0) == "6,276"  # not 6276.000000
    assert f["% change"](-19.765086) == "-19.8" and f["% change"](-0.04) == "0.0" and f["% change"](3.0) == "+3.0"
    assert f["Rate per 1,000"](17.6) == "17.60"
    assert f["Rank"](5) == "5" and f["Rank"](pd.NA) == "–"
    assert f["Meets target"](True) == "Yes" and f["Searches"]("<10") == "<10"
    assert tables.number_text(None, "{:,.0f}") == "–" and tables.number_text(float("nan"), "{:.0%}") == "–"


def test_given_formats_win_and_the_data_stay_numbers():
    style = tables.styled(_table(), {"Rate per 1,000": "{:.1f}"})
    assert style.data["% change"].dtype == "float64"  # formats are for the display only: sorting stays numeric
    html = style.to_html()
    assert "17.6<" in html and "6,276" in html and "None" not in html and "nan" not in html


def test_the_chosen_area_is_marked_and_shaded():
    frame = tables.display_frame(_table())
    assert tables.chosen_rows(frame, "Enfield").tolist() == [True, False]
    assert tables.cell_formats(frame, chosen="Enfield")["Area"]("Enfield") == "▶ Enfield"
    marked = frame.assign(Area=["▶ Enfield", "Barking and Dagenham"])
    assert tables.chosen_rows(marked, "Enfield").tolist() == [True, False]  # already marked by the view
    html = tables.styled(_table(), chosen="Enfield").to_html()
    assert tables.CHOSEN_BACKGROUND.lower() in html.lower() and "▶ Enfield" in html


def test_short_tables_show_every_row_and_prose_is_wrapped():
    assert tables.table_height(32) == tables.HEADER_PX + 32 * tables.ROW_PX + 3
    assert tables.table_height(500) == tables.LONG_TABLE_PX
    assert tables.is_prose(pd.DataFrame({"Term": ["TNO"], "Definition": ["Total notifiable offences: " * 4]}))
    assert not tables.is_prose(_table())


def test_csv_carries_the_tables_names_and_codes_as_ons_code():
    """Downloads kept area_code, pct_change, tooltip...: now the table's own names, the code as 'ONS code'."""
    from lib.ui.widgets import _csv_bytes

    t = pd.DataFrame({"area_code": ["E09000010"], "borough_code": ["E09000010"], "area_name": ["Enfield"],
                      "pct_change": [-19.765086], "rate_per_1000": [6.5], "tooltip": ["x"], "is_selected": [True],
                      "Latest 12 months": ["6,276"], "ward_code": ["E05013673"]})
    text = _csv_bytes(t).decode("utf-8").splitlines()
    assert text[0] == "ONS code,Area,% change,Rate per 1,000,Latest 12 months,Ward ONS code".replace(
        "Rate per 1,000", '"Rate per 1,000"')
    assert text[1] == 'E09000010,Enfield,-19.765086,6.5,"6,276",E05013673'  # raw numbers, not screen text
    other = tables.csv_frame(t.assign(borough_code=["E09000020"]))  # a different code is kept, not merged
    assert list(other.columns[:2]) == ["ONS code", "Borough code"]
