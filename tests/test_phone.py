"""The dashboard on a phone (issue 24): every control takes a tap at 360×640 and 390×844, in zh and
en, on the seed and on the 14-year data set. A tap is checked with `elementFromPoint` at the
control's centre (nothing covers it), then made with the touchscreen. The filter drawer closes with
its button, its backdrop and Escape, keeps the focus while open, and a period chosen in it changes
the first screen's figures (expected values read from the data)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import LiveServer
from helpers import wait_for_charts

import metrics
from components.catalog import OVERVIEW_FLOWS
from components.context import Context
from components.fmt import format_value
from pages.dashboard.filters import period_name

# where a tap on `sel` lands, once it has stopped moving (a tapped tab scrolls the page smoothly
# to its section: until then the bar moves under the finger)
REACHES = """async sel => { const el = document.querySelector(sel);
  el.scrollIntoView({block: 'nearest', inline: 'nearest'});
  const frame = () => new Promise(done => requestAnimationFrame(done));
  const where = () => { const b = el.getBoundingClientRect(); return [b.left, b.top, scrollY].join(); };
  for (let still = 0, n = 0, last = where(); still < 3 && n < 300; n++) {
    await frame();
    still = where() === last ? still + 1 : 0;
    last = where();
  }
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {x, y, hit: !!hit && (hit === el || el.contains(hit)),
          what: hit ? hit.tagName + '.' + hit.className : null}; }"""


def tap(page, selector: str) -> None:
    """Tap the centre of `selector` after checking that the tap reaches it."""
    where = page.evaluate(REACHES, selector)
    assert where["hit"], f"a tap on {selector} lands on {where['what']}"
    page.touchscreen.tap(where["x"], where["y"])


def open_drawer(page) -> None:
    tap(page, "#filters-toggle")
    page.wait_for_selector("#filters-drawer.show")
    page.wait_for_function(  # slid in, the focus in it
        "() => { const d = document.getElementById('filters-drawer');"
        " return getComputedStyle(d).transform === 'none' && d.contains(document.activeElement); }"
    )


def closed(page) -> None:
    page.wait_for_selector("#filters-drawer:not(.show)", state="attached")
    page.wait_for_function(
        "!document.querySelector('.offcanvas-backdrop') && !document.querySelector('[inert]')"
    )
    assert page.get_attribute("#filters-toggle", "aria-expanded") == "false"


def headline(ctx: Context, period: str, lang: str) -> tuple[str, str]:
    """The first headline flow with a value in `period`, and that value as a card prints it."""
    for code in OVERVIEW_FLOWS:
        row = ctx.row(code, period)
        if row is not None and pd.notna(row.get("value")):
            return code, format_value(row["value"], row["unit"], row.get("qualifier", ""), lang)
    raise AssertionError(f"no headline value in {period}")


def drive_the_phone(page, ctx: Context, lang: str) -> None:
    default = ctx.choices.default_period
    assert page.inner_text("#period-now") == period_name(ctx, default, lang)  # as the select names it

    # the section tabs: each reachable, none under the 筛选 button; a tap opens its section
    sections = page.eval_on_selector_all(".section-link", "links => links.map(a => a.dataset.section)")
    for section in sections:
        tap(page, f".section-link[data-section='{section}']")
        page.wait_for_selector(f"#panel-{section}:not(.collapsed)", state="attached")
    page.evaluate("window.scrollTo(0, 0)")

    # the drawer: every control in it takes a tap; the close button, the backdrop and Escape close it
    open_drawer(page)
    for selector in ("#filter-period", "#filter-chain", "#filters-drawer .download-link", ".filters-close"):
        assert page.evaluate(REACHES, selector)["hit"], selector
    tap(page, ".filters-close")
    closed(page)
    assert page.evaluate("document.activeElement.id") == "filters-toggle"

    open_drawer(page)
    box = page.locator("#filters-drawer").bounding_box()
    x, y = box["x"] / 2, box["y"] + box["height"] / 2  # the backdrop beside the drawer
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).className", [x, y]).startswith(
        "offcanvas-backdrop"
    )
    page.touchscreen.tap(x, y)
    closed(page)

    open_drawer(page)
    page.keyboard.press("Escape")
    closed(page)

    # focus stays in the open drawer, forwards and backwards
    open_drawer(page)
    for key in ["Tab"] * 6 + ["Shift+Tab"] * 6:
        page.keyboard.press(key)
        assert page.evaluate("document.getElementById('filters-drawer').contains(document.activeElement)"), (
            key
        )

    # a period chosen in the drawer changes the first screen's figures and the button's period
    periods = page.eval_on_selector_all("#filter-period option:not([disabled])", "os => os.map(o => o.value)")
    assert sorted(periods) == sorted(ctx.choices.periods)  # many periods: grouped by year, newest first
    other = next(
        p
        for p in reversed(periods)
        if p != default and headline(ctx, p, lang) != headline(ctx, default, lang)
    )
    code, value = headline(ctx, other, lang)
    assert page.evaluate(REACHES, "#filter-period")["hit"]
    page.select_option("#filter-period", other)  # a tap opens the system's picker: choose as it would
    tap(page, ".filters-close")
    closed(page)
    card = f"[data-indicator='{code}'] .kpi-value"
    page.wait_for_function("([sel, v]) => document.querySelector(sel).innerText === v", arg=[card, value])
    assert page.inner_text("#period-now") == period_name(ctx, other, lang)
    assert f"period={other}" in page.url


SIZES = [(360, 640), (390, 844)]


@pytest.fixture(scope="module")
def seed_ctx():
    return Context.build(metrics.load())


@pytest.mark.parametrize("width, height", SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_control_takes_a_tap_on_a_phone(page_factory, live_server, seed_ctx, width, height, lang):
    page, watch = page_factory(width, height, has_touch=True, is_mobile=True)
    page.goto(f"{live_server.url}/?lang={lang}" if lang == "en" else live_server.url + "/")
    wait_for_charts(page, 2, timeout=180000)
    drive_the_phone(page, seed_ctx, lang)
    watch.assert_clean()


@pytest.fixture(scope="module")
def decade_server(decade_dir):
    import app as app_module

    dash_app = app_module.create_app({"data_dir": str(decade_dir), "build_id": "phone-decade"})
    with LiveServer(dash_app.server) as server:
        yield server, Context.build(metrics.load(decade_dir))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_phone_holds_on_fourteen_years_of_data(page_factory, decade_server, lang):
    server, ctx = decade_server
    page, watch = page_factory(390, 844, has_touch=True, is_mobile=True)
    page.goto(f"{server.url}/?lang={lang}" if lang == "en" else server.url + "/")
    wait_for_charts(page, 2, timeout=180000)
    drive_the_phone(page, ctx, lang)
    watch.assert_clean()
