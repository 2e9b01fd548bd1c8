"""Demo ONS population vintages and Census 2021 ethnicity, derived from the demo's own populations.

Not official statistics. Each vintage holds the years the real one holds (within the demo's
2001-2030 range), as the demo ``population`` table scaled by a fixed per-vintage factor, so the
vintages disagree with each other as the real ones do (as first published lowest, the current
series highest). London is the sum of the 33 authorities. Census 2021 ethnicity is the demo's
Census 2011 ethnicity grown by 8%.
"""

from __future__ import annotations

import pandas as pd

from lib.reference.boroughs import LONDON_CODE, LONDON_NAME

# vintage: (first year, last year, factor)
VINTAGES = {
    "ons_mye_first_published": (2001, 2015, 0.985),
    "ons_mye_mid2020_release": (2001, 2020, 0.99),
    "ons_mye_mid2021_release": (2021, 2021, 0.995),
    "ons_current_series": (2001, 2023, 1.0),
    "ons_mye_mid2024_release": (2024, 2024, 1.0),
}
SOURCE = "demo: generated from the demo population table (lib/demo/population.py)"


def generate(ctx) -> dict[str, pd.DataFrame]:
    pop = ctx.tables["population"]
    parts = []
    for vintage, (first, last, factor) in VINTAGES.items():
        p = pop[(pop["year"] >= first) & (pop["year"] <= last)]
        t = pd.DataFrame(
            {
                "vintage": vintage,
                "year": p["year"].astype("int64").to_numpy(),
                "area_code": p["borough_code"].astype("str").to_numpy(),
                "area_name": p["borough_name"].astype("str").to_numpy(),
                "population": (p["population"].astype("float64") * factor).round().to_numpy(),
                "source": SOURCE,
            }
        )
        london = t.groupby("year", as_index=False)["population"].sum()
        london = london.assign(vintage=vintage, area_code=LONDON_CODE, area_name=LONDON_NAME, source=SOURCE)
        parts += [t, london[t.columns]]
    estimates = pd.concat(parts, ignore_index=True).sort_values(["vintage", "area_code", "year"], ignore_index=True)
    eth = ctx.tables["population_ethnicity"].copy()
    eth["population"] = (eth["population"].astype("float64") * 1.08).round().astype("int64")
    return {"population_estimates": estimates, "population_ethnicity_2021": eth.reset_index(drop=True)}
