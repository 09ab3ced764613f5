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
import sys
import time
from pathlib import Path

from . import floor, load, servers
from .browser import LINK, browser_figures, first_view, record
from .report import table
from .servers import CHROMIUM, CHROMIUM_ARGS, CPU_SLOWDOWN

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

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
