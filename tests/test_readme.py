"""README is the truth: its settings table and `Settings` agree, name for name and default for default."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from api.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
_ROW = re.compile(r"^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \| ([^|]+) \|", re.M)


def _readme_defaults() -> dict[str, str]:
    out = {}
    for names, defaults in _ROW.findall(README.read_text(encoding="utf-8")):
        keys = re.findall(r"`([A-Z_]+)`", names)
        values = [v.strip().strip("`") for v in defaults.split(",")] if "," in defaults and len(keys) > 1 else [defaults.strip().strip("`")] * len(keys)
        out.update(zip(keys, values))
    return out


def _settings_defaults() -> dict[str, str]:
    out = {}
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            for sub, subfield in type(default).model_fields.items():
                out[f"ARKIV_{name.upper()}__{sub.upper()}"] = _shown(subfield.get_default(call_default_factory=True))
        elif name.startswith("qdrant_"):
            out[name.upper()] = _shown(default)
        else:
            out[f"ARKIV_{name.upper()}"] = _shown(default)
    return out


def _shown(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, list):
        return "[]" if not value else str(value)
    return str(value)


def test_every_setting_is_in_the_readme_table_with_its_real_default() -> None:
    readme, settings = _readme_defaults(), _settings_defaults()
    assert set(settings) - set(readme) == set(), "settings missing from README's table"
    assert set(readme) - set(settings) == set(), "README lists settings that do not exist"
    assert {k: readme[k] for k in settings} == settings


def test_every_document_kind_is_listed_in_the_readme_the_page_and_search() -> None:
    # A kind ingest can give a document must be a filter README names, a label the page shows and
    # a word search knows it by ("letter" was once added to ingest alone).
    from api.search import _KIND_WORDS
    from ingest.facts import KIND_NAMES

    readme = README.read_text(encoding="utf-8")
    filters = readme[readme.index("Filters: document kind"):][:400]
    page = (README.parent / "api" / "static" / "app.js").read_text(encoding="utf-8")
    kinds_js = page[page.index("const KINDS"):page.index("};", page.index("const KINDS"))]
    for kind in KIND_NAMES:
        assert f"`{kind}`" in filters, kind
        assert re.search(rf"\b{kind}:", kinds_js), kind
        assert kind == "document" or kind in _KIND_WORDS, kind
