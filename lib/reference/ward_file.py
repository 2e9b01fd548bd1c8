"""The MPS ward crime file's completeness rule: the share of the borough files' total below which a month
of the ward file is incomplete.

The recent ward file (``mps_ward_crime_recent_2024-03_to_2026-03.csv``) publishes its first month, March
2024, almost empty: 47 offences for all London's wards against about 75,500 in the borough files. A
12-month ward figure that includes such a month is wrong by thousands, so a month whose wards together
hold less than this share of the borough files' total for the same month (both the 32 boroughs' Total
Notifiable Offences) is incomplete and no ward figure is shown for a period that includes it. Every other
month of the real files (2010-04..2026-02) holds 94.5% to 100.03% of the borough files' total (the files
are extracted on different days); the stub month 0.06%, so any share between those finds the same month.
"""

from __future__ import annotations

WARD_MONTH_MIN_SHARE = 0.5
