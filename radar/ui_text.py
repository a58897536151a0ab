"""Every label, message and button of the app, in French, Dutch and English (the texts live in ui_text.tsv)."""

from __future__ import annotations

from pathlib import Path

LANGUAGES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


def _read(path: Path) -> dict[str, dict[str, str]]:
    """key <TAB> French <TAB> Dutch <TAB> English, one text a line; '#' lines are comments."""
    text: dict[str, dict[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, fr, nl, en = line.split("\t")
            text[key] = {"fr": fr, "nl": nl, "en": en}
    return text


TEXT: dict[str, dict[str, str]] = _read(Path(__file__).with_name("ui_text.tsv"))


def t(key: str, lang: str, **kwargs) -> str:
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text
