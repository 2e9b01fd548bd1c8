"""The performance arithmetic: plain functions, DataFrames in, DataFrames or small dataclasses out.

Rule of this layer: no ``Store``, no Streamlit, no text formatted for a screen, no caches. Every
function's docstring starts with the definition it uses and where that comes from (a seed
document or publisher). Reference tables come from :mod:`lib.reference`; the views in
:mod:`lib.views` feed these functions the store's tables.
"""
