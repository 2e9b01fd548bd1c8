"""The stop-and-search view: public tables typed (no '<10' strings in number columns) and Figure 12."""

from __future__ import annotations

import pandas as pd

from lib.views.stop_search import figure12, map_text, public_table


def test_public_table_hides_small_counts_as_typed_missing_values() -> None:
    t = pd.DataFrame({"month": ["2018-06", "2018-07"], "searches": [120, 7], "share": [0.5, 0.25]})
    shown = public_table(t, ["searches"], {"share": "searches"})
    assert str(shown["searches"].dtype) == "Int64" and shown["searches"].tolist()[0] == 120
    assert pd.isna(shown.loc[1, "searches"])
    assert shown["share"].dtype == "float64" and pd.isna(shown.loc[1, "share"]) and shown.loc[0, "share"] == 0.5
    assert shown["searches_shown"].tolist() == ["120", "<10"]
    assert t["searches"].tolist() == [120, 7]  # the arithmetic table is not touched


def test_figure12_is_ratio_and_count_per_group() -> None:
    # Enfield pack Figure 12 style: September 2015, Black 2.42 (148), White 1.00 (191), Other 0.12 (<10)
    monthly = pd.DataFrame({
        "month": ["2015-09"] * 5, "group": ["White", "Black", "Asian", "Other", "Not recorded"],
        "searches": [191, 148, 29, 3, 2], "disproportionality": [1.0, 2.4247, 0.7949, 0.1230, None],
    })
    shown = public_table(monthly, ["searches"], {"disproportionality": "searches"})
    row = figure12(shown).iloc[0]
    assert row["Month"] == "September 2015"
    assert (row["White"], row["Black"], row["Asian"]) == ("1.00 (191)", "2.42 (148)", "0.79 (29)")
    assert row["Other"] == "– (<10)" and row["Not recorded"] == "<10"


def test_map_text_says_what_is_not_drawn() -> None:
    text = map_text({"searches": 26, "located": 22, "unlocated": 4, "cells_shown": 1, "searches_in_cells_shown": 13,
                     "cells_suppressed": 1, "searches_in_cells_suppressed": 9, "cell_metres": 500})
    assert "4 searches have no location" in text and "fewer than 10" in text and "9 searches in 1 squares" in text
