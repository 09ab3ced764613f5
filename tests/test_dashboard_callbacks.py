"""The dashboard is Dash as Dash: read from `/_dash-dependencies` (what the renderer is told), every
filter of `/` is an input of a callback whose outputs include the `figure` of a `dcc.Graph` on the
page; the lower panels, collapsed parts and citations are callbacks too, and they hold against
values no control offers."""

from __future__ import annotations

import pytest
from dash import dcc

import metrics
from components import ids
from components.context import Context
from components.view import allowed, default_view
from pages import dashboard
from pages.dashboard import rules
from serving.endpoints import DEPENDENCIES, UPDATE, output_specs


@pytest.fixture(scope="module")
def ctx():
    return Context.build(metrics.load())


def graphs_of(node) -> set[str]:
    """The ids of the `dcc.Graph`s in a component tree."""
    found = {node.id} if isinstance(node, dcc.Graph) else set()
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found |= graphs_of(child)
    return found


def page_graphs(ctx) -> set[str]:
    """Every dcc.Graph of `/`: the router's answer and the lower panels' bodies."""
    view = default_view(ctx.choices)
    found = graphs_of(dashboard.dashboard_page(ctx, view, []))
    for module in dashboard.PANELS.values():
        found |= set().union(*(graphs_of(node) for node in module.body(ctx, view, view.lang)))
    return found


def test_every_filter_drives_the_figure_of_a_dcc_graph(client, ctx):
    graphs = page_graphs(ctx)
    assert graphs == set(rules.GRAPHS)  # every graph of the page is one the filters' rules draw
    drives: dict[str, set[str]] = {control: set() for control in ids.FILTERS}
    for dep in client.get(DEPENDENCIES).json:
        figures = {o["id"] for o in output_specs(dep["output"]) if o["property"] == "figure"}
        for given in dep["inputs"]:
            if given["id"] in drives and given["property"] == "value":
                drives[given["id"]] |= figures & graphs
    assert all(drives.values()), drives
    assert set().union(*drives.values()) == graphs  # and every graph follows a filter


def test_the_lower_panels_and_parts_answer_for_values_no_control_offers(client, ctx):
    """A forged period or language gets the default view, never an error."""
    deps = {dep["output"]: dep for dep in client.get(DEPENDENCIES).json}
    panel = next(d for o, d in deps.items() if ids.PANEL_BODY in o)

    def body(period, lang):
        state = [{"id": ids.MAIN, "property": "lang", "value": lang}] + [
            {"id": c, "property": "value", "value": period if c == ids.PERIOD else None} for c in ids.FILTERS
        ]
        return {
            "output": panel["output"],
            "outputs": {"id": {"type": ids.PANEL_BODY, "panel": "chains"}, "property": "children"},
            "inputs": [{"id": ids.FIRST_DRAWN, "property": "data", "value": True}],
            "changedPropIds": [f"{ids.FIRST_DRAWN}.data"],
            "state": state,
        }

    default = client.post(UPDATE, json=body(default_view(ctx.choices).period, "zh-CN"))
    forged = client.post(UPDATE, json=body("1887H3", "klingon"))
    assert default.status_code == forged.status_code == 200
    assert forged.json == default.json
    assert allowed(ctx.choices)["period"]  # the data has periods to fall back on


def test_no_output_is_set_by_two_callbacks_unless_one_says_so(client):
    """Dash refuses (in debug, and in the renderer's validation) an output that two callbacks set
    unless all but one declare `allow_duplicate`; read from what the renderer is told."""
    setters: dict[tuple[str, str], list[bool]] = {}
    for dep in client.get(DEPENDENCIES).json:
        parts = dep["output"][2:-2].split("...") if dep["output"].startswith("..") else [dep["output"]]
        for part in parts:
            ident, _, prop = part.rpartition(".")
            setters.setdefault((ident, prop.split("@")[0]), []).append("@" in prop)
    undeclared = {key: marks for key, marks in setters.items() if len(marks) > 1 and marks.count(False) > 1}
    assert not undeclared, undeclared
