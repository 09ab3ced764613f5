"""The one-page briefing: footnotes for every number, one A4 page when printed, a QR code that
decodes back to the same view, and download links that follow the filters."""

from __future__ import annotations

import io
import re
import unicodedata
from urllib.parse import urlparse

import numpy as np
import pytest
import zxingcpp
from helpers import wait_for_charts
from PIL import Image
from pypdf import PdfReader

import metrics
from bench import traffic
from components import figures
from components.context import Context
from components.i18n import t
from components.view import parse_view
from pages import briefing

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def ctx():
    return Context.build(metrics.load())


def walk(node):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def classes(node) -> set[str]:
    return set((getattr(node, "className", None) or "").split())


# --- pure layer -----------------------------------------------------------------------------


def test_footnotes_share_a_number_per_quote_and_keep_formulas_apart(ctx):
    notes = briefing.Footnotes()
    rows = ctx.frame[
        ctx.frame["indicator"].isin(["nev_revenue", "nev_share_of_industrial_revenue"])
        & (ctx.frame["period"] == "2019H1")
    ]
    reported = rows[rows["kind"] == "reported"].iloc[0]
    derived = rows[rows["kind"] == "derived"].iloc[0]
    assert notes.add(reported, "zh") == 1
    assert notes.add(derived, "zh") == 2  # same sentence, but a formula of its own
    assert notes.add(reported, "zh") == 1
    assert [n["kind"] for n in notes.notes] == ["reported", "derived"]
    assert notes.notes[1]["formula"] == derived["formula"]


@pytest.mark.parametrize(
    "search", ["", "?period=2018&lang=en", "?period=2018&cm=share", "?period=2019H1&chain=nev&cm=share"]
)
def test_every_number_on_the_sheet_has_a_footnote_with_its_quote(ctx, search):
    view, _ = parse_view(search, ctx.choices)
    sheet = briefing.briefing_sheet(ctx, view, "http://example.test/")
    nodes = list(walk(sheet))
    notes = {n.id: n for n in nodes if "fn" in classes(n)}
    cards = [n for n in nodes if "bf-card" in classes(n)]
    headline = briefing.headline_rows(ctx, view)
    assert len(cards) == len(headline) > 0
    refs = [int(x) for n in nodes if "fn-ref" in classes(n) for x in n.children.split(",")]
    assert refs and set(refs) == {int(i.split("-")[1]) for i in notes}
    for card, (_, row) in zip(cards, headline.iterrows(), strict=True):
        note = notes[f"fn-{card.to_plotly_json()['props']['data-note']}"]
        text = str(note.to_plotly_json())
        assert row["source_quote"] in text
        if row["kind"] == "derived":
            assert figures.explain(row, view.lang) in text and "derived" in classes(card)


def test_qr_svg_encodes_the_link():
    link = "http://127.0.0.1:8050/?lang=en&period=2018"
    uri = briefing.qr_data_uri(link)
    assert uri.startswith("data:image/svg+xml")
    import segno

    matrix = np.array(segno.make(link, error="m", micro=False).matrix, dtype=np.uint8)
    image = np.pad(np.where(matrix == 1, 0, 255).astype(np.uint8), 4, constant_values=255)
    assert [r.text for r in zxingcpp.read_barcodes(image.repeat(6, 0).repeat(6, 1))] == [link]


# --- in the browser -------------------------------------------------------------------------


def png_gray(data: bytes) -> np.ndarray:
    """A screenshot (PNG bytes) as a grey-level array."""
    return np.asarray(Image.open(io.BytesIO(data)).convert("L"))


def open_briefing(page_factory, live_server, search: str, **context_args):
    page, watch = page_factory(1280, 1000, **context_args)
    page.goto(f"{live_server.url}/briefing{search}")
    page.wait_for_selector(".briefing-sheet")
    wait_for_charts(page, 3)  # the lead flow's trend, the growth chart, the chains
    return page, watch


