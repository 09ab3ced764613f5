"""Pure figure builders: (small frame, lang, template) -> go.Figure.

No I/O, no globals mutated. Reported values are solid; derived values are hatched with an
outline and tagged 推算 in their hover, which also carries the verbatim source quote and period.
Only `bar` and `scatter` traces are drawn: the plotly.js bundle in assets/ holds just those.
"""

from __future__ import annotations

import html
import re
import unicodedata

import pandas as pd
import plotly.graph_objects as go

from metrics.periods import label as period_label

from . import theme
from .catalog import short
from .fmt import digits, format_value
from .i18n import missing, t

TRACE_TYPES = {"bar", "scatter"}  # what the vendored plotly.js bundle can draw

_TOKEN = re.compile(r"[0-9A-Za-z.,%’'\-]+|\s+|.")


def text_width(text: str, size: float) -> float:
    """The widest line of `text` (plotly's `<br>` lines, tags aside) in px at font `size`: CJK at one
    em, the rest at a little over their width in the app's fonts (measured in Chromium: within 1 px
    for Chinese labels, up to 10 px over for English ones)."""

    def em(ch: str) -> float:
        if unicodedata.east_asian_width(ch) in "WF":
            return 1.0
        if ch.isdigit():
            return 0.56
        if ch in " .,:;'|!ilI()[]":
            return 0.3
        return 0.68 if ch.isupper() else 0.55

    lines = re.split(r"<br\s*/?>", str(text))
    return max(sum(em(c) for c in re.sub(r"<[^>]+>", "", line)) for line in lines) * size


def reserve_margins(fig: go.Figure, template: str) -> go.Figure:
    """Margins that already hold the category labels left of horizontal bars and the bottom axis's
    ticks and title. Plotly's automargin stays on as the safety net, but it then has nothing to push,
    so a figure is laid out in one pass instead of two: a filter change redraws in half the time."""
    size = theme.TICK_SIZE[template]
    labels = [y for trace in fig.data if getattr(trace, "orientation", None) == "h" for y in (trace.y or ())]
    margin = {}
    if labels:
        margin["l"] = round(max(text_width(y, size) for y in labels) + size * 1.2)
    bottom = fig.layout.xaxis
    if bottom.showticklabels is not False:
        margin["b"] = round(12 + size * 1.2 * (2 if bottom.title.text else 1)) + 1
        margin["b"] = max(margin["b"], fig.layout.margin.b or 0)  # footnotes keep their room
    fig.update_layout(margin=margin)
    if "l" in margin:  # footnotes start at the figure's left edge, not the plot's
        fig.update_annotations(selector=dict(name="footnote"), xshift=_left_edge(fig))
    return fig


def _left_edge(fig: go.Figure) -> int:
    """The x shift that takes a paper-anchored note from the plot's left edge to the figure's."""
    margin = fig.layout.margin.l
    if margin is None:
        margin = fig.layout.template.layout.margin.l or 0
    return -int(margin) + 4


def esc(text) -> str:
    """Data text as plotly.js shows it literally: its labels and hovers read `<a href>`, `<b>` and
    `<br>` as markup (and show `&lt;` as `<`), so names and quotes are escaped before they enter
    them. (A `%{...}` in data is inert where data rides in `text`, `customdata` or `meta`.)"""
    return html.escape(str(text), quote=False)


def wrap_text(text: str, width: int) -> str:
    """Break a quote into hover lines of about `width` characters, never inside a number or word;
    each line escaped (`esc`)."""
    lines, line = [], ""
    for token in _TOKEN.findall(str(text or "")):
        if line and len(line) + len(token) > width:
            lines.append(line.strip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.strip())
    return "<br>".join(esc(line) for line in lines)


def explain(row, lang: str) -> str:
    """A derived value's formula in words, from the numbers it was computed from:
    "由2019年上半年48.64亿元和净增7.46亿元推算" / "derived from 48.64 … in 2019 H1 and …"."""
    refs = row.get("formula_refs") or ()
    if not refs:
        return ""
    named = len({r["indicator"] for r in refs}) > 1
    parts = []
    for r in refs:
        period = period_label(r["period"], lang)
        if r["field"] == "yoy_pct":
            parts.append(f"{t('growth_word', lang)}{' ' if lang == 'en' else ''}{digits(r['value'])}%")
            continue
        value = format_value(r["value"], r["unit"], r["qualifier"], lang)
        if r["field"] == "change":
            parts.append(f"{t('change', lang)}{' ' if lang == 'en' else ''}{value}")
            continue
        name = short(r, lang) if named else ""
        parts.append(
            f"{period}{name}{value}" if lang != "en" else f"{name + ' ' if name else ''}{value} ({period})"
        )
    joined = t("and_word", lang).join(parts)
    return t("derived_from", lang).format(joined)


