"""Demo hate and special crime flags (table ``crime_special``): not official statistics.

The flags shown as pack rows (lib/reference/special_crime_rows.csv) for the 32 MPS boroughs over the
real file's months (2010-04..2021-05): Poisson counts around a typical monthly London-borough level
per flag, scaled by the borough's demo population. Flags overlap the main categories, as in the
real table; nothing here feeds TNO.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.periods import month_range
from lib.reference.boroughs import mps_boroughs
from lib.reference.special_crime import special_crime_rows

FIRST, LAST = "2010-04", "2021-05"
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
    pop = ctx.tables["population"]
    p2011 = pop[pop["year"] == 2011].set_index("borough_code")["population"].astype("float64")
    mean = float(p2011.reindex([b.code for b in mps_boroughs()]).mean())
    rows = []
    for r in special_crime_rows():
        for b in mps_boroughs():
            lam = LEVEL[r.minor] * float(p2011.get(b.code, mean)) / mean
            counts = rng.poisson(lam, size=len(months))
            rows.append(
                pd.DataFrame(
                    {
                        "month": months,
                        "borough_code": b.code,
                        "borough_name": b.name,
                        "area_name": b.name,
                        "area_kind": "borough",
                        "major": r.major,
                        "minor": r.minor,
                        "count": counts.astype(np.int64),
                    }
                )
            )
    table = pd.concat(rows, ignore_index=True).sort_values(["minor", "area_name", "month"], ignore_index=True)
    return {"crime_special": table}
