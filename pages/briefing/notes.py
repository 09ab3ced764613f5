"""The brief's footnotes: one numbered note per distinct source sentence (and formula), the marker
beside each number, and the notes as printed under the charts."""

from __future__ import annotations

from dataclasses import dataclass, field

from dash import html

from components import catalog, figures
from components.context import Context
from components.i18n import pick, t
from metrics.periods import label as period_label


@dataclass
class Footnotes:
    """Numbered notes, one per distinct (quote, formula): numbers citing the same sentence share
    a note; a derived value gets its own note with its formula."""

    notes: list[dict] = field(default_factory=list)
    _index: dict = field(default_factory=dict)

    def add(self, row, lang: str) -> int:
        """The note number of `row` (adding a note, or the row's name to an existing one)."""
        key = (row["source_quote"], row.get("formula", "") or "")
        label = catalog.short(row, lang) if lang == "en" else pick(row, "name", lang)
        name = f"{label} ({period_label(row['period'], lang)})"
        if key not in self._index:
            self._new(
                key,
                quote=row["source_quote"],
                kind=row.get("kind", ""),
                formula=key[1],
                explained=figures.explain(row, lang),
                source=row["source"],
            )
        return self._name(key, name)

    def derive(self, name: str, explained: str, refs: list[int]) -> int:
        """The note of a value the brief derives itself (a compound growth rate over the years):
        its formula in words and the notes of the figures it is computed from, no quote of its own."""
        key = ("", explained)
        if key not in self._index:
            self._new(
                key, quote="", kind="derived", formula=explained, explained=explained, source="", refs=refs
            )
        return self._name(key, name)

    def _new(self, key, **note) -> None:
        self._index[key] = len(self.notes) + 1
        self.notes.append({"number": self._index[key], "names": [], "refs": [], **note})

    def _name(self, key, name: str) -> int:
        note = self.notes[self._index[key] - 1]
        if name not in note["names"]:
            note["names"].append(name)
        return self._index[key]

    @property
    def sources(self) -> list[str]:
        """The source codes the notes quote, in the order they are first cited."""
        return list(dict.fromkeys(n["source"] for n in self.notes if n["source"]))


def marker(numbers) -> html.Sup:
    """The footnote marker(s) next to a number."""
    return html.Sup(",".join(str(n) for n in numbers), className="fn-ref")


def short_sources(ctx: Context) -> dict[str, str]:
    """Source code -> `publisher date`, the short form each note carries (the full title is in
    the sheet's source line)."""
    return {r["source"]: f"{r['publisher']} {r['date']}" for _, r in ctx.dataset.sources.iterrows()}


def note_item(note: dict, lang: str, short: dict[str, str]) -> html.Li:
    """One printed note: the names it covers, the verbatim sentence, a derived value's formula in
    words, and the source (or, for a value the brief derives, the notes it is computed from)."""
    names = ("; " if lang == "en" else "、").join(note["names"])
    body = [html.Span(names, className="fn-names"), ": "]
    if note["quote"]:
        body.append(html.Q(note["quote"], className="fn-quote", lang="zh-CN"))
    if note["kind"] == "derived":
        body += [
            " ",
            html.Span(
                [html.Strong(t("derived", lang)), ": ", note["explained"] or note["formula"]],
                className="fn-formula",
            ),
        ]
    if note["refs"]:
        body.append(html.Span(" " + t("briefing_from_notes", lang).format(",".join(map(str, note["refs"])))))
    if note["source"]:
        body.append(html.Span(f" — {short.get(note['source'], note['source'])}", className="fn-source"))
    return html.Li(body, id=f"fn-{note['number']}", value=note["number"], className="fn")
