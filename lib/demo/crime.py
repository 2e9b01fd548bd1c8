"""Demonstration recorded crime: the four crime tables of the official store, invented but realistic.

Not official statistics. Shape as the published MPS files (current MajorText/MinorText scheme):

- all 32 MPS boroughs, monthly from 2018-01 to ``lib.demo.DEMO_LAST_MONTH``, as two releases side by
  side like the real data: '2025-11' covering 2018-01..2025-11 and '2025-12' covering 2024-01..2025-12,
  whose shared months differ by small revisions (late-recorded offences, a few reclassified);
- rows for 'London Heathrow and London City Airports' and 'Unknown' (about 2% of London's offences),
  kept apart in ``crime_other_areas`` as ingest keeps them;
- ward counts for the last 25 months on the wards of ``ctx.tables['wards']`` (when the geography
  generator supplies them), split from the borough counts so that wards add up to their borough;
- the 2023 burglary recode: DOMESTIC BURGLARY until 2023-03, then RES BURGLARY OF A HOME and RES
  BURGLARY OF UNCONNECTED BUILDING.

Calibration: TNO per 1,000 residents per year by borough (``TNO_RATE_PER_1000``) from the published
2019 counts (MPS release 2025-11) over approximate populations, scaled by 0.94 so that London is about
95 per 1,000 and Barking and Dagenham about 88 (87.89 in 2015/16, seed 002); Westminster is by far the
highest (West End). Category shares are London 2019 shares (MOPAC 7 about 46% of TNO; seed 000 says
"around half"); monthly seasonality is the London 2015-2019 average; 2020-21 carry the pandemic dip.
Populations come from ``ctx.tables['population']`` when present, otherwise ``FALLBACK_POPULATION``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.periods import add_months, month_range
from lib.reference.boroughs import mps_boroughs

SOURCE_FILE = "demo: lib/demo/crime.py"
FIRST_MONTH = "2018-01"
EARLIER_RELEASE_SHIFT = -1  # the earlier release ends one month before the demo's last month
LATER_RELEASE_MONTHS = 24  # the later release re-publishes the last 24 months
WARD_MONTHS = 25
BURGLARY_RECODE = "2023-04"

# TNO per 1,000 residents per year (2019 level), see module docstring.
TNO_RATE_PER_1000: dict[str, float] = {
    "Barking and Dagenham": 87, "Barnet": 74, "Bexley": 68, "Brent": 85, "Bromley": 70, "Camden": 149,
    "Croydon": 80, "Ealing": 83, "Enfield": 84, "Greenwich": 93, "Hackney": 115, "Hammersmith and Fulham": 116,
    "Haringey": 106, "Harrow": 62, "Havering": 70, "Hillingdon": 92, "Hounslow": 90, "Islington": 119,
    "Kensington and Chelsea": 142, "Kingston upon Thames": 66, "Lambeth": 100, "Lewisham": 88, "Merton": 64,
    "Newham": 97, "Redbridge": 73, "Richmond upon Thames": 60, "Southwark": 116, "Sutton": 63,
    "Tower Hamlets": 105, "Waltham Forest": 81, "Wandsworth": 75, "Westminster": 303,
}
# Residents, approximate ONS mid-2015 estimates (thousands), used only when no population table exists.
FALLBACK_POPULATION: dict[str, float] = {
    "Barking and Dagenham": 202, "Barnet": 380, "Bexley": 242, "Brent": 324, "Bromley": 327, "Camden": 241,
    "Croydon": 379, "Ealing": 343, "Enfield": 328, "Greenwich": 275, "Hackney": 269, "Hammersmith and Fulham": 179,
    "Haringey": 273, "Harrow": 247, "Havering": 249, "Hillingdon": 298, "Hounslow": 269, "Islington": 228,
    "Kensington and Chelsea": 157, "Kingston upon Thames": 174, "Lambeth": 324, "Lewisham": 297, "Merton": 205,
    "Newham": 333, "Redbridge": 297, "Richmond upon Thames": 195, "Southwark": 309, "Sutton": 200,
    "Tower Hamlets": 295, "Waltham Forest": 271, "Wandsworth": 315, "Westminster": 242,
}
FALLBACK_POPULATION_YEAR = 2015
FALLBACK_GROWTH = 0.008  # a year

# (major, minor, share of London TNO 2019, seasonal profile)
CATEGORIES: list[tuple[str, str, float, str]] = [
    ("ARSON AND CRIMINAL DAMAGE", "ARSON", 0.0022, "all"),
    ("ARSON AND CRIMINAL DAMAGE", "CRIMINAL DAMAGE", 0.0595, "all"),
    ("BURGLARY", "BURGLARY BUSINESS AND COMMUNITY", 0.0232, "burglary"),
    ("BURGLARY", "DOMESTIC BURGLARY", 0.0661, "burglary"),
    ("BURGLARY", "RES BURGLARY OF A HOME", 0.0661, "burglary"),
    ("BURGLARY", "RES BURGLARY OF UNCONNECTED BUILDING", 0.0661, "burglary"),
    ("DRUG OFFENCES", "POSSESSION OF DRUGS", 0.0491, "all"),
    ("DRUG OFFENCES", "TRAFFICKING OF DRUGS", 0.0036, "all"),
    ("FRAUD AND FORGERY", "FRAUD AND FORGERY", 0.0001, "all"),
    ("MISCELLANEOUS CRIMES AGAINST SOCIETY", "MISC CRIMES AGAINST SOCIETY", 0.0124, "all"),
    ("POSSESSION OF WEAPONS", "POSSESSION OF WEAPONS", 0.0081, "all"),
    ("PUBLIC ORDER OFFENCES", "OTHER OFFENCES PUBLIC ORDER", 0.0064, "all"),
    ("PUBLIC ORDER OFFENCES", "PUBLIC FEAR ALARM OR DISTRESS", 0.0375, "violence"),
    ("PUBLIC ORDER OFFENCES", "RACE OR RELIGIOUS AGG PUBLIC FEAR", 0.0115, "violence"),
    ("PUBLIC ORDER OFFENCES", "VIOLENT DISORDER", 0.0001, "violence"),
    ("ROBBERY", "ROBBERY OF BUSINESS PROPERTY", 0.0032, "burglary"),
    ("ROBBERY", "ROBBERY OF PERSONAL PROPERTY", 0.0403, "burglary"),
    ("SEXUAL OFFENCES", "OTHER SEXUAL OFFENCES", 0.0126, "violence"),
    ("SEXUAL OFFENCES", "RAPE", 0.0075, "violence"),
    ("THEFT", "BICYCLE THEFT", 0.0219, "violence"),
    ("THEFT", "OTHER THEFT", 0.1440, "all"),
    ("THEFT", "SHOPLIFTING", 0.0506, "all"),
    ("THEFT", "THEFT FROM THE PERSON", 0.0586, "all"),
    ("VEHICLE OFFENCES", "AGGRAVATED VEHICLE TAKING", 0.0012, "all"),
    ("VEHICLE OFFENCES", "INTERFERING WITH A MOTOR VEHICLE", 0.0183, "all"),
    ("VEHICLE OFFENCES", "THEFT FROM A VEHICLE", 0.0868, "all"),
    ("VEHICLE OFFENCES", "THEFT OR UNAUTH TAKING OF A MOTOR VEH", 0.0334, "all"),
    ("VIOLENCE AGAINST THE PERSON", "DEATH SERIOUS INJURY ILLEGAL DRIVING", 0.0001, "all"),
    ("VIOLENCE AGAINST THE PERSON", "HOMICIDE", 0.0002, "all"),
    ("VIOLENCE AGAINST THE PERSON", "STALKING AND HARASSMENT", 0.0597, "all"),
    ("VIOLENCE AGAINST THE PERSON", "VIOLENCE WITH INJURY", 0.0847, "violence"),
    ("VIOLENCE AGAINST THE PERSON", "VIOLENCE WITHOUT INJURY", 0.0973, "violence"),
]
# Share of residential burglary that is of sheds and garages after the 2023 recode.
UNCONNECTED_SHARE = 0.28
# Month-of-year factors, London 2015-2019 average (January first).
SEASON: dict[str, list[float]] = {
    "all": [0.953, 0.905, 1.001, 0.959, 1.026, 1.013, 1.063, 1.000, 0.987, 1.053, 1.039, 1.002],
    "burglary": [1.102, 0.996, 1.024, 0.935, 0.944, 0.921, 0.945, 0.948, 0.936, 1.039, 1.123, 1.087],
    "violence": [0.927, 0.859, 1.002, 0.969, 1.078, 1.071, 1.116, 1.004, 0.977, 1.016, 0.982, 0.997],
}
# Level of each year against 2019, and the pandemic months.
YEAR_LEVEL: dict[int, float] = {
    2018: 0.97, 2019: 1.0, 2020: 0.90, 2021: 0.95, 2022: 1.01, 2023: 1.04, 2024: 1.05, 2025: 1.03,
}
MONTH_LEVEL: dict[str, float] = {
    "2020-04": 0.72, "2020-05": 0.80, "2020-06": 0.90, "2020-11": 0.88,
    "2021-01": 0.80, "2021-02": 0.82, "2021-03": 0.90,
}
# Westminster's West End: much more theft than the London mix.
BOROUGH_MIX: dict[tuple[str, str], float] = {
    ("Westminster", "OTHER THEFT"): 1.7, ("Westminster", "THEFT FROM THE PERSON"): 2.6,
    ("Westminster", "SHOPLIFTING"): 1.3, ("Camden", "THEFT FROM THE PERSON"): 1.6,
}
# Non-borough areas: share of London TNO, and the categories they carry.
AIRPORTS = "London Heathrow and London City Airports"
AIRPORT_SHARE = 0.005
AIRPORT_CATEGORIES = {
    "OTHER THEFT": 0.40, "THEFT FROM THE PERSON": 0.15, "VIOLENCE WITHOUT INJURY": 0.15,
    "VIOLENCE WITH INJURY": 0.08, "POSSESSION OF DRUGS": 0.12, "PUBLIC FEAR ALARM OR DISTRESS": 0.10,
}
UNKNOWN_SHARE = 0.015
WARD_AVIATION = "Aviation Security (SO18)"
# Revisions in the later release: most months move a fraction of a per cent, the latest months more.
REVISION_UP, REVISION_DOWN, LATE_RECORDING = 0.006, 0.004, 0.02


def _release_months(last: str) -> tuple[list[str], list[str]]:
    early = month_range(FIRST_MONTH, add_months(last, EARLIER_RELEASE_SHIFT))
    late = month_range(add_months(last, 1 - LATER_RELEASE_MONTHS), last)
    return early, late


def _populations(ctx, names: list[str], codes: list[str], months: list[str]) -> np.ndarray:
    """Residents by borough (rows) and month (columns): the population table, else the fallback."""
    years = np.array([int(m[:4]) for m in months])
    pop = ctx.tables.get("population") if hasattr(ctx, "tables") else None
    out = np.empty((len(codes), len(months)))
    for i, (code, name) in enumerate(zip(codes, names, strict=True)):
        rows = None
        if pop is not None and len(pop) and {"borough_code", "year", "population"} <= set(pop.columns):
            rows = pop[pop["borough_code"] == code].dropna(subset=["population"])
        if rows is not None and len(rows):
            known = rows.groupby("year")["population"].mean()
            ky = known.index.to_numpy(dtype=int)
            out[i] = [known.iloc[int(np.abs(ky - y).argmin())] for y in years]
        else:
            base = FALLBACK_POPULATION[name] * 1000
            out[i] = base * (1 + FALLBACK_GROWTH) ** (years - FALLBACK_POPULATION_YEAR)
    return out


def _expected(ctx, rng: np.random.Generator, months: list[str]) -> tuple[list, np.ndarray]:
    """Expected offences: array (borough, category, month)."""
    boroughs = list(mps_boroughs())
    names = [b.name for b in boroughs]
    pop = _populations(ctx, names, [b.code for b in boroughs], months)
    rate = np.array([TNO_RATE_PER_1000[n] for n in names]) / 1000 / 12
    shares = np.array([c[2] for c in CATEGORIES])
    mix = np.exp(rng.normal(0, 0.15, (len(boroughs), len(CATEGORIES))))
    for (name, minor), factor in BOROUGH_MIX.items():
        mix[names.index(name), [c[1] for c in CATEGORIES].index(minor)] *= factor
    month_of_year = np.array([int(m[5:7]) - 1 for m in months])
    season = np.array([np.array(SEASON[c[3]])[month_of_year] for c in CATEGORIES])
    level = np.array([YEAR_LEVEL.get(int(m[:4]), 1.0) * MONTH_LEVEL.get(m, 1.0) for m in months])
    minors = [c[1] for c in CATEGORIES]
    after = np.array([m >= BURGLARY_RECODE for m in months])
    active = np.ones((len(CATEGORIES), len(months)))
    active[minors.index("DOMESTIC BURGLARY"), after] = 0
    active[minors.index("RES BURGLARY OF A HOME"), ~after] = 0
    active[minors.index("RES BURGLARY OF UNCONNECTED BUILDING"), ~after] = 0
    active[minors.index("RES BURGLARY OF A HOME"), after] = 1 - UNCONNECTED_SHARE
    active[minors.index("RES BURGLARY OF UNCONNECTED BUILDING"), after] = UNCONNECTED_SHARE
    # Mix renormalised so each borough's TNO rate is as stated (shares of the pre-recode categories sum to 1).
    base = shares * np.array([0.0 if m.startswith("RES ") else 1.0 for m in minors])
    mix /= (mix * base).sum(axis=1, keepdims=True) / base.sum()
    exp = (
        (rate[:, None] * pop)[:, None, :]
        * (shares[None, :, None] / base.sum())
        * mix[:, :, None]
        * season[None, :, :]
        * level[None, None, :]
        * active[None, :, :]
    )
    return boroughs, exp


def _revise(rng: np.random.Generator, counts: np.ndarray, months: list[str]) -> np.ndarray:
    """The later release's view of months an earlier release published: small late changes."""
    late = np.array([i >= len(months) - 3 for i in range(len(months))])
    up = rng.poisson(counts * np.where(late, LATE_RECORDING, REVISION_UP))
    down = rng.binomial(counts, REVISION_DOWN)
    return counts + up - down


