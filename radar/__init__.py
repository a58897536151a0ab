"""Radar: cited semantic search over human-trafficking policy documents (FR/NL/EN)."""

__version__ = "0.1.0"