# NFKC maps some Kangxi radicals to a traditional variant, not to the simplified character the
# source prints: ⼾ (U+2F3E) becomes 戶 (U+6236), while the quote has 户 (U+6237).
RADICAL_VARIANTS = str.maketrans({"戶": "户"})


def squash(text: str) -> str:
    """Text without whitespace, compatibility forms unified (pypdf reports some Noto CJK glyphs
    as Kangxi radicals, e.g. ⼯ for 工, which NFKC maps back)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(RADICAL_VARIANTS)


def in_pdf_text(fragment: str, text: str) -> bool:
    """Whether `fragment` is in the extracted PDF `text`. Some glyphs come out as CJK radicals
    NFKC leaves alone (⻓ for 长, ⻋ for 车), so an ideograph may match any radical character."""
    radical = "[\u2e80-\u2eff\u2f00-\u2fdf]"
    pattern = "".join(
        f"(?:{re.escape(c)}|{radical})" if "\u4e00" <= c <= "\u9fff" else re.escape(c)
        for c in squash(fragment)
    )
    return re.search(pattern, text) is not None


def pdf_columns(page) -> str:
    """The page's text read column by column: the notes are set in two columns, and a plain
    extraction interleaves the lines of both. Returns the left half's text, then the right half's."""
    middle = float(page.mediabox.width) / 2
    halves = {0: [], 1: []}

    def visit(text, cm, tm, font, size):
        x = tm[4] * cm[0] + cm[4]
        halves[0 if x < middle else 1].append(text)

    page.extract_text(visitor_text=visit)
    return squash("".join(halves[0])) + squash("".join(halves[1]))


VIEWS = [
    "",
    "?period=2018&lang=en",
    "?period=2018&cm=share&lang=en",
    "?period=2019H1&chain=nev&cm=share&im=growth",
]


@pytest.mark.parametrize("search", VIEWS)
def test_briefing_prints_on_one_a4_page_with_every_footnote(page_factory, live_server, search):
    page, watch = open_briefing(page_factory, live_server, search)
    notes = page.eval_on_selector_all(
        ".bf-notes li.fn",
        "els => els.map(e => ({n: e.value, quote: (e.querySelector('.fn-quote') || {}).textContent || '',"
        " formula: (e.querySelector('.fn-formula') || {}).textContent || ''}))",
    )
    refs = page.eval_on_selector_all(".fn-ref", "els => els.map(e => e.textContent)")
    assert notes and refs
    numbers = {int(x) for r in refs for x in r.split(",")}
    assert numbers == {n["n"] for n in notes}
    screen = page.eval_on_selector_all(".bf-graph", "els => els.map(e => [e.offsetWidth, e.offsetHeight])")

    page.emulate_media(media="print")
    # printed: no navigation or tools, and the charts keep the size they were drawn at
    assert not page.locator(".app-header").is_visible()
    assert not page.locator(".briefing-tools").is_visible()
    assert not page.locator(".downloads").count() or not page.locator(".downloads").first.is_visible()
    assert (
        page.eval_on_selector_all(".bf-graph", "els => els.map(e => [e.offsetWidth, e.offsetHeight])")
        == screen
    )
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4_POINTS[0]) < 2 and abs(float(box.height) - A4_POINTS[1]) < 2
    text = squash(reader.pages[0].extract_text()) + pdf_columns(reader.pages[0])
    for note in notes:
        # a value the brief derives itself (the growth over the years) has a formula, no quote
        assert note["quote"] or note["formula"], note
        assert not note["quote"] or in_pdf_text(note["quote"], text), note
        if note["formula"]:
            formula = note["formula"].split(":", 1)[1]
            assert in_pdf_text(formula, text), note
    assert metrics.load().as_of in text  # the as-of date of the data
    assert page.evaluate("window.__csp") == []
    watch.assert_clean()


def test_qr_code_on_the_page_decodes_to_the_same_view(page_factory, live_server):
    search = "?period=2018&chain=electronics&lang=en&cm=yoy"
    page, watch = open_briefing(page_factory, live_server, search, device_scale_factor=2)
    page.emulate_media(media="print")
    png = page.locator("#briefing-qr").screenshot()
    found = zxingcpp.read_barcodes(png_gray(png))
    assert len(found) == 1
    url = found[0].text
    parsed = urlparse(url)
    assert f"{parsed.scheme}://{parsed.netloc}" == live_server.url
    assert parsed.path == "/"
    ctx = Context.build(metrics.load())
    assert parse_view(parsed.query, ctx.choices) == parse_view(search, ctx.choices)
    assert "period=2018" in parsed.query
    # the print button prints (window.print stubbed: headless Chromium has no print dialog)
    page.emulate_media(media="screen")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.click("#briefing-print")
    page.wait_for_function("() => window.__printed >= 1", timeout=10000)
    assert page.evaluate("window.__printed") == 1
    # and the decoded link opens that view in the dashboard
    page.goto(url)
    page.wait_for_selector("#panel-chains")
    assert page.locator("html").get_attribute("lang") in ("zh-CN", "en")
    assert page.locator("#h-chains").inner_text() == t("panel_chains", "en")
    watch.assert_clean()


def test_download_links_follow_the_filters(page_factory, live_server):
    page, watch = page_factory(1280, 900)
    page.goto(f"{live_server.url}/?period=2018&lang=en")
    link = page.locator("#panel-chains .download-csv")
    link.wait_for()
    page.wait_for_function(
        "() => document.querySelector('#panel-chains .download-csv').getAttribute('href')"
        " === '/download/chains.csv?lang=en&period=2018'",
        timeout=20000,
    )
    # choose a chain through the chain filter: the URL changes, the links follow
    traffic.choose(page, "filter-chain", "nev")
    page.wait_for_function(
        "() => document.querySelector('#panel-chains .download-xlsx').getAttribute('href')"
        " === '/download/chains.xlsx?lang=en&period=2018&chain=nev'",
        timeout=20000,
    )
    # every chart on the page exports PNG at presentation resolution from its modebar
    wait_for_charts(page, 4)
    options = page.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')]"
        ".map(g => [g._context.toImageButtonOptions, g._context.showSendToCloud])"
    )
    assert len(options) >= 4
    for image, cloud in options:
        assert (image["format"], image["scale"], image["width"], image["height"]) == ("png", 2, 1600, 900)
        assert cloud is False
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert "GETDZ_chains_nev_2018.csv" in response.headers["content-disposition"]
    watch.assert_clean()


def test_briefing_says_which_link_parameters_it_ignored(ctx):
    view, rejected = parse_view("?period=1066&lang=en", ctx.choices)
    page = briefing.briefing_page(ctx, view, rejected)
    text = str(page.to_plotly_json())
    assert t("notice_bad_params", "en").strip() in text and t("label_period", "en") in text
    assert "period," not in text and "period" not in text.split(t("notice_bad_params", "en").strip())[1][:40]
    qr = next(n for n in walk(page) if getattr(n, "id", None) == "briefing-qr")
    assert qr.to_plotly_json()["props"]["data-url"] == f"/?lang=en&period={ctx.choices.default_period}"


def text_of(node) -> str:
    """All the text under a component."""
    if isinstance(node, (str, int, float)):
        return str(node)
    children = getattr(node, "children", None)
    if children is None:
        return ""
    return "".join(text_of(c) for c in (children if isinstance(children, (list, tuple)) else [children]))


@pytest.mark.parametrize("search", ["", "?period=2018&lang=en", "?chain=nev"])
def test_key_points_summarise_the_data_in_three_to_five_cited_lines(ctx, search):
    view, _ = parse_view(search, ctx.choices)
    notes = briefing.Footnotes()
    points = briefing.key_points(ctx, view, notes)
    assert 3 <= len(points) <= 5
    for point in points:
        assert any("fn-ref" in classes(n) for n in walk(point)), text_of(point)  # every line cites
    text = " ".join(text_of(p) for p in points)
    for code in ("industrial_revenue", "poverty_people_lifted", "phd_talents"):
        row = ctx.row(code, view.period) if code == "industrial_revenue" else ctx.row(code)
        assert briefing.format_value(row["value"], row["unit"], row["qualifier"], view.lang) in text
    for chain in view.chains:
        row = ctx.row(f"{chain}_revenue", view.period)
        if row is not None:
            assert t(f"chain_{chain}", view.lang) in text


def test_imprint_and_public_base_url_are_printed_as_configured(ctx):
    view, _ = parse_view("?period=2018", ctx.choices)
    imprint = briefing.Imprint(issuer="赣州经开区经济发展局", classification="内部资料 注意保存")
    page = briefing.briefing_page(
        ctx, view, [], "", base_url="https://data.example.gov.cn/getdz/", imprint=imprint
    )
    text = text_of(page)
    assert "赣州经开区经济发展局" in text and "内部资料 注意保存" in text
    qr = [n for n in walk(page) if getattr(n, "id", None) == "briefing-qr"][0]
    assert qr.to_plotly_json()["props"]["data-url"] == "https://data.example.gov.cn/getdz/?period=2018"
    plain = text_of(briefing.briefing_page(ctx, view, [], "", imprint=briefing.Imprint(classification="")))
    assert "内部资料" not in plain and t("zone", "zh") in plain


def test_issuer_and_classification_come_from_the_environment():
    from serving.config import ConfigError, Settings

    settings = Settings.from_env({"GETDZ_ISSUER": " 经发局 ", "GETDZ_CLASSIFICATION": ""})
    assert settings.issuer == "经发局" and settings.classification == ""
    assert Settings.from_env({}).classification == "内部资料"
    with pytest.raises(ConfigError, match="GETDZ_ISSUER"):
        Settings.from_env({"GETDZ_ISSUER": "a\nb"})


NOTES = ".fn-ref, .bf-qr, .bf-notes, .bf-caption, .bf-sources, .bf-foot"  # notes print at 7 pt at least


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_sheet_fills_its_page_with_body_at_9pt_and_notes_at_7pt(page_factory, live_server, lang):
    page, watch = open_briefing(page_factory, live_server, "?lang=en" if lang == "en" else "")
    page.emulate_media(media="print")
    sizes = page.evaluate(
        """notes => { const shown = [...document.querySelectorAll('.briefing-sheet *')]
          .filter(e => e.checkVisibility() && !e.closest('svg'))
          .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
          const pt = e => parseFloat(getComputedStyle(e).fontSize) * 0.75;
          // chart text as drawn: plotly scales a bar's label down to the bar with a transform
          const drawn = e => { const m = e.getCTM();
            return pt(e) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)); };
          const charts = [...document.querySelectorAll('.briefing-sheet svg text')]
            .filter(e => e.textContent.trim() && e.getBoundingClientRect().height > 0);
          return {body: Math.min(...shown.filter(e => !e.closest(notes)).map(pt)),
                  notes: Math.min(...shown.filter(e => e.closest(notes)).map(pt)),
                  charts: Math.min(...charts.map(drawn))}; }""",
        NOTES,
    )
    assert sizes["body"] >= 9 - 0.01 and sizes["notes"] >= 7 - 0.01 and sizes["charts"] >= 7 - 0.01, sizes
    # the QR caption is one line in either language
    caption = page.evaluate(
        "() => { const c = document.querySelector('.bf-qr-caption'); const r = c.getClientRects();"
        " return [r.length, parseFloat(getComputedStyle(c).lineHeight), c.getBoundingClientRect().height]; }"
    )
    assert caption[0] == 1, caption
    # no blank quarter page: the last line sits in the page's bottom tenth
    sheet = page.locator(".briefing-sheet").bounding_box()
    last = page.evaluate("document.querySelector('.bf-foot').getBoundingClientRect().bottom")
    assert last - sheet["y"] >= 0.9 * sheet["height"]
    watch.assert_clean()