def _long(counts: np.ndarray, months: list[str], keys: dict[str, list]) -> pd.DataFrame:
    """Rows of ``counts`` (lines, months) as a long table with the line keys repeated."""
    n = len(months)
    data = {k: np.repeat(np.asarray(v, dtype=object), n) for k, v in keys.items()}
    data["month"] = np.tile(np.asarray(months, dtype=object), counts.shape[0])
    data["count"] = counts.reshape(-1).astype(np.int64)
    return pd.DataFrame(data)


def generate(ctx) -> dict[str, pd.DataFrame]:
    """The four crime tables (see module docstring), deterministic from ``ctx.rng('crime')``."""
    from lib.demo import DEMO_LAST_MONTH

    rng = ctx.rng("crime")
    early_months, late_months = _release_months(DEMO_LAST_MONTH)
    early_release, late_release = early_months[-1], late_months[-1]
    all_months = month_range(FIRST_MONTH, DEMO_LAST_MONTH)
    boroughs, expected = _expected(ctx, rng, all_months)
    draws = rng.poisson(expected)  # (borough, category, month), the first publication
    nb, nc, _ = draws.shape
    e_idx = [all_months.index(m) for m in early_months]
    l_idx = [all_months.index(m) for m in late_months]
    shared = [m for m in late_months if m in early_months]
    s_idx = [all_months.index(m) for m in shared]
    early = draws[:, :, e_idx]
    late = draws[:, :, l_idx].copy()
    late[:, :, : len(shared)] = _revise(rng, draws[:, :, s_idx], shared)
    minors = [c[1] for c in CATEGORIES]
    majors = [c[0] for c in CATEGORIES]
    late_cats = [j for j, m in enumerate(minors) if m != "DOMESTIC BURGLARY"]  # recoded away by then

    def borough_rows(counts: np.ndarray, months: list[str], release: str, cats: list[int]) -> pd.DataFrame:
        lines = counts[:, cats, :].reshape(nb * len(cats), len(months))
        keys = {
            "borough_code": [b.code for b in boroughs for _ in cats],
            "borough_name": [b.name for b in boroughs for _ in cats],
            "major": [majors[j] for _ in boroughs for j in cats],
            "minor": [minors[j] for _ in boroughs for j in cats],
        }
        return _long(lines, months, keys).assign(release=release, scheme="current")

    all_cats = list(range(nc))
    crime_borough = pd.concat(
        [borough_rows(early, early_months, early_release, all_cats),
         borough_rows(late, late_months, late_release, late_cats)],
        ignore_index=True,
    )

    # Non-borough areas, from the London totals.
    london = draws.sum(axis=0)  # (category, month)
    london_tno = london.sum(axis=0)
    airport_cats = [minors.index(m) for m in AIRPORT_CATEGORIES]
    airport_exp = np.array([AIRPORT_CATEGORIES[minors[j]] for j in airport_cats])[:, None] * london_tno * AIRPORT_SHARE
    airports = rng.poisson(airport_exp)
    unknown = rng.binomial(london, UNKNOWN_SHARE)
    other_lines = [(AIRPORTS, "airports", j, airports[k]) for k, j in enumerate(airport_cats)]
    other_lines += [("Unknown", "unknown", j, unknown[j]) for j in range(nc)]

    def other_rows(months: list[str], release: str, revise: bool) -> pd.DataFrame:
        idx = [all_months.index(m) for m in months]
        counts = np.array([line[3][idx] for line in other_lines])
        if revise:
            n_shared = sum(1 for m in months if m in early_months)
            counts[:, :n_shared] = _revise(rng, counts[:, :n_shared], months[:n_shared])
        keep = [i for i, line in enumerate(other_lines) if not (revise and minors[line[2]] == "DOMESTIC BURGLARY")]
        keys = {
            "area_name": [other_lines[i][0] for i in keep],
            "area_kind": [other_lines[i][1] for i in keep],
            "major": [majors[other_lines[i][2]] for i in keep],
            "minor": [minors[other_lines[i][2]] for i in keep],
        }
        return _long(counts[keep], months, keys).assign(
            release=release, scheme="current", level="borough", ward_code=None
        )

    other_parts = [other_rows(early_months, early_release, False), other_rows(late_months, late_release, True)]

    # Wards: the last WARD_MONTHS months of the default release, split across each borough's wards.
    ward_months = month_range(add_months(DEMO_LAST_MONTH, 1 - WARD_MONTHS), DEMO_LAST_MONTH)
    default = np.concatenate(
        [early[:, :, [early_months.index(m) for m in ward_months if m not in late_months]],
         late[:, :, [late_months.index(m) for m in ward_months if m in late_months]]],
        axis=2,
    )
    crime_ward, aviation = _wards(ctx, rng, boroughs, default, ward_months, late_release, majors, minors,
                                  airports[:, [all_months.index(m) for m in ward_months]], airport_cats)
    if aviation is not None:
        other_parts.append(aviation)
    crime_other_areas = pd.concat(other_parts, ignore_index=True)

    releases = [
        ("borough", early_release, early_months, nb * nc + len(other_lines)),
        ("borough", late_release, late_months, nb * len(late_cats) + len(other_lines) - 1),
    ]
    if len(crime_ward):
        lines = crime_ward.groupby(["ward_code", "major", "minor"]).ngroups
        releases.append(("ward", late_release, ward_months, lines + (len(airport_cats) if aviation is not None else 0)))
    crime_releases = pd.DataFrame(
        [
            {"release": rel, "scheme": "current", "level": level, "source_file": SOURCE_FILE,
             "first_month": months[0], "last_month": months[-1], "rows": rows}
            for level, rel, months, rows in releases
        ]
    )
    return {
        "crime_borough": crime_borough,
        "crime_ward": crime_ward,
        "crime_other_areas": crime_other_areas,
        "crime_releases": crime_releases,
    }


