"""The browser's figures of `python -m bench`, in headless Chromium at 1440x900: a cold first view
(bytes, requests, first viewport complete, last chart drawn; on raw loopback or an emulated link),
filter changes (from the choice of an option to the last DOM change on screen), and the callback
bodies a browser session posts. `cpu` > 1 throttles the page's CPU (CDP)."""

from __future__ import annotations

import json
import statistics
import time

from . import traffic
from .load import pct
from .servers import CPU_SLOWDOWN

LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")

# every chart drawn, the dashboard's lower panels included (an empty `.panel-pending` place still
# waits for its panel: pages/dashboard `panel`)
CHARTS_DRAWN = """() => {
  const graphs = [...document.querySelectorAll('[role=figure][data-graph], .slide-graph-box')];
  if (!graphs.length || document.querySelector('.panel-pending:empty')) return false;
  const ok = graphs.every(g => { const p = g.querySelector('.js-plotly-plot');
                                 return p && p._fullLayout && p.querySelector('.main-svg'); });
  return ok ? performance.now() : false;
}"""
# every element of the first viewport drawn: the page is in, each chart box in view (and visible: a
# deck's other slides wait hidden in its first cell) has its plot,
# and the viewport is not waiting for parts still to come (pages/dashboard.py `panels`: a page that
# ends above the fold while parts wait is not complete; parts behind closed headers do not show)
FIRST_VIEWPORT = """() => {
  const page = document.getElementById('page');
  if (!page || !page.querySelector('.page, .deck, .slide')) return false;
  const inView = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight
      && r.right > 0 && r.left < innerWidth
      && el.checkVisibility({opacityProperty: true, visibilityProperty: true}); };
  const waiting = document.querySelector('.panel-pending:empty');
  if (waiting && page.getBoundingClientRect().bottom < innerHeight) return false;
  const boxes = [...document.querySelectorAll('[role=figure][data-graph], .slide-graph-box')].filter(inView);
  const drawn = box => { const p = box.querySelector('.js-plotly-plot');
    return p && p._fullLayout && p.querySelector('.main-svg'); };
  return boxes.every(drawn) ? performance.now() : false;
}"""

LINK = {
    "offline": False,
    "latency": 40,
    "downloadThroughput": 10_000_000 / 8,
    "uploadThroughput": 5_000_000 / 8,
}  # an intranet/office link: 10 Mbit/s down, 40 ms


