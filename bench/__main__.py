"""`python -m bench` (`make bench`): first view, interaction, server, memory and boot figures for the
dashboard as deployed (gunicorn with `gunicorn.conf.py`), side by side with the same pages built the
stock Dash way (bench/baseline_app.py: Dash's full plotly.js, no compression, the whole page in one
answer, every chart a `dcc.Graph` fed by server callbacks), served by the same gunicorn. The browser
figures are taken again with Chrome's CPU throttled 4x (an office laptop), and on the 14-year test
data set (tests/fixtures/decade.py, served with GETDZ_DATA_DIR), with the cold server render of each
page and the size of what the filters fetch against the number of periods. Prints a table with the
targets and writes `bench/results/bench.json`. `--smoke` is a short version (about a minute) that
keeps it working.

Loopback only, headless Debian Chromium. Builds nothing new into the app. The app compresses a
static file with a fast brotli level on its first request and with the best level in the background,
so each server is warmed up (every static file fetched until the best-level body is served) before
anything is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from . import floor, load, servers, traffic
from .load import pct
from .servers import CHROMIUM, CHROMIUM_ARGS, CPU_SLOWDOWN

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")

# every chart drawn, the dashboard's later ones included (a `.chart-pending` box is not drawn yet,
# a `.lower-pending` place still waits for its panels)
CHARTS_DRAWN = """() => {
  const graphs = [...document.querySelectorAll('[role=figure][data-graph], .slide-graph-box')];
  if (!graphs.length || document.querySelector('.chart-pending, .lower-pending')) return false;
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
  const waiting = document.querySelector('.lower-pending');
  if (waiting && page.getBoundingClientRect().bottom < innerHeight) return false;
  const boxes = [...document.querySelectorAll('[role=figure][data-graph], .slide-graph-box')].filter(inView);
  const drawn = box => { const p = box.querySelector('.js-plotly-plot');
    return p && p._fullLayout && p.querySelector('.main-svg') && !box.classList.contains('chart-pending'); };
  return boxes.every(drawn) ? performance.now() : false;
}"""


# ------------------------------------------------------------------ servers


def warm_up(gunicorn, periods=(), timeout: float = 90.0) -> dict:
    """Fetch every static file of `/` and `/present` and the filters' variants of each of `periods`
    until each answer is stable (best level ready in every worker), as earlier visitors would have.
    Returns the sizes served per URL."""
    import re

    urls = set()
    for path in ("/", "/present"):
        _, html = servers.get(gunicorn.port, path)
        urls |= set(re.findall(rb'(?:src|href)="(/[^"]+)"', html))
    urls = sorted(u.decode().replace("&amp;", "&") for u in urls)
    urls += [
        "/_dash-component-suites/dash/dcc/async-graph.js",
        "/_dash-component-suites/dash/dcc/async-dropdown.js",
    ]
    # the filters' variants of every period, in the language the bench reads (built once per worker)
    urls += [f"/variants/zh.json?period={p}" for p in periods]
    deadline = time.monotonic() + timeout
    stable_rounds, last = 0, None
    while time.monotonic() < deadline and stable_rounds < 3:
        sizes = {}
        for url in urls:
            for _ in range(4):  # new connections: reach every worker
                status, body = servers.get(
                    gunicorn.port, url, headers={"Accept-Encoding": "gzip, deflate, br"}
                )
                sizes[url] = (status, len(body))
        stable_rounds = stable_rounds + 1 if sizes == last else 0
        last = sizes
        time.sleep(1.0)
    return {u: s[1] for u, s in (last or {}).items()}


APPS = {"optimized": "app:server", "defaults": "bench.baseline_app:server"}


def start(variant: str, extra_args: tuple = (), data_dir: str | None = None) -> servers.Gunicorn:
    env = {"WEB_CONCURRENCY": "2", **({"GETDZ_DATA_DIR": data_dir} if data_dir else {})}
    gunicorn = servers.Gunicorn(env=env, args=extra_args, boot_timeout=120, app=APPS[variant]).start()
    deadline = time.monotonic() + 30
    while len(gunicorn.workers()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    gunicorn.rss_after_boot, gunicorn.pss_after_boot = rss(gunicorn), pss(gunicorn)
    return gunicorn


# ------------------------------------------------------------------ browser

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


# the time of the last DOM change on screen (charts, cards, links, the control itself)
WATCH_SCREEN = """() => {
  window.__last = 0;
  const onScreen = node => { const el = node.nodeType === 1 ? node : node.parentElement;
    if (!el || !el.isConnected) return true;  // removed from the page: it was on screen or near
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; };
  new MutationObserver(ms => { if (ms.some(m => onScreen(m.target))) window.__last = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
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
    select) to the last DOM change on screen, over `changes` changes cycling through every filter;
    `cpu` > 1 slows the page's CPU from the first change on."""
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
    samples, filters, skipped = [], [], 0
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
        samples.append(max(page.evaluate("window.__last") - t0, 0))
        filters.append(dropdown_id)
        current[dropdown_id] = value
        traffic._close_open_dropdowns(page)
    context.close()
    return {
        "changes": len(samples),
        "skipped": skipped,
        "p50_ms": round(pct(samples, 50), 1),
        "p95_ms": round(pct(samples, 95), 1),
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


# ------------------------------------------------------------------ server side


def server(gunicorn, bodies, smoke: bool) -> dict:
    one = load.run(gunicorn.port, bodies, clients=1, total=50 if smoke else 600)
    filters_only = [b for b in bodies if not b["output"].startswith("..page.")]
    one_filters = load.run(gunicorn.port, filters_only, clients=1, total=50 if smoke else 600)
    seconds = 2 if smoke else 12
    ten = load.run(gunicorn.port, bodies, clients=10, seconds=seconds)
    fifty = load.run(gunicorn.port, bodies, clients=50, seconds=seconds)
    return {
        "one_user": one.summary(),
        "one_user_filter_callbacks": one_filters.summary(),
        "users_10": ten.summary(),
        "users_50": fifty.summary(),
        "mix": {"bodies": len(bodies), "page_renders": len(bodies) - len(filters_only)},
    }


def rss(gunicorn) -> list[float]:
    return [round(servers.rss_kb(p) / 1024, 1) for p in sorted(gunicorn.workers())]


def pss(gunicorn) -> list[float]:
    return [round(servers.pss_kb(p) / 1024, 1) for p in sorted(gunicorn.workers())]


def memory(gunicorn, bodies, total: int) -> dict:
    after_boot, pss_boot = gunicorn.rss_after_boot, gunicorn.pss_after_boot
    half = load.run(gunicorn.port, bodies, clients=10, total=total // 2)
    mid = rss(gunicorn)
    rest = load.run(gunicorn.port, bodies, clients=10, total=total - total // 2)
    end, pss_end = rss(gunicorn), pss(gunicorn)
    return {
        "callbacks": half.requests + rest.requests,
        "failures": half.failures + rest.failures,
        "rss_mb_after_boot": after_boot,
        "rss_mb_after_half": mid,
        "rss_mb_after_all": end,
        "pss_mb_after_boot": pss_boot,
        "pss_mb_after_all": pss_end,
        "master_rss_mb": round(servers.rss_kb(gunicorn.proc.pid) / 1024, 1),
        "growth_second_half_mb": [round(b - a, 1) for a, b in zip(mid, end, strict=True)],
    }


def boot_times(n: int) -> list[float]:
    times = []
    for _ in range(n):
        g = servers.Gunicorn(env={"WEB_CONCURRENCY": "2"}, boot_timeout=120).start()
        times.append(round(g.boot_seconds, 2))
        g.stop()
    return times


# ------------------------------------------------------------------ report


def add_cpu4(add, label: str, o: dict, d: dict) -> None:
    """The rows of the runs with the CPU throttled 4x."""
    ot, dt = (x["first_view_cpu4"]["/"]["ms_to_first_viewport"] for x in (o, d))
    add(
        f"{label}4x CPU: first view /: first viewport complete",
        float(ot),
        "ms",
        "<= 2.0 s",
        ot <= 2000,
        f"{ot / dt:.2f} of {dt:,.0f} ms",
    )
    oi, di = o["interaction_cpu4"], d["interaction_cpu4"]
    add(
        f"{label}4x CPU: dropdown -> last repaint p95 ({oi['changes']} changes)",
        float(oi["p95_ms"]),
        "ms",
        "<= 200 ms",
        oi["p95_ms"] <= 200,
        f"p50 {oi['p50_ms']:,.0f} ms; defaults p95 {di['p95_ms']:,.0f} ms",
    )


def table(r: dict) -> str:
    o, d = r["first_view"]["optimized"], r["first_view"]["defaults"]
    rows = []

    def add(name, value, unit, target, ok, ratio=""):
        rows.append(
            (
                name,
                f"{value:,.1f} {unit}" if isinstance(value, float) else f"{value:,} {unit}",
                target,
                "ok" if ok else "MISSED",
                ratio,
            )
        )

    for path in ("/", "/present"):
        ob, db = o[path]["bytes"], d[path]["bytes"]
        add(
            f"first view {path}: bytes on the wire",
            int(ob),
            "B",
            "<= 700 KB, <= 1/3 defaults",
            ob <= 700 * 1024 and ob <= db / 3,
            f"{ob / db:.2f} of {int(db):,} B",
        )
        add(
            f"first view {path}: requests",
            int(o[path]["requests"]),
            "",
            "-",
            True,
            f"defaults {int(d[path]['requests'])}",
        )
        for key, label in (
            ("ms_to_first_viewport", "first viewport complete"),
            ("ms_to_charts", "last chart drawn"),
        ):
            ot, dt = o[path][key], d[path][key]
            add(
                f"first view {path}: {label}",
                float(ot),
                "ms",
                "<= 1/2 defaults",
                ot <= dt / 2,
                f"{ot / dt:.2f} of {dt:,.0f} ms",
            )
    o10, d10 = r.get("first_view_10mbit", {}).get("optimized"), r.get("first_view_10mbit", {}).get("defaults")
    for path in ("/", "/present") if o10 and d10 else ():
        for key, label, share in (
            ("ms_to_first_viewport", "first viewport complete", 4),
            ("ms_to_charts", "last chart drawn", 2),
        ):
            ot, dt = o10[path][key], d10[path][key]
            add(
                f"first view {path} on 10 Mbit/s + 40 ms: {label}",
                float(ot),
                "ms",
                f"<= 1/{share} defaults",
                ot <= dt / share,
                f"{ot / dt:.2f} of {dt:,.0f} ms",
            )
    i, di = r["interaction"]["optimized"], r["interaction"]["defaults"]
    add(
        f"dropdown -> last repaint p50 ({i['changes']} changes)",
        float(i["p50_ms"]),
        "ms",
        "-",
        True,
        f"defaults {di['p50_ms']:,.0f} ms ({di['changes']} changes)",
    )
    add(
        "dropdown -> last repaint p95",
        float(i["p95_ms"]),
        "ms",
        "<= 100 ms, <= 1/3 defaults",
        i["p95_ms"] <= 100 and i["p95_ms"] <= di["p95_ms"] / 3,
        f"{i['p95_ms'] / di['p95_ms']:.2f} of {di['p95_ms']:,.0f} ms",
    )
    slow = r.get("cpu4", {})
    if "optimized" in slow and "defaults" in slow:
        add_cpu4(add, "", slow["optimized"], slow["defaults"])
    if "floor" in r:
        floor.rows(add, "", r["floor"], {"interaction": i, **slow.get("optimized", {})})
    ten = r.get("decade", {})
    if "optimized" in ten and "defaults" in ten:
        o, d = ten["optimized"], ten["defaults"]
        ob, db = o["first_view"]["/"]["bytes"], d["first_view"]["/"]["bytes"]
        add(
            "14 years: first view /: bytes on the wire",
            int(ob),
            "B",
            "<= 700 KB",
            ob <= 700 * 1024,
            f"{ob / db:.2f} of {int(db):,} B",
        )
        ot, dt = o["first_view"]["/"]["ms_to_first_viewport"], d["first_view"]["/"]["ms_to_first_viewport"]
        add(
            "14 years: first view /: first viewport complete",
            float(ot),
            "ms",
            "<= 1/2 defaults",
            ot <= dt / 2,
            f"{ot / dt:.2f} of {dt:,.0f} ms",
        )
        oi, di = o["interaction"], d["interaction"]
        add(
            f"14 years: dropdown -> last repaint p95 ({oi['changes']} changes)",
            float(oi["p95_ms"]),
            "ms",
            "<= 100 ms",
            oi["p95_ms"] <= 100,
            f"p50 {oi['p50_ms']:,.0f} ms; defaults p95 {di['p95_ms']:,.0f} ms",
        )
        if "first_view_cpu4" in o and "first_view_cpu4" in d:
            add_cpu4(add, "14 years: ", o, d)
        if "floor" in ten:
            floor.rows(add, "14 years: ", ten["floor"], o)
    for label, render in (("", r.get("render")), ("14 years: ", ten.get("render"))):
        if render:
            add(
                f"{label}cold server render of / (CPU, best of 3)",
                float(render["/"]["cpu_ms"]),
                "ms",
                "<= 250 ms",
                render["/"]["cpu_ms"] <= 250,
                f"/present {render['/present']['cpu_ms']:,.0f} ms, /wall {render['/wall']['cpu_ms']:,.0f} ms",
            )
    fetched, fetched10 = r.get("variants", {}), ten.get("variants", {})
    if "bytes" in fetched and "bytes" in fetched10:
        grows = fetched10["bytes"] / fetched["bytes"]
        add(
            f"filters' fetch per period change ({fetched['periods']} -> {fetched10['periods']} periods)",
            int(fetched10["bytes"]),
            "B",
            "linear in periods",
            grows <= 1.25 * fetched10["periods"] / fetched["periods"],
            f"{fetched['bytes']:,} -> {fetched10['bytes']:,} B"
            f" ({fetched['br']:,} -> {fetched10['br']:,} B br); x{grows:.2f}",
        )
    s = r["server"]
    add("callback latency p50, 1 user (recorded mix)", float(s["one_user"]["p50_ms"]), "ms", "-", True)
    add(
        "callback latency p95, 1 user (recorded mix)",
        float(s["one_user"]["p95_ms"]),
        "ms",
        "<= 20 ms",
        s["one_user"]["p95_ms"] <= 20,
    )
    add(
        "callback latency p95, 1 user (filter callbacks)",
        float(s["one_user_filter_callbacks"]["p95_ms"]),
        "ms",
        "<= 20 ms",
        s["one_user_filter_callbacks"]["p95_ms"] <= 20,
    )
    for key, label in (("users_10", "10 users"), ("users_50", "50 users")):
        add(
            f"throughput, {label}",
            float(s[key]["throughput_rps"]),
            "cb/s",
            ">= 300 cb/s, 0 errors",
            s[key]["throughput_rps"] >= 300 and s[key]["failures"] == 0,
            f"errors {s[key]['failures']}, p95 {s[key]['p95_ms']} ms",
        )
    m = r["memory"]
    add(
        "RSS per worker after boot (max)",
        max(m["rss_mb_after_boot"]),
        "MB",
        "<= 150 MB",
        max(m["rss_mb_after_boot"]) <= 150,
    )
    add(
        f"RSS per worker after {m['callbacks']:,} callbacks (max)",
        max(m["rss_mb_after_all"]),
        "MB",
        "<= 150 MB, stable",
        max(m["rss_mb_after_all"]) <= 150 and max(m["growth_second_half_mb"]) <= 10,
        f"second-half growth {m['growth_second_half_mb']} MB",
    )
    add(
        "PSS per worker after boot / after all (max)",
        max(m["pss_mb_after_all"]),
        "MB",
        "-",
        True,
        f"after boot {max(m['pss_mb_after_boot'])} MB; master RSS {m['master_rss_mb']} MB",
    )
    b = r["boot"]
    add(
        "boot to first 200 on /healthz (median)",
        statistics.median(b),
        "s",
        "<= 3 s",
        statistics.median(b) <= 3,
        f"runs {b}",
    )
    width = max(len(x[0]) for x in rows)
    lines = [
        f"{'figure':<{width}}  {'measured':>18}  {'target':<28} {'':6} ratio / notes",
        "-" * (width + 80),
    ]
    lines += [f"{n:<{width}}  {v:>18}  {t:<28} {ok:6} {ratio}" for n, v, t, ok, ratio in rows]
    return "\n".join(lines)


def periods(data_dir: str | None) -> list[str]:
    """The periods of the data set the bench serves."""
    import metrics
    from components.context import Context

    return list(Context.build(metrics.load(Path(data_dir)) if data_dir else metrics.load()).choices.periods)


def variants_size(gunicorn, data_dir: str | None) -> dict:
    """What the dashboard's filters fetch (`/variants/<lang>.json?period=`, one period's at a time)
    against the number of periods: the default period's, plain and brotli."""
    from pages import dashboard

    path = dashboard.VARIANTS_PATH + "zh.json"
    plain = servers.get(gunicorn.port, path, timeout=60)[1]
    wire = servers.get(gunicorn.port, path, timeout=60, headers={"Accept-Encoding": "br"})[1]
    return {"periods": len(periods(data_dir)), "bytes": len(plain), "br": len(wire)}


def render_cpu(data_dir: str | None) -> dict:
    """Cold server render CPU of each page in a fresh app process (bench/render.py)."""
    import subprocess

    env = {**os.environ, **({"GETDZ_DATA_DIR": data_dir} if data_dir else {})}
    out = subprocess.run(
        [sys.executable, "-m", "bench.render"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


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


def decade_dir() -> str:
    """The 14-year test data set (tests/fixtures/decade.py), written to a temporary directory."""
    import tempfile

    from tests.fixtures import decade

    return str(decade.write(Path(tempfile.mkdtemp(prefix="getdz-bench-decade-"))))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--smoke", action="store_true", help="a short run (about a minute) that checks the bench works"
    )
    parser.add_argument("--out", default=str(RESULTS / "bench.json"))
    args = parser.parse_args(argv)
    runs = 1 if args.smoke else 5
    changes = 10 if args.smoke else 60
    callbacks = 300 if args.smoke else 10_000
    cpu_runs, cpu_changes = (1, 4) if args.smoke else (3, 15)

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    report = {
        "smoke": args.smoke,
        "machine": {"cpus": os.cpu_count()},
        "load_average_start": os.getloadavg(),
        "first_view": {},
        "cpu_slowdown": CPU_SLOWDOWN,
    }
    data = {"seed": None, "decade": decade_dir()}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, data_dir in data.items():
            for variant in ("defaults", "optimized"):
                # max_requests off for the bench instance, so RSS is that of workers that served everything
                extra = ("--max-requests", "0") if variant == "optimized" else ()
                gunicorn = start(variant, extra, data_dir)
                print(f"{name} data, {variant}:", flush=True)
                try:
                    warmed = warm_up(gunicorn, periods(data_dir), timeout=3 if args.smoke else 90)
                    if name == "decade":
                        # the smoke run leaves out the slowest part: the 14 years at 4x CPU
                        figures = browser_figures(
                            browser,
                            gunicorn,
                            min(runs, 3),
                            changes // 2,
                            0 if args.smoke else cpu_runs,
                            cpu_changes,
                        )
                        report.setdefault("decade", {})[variant] = figures
                        if variant == "optimized":
                            report["decade"]["variants"] = variants_size(gunicorn, data_dir)
                            report["decade"]["floor"] = floor.figures(
                                browser,
                                gunicorn.url,
                                periods(data_dir),
                                changes // 2,
                                0 if args.smoke else cpu_runs,
                                cpu_changes,
                            )
                        continue
                    report.setdefault("warm_up", {})[variant] = warmed
                    report.setdefault("boot_seconds", {})[variant] = round(gunicorn.boot_seconds, 2)
                    figures = browser_figures(browser, gunicorn, runs, changes, cpu_runs, cpu_changes)
                    report["first_view"][variant] = figures["first_view"]
                    report.setdefault("interaction", {})[variant] = figures["interaction"]
                    report.setdefault("cpu4", {})[variant] = {
                        k: figures[k] for k in ("first_view_cpu4", "interaction_cpu4")
                    }
                    if not args.smoke:
                        report.setdefault("first_view_10mbit", {})[variant] = first_view(
                            browser, gunicorn, 3, LINK
                        )
                        slow = report["first_view_10mbit"][variant]
                        print(f"  first view on 10 Mbit/s: {json.dumps(slow)}", flush=True)
                    if variant == "optimized":
                        report["variants"] = variants_size(gunicorn, data_dir)
                        report["floor"] = floor.figures(
                            browser, gunicorn.url, periods(data_dir), changes, cpu_runs, cpu_changes
                        )
                        bodies = record(browser, gunicorn, per_filter=1 if args.smoke else 4)
                        report["recorded_callbacks"] = len(bodies)
                        report["server"] = server(gunicorn, bodies, args.smoke)
                        print(f"  server: {json.dumps(report['server'])}", flush=True)
                        report["memory"] = memory(gunicorn, bodies, callbacks)
                        print(f"  memory: {json.dumps(report['memory'])}", flush=True)
                finally:
                    gunicorn.stop()
        browser.close()
    report["render"] = render_cpu(None)
    report.setdefault("decade", {})["render"] = render_cpu(data["decade"])
    print(f"cold render: {json.dumps(report['render'])}; 14 years: {json.dumps(report['decade']['render'])}")
    report["boot"] = [report["boot_seconds"]["optimized"]] if args.smoke else boot_times(3)
    report["load_average_end"] = os.getloadavg()
    report["seconds"] = round(time.monotonic() - started, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(table(report))
    load_avg = report["load_average_start"][0], report["load_average_end"][0]
    print(
        f"\n{'smoke run' if args.smoke else 'bench'} took {report['seconds']} s; 1-min load average "
        f"{load_avg[0]:.1f} at start, {load_avg[1]:.1f} at end on {os.cpu_count()} CPUs "
        f"(other processes on the machine slow every figure); JSON: {args.out}"
    )
    external = sum(v["external_requests"] for fv in report["first_view"].values() for v in fv.values())
    return 1 if external else 0


if __name__ == "__main__":
    sys.exit(main())
