"""The thin Streamlit layer: caching, the shared page frame, URL-backed widgets, charts and maps.

This is the only part of ``lib`` that imports Streamlit.
"""
