"""Survey measure lists: the MOPAC Public Attitude Survey (PAS) and the User Satisfaction Survey (USS).

Read by the PAS/USS adapters in :mod:`lib.ingest` (to recognise published labels) and by the
arithmetic in :mod:`lib.metrics` (measure order, plain labels, which measures are drivers), so the
two meet here and nowhere else. The PAS tables are the reviewed CSVs beside this file; the USS
measures are those the Enfield Safer Neighbourhood Board pack (2015, figure 5) reports.
"""

from __future__ import annotations

import pandas as pd

from lib.reference import read_table

# Measures of the USS as the Enfield SNB pack names them (figure 5): id -> plain label.
USS_MEASURES: dict[str, str] = {
    "overall": "Overall satisfaction",
    "ease_of_contact": "Ease of contact",
    "police_actions": "Police actions",
    "treatment": "Treatment",
    "follow_up": "Follow-up",
}
USS_ETHNIC_GROUPS: dict[str, str] = {"all": "All victims", "white": "White", "bme": "Black and minority ethnic (BME)"}


def borough_measures() -> pd.DataFrame:
    """The 8 borough PAS measures: id, published label, plain label, question, driver, order (pas_measures.csv)."""
    return read_table("pas_measures.csv")


def neighbourhood_measures() -> pd.DataFrame:
    """The 18 neighbourhood comparator measures: id, question, response counted, label, theme, order."""
    return read_table("pas_neighbourhood_measures.csv")


def ethnicity_measures() -> pd.DataFrame:
    """The 4 measures of the by-ethnicity neighbourhood file: id, question, response, label, order."""
    return read_table("pas_ethnicity_measures.csv")


def group_label_evidence() -> pd.DataFrame:
    """The reviewed comparator group names: label, named members (| separated), shown, evidence."""
    return read_table("pas_group_labels.csv")


def _ordered(t: pd.DataFrame) -> list[str]:
    return list(t.sort_values("order", key=lambda s: s.astype(int))["measure"])


def pas_measure_order() -> list[str]:
    """Borough PAS measure ids in reference order (good job first)."""
    return _ordered(borough_measures())


def pas_measure_labels() -> dict[str, str]:
    """Borough PAS measure id -> short plain label."""
    t = borough_measures()
    return dict(zip(t["measure"], t["short_label"], strict=True))


def pas_driver_measures() -> list[str]:
    """The drivers of confidence in the borough file: every measure marked driver (all but 'good job')."""
    drivers = set(borough_measures().loc[lambda t: t["driver"] == "true", "measure"])
    return [m for m in pas_measure_order() if m in drivers]


def neighbourhood_measure_order() -> list[str]:
    """The 18 comparator measure ids in reference order (good job first)."""
    return _ordered(neighbourhood_measures())


def neighbourhood_measure_labels() -> dict[str, str]:
    """Comparator measure id -> short plain label."""
    t = neighbourhood_measures()
    return dict(zip(t["measure"], t["short_label"], strict=True))


def ethnicity_measure_order() -> list[str]:
    """The by-ethnicity measure ids in reference order."""
    return _ordered(ethnicity_measures())


def ethnicity_measure_labels() -> dict[str, str]:
    """By-ethnicity measure id -> short plain label."""
    t = ethnicity_measures()
    return dict(zip(t["measure"], t["short_label"], strict=True))
