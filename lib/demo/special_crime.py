"""Demo hate and special crime flags (tables ``crime_special`` and ``crime_special_outcomes``): not
official statistics.

The flags shown as pack rows (lib/reference/special_crime_rows.csv) for the 32 MPS boroughs over the
real files' months: 2010-04..2021-05 (the hate and special crime file), then, for the flags the MPS
Monthly Crime Dashboard 'Other' sheet continues (lib/reference/crime_dashboard_other_names.csv: all but
Homicide), 2021-08..2025-07, leaving the same two-month gap. Poisson counts around a typical monthly
London-borough level per flag, scaled by the borough's demo population; positive outcomes (2021-08
onwards, as in the real sheet) a binomial share of the month's offences. Flags overlap the main
categories, as in the real table; nothing here feeds TNO.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.periods import month_range
from lib.reference.boroughs import mps_boroughs
from lib.reference.special_crime import dashboard_names, special_crime_rows

FIRST, LAST = "2010-04", "2021-05"
NEXT_FIRST, NEXT_LAST = "2021-08", "2025-07"  # the Monthly Crime Dashboard 'Other' sheet's months
OUTCOME_SHARE = 0.15  # demo share of a month's offences with a positive outcome
# Typical offences per borough per month (order of magnitude of the real file).
LEVEL = {
    "Homicide": 0.3, "Gun Crime": 5.0, "Knife Crime": 35.0, "Knife Crime With Injury": 12.0,
    "Domestic Abuse": 200.0, "Homophobic Hate Crime": 3.0, "Racist and Religious Hate Crime": 30.0,
    "Disability Hate Crime": 0.5, "Transgender Hate": 0.3, "Faith Hate Crime": 2.5, "Anti-Semitic": 1.5,
    "Islamophobic": 2.0,
}


def generate(ctx) -> dict[str, pd.DataFrame]:
    rng = ctx.rng("special_crime")
    months = month_range(FIRST, LAST)
    later = month_range(NEXT_FIRST, NEXT_LAST)
    continued = {(n.major, n.minor) for n in dashboard_names().values()}
    pop = ctx.tables["population"]
    p2011 = pop[pop["year"] == 2011].set_index("borough_code")["population"].astype("float64")
    mean = float(p2011.reindex([b.code for b in mps_boroughs()]).mean())
    rows, outcomes = [], []

    def frame(b, r, when: list[str], counts: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({"month": when, "borough_code": b.code, "borough_name": b.name, "area_name": b.name,
                             "area_kind": "borough", "major": r.major, "minor": r.minor,
                             "count": counts.astype(np.int64)})

    for r in special_crime_rows():
        for b in mps_boroughs():
            lam = LEVEL[r.minor] * float(p2011.get(b.code, mean)) / mean
            rows.append(frame(b, r, months, rng.poisson(lam, size=len(months))))
    for r in special_crime_rows():  # drawn after the older months, so those stay as they were
        if (r.major, r.minor) not in continued:
            continue
        for b in mps_boroughs():
            lam = LEVEL[r.minor] * float(p2011.get(b.code, mean)) / mean
            counts = rng.poisson(lam, size=len(later))
            rows.append(frame(b, r, later, counts))
            outcomes.append(frame(b, r, later, rng.binomial(counts, OUTCOME_SHARE)))
    order = ["minor", "area_name", "month"]
    return {"crime_special": pd.concat(rows, ignore_index=True).sort_values(order, ignore_index=True),
            "crime_special_outcomes": pd.concat(outcomes, ignore_index=True).sort_values(order, ignore_index=True)}