def cold_load(browser, url: str, link: dict | None = None, cpu: float = 1) -> dict:
    """One cold load (new context, cache disabled): bytes on the wire, requests, ms to all charts.
    `link` emulates a network (CDP) instead of raw loopback; `cpu` > 1 slows the page's CPU."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    external = []
    context.route(
        "**/*",
        lambda r: (
            r.continue_() if r.request.url.startswith(LOCAL) else (external.append(r.request.url), r.abort())
        ),
    )
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if link:
        cdp.send("Network.emulateNetworkConditions", link)
    if cpu > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    sizes, requests = {}, []
    cdp.on("Network.requestWillBeSent", lambda e: requests.append(e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, timeout=60000 * cpu)
    viewport = page.wait_for_function(FIRST_VIEWPORT, timeout=60000 * cpu, polling="raf").json_value()
    drawn = page.wait_for_function(CHARTS_DRAWN, timeout=60000 * cpu, polling="raf").json_value()
    page.wait_for_load_state("networkidle")
    time.sleep(0.3)
    result = {
        "bytes": int(sum(sizes.values())),
        "requests": len(requests),
        "ms_to_first_viewport": round(viewport, 1),
        "ms_to_charts": round(drawn, 1),
        "external": external,
    }
    context.close()
    return result


def first_view(
    browser, gunicorn, runs: int, link: dict | None = None, cpu: float = 1, paths=("/", "/present")
) -> dict:
    out = {}
    for path in paths:
        samples = [cold_load(browser, gunicorn.url + path, link, cpu) for _ in range(runs)]
        out[path] = {
            "bytes": statistics.median(s["bytes"] for s in samples),
            "requests": statistics.median(s["requests"] for s in samples),
            "ms_to_first_viewport": statistics.median(s["ms_to_first_viewport"] for s in samples),
            "ms_to_charts": statistics.median(s["ms_to_charts"] for s in samples),
            "runs": runs,
            "external_requests": sum(len(s["external"]) for s in samples),
        }
    return out


# the time of the last change on screen (charts, cards, links, the control itself): `__last` of any
# DOM change, `__painted` of one a pixel shows
WATCH_SCREEN = """() => {
  window.__last = 0; window.__painted = 0;
  const onScreen = node => { const el = node.nodeType === 1 ? node : node.parentElement;
    if (!el || !el.isConnected) return true;  // removed from the page: it was on screen or near
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; };
  const css = [...document.styleSheets].map(s => [...s.cssRules].map(r => r.cssText).join('\\n')).join('\\n');
  const classes = value => new Set(String(value || '').split(/\\s+/).filter(Boolean));
  // a change no pixel shows: a data-* attribute or a class set or cleared that no rule of the
  // page's stylesheets names (dcc.Graph's dash-graph--pending, Dash's data-dash-is-loading)
  const unseen = m => {
    if (m.type !== 'attributes' || m.target.nodeType !== 1) return false;
    if (m.attributeName.startsWith('data-')) return !css.includes(m.attributeName);
    if (m.attributeName !== 'class') return false;
    const was = classes(m.oldValue), now = classes(m.target.getAttribute('class'));
    return [...was, ...now].every(c => was.has(c) === now.has(c) || !css.includes('.' + c));
  };
  new MutationObserver(ms => {
    if (ms.some(m => onScreen(m.target))) window.__last = performance.now();
    if (ms.some(m => !unseen(m) && onScreen(m.target))) window.__painted = performance.now();
  }).observe(document.body,
    {subtree: true, childList: true, attributes: true, attributeOldValue: true, characterData: true});
  document.addEventListener('mousedown', () => { window.__t0 = performance.now(); }, true);
}"""
QUIET = """ms => { const last = Math.max(window.__last, window.__t0 || 0);
  return performance.now() - last > ms && !document.querySelector('[data-dash-is-loading="true"]'); }"""
# a native select's option chosen: the change event is the user's choice (no page mousedown)
CHANGE = """([id, value]) => { const el = document.getElementById(id); window.__t0 = performance.now();
  el.value = value; el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new Event('change', {bubbles: true})); return window.__t0; }"""


def interaction(browser, gunicorn, changes: int, cpu: float = 1) -> dict:
    """ms from choosing an option (the mousedown on a `dcc.Dropdown` option, the change of a native
    select) to the last change on screen a pixel shows (`p50_ms`, `p95_ms`; of any DOM change on
    screen, an unstyled marker too: `dom_p50_ms`, `dom_p95_ms`), over `changes` changes cycling
    through every filter; `cpu` > 1 slows the page's CPU from the first change on."""
    from components import ids

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(gunicorn.url + "/")
    page.wait_for_function(CHARTS_DRAWN, timeout=60000)
    if cpu > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    page.evaluate(WATCH_SCREEN)
    options = {d: traffic.dropdown_values(page, d) for d in ids.FILTERS}
    current = {d: traffic.selected_value(page, d) for d in options}
    samples, dom, filters, skipped = [], [], [], 0
    for dropdown_id, value in traffic.changes(options, current, changes):
        # centred, so the sticky section bar never covers the open list's options; at once (the page
        # scrolls smoothly otherwise, and that scroll would still run during the measurement)
        page.locator(f"#{dropdown_id}").evaluate(
            "el => el.scrollIntoView({block: 'center', behavior: 'instant'})"
        )
        page.wait_for_function(QUIET, arg=400, timeout=30000)
        if traffic.is_native(page, dropdown_id):
            t0 = page.evaluate(CHANGE, [dropdown_id, value])
        else:
            traffic._open(page, dropdown_id, 15000)
            option = page.locator(
                ".dash-dropdown-options .dash-dropdown-option", has=page.locator(f"input[value='{value}']")
            ).first
            option.wait_for(state="visible")
            try:
                option.click(timeout=5000)
            except Exception:  # covered by another element: counted, not measured
                skipped += 1
                traffic._close_open_dropdowns(page)
                continue
            t0 = page.evaluate("window.__t0")
        page.wait_for_function(QUIET, arg=500, timeout=30000)
        painted, last = page.evaluate("[window.__painted, window.__last]")
        samples.append(max(painted - t0, 0))
        dom.append(max(last - t0, 0))
        filters.append(dropdown_id)
        current[dropdown_id] = value
        traffic._close_open_dropdowns(page)
    context.close()
    return {
        "changes": len(samples),
        "skipped": skipped,
        "p50_ms": round(pct(samples, 50), 1),
        "p95_ms": round(pct(samples, 95), 1),
        "dom_p50_ms": round(pct(dom, 50), 1),
        "dom_p95_ms": round(pct(dom, 95), 1),
        "max_ms": round(max(samples), 1) if samples else None,
        "samples_ms": {
            d: [round(x) for x, f in zip(samples, filters, strict=True) if f == d] for d in ids.FILTERS
        },
    }


def record(browser, gunicorn, per_filter: int) -> list[dict]:
    from components import ids

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    bodies = traffic.record_session(
        page,
        gunicorn.url,
        ids.FILTERS,
        per_filter=per_filter,
        wait=lambda p: p.wait_for_function(CHARTS_DRAWN, timeout=60000),
    )
    context.close()
    return bodies


def browser_figures(browser, gunicorn, runs: int, changes: int, cpu_runs: int, cpu_changes: int) -> dict:
    """First view and filter changes, at full speed and (`cpu_runs`) with the CPU throttled 4x."""
    out = {"first_view": first_view(browser, gunicorn, runs)}
    print(f"  first view: {json.dumps(out['first_view'])}", flush=True)
    out["interaction"] = interaction(browser, gunicorn, changes)
    print(f"  interaction: {json.dumps(out['interaction'])}", flush=True)
    if not cpu_runs:
        return out
    out["first_view_cpu4"] = first_view(browser, gunicorn, cpu_runs, cpu=CPU_SLOWDOWN, paths=("/",))
    print(f"  first view at 4x CPU: {json.dumps(out['first_view_cpu4'])}", flush=True)
    out["interaction_cpu4"] = interaction(browser, gunicorn, cpu_changes, cpu=CPU_SLOWDOWN)
    print(f"  interaction at 4x CPU: {json.dumps(out['interaction_cpu4'])}", flush=True)
    return out
