"""Renderers of results for people and machines (text, JSON, SARIF, ...)."""
