"""Answers with verified verbatim citations."""
