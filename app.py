"""London Policing Performance: the home page. Run with ``streamlit run app.py``."""

import streamlit as st

from lib.metrics.survey import DESIGN_EFFECT, PAS_BOROUGH_SAMPLE
from lib.reference.categories import MOPAC7
from lib.ui import cache
from lib.ui.frame import PAGES, page_frame
from lib.ui.widgets import headline
from lib.views import answers
from lib.views import crime as crime_views
from lib.views.confidence import HEADLINE_MEASURE
from lib.views.stop_search import DEFAULT_CENSUS, has_stop_search

frame = page_frame(
    "London Policing Performance",
    intro=(
        "How the Metropolitan Police is doing, borough by borough, in plain words and honest figures: "
        "recorded crime against the target for the seven priority crimes (MOPAC 7), public confidence and "
        "victim satisfaction, complaints, and stop and search. Every figure states its period, what it is "
        "compared with, and where it comes from."
    ),
)
store, area, code = frame.store, frame.borough_name, frame.borough_code
link_area = {} if frame.is_london else {"borough": area}


def topic(answer: answers.Answer | None, page: str, link: str, params: dict, missing: str,
          lower_is_better: bool = True) -> None:
    """One topic's answer: its sentence, its headline figure and a link to its page with the same choices."""
    if answer is None:
        st.markdown(missing)
    else:
        st.markdown(answer.sentence)
        headline(answer.label, answer.figure, answer.change, help=answer.comparison, real=answer.real,
                 lower_is_better=lower_is_better)
    st.page_link(page, label=link, icon=":material/arrow_forward:", query_params=params)


with frame.answer:  # the answer first: the area's latest figures, one sentence each, each linking to its page
    crime_col, confidence_col, search_col = st.columns(3)
    with crime_col:
        crime = None
        if store.has("crime_borough"):
            data = cache.crime_dataset(store, None)
            view = cache.crime_area_view(store, None, data.ends[-1], crime_views.population_default(data), code,
                                         area, MOPAC7)
            crime = answers.crime_answer(view)
        topic(crime, "pages/1_Crime.py", "Crime: every crime type, the target, the wards", link_area,
              "No recorded-crime figures are loaded here.")
    with confidence_col:
        confidence, to = None, None
        choices = cache.confidence_choices(store)
        if choices.has_pas:
            to = choices.quarters[-1]
            confidence = answers.confidence_answer(cache.confidence_view(
                store, code, to, HEADLINE_MEASURE, PAS_BOROUGH_SAMPLE, DESIGN_EFFECT))
        topic(confidence, "pages/2_Confidence.py", "Confidence: every survey measure and its interval",
              link_area | ({"to": to} if to else {}), "No Public Attitude Survey figures are loaded here.",
              lower_is_better=False)
    with search_col:
        search, params = None, dict(link_area)
        if has_stop_search(store):
            _, start, end = cache.stop_search_months(store)  # the page's default: the latest 12 months
            search = answers.stop_search_answer(cache.stop_search_area(store, start, end, DEFAULT_CENSUS, code))
            params |= {"from": start, "to": end}
        topic(search, "pages/4_Stop_and_search.py", "Stop and search: powers, outcomes, who and where", params,
              "No stop and search records are loaded here.")

st.header(f"Showing: {area}")
st.markdown("Choose an area under 'Change what is shown' at the top of any page; every page then opens on it. "
            "Copy the address bar to share a view.")

cols = st.columns(3)
for i, (path, label, icon) in enumerate(PAGES[1:]):
    with cols[i % 3]:
        st.page_link(path, label=label, icon=icon, query_params=link_area)

st.header("Who this is for")
st.markdown(
    "- **Challenge sessions** at City Hall: one question a view, legible on the big screen.\n"
    "- **Borough commanders**: your borough against London and against the boroughs most like it.\n"
    "- **The public**: the same figures, with their uncertainty and their sources, no login."
)
