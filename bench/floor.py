"""The floor: what plotly.js alone costs to draw what the dashboard shows, with no Dash, no React and
no page around it. No front end built on plotly.js, Dash's or a hand-written one, can be faster than
this on the same machine, so it tells a target that no path can reach from one that the dashboard
misses.

- **filter change**: the same changes as the bench's `interaction` (the same filters, values and
  order), each drawn as `Plotly.react` of only the graphs in view whose figure the change alters,
  with the figures already in the page (the variants, fetched before), timed to the next frame;
- **first viewport**: a cold load (cache disabled) of a page holding only the app's plotly.js bundle
  and its locale, and the first screen's figures in view inline, timed to their plots drawn.
"""

from __future__ import annotations

import json
import statistics
from types import SimpleNamespace

from components import ids
from pages.dashboard import VARIANTS_PATH, rules

from . import traffic
from .load import pct
from .servers import CPU_SLOWDOWN

# the ids of the chart boxes in the viewport
IN_VIEW = """() => [...document.querySelectorAll('[role=figure][data-graph]')].filter(box => {
  const r = box.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight && r.width > 0 && r.height > 0;
}).map(box => box.dataset.graph)"""
# Plotly.react of each [graph id, figure], then the next frame: ms
REACT = """async graphs => {
  const started = performance.now();
  for (const [id, fig] of graphs) {
    const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    await Plotly.react(gd, fig.data, fig.layout, gd._context);
  }
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - started; }"""
DRAWN = """n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n && performance.now()"""
FLOOR_PATH = "/bench-floor"  # answered by the browser context (route), never by the app


def _dashboard(browser, url: str):
    """A new context and the dashboard in it, every chart drawn."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_function(DRAWN, arg=len(rules.GRAPHS), timeout=60000)
    return context, page


def _variants(page, lang: str, periods: list[str]) -> dict:
    url = VARIANTS_PATH + lang + ".json?period="
    return {p: page.evaluate("async url => (await fetch(url)).json()", url + p) for p in periods}


def _figures(variants: dict, view: dict, graphs) -> list:
    """[graph id, figure] of `graphs` for `view` (field -> value), keyed as the variants key them."""
    shown = SimpleNamespace(**view)
    return [[g, variants[view["period"]]["graphs"][g]["figures"][rules.figure_key(g, shown)]] for g in graphs]


def filter_changes(browser, url: str, periods: list[str], changes: int, cpu: float = 1) -> dict:
    """ms to draw each of `changes` filter changes with plotly.js alone (module docstring)."""
    context, page = _dashboard(browser, url)
    variants = _variants(page, "zh", periods)
    if cpu > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    options = {d: traffic.dropdown_values(page, d) for d in ids.FILTERS}
    current = {d: traffic.selected_value(page, d) for d in options}
    samples = []
    for dropdown_id, value in traffic.changes(options, current, changes):
        field = ids.FILTER_FIELDS[dropdown_id]
        page.locator(f"#{dropdown_id}").evaluate(
            "el => el.scrollIntoView({block: 'center', behavior: 'instant'})"
        )
        current[dropdown_id] = value
        view = {ids.FILTER_FIELDS[d]: v for d, v in current.items()}
        graphs = [g for g in page.evaluate(IN_VIEW) if field in rules.GRAPHS[g][0]]
        samples.append(page.evaluate(REACT, _figures(variants, view, graphs)))
    context.close()
    return {
        "changes": len(samples),
        "p50_ms": round(pct(samples, 50), 1),
        "p95_ms": round(pct(samples, 95), 1),
    }


def first_viewport(browser, url: str, periods: list[str], runs: int, cpu: float = 1) -> dict:
    """Median ms to the first screen's figures in view drawn by a page of plotly.js alone."""
    context, page = _dashboard(browser, url)
    graphs = page.evaluate(IN_VIEW)
    view = {ids.FILTER_FIELDS[d]: traffic.selected_value(page, d) for d in ids.FILTERS}
    scripts = page.evaluate(
        "() => [...document.scripts].map(s => s.src).filter(s => /plotly/.test(s))"
    )  # the bundle and its locale, as the app serves them
    figures = _figures(_variants(page, "zh", periods), view, graphs)
    context.close()
    html = page_html(scripts, figures)
    samples = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.route(url + FLOOR_PATH, lambda route: route.fulfill(body=html, content_type="text/html"))
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if cpu > 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        page.goto(url + FLOOR_PATH, timeout=60000 * cpu)
        samples.append(
            page.wait_for_function(DRAWN, arg=len(figures), timeout=60000 * cpu, polling="raf").json_value()
        )
        context.close()
    return {"runs": runs, "graphs": graphs, "ms_to_first_viewport": round(statistics.median(samples), 1)}


def page_html(scripts: list[str], figures: list) -> str:
    """A page of the plotly.js `scripts` that draws `figures` ([graph id, figure]) as it loads."""
    tags = "".join(f'<script src="{src}"></script>' for src in scripts)
    boxes = "".join(f'<div id="{g}"><div class="js-plotly-plot"></div></div>' for g, _ in figures)
    draw = "for (const [id, fig] of FIGURES) Plotly.newPlot(document.querySelector('#' + id + ' div'), fig);"
    draw = draw.replace("FIGURES", json.dumps(figures))
    return f"<!doctype html><meta charset=utf-8>{tags}<body>{boxes}<script>{draw}</script>"


def figures(browser, url: str, periods: list[str], changes: int, cpu_runs: int, cpu_changes: int) -> dict:
    """The floor at full speed and (`cpu_runs`) with the CPU throttled 4x, as `python -m bench` reports it."""
    out = {"interaction": filter_changes(browser, url, periods, changes)}
    if cpu_runs:
        out["interaction_cpu4"] = filter_changes(browser, url, periods, cpu_changes, CPU_SLOWDOWN)
        out["first_view_cpu4"] = first_viewport(browser, url, periods, cpu_runs, CPU_SLOWDOWN)
    print(f"  plotly.js alone: {json.dumps(out)}", flush=True)
    return out


def rows(add, label: str, floor: dict, dashboard: dict) -> None:
    """The table's rows of the floor (`floor`), each beside the dashboard's own figure (`dashboard`:
    the optimized app's browser figures), against the dashboard's targets."""
    targets = (
        ("interaction", "filter change in view p95", 100, None),
        ("interaction_cpu4", "4x CPU: filter change in view p95", 200, None),
        ("first_view_cpu4", "4x CPU: first viewport of /", 2000, "ms_to_first_viewport"),
    )
    for key, name, target, field in targets:
        if key not in floor or key not in dashboard:
            continue
        ms = floor[key][field] if field else floor[key]["p95_ms"]
        ours = dashboard[key]["/"][field] if field else dashboard[key]["p95_ms"]
        add(
            f"{label}plotly.js alone (the floor): {name}",
            float(ms),
            "ms",
            f"<= {target:,} ms",
            ms <= target,
            f"the dashboard {ours / ms:.1f}x of it ({ours:,.0f} ms)",
        )
