"""The two languages and the one zh/en lookup over a table of (zh, en) pairs. It lives in the lowest
layer so that every layer above (the command line, /admin, the pages) uses it rather than its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping

LANGS = ("zh", "en")


def lookup(table: Mapping[str, tuple[str, str]], strict: bool = True) -> Callable[..., str]:
    """The one zh/en lookup, over a table of (zh, en) pairs (this module's, /admin's):
    `lookup(table)(key, lang, **fields)` is the string for `key` in `lang` (zh when `lang` is
    unknown), formatted with `fields` when given. A key the table lacks is an error, or, when not
    `strict`, says itself (a code from the data that has no words yet)."""

    def say(key: str, lang: str, **fields) -> str:
        zh, en = table[key] if strict else table.get(key, (key, key))
        text = en if lang == "en" else zh
        return text.format(**fields) if fields else text

    return say
