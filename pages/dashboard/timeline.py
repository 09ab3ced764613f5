"""The timeline panel: the latest events, and the earlier ones under "更多大事" (built when opened)."""

from __future__ import annotations

from dash import html

from components.cards import quote_details
from components.context import Context
from components.i18n import pick, t
from components.view import View
from metrics import queries as q

from .widgets import lazy

SHOWN = 6  # events shown before "更多大事"


def events(ctx: Context, lang: str) -> list:
    return [
        html.Li(
            [
                html.Time(r["date"], dateTime=str(r["date"]), className="tl-date"),
                html.Span(pick(r, "event", lang), className="tl-event"),
                quote_details(r["source_quote"], lang),
            ],
            className=f"tl-item domain-{r['domain']}",
        )
        for _, r in q.timeline(ctx.dataset.timeline).iterrows()
    ]


def tools(ctx: Context, view: View, lang: str) -> list:
    return []


def body(ctx: Context, view: View, lang: str) -> list:
    items = events(ctx, lang)
    children = [html.Ol(items[-SHOWN:], className="timeline")]
    if len(items) > SHOWN:
        children.append(lazy("timeline-more", t("more_events", lang).format(len(items) - SHOWN)))
    return children


PARTS = {"timeline-more": lambda ctx, view, lang: html.Ol(events(ctx, lang)[:-SHOWN], className="timeline")}
