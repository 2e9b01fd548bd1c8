"""Placeholder: demo generator being written."""


def generate(ctx) -> dict:
    return {}