def _wards(
    ctx, rng: np.random.Generator, boroughs: list, default: np.ndarray, months: list[str], release: str,
    majors: list[str], minors: list[str], airports: np.ndarray, airport_cats: list[int],
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Ward rows adding up to the borough counts, and the aviation-security ward rows (or None)."""
    columns = ["release", "month", "ward_code", "ward_name", "borough_code", "borough_name", "major", "minor", "count"]
    wards = ctx.tables.get("wards") if hasattr(ctx, "tables") else None
    if wards is None or not len(wards):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns}), None
    wards = pd.DataFrame(wards.drop(columns="geometry", errors="ignore"))
    wards = wards[["ward_code", "ward_name", "borough_code"]].drop_duplicates("ward_code").sort_values("ward_code")
    parts = []
    nc = len(minors)
    for i, b in enumerate(boroughs):
        mine = wards[wards["borough_code"] == b.code]
        if mine.empty:
            continue
        size = np.exp(rng.normal(0, 0.45, len(mine)))
        weights = size[None, :] * np.exp(rng.normal(0, 0.25, (nc, len(mine))))
        weights /= weights.sum(axis=1, keepdims=True)
        # (category, month, ward): each borough count split across its wards
        split = np.stack([rng.multinomial(default[i, j], weights[j]) for j in range(nc)])
        lines = split.transpose(2, 0, 1).reshape(len(mine) * nc, len(months))  # (ward x category, month)
        keep = lines.sum(axis=1) > 0  # like the published file: no line for a category a ward never had
        codes = np.repeat(mine["ward_code"].to_numpy(dtype=object), nc)[keep]
        names = np.repeat(mine["ward_name"].to_numpy(dtype=object), nc)[keep]
        cats = np.tile(np.arange(nc), len(mine))[keep]
        keys = {
            "ward_code": codes, "ward_name": names, "borough_code": [b.code] * len(codes),
            "borough_name": [b.name] * len(codes), "major": [majors[j] for j in cats],
            "minor": [minors[j] for j in cats],
        }
        parts.append(_long(lines[keep], months, keys))
    crime_ward = pd.concat(parts, ignore_index=True).assign(release=release)[columns]
    hillingdon = wards[wards["borough_code"] == "E09000017"]["ward_code"]
    aviation_code = hillingdon.iloc[0] if len(hillingdon) else None
    aviation = _long(
        airports,
        months,
        {
            "area_name": [WARD_AVIATION] * len(airport_cats), "area_kind": ["airports"] * len(airport_cats),
            "major": [majors[j] for j in airport_cats], "minor": [minors[j] for j in airport_cats],
        },
    ).assign(release=release, scheme="current", level="ward", ward_code=aviation_code)
    return crime_ward, aviation
