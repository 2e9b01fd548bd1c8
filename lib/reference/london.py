"""London (MET) defined once: which published rows each London figure counts (issue 22).

The MPS publishes, beside the 32 boroughs it polices, rows that are in no borough ('London Heathrow and
London City Airports', 'Unknown', 'Aviation Security (SO18)': ``non_borough_areas.csv``). The City of London
is in none of them (City of London Police).

- Counts and changes: the MPS total, the 32 boroughs plus those rows, as the MPS reports its own total
  (the 'MPS % change' of the Enfield pack, London's figure against the MOPAC 7 target).
- Rates: the 32 boroughs' crimes per 1,000 of their residents (households for residential burglary). A rate
  divides crimes by the people who live where they happened, and the rows outside any borough have no
  residents: counting them would raise London's rate by crimes no denominator includes (Barking and
  Dagenham criminal damage, 2016, as published: London 6.96 with them, 6.92 without; iQuanta printed 6.91).

Every London figure (``lib.metrics.crime_series``, ``lib.metrics.special_crime``,
``lib.metrics.crime_performance``) follows these rules, and the screens say them in these words.
"""

from __future__ import annotations

LONDON_COUNT_WORDS = ("London (MET) counts and changes are the MPS total: the 32 boroughs plus the crimes the MPS "
                      "records outside any borough (Heathrow and London City airports, 'Unknown', Aviation Security).")
LONDON_RATE_WORDS = ("A London (MET) rate is the 32 boroughs' crimes per 1,000 of their residents (or households): "
                     "the crimes outside any borough have no resident population.")
LONDON_DEFINITION = f"{LONDON_COUNT_WORDS} {LONDON_RATE_WORDS}"