def hover_note(row, lang: str) -> str:
    """The hover text that cites a value: period, quote, and for derived values how it was derived,
    in words."""
    width = 26 if lang != "en" else 60
    lines = [period_label(row["period"], lang)]
    if row.get("kind") == "derived":
        lines.append(f"<i>{t('derived', lang)}</i>: {wrap_text(explain(row, lang), width)}")
    quote = row.get("source_quote", "")
    if quote:
        lines.append(f"{t('source_label', lang)}: “{wrap_text(quote, width)}”")
    return "<br>".join(lines)


EMPTY_HEIGHT = 320  # a figure with nothing to draw keeps a height of its own (no jump to plotly's 450)


def empty_figure(message: str, template: str) -> go.Figure:
    fig = go.Figure(layout=dict(template=template, height=EMPTY_HEIGHT))
    fig.add_annotation(
        text=message,
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font=dict(size=theme.FONT_SIZE[template] + 2, color=theme.MUTED[template]),
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def legend_layout(legend: bool) -> dict:
    """A plotly legend sits between the title and the plot area, with room for two lines, so it
    never covers either; the dashboard draws its keys in HTML instead (legend=False)."""
    if not legend:
        return dict(showlegend=False)
    return dict(
        showlegend=True,
        legend=dict(orientation="h", yref="container", y=1, yanchor="top", x=1, xanchor="right"),
    )


def growth_colors(values, template: str) -> list[str]:
    return [
        theme.RISE[template] if v > 0 else theme.FALL[template] if v < 0 else theme.MUTED[template]
        for v in values
    ]


def _growth_text(v) -> str:
    return f"{'+' if v > 0 else ''}{digits(v)}%"


def _comparable(rows, comparable, lang: str) -> tuple[list[str], bool]:
    """Bar labels with growth at comparable prices marked (规上工业增加值 (可比价)), so it is never read
    as if it were current-price growth beside it; and whether any was marked."""
    labels = [
        esc(short(r, lang)) + (t("comparable_mark", lang) if r["indicator"] in comparable else "")
        for _, r in rows.iterrows()
    ]
    return labels, any(code in set(comparable) for code in rows["indicator"])


FOOTNOTE_WIDTH = {theme.LIGHT: 290, theme.DARK: 1400}  # px a footnote's line may take (a 360 px phone)


def fit_lines(parts, sep: str, size: float, width: float) -> str:
    """Parts (words, or a key's items) joined with `sep` into lines no wider than `width` px at font
    `size` (`<br>` between lines; tags are not measured)."""
    lines, line = [], ""
    for part in parts:
        joined = line + (sep if line else "") + part
        if line and text_width(joined, size) > width:
            lines.append(line)
            joined = part.lstrip()
        line = joined
    return "<br>".join([*lines, line] if line else lines)


def add_footnote(fig: go.Figure, text: str, template: str, parts=None, sep: str = "") -> go.Figure:
    """Lines under the plot (a key, what a mark means), inside the figure so an export keeps them,
    wrapped to a phone's width; a second footnote goes under the first."""
    size = theme.TICK_SIZE[template]
    text = fit_lines(
        parts if parts is not None else _TOKEN.findall(text), sep, size, FOOTNOTE_WIDTH[template]
    )
    above = sum(a.text.count("<br>") + 1 for a in fig.layout.annotations if a.name == "footnote")
    lines = text.count("<br>") + 1
    axis = fig.layout.xaxis
    start = 4.6 if axis.title.text else 1.6 if axis.showticklabels is False else 2.6  # under ticks, title
    fig.add_annotation(
        name="footnote",
        text=text,
        showarrow=False,
        x=0,
        xref="paper",
        xanchor="left",
        xshift=_left_edge(fig),
        y=0,
        yref="paper",
        yanchor="top",
        yshift=-round(size * (start + 1.4 * above)),
        font=dict(size=size, color=theme.MUTED[template] if template == theme.DARK else theme.INK[template]),
        align="left",
    )
    margin = round(size * (start + 0.4 + 1.4 * (above + lines)))
    height = (fig.layout.height or 320) + round(size * 1.4 * lines)
    return fig.update_layout(margin=dict(b=margin), height=height)


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def swatch(colours, alpha: float = 1.0, glyph: str = "■") -> str:
    """A key's swatch in the colours (and lightness) its bars are drawn in."""
    return "".join(f'<span style="color:{_rgba(c, alpha)}">{glyph}</span>' for c in dict.fromkeys(colours))


def key_line(fig: go.Figure, items, template: str) -> go.Figure:
    """The chart's key as one line under the plot: only the keys the chart uses (`items`: swatch,
    label), each in the colours its bars use; part of the figure, so an export keeps it."""
    items = [(sw, label) for sw, label in items if sw]
    if not items:
        return fig
    return add_footnote(fig, "", template, [f"{sw} {esc(label)}" for sw, label in items], "   ")


def growth_keys(values, template: str, lang: str) -> list[tuple[str, str]]:
    """Rise and fall keys, each only when a bar uses it."""
    return [
        (swatch([theme.RISE[template]]) if any(v > 0 for v in values) else "", t("key_rise", lang)),
        (swatch([theme.FALL[template]]) if any(v < 0 for v in values) else "", t("key_fall", lang)),
    ]


def headline_growth_figure(
    rows: pd.DataFrame, period: str, lang: str, template: str, sources=(), comparable=()
) -> go.Figure:
    """Stated year-on-year growth of the headline figures and the chains in one period: one
    question (how fast, against the same period a year before), one unit (%). Rises red, falls green.
    Growth at `comparable` prices (indicator codes) is marked and footnoted."""
    rows = rows[rows["yoy_pct"].notna()]
    if rows.empty:
        return empty_figure(missing("no_growth", lang, period_label(period, lang), sources=sources), template)
    values = rows["yoy_pct"].astype(float).tolist()
    labels, marked = _comparable(rows, comparable, lang)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            text=[_growth_text(v) for v in values],
            textposition="outside",
            cliponaxis=False,
            marker=dict(color=growth_colors(values, template)),
            customdata=[hover_note(r, lang) for _, r in rows.iterrows()],
            hovertemplate="<b>%{y}</b>: %{text}<br>%{customdata}<extra></extra>",
        )
    )
    top = max(max(values), 0.0)
    fig.update_layout(
        template=template,
        title=t("growth_title_period", lang).format(period_label(period, lang)),
        showlegend=False,
        height=max(220, 26 * len(rows) + 90),
        bargap=0.3,
        margin=dict(r=12),
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title=t("axis_yoy", lang), range=[min(min(values), 0) * 1.2, top * 1.25 + 1])
    return add_footnote(fig, t("comparable_note", lang), template) if marked else fig


