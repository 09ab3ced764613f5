"""Presenter and wall decks in headless Chromium: fit on any screen, keys, rotation, stamp, redeploy
reload, and flat DOM/heap under accelerated rotation (the long version runs with `make soak`)."""

from __future__ import annotations

import json

import pytest
from conftest import wait_for_charts

VIEWPORTS = [(1280, 720), (1366, 768), (1920, 1080), (3840, 2160), (3840, 1080)]
READY = ".slide-deck[data-ready=true]"
SVG_WIDTHS = "[...document.querySelectorAll('.slide .main-svg')].map(s => s.getAttribute('width'))"
TIMEOUT = 30000


def open_deck(page_factory, live_server, path, width=1920, height=1080, charts=True):
    page, watch = page_factory(width, height)
    page.goto(live_server.url + path)
    page.wait_for_selector(READY, state="attached", timeout=TIMEOUT)
    if charts and page.locator(".slide .js-plotly-plot, .slide .dash-graph").count():
        wait_for_charts(page, timeout=TIMEOUT)
    return page, watch


def index(page) -> int:
    return int(page.get_attribute(".slide-canvas", "data-index"))


def wait_steps(page, steps: int, timeout: int = TIMEOUT):
    """Wait until the deck has changed slide `steps` times since it started."""
    page.wait_for_function(
        "n => Number(document.querySelector('.slide-canvas').dataset.steps) >= n", arg=steps, timeout=timeout
    )


def counter(page) -> str:
    return page.locator(".slide-counter").inner_text()


def geometry(page) -> dict:
    return page.evaluate("""() => {
        const r = document.querySelector('.slide-canvas').getBoundingClientRect();
        const d = document.documentElement;
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
                iw: innerWidth, ih: innerHeight, sw: d.scrollWidth, sh: d.scrollHeight,
                bsw: document.body.scrollWidth, bsh: document.body.scrollHeight,
                scale: parseFloat(getComputedStyle(d).getPropertyValue('--slide-scale'))};
    }""")


def assert_fits(g: dict):
    assert g["sw"] <= g["iw"] and g["sh"] <= g["ih"], f"scrollbars: {g}"
    assert g["bsw"] <= g["iw"] and g["bsh"] <= g["ih"], f"scrollbars: {g}"
    tol = 0.5
    assert g["left"] >= -tol and g["top"] >= -tol, g
    assert g["right"] <= g["iw"] + tol and g["bottom"] <= g["ih"] + tol, g
    assert abs((g["width"] / g["height"]) / (16 / 9) - 1) < 0.005, f"not uniform: {g}"
    expected = min(g["iw"] / 1920, g["ih"] / 1080)
    assert abs(g["width"] - 1920 * expected) < 1 and abs(g["height"] - 1080 * expected) < 1, g
    # letterboxed: centred, and it touches two opposite edges of the viewport
    assert abs(g["left"] - (g["iw"] - g["right"])) < 1 and abs(g["top"] - (g["ih"] - g["bottom"])) < 1, g
    assert abs(g["width"] - g["iw"]) < 1 or abs(g["height"] - g["ih"]) < 1, g


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_canvas_fits_every_screen_uniformly(page_factory, live_server, width, height):
    page, watch = open_deck(page_factory, live_server, "/present", width, height)
    assert_fits(geometry(page))
    assert page.evaluate("window.__csp") == []
    watch.assert_clean()


