"""A chain drawn as a chain: its stages (arrows between stage chips) and its key players. Shared
by the dashboard and the slides."""

from __future__ import annotations

from dash import html

from metrics import queries as q

from .context import Context
from .i18n import pick, t


def chain_flow(
    ctx: Context, chain: str, lang: str, flow_id: str | None = None, class_name: str = ""
) -> html.Div:
    """The stages of a chain drawn as a chain (arrows between stage chips), and its key players.
    `flow_id` and `class_name` let the dashboard switch flows by class."""
    stages = q.chain_stages(ctx.dataset.chain_stages, chain)
    lines = []
    for (plan, _line), part in stages.groupby(["plan", "line"], sort=False):
        chips = [
            html.Li(pick(r, "stage", lang), className="stage", title=r["source_quote"])
            for _, r in part.iterrows()
        ]
        lines.append(
            html.Div(
                [
                    html.Span(t(f"stages_{plan}", lang), className=f"plan plan-{plan}"),
                    html.Ol(chips, className="stage-line"),
                ],
                className="stage-row",
            )
        )
    entities = q.chain_entities(ctx.dataset.chain_entities, chain)
    players = [
        html.Li(
            [
                html.Span(pick(r, "entity", lang), className="entity-name"),
                html.Span(pick(r, "note", lang), className="entity-note")
                if isinstance(r.get("note_zh"), str) and r.get("note_zh")
                else None,
            ],
            className=f"entity role-{r['role']}",
            title=r["source_quote"],
        )
        for _, r in entities.iterrows()
    ]
    kwargs = {"id": flow_id} if flow_id else {}
    return html.Div(
        [
            html.H3([t(f"chain_{chain}", lang), html.Small(f" · {t(f'chain_role_{chain}', lang)}")]),
            html.Div(lines, className="stage-lines", **{"aria-label": t("chain_stages", lang)}),
            html.H4(t("key_players", lang)),
            html.Ul(players, className="entities"),
        ],
        className=class_name or f"chain-flow chain-{chain}",
        **kwargs,
    )
