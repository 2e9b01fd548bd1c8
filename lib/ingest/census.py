"""Placeholder: the adapter for this format is being written."""

ADAPTERS: list = []