def test_wall_fits_and_a_resize_rescales_without_redrawing(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/wall?interval=3600", 1366, 768)
    assert_fits(geometry(page))
    sizes = page.evaluate(SVG_WIDTHS)
    for width, height in [(3840, 1080), (1280, 720), (3840, 2160)]:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(
            "([w, h]) => { const r = document.querySelector('.slide-canvas').getBoundingClientRect();"
            " return Math.abs(r.width - 1920 * Math.min(w / 1920, h / 1080)) < 1; }",
            arg=[width, height],
            timeout=TIMEOUT,
        )
        assert_fits(geometry(page))
        # plotly keeps drawing at design size: no half-drawn or clipped graphs after a resize
        assert page.evaluate(SVG_WIDTHS) == sizes
        assert page.evaluate("""() => [...document.querySelectorAll('.slide')].every(s => {
            const b = s.querySelector('.slide-body').getBoundingClientRect();
            return [...s.querySelectorAll('.main-svg')].every(g => { const r = g.getBoundingClientRect();
              return r.width > 0 && r.left >= b.left - 1 && r.right <= b.right + 1
                && r.bottom <= b.bottom + 1; });
        })""")
    watch.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slide_fits_its_body(page_factory, live_server, lang):
    page, watch = open_deck(page_factory, live_server, f"/present?lang={lang}")
    overflow = page.evaluate("""() => [...document.querySelectorAll('.slide')].map(s => {
        const b = s.querySelector('.slide-body');
        return [s.dataset.slide, b.scrollHeight - b.clientHeight, b.scrollWidth - b.clientWidth];
    }).filter(([, h, w]) => h > 1 || w > 1)""")
    assert overflow == []
    assert page.locator(".slide").count() == 10
    watch.assert_clean()


def test_axis_labels_are_readable_at_1080p(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/present?slides=industry,chains", 1920, 1080)
    sizes = page.evaluate("""() => {
        const s = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--slide-scale'));
        return [...document.querySelectorAll('.slide .xtick text, .slide .ytick text')]
          .map(t => parseFloat(getComputedStyle(t).fontSize) * s);
    }""")
    assert sizes and min(sizes) >= 20
    watch.assert_clean()


def test_keys_move_jump_and_stop_at_the_ends(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/present", 1366, 768)
    assert counter(page) == "1 / 10"
    assert page.get_attribute(".slide-deck", "data-timer") == "off"  # no auto-advance unless asked
    steps = [
        ("ArrowRight", 1),
        ("ArrowDown", 2),
        ("PageDown", 3),
        ("Space", 4),
        ("ArrowLeft", 3),
        ("ArrowUp", 2),
        ("PageUp", 1),
        ("End", 9),
        ("ArrowRight", 9),
        ("PageDown", 9),
        ("Home", 0),
        ("ArrowLeft", 0),
        ("PageUp", 0),
    ]
    for key, expected in steps:
        page.keyboard.press(key)
        assert index(page) == expected, key
        assert counter(page) == f"{expected + 1} / 10"
    page.keyboard.press("3")
    assert "3" in counter(page)  # the typed number shows before Enter
    page.keyboard.press("Enter")
    assert index(page) == 2
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    assert index(page) == 9
    page.keyboard.type("99")
    page.keyboard.press("Enter")
    assert index(page) == 9 and counter(page) == "10 / 10"
    # once the cross-fade ends, exactly one slide is visible: the one the counter names
    page.wait_for_function(
        "() => { const v = [...document.querySelectorAll('.slide')].filter(s =>"
        " getComputedStyle(s).visibility === 'visible');"
        " return v.length === 1 && v[0].dataset.index === '9'; }",
        timeout=TIMEOUT,
    )
    progress = page.evaluate("getComputedStyle(document.querySelector('.slide-progress-bar')).transform")
    assert progress.startswith("matrix(1,")
    watch.assert_clean()


def test_f_enters_and_esc_leaves_full_screen(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/present", 1280, 720)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === document.documentElement", timeout=TIMEOUT)
    page.wait_for_function(
        "() => document.querySelector('.slide-deck').dataset.fullscreen === 'true'", timeout=TIMEOUT
    )
    assert_fits(geometry(page))
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.fullscreenElement === null", timeout=TIMEOUT)
    page.keyboard.press("F")
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=TIMEOUT)
    page.keyboard.press("F")  # F toggles too
    page.wait_for_function("() => document.fullscreenElement === null", timeout=TIMEOUT)
    assert_fits(geometry(page))
    watch.assert_clean()


def test_interval_auto_advances_and_p_pauses(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/present?slides=overview,poverty,talent&interval=0.3")
    wait_steps(page, 4)
    page.keyboard.press("p")
    assert page.get_attribute(".slide-deck", "data-paused") == "true"
    assert page.get_attribute(".slide-deck", "data-timer") == "off"
    assert page.locator(".slide-paused").is_visible()
    paused_at = index(page)
    page.keyboard.press("ArrowRight")  # keys still work while paused, and do not restart the timer
    assert index(page) == min(paused_at + 1, 2)
    assert page.get_attribute(".slide-deck", "data-timer") == "off"
    page.keyboard.press("P")
    assert page.get_attribute(".slide-deck", "data-paused") == "false"
    assert page.get_attribute(".slide-deck", "data-timer") == "on"
    steps = int(page.get_attribute(".slide-canvas", "data-steps"))
    wait_steps(page, steps + 1)
    watch.assert_clean()


def test_slides_param_orders_the_deck(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/present?slides=poverty,nev,overview&period=2018")
    order = page.evaluate("[...document.querySelectorAll('.slide')].map(s => s.dataset.slide)")
    assert order == ["poverty", "nev", "overview"]
    assert counter(page) == "1 / 3"
    assert page.locator("#notice").count() == 0
    assert "2018" in page.locator(".slide[data-slide=nev] .slide-sub").text_content()  # filters carry over
    watch.assert_clean()


def test_bad_values_fall_back_with_a_notice(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/present?slides=bogus&interval=fast", charts=False)
    assert page.locator(".slide").count() == 10
    assert page.get_attribute(".slide-deck", "data-timer") == "off"
    text = page.locator("#notice").inner_text()
    assert "slides=bogus" in text and "interval" in text
    watch.assert_clean()


def test_wall_rotates_by_itself_with_no_controls_and_the_stamp(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/wall?interval=0.4&poll=0")
    assert (
        page.evaluate("""() => document.querySelectorAll(
        'a, button, input, select, textarea, details, summary, [role=button], [tabindex], .modebar,'
        + ' .dash-dropdown'
    ).length""")
        == 0
    )
    chains = page.evaluate(
        "[...document.querySelectorAll('.slide')].map(s => s.dataset.chain).filter(Boolean)"
    )
    assert chains == ["nev", "electronics", "rare_earth"]  # the chain values in turn
    stamps = page.locator(".slide .slide-stamp").all_text_contents()
    assert len(stamps) == page.locator(".slide").count() == 9
    assert all(s.startswith("数据截至 ") and s[5:] for s in stamps)
    wait_steps(page, 3)
    assert page.get_attribute(".slide-deck", "data-wake-lock") in ("active", "denied", "unsupported")
    if page.evaluate("'wakeLock' in navigator"):
        assert page.get_attribute(".slide-deck", "data-wake-lock") != "unsupported"
    watch.assert_clean()


def health_body(build_id: str) -> str:
    return json.dumps({"status": "ok", "build_id": build_id, "data_version": "x", "as_of": "x"})


def test_wall_reloads_when_a_new_build_is_deployed(page_factory, live_server):
    page, watch = open_deck(page_factory, live_server, "/wall?interval=3600&poll=0.3", charts=False)
    served = page.evaluate("fetch('/healthz').then(r => r.json()).then(b => b.build_id)")
    for key in ("ArrowRight", "End", "PageDown", "p"):  # the wall takes no input
        page.keyboard.press(key)
    assert index(page) == 0 and page.get_attribute(".slide-deck", "data-paused") == "false"
    seen = {"same": 0, "down": 0}

    def same(route):  # the same build, then a 503: no reload
        seen["same"] += 1
        if seen["same"] <= 3:
            route.fulfill(status=200, content_type="application/json", body=health_body(served))
        else:
            seen["down"] += 1
            route.fulfill(status=503, content_type="application/json", body=health_body("broken"))

    page.evaluate("window.__before_reload = true")
    page.route("**/healthz", same)
    for _ in range(300):  # wait (up to 30 s) until the page has polled the same build and a 503
        if seen["down"] >= 2:
            break
        page.wait_for_timeout(100)
    assert seen["down"] >= 2, seen
    assert page.evaluate("window.__before_reload === true")  # still the same document
    page.unroute("**/healthz")

    def redeployed(route):
        route.fulfill(status=200, content_type="application/json", body=health_body("new-build-0001"))

    with page.expect_navigation(timeout=TIMEOUT):
        page.route("**/healthz", redeployed)
    page.unroute("**/healthz")
    page.wait_for_selector(READY, state="attached", timeout=TIMEOUT)
    assert page.evaluate("window.__before_reload === undefined")
    # the browser logs the 503s this test served; nothing else may be logged
    watch.console_errors = [e for e in watch.console_errors if "503" not in e]
    watch.assert_clean()


def measure(page, cdp) -> dict:
    """Heap and DOM after a full GC. Only `dataset`/`evaluate` reads here: the harness's own
    attribute reads can create Attr nodes, which would count as DOM growth that is not the page's."""
    steps = page.evaluate("Number(document.querySelector('.slide-canvas').dataset.steps)")
    elements = page.evaluate("document.getElementsByTagName('*').length")
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    heap = cdp.send("Runtime.getHeapUsage")
    counters = cdp.send("Memory.getDOMCounters")
    return {
        "heap": heap["usedSize"],
        "nodes": elements,
        "dom_nodes": counters["nodes"],
        "listeners": counters["jsEventListeners"],
        "steps": steps,
    }


def rotate(page_factory, live_server, rotations: int, interval: float, poll: float) -> tuple[dict, dict]:
    """Rotate a wall (charts, KPI cards and the chain cycle) `rotations` times; memory before and after."""
    page, watch = open_deck(
        page_factory, live_server, f"/wall?slides=overview,industry,chains&interval={interval}&poll={poll}"
    )
    cdp = page.context.new_cdp_session(page)
    wait_steps(page, 5)
    before = measure(page, cdp)  # after one full cycle: every slide has been shown once
    wait_steps(page, before["steps"] + rotations, timeout=int(rotations * interval * 1000 * 4) + TIMEOUT)
    after = measure(page, cdp)
    watch.assert_clean()
    return before, after


def assert_flat(before: dict, after: dict, rotations: int):
    assert after["steps"] - before["steps"] >= rotations
    assert after["nodes"] == before["nodes"], (before, after)
    assert after["listeners"] <= before["listeners"], (before, after)
    # all nodes, text and detached ones included (the counter reuses its text node)
    assert after["dom_nodes"] == before["dom_nodes"], (before, after)
    assert after["heap"] < before["heap"] * 1.2, (before, after)
    print(
        f"\nrotations {after['steps'] - before['steps']}: elements {before['nodes']} -> {after['nodes']}, "
        f"DOM nodes {before['dom_nodes']} -> {after['dom_nodes']}, listeners {before['listeners']} -> "
        f"{after['listeners']}, heap {before['heap'] / 1e6:.2f} MB -> {after['heap'] / 1e6:.2f} MB "
        f"({(after['heap'] / before['heap'] - 1) * 100:+.1f}%)"
    )


def test_wall_memory_is_flat_over_100_rotations(page_factory, live_server):
    before, after = rotate(page_factory, live_server, rotations=100, interval=0.2, poll=1)
    assert_flat(before, after, 100)


@pytest.mark.soak
def test_wall_soak_thousands_of_rotations(page_factory, live_server):
    """2000 rotations: about 17 hours of a wall at the default 30 s, with a build poll every 0.5 s."""
    before, after = rotate(page_factory, live_server, rotations=2000, interval=0.2, poll=0.5)
    assert_flat(before, after, 2000)
