"""The table `python -m bench` prints: each figure with its target, ok or MISSED, and its ratio to
the stock-Dash baseline (bench/baseline_app.py) measured in the same run."""

from __future__ import annotations

import statistics

from . import floor


def any_change(o: dict, d: dict) -> str:
    """The p95 to the last DOM change on screen of any kind (a marker no stylesheet styles too),
    beside the defaults', for the notes of a repaint row."""
    if "dom_p95_ms" not in o or "dom_p95_ms" not in d:
        return ""
    ratio = o["dom_p95_ms"] / d["dom_p95_ms"]
    return f"; any DOM change {o['dom_p95_ms']:,.0f} ms ({ratio:.2f} of {d['dom_p95_ms']:,.0f})"


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
    repaint_row(add, f"{label}4x CPU: ", o["interaction_cpu4"], d["interaction_cpu4"], 200)


def repaint_row(add, label: str, oi: dict, di: dict, target: int) -> None:
    """The p95 of a filter change against `target` ms, with the p50 and the defaults' p95."""
    add(
        f"{label}dropdown -> last repaint p95 ({oi['changes']} changes)",
        float(oi["p95_ms"]),
        "ms",
        f"<= {target} ms",
        oi["p95_ms"] <= target,
        f"p50 {oi['p50_ms']:,.0f} ms; defaults p95 {di['p95_ms']:,.0f} ms" + any_change(oi, di),
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
        f"{i['p95_ms'] / di['p95_ms']:.2f} of {di['p95_ms']:,.0f} ms" + any_change(i, di),
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
        repaint_row(add, "14 years: ", o["interaction"], d["interaction"], 100)
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
    for key, label in (("one_user", "recorded mix"), ("one_user_filter_callbacks", "filter callbacks")):
        p95 = s[key]["p95_ms"]
        add(f"callback latency p95, 1 user ({label})", float(p95), "ms", "<= 20 ms", p95 <= 20)
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
