"""London policing performance: ingest, canonical store and performance arithmetic.

Nothing in this package imports Streamlit except :mod:`lib.ui`, the thin layer the pages use.
"""
