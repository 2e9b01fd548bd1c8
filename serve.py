"""London Policing Performance, as deployed: the pages of ``app.py`` in a server that imports what they import
before it answers its first request (``lib.ui.startup``). Run with ``streamlit run serve.py``.

``streamlit run app.py`` serves the same pages; its first reader waits for those imports instead.
"""

import streamlit as st

from lib.ui.startup import lifespan

app = st.App("app.py", lifespan=lifespan)
