"""Radar app (Streamlit) — see issue #5."""
