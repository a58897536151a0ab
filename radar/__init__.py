"""Radar's interfaces on top of the library: the CLI, evaluation, the LangChain retriever and the app's helpers."""

__version__ = "0.1.0"