def span_label(periods, lang: str) -> str:
    """The periods a chart covers, for its title: 2018年 / 2017年–2019年 (first to last)."""
    periods = list(periods)
    if not periods:
        return ""
    first, last = period_label(periods[0], lang), period_label(periods[-1], lang)
    return first if len(periods) == 1 else f"{first}–{last}"


def growth_figure(
    rows: pd.DataFrame,
    period: str,
    lang: str,
    template: str,
    legend: bool = False,
    sources=(),
    comparable=(),
) -> go.Figure:
    """Stated growth of the headline indicators in the periods of the chosen period's kind (a half
    year beside half years only), one bar group per indicator; rises red and falls green as on every
    chart, the chosen period solid, the others lighter. The title names the periods shown."""
    if rows.empty:
        return empty_figure(
            missing("no_data_named", lang, period_label(period, lang), sources=sources), template
        )
    fig = go.Figure()
    periods = list(dict.fromkeys(rows["period"]))
    marked = False
    for p in periods:
        part = rows[rows["period"] == p]
        chosen = p == period or period not in periods
        values = part["yoy_pct"].astype(float).tolist()
        labels, mark = _comparable(part, comparable, lang)
        marked = marked or mark
        fig.add_trace(
            go.Bar(
                name=period_label(p, lang),
                orientation="h",
                y=labels,
                x=values,
                text=[_growth_text(v) for v in values],
                textposition="outside",
                cliponaxis=False,
                marker=dict(color=growth_colors(values, template), opacity=1.0 if chosen else 0.45),
                customdata=[hover_note(r, lang) for _, r in part.iterrows()],
                hovertemplate="<b>%{y}</b> · %{fullData.name}: %{text}<br>%{customdata}<extra></extra>",
            )
        )
    top = max(float(rows["yoy_pct"].max()), 0.0)
    low = min(float(rows["yoy_pct"].min()), 0.0)
    fig.update_layout(
        template=template,
        title=f"{t('growth_title', lang)} · {span_label(periods, lang)}",
        barmode="group",
        height=max(240, 30 * len(rows) + 110),
        bargap=0.25,
        bargroupgap=0.05,
        **legend_layout(legend),
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title=t("axis_yoy", lang), range=[low * 1.2, top * 1.2 + 1])
    if not legend:
        values = rows["yoy_pct"].astype(float).tolist()
        used = growth_colors(values, template)
        chosen = period if period in periods else periods[-1]
        others = [p for p in periods if p != chosen]
        names = ("、" if lang != "en" else ", ").join(period_label(p, lang) for p in others)
        if len(others) > 2:  # many: their span
            names = t("key_others", lang).format(span_label(others, lang))
        keys = growth_keys(values, template, lang) + [(swatch(used, 0.45) if others else "", names)]
        fig = key_line(fig, keys, template)
    return add_footnote(fig, t("comparable_note", lang), template) if marked else fig


NOTE_HEIGHT = 64  # a chart with nothing to draw beside a full one: one line, not an empty box


def note_figure(message: str, template: str) -> go.Figure:
    """What is missing, said in one line where a chart would be (never an empty box of a chart's
    height beside a full one)."""
    fig = empty_figure(message, template)
    fig.update_annotations(x=0, xanchor="left", y=0.5, align="left")
    return fig.update_layout(height=NOTE_HEIGHT, margin=dict(t=8, b=8, l=0, r=0))
