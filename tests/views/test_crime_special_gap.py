"""The hate and special crime rows across the months no file covers (2021-06..07, between the MPS hate
and special crime file and the Monthly Crime Dashboard 'Other' sheet): never bridged, and said."""

from __future__ import annotations

import csv
from pathlib import Path

from lib.store import Store
from lib.views.crime import crime_dataset, crime_view

OTHER = "crime/other/mps_monthly_crime_dashboard_other_borough_2021-08_to_2025-07.csv"
GAP = "no figures for this period: no file covers June 2021 to July 2021"


def _rows(table, name: str) -> dict[str, str]:
    row = table[table["Crime"] == f"Other crime: {name}"].iloc[0]
    return {"previous": row["Previous 12 months"], "latest": row["Latest 12 months"]}


def test_a_period_touching_the_gap_says_so_and_one_after_it_has_figures(real_store: Path, shared_data: Path):
    with open(shared_data / OTHER, encoding="utf-8-sig", newline="") as fh:
        gun = {r["month_year"][:7]: int(r["count"]) for r in csv.DictReader(fh)
               if r["area_name"] == "Enfield" and r["crime_subtype"] == "Gun Crime" and r["measure"] == "Offences"}
    year_to_2022_07 = sum(n for m, n in gun.items() if "2021-08" <= m <= "2022-07")
    year_to_2023_07 = sum(n for m, n in gun.items() if "2022-08" <= m <= "2023-07")
    data = crime_dataset(Store(real_store))
    v = crime_view(data, "E09000010", "Enfield", "2022-07")
    assert "April 2010 to May 2021 and August 2021 to July 2025" in v.special_words
    assert "no file covers June 2021 to July 2021" in v.special_words
    # the previous year (Aug 2020 - Jul 2021) lacks June and July 2021: no count, the gap said
    assert _rows(v.indicator_table, "Gun Crime") == {"previous": GAP, "latest": f"{year_to_2022_07:,}"}
    # Homicide is one row, from the main crime categories (lib/reference/special_crime_rows.csv), which the
    # gap in the hate and special crime files does not touch: no special row, no gap blamed on it
    t = v.indicator_table
    assert not (t["Crime"] == "Other crime: Homicide").any()
    homicide = t[t["Crime"] == "Homicide"].iloc[0]
    assert GAP not in (homicide["Previous 12 months"], homicide["Latest 12 months"])
    after = crime_view(data, "E09000010", "Enfield", "2023-07")
    assert _rows(after.indicator_table, "Gun Crime") == {"previous": f"{year_to_2022_07:,}",
                                                         "latest": f"{year_to_2023_07:,}"}
    inside = crime_view(data, "E09000010", "Enfield", "2021-12")
    assert _rows(inside.indicator_table, "Domestic Abuse") == {"previous": GAP, "latest": GAP}
