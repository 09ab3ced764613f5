"""Slide decks, pure layers: URL options, the wall's chain cycle, and the page each mode renders."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from plotly.utils import PlotlyJSONEncoder

from components import ids, theme
from components.i18n import param_label, t
from components.view import View
from pages import slides
from pages.slides import (
    DEFAULT_INTERVAL,
    DEFAULT_POLL,
    DEFAULT_SLIDES,
    FITS,
    MAX_SLIDES,
    SLIDES,
    Step,
    expand_steps,
    parse_seconds,
    parse_slide_list,
    parse_slide_options,
)
from pages.slides.trend import trend_code

CHAINS = ("nev", "electronics", "rare_earth")


def test_no_query_gives_the_mode_defaults():
    for mode in ("present", "wall"):
        options, rejected = parse_slide_options("", mode)
        assert rejected == []
        assert options.slides == DEFAULT_SLIDES[mode]
        assert options.interval == DEFAULT_INTERVAL[mode]
        assert options.poll == DEFAULT_POLL[mode]
    assert DEFAULT_INTERVAL["present"] == 0 and DEFAULT_INTERVAL["wall"] == 30


def test_slides_pick_and_order():
    options, rejected = parse_slide_options("?slides=poverty,nev,overview", "present")
    assert options.slides == ("poverty", "nev", "overview")
    assert rejected == []


def test_unknown_slides_are_dropped_and_named():
    options, rejected = parse_slide_options("slides=overview, bogus ,NEV,,x", "present")
    assert options.slides == ("overview", "nev")
    assert rejected == ["slides=bogus", "slides=x"]


@pytest.mark.parametrize("value", ["bogus,nope", "", ",,"])
def test_no_known_slide_falls_back_to_the_default_deck(value):
    options, rejected = parse_slide_options(f"slides={value}", "wall")
    assert options.slides == DEFAULT_SLIDES["wall"]
    assert rejected  # said, never silent


def test_interval_and_poll_accept_seconds():
    options, rejected = parse_slide_options("interval=20&poll=5", "present")
    assert (options.interval, options.poll, rejected) == (20.0, 5.0, [])
    options, _ = parse_slide_options("interval=0.5", "wall")
    assert options.interval == 0.5  # fast rotation for tests and demos


@pytest.mark.parametrize("value", ["abc", "-5", "1e9", "nan", "inf", "0.1", "", "3601"])
def test_bad_interval_falls_back(value):
    for mode in ("present", "wall"):
        options, rejected = parse_slide_options(f"interval={value}", mode)
        assert options.interval == DEFAULT_INTERVAL[mode]
        assert rejected == ["interval"]


def test_interval_zero_means_manual_on_present_but_is_rejected_on_the_wall():
    assert parse_slide_options("interval=0", "present") == (slides.SlideOptions(SLIDES, 0.0, 0.0), [])
    options, rejected = parse_slide_options("interval=0", "wall")
    assert options.interval == 30 and rejected == ["interval"]


def test_parse_seconds_bounds():
    assert parse_seconds("0.2", 10, False) == 0.2
    assert parse_seconds(" 10 ", 10, False) == 10
    assert parse_seconds("10.01", 10, False) is None
    assert parse_seconds("0", 10, True) == 0.0
    assert parse_seconds("0", 10, False) is None


@given(st.text(max_size=60))
def test_options_never_raise_and_stay_valid(text):
    for mode in ("present", "wall"):
        options, rejected = parse_slide_options(text, mode)
        assert options.slides and set(options.slides) <= set(SLIDES)
        assert options.interval == 0 or 0.2 <= options.interval <= 3600
        assert options.interval > 0 or mode == "present"
        assert all(isinstance(r, str) for r in rejected)


@given(st.lists(st.sampled_from(SLIDES + ("zzz", "Overview", " nev")), max_size=12))
def test_slide_list_keeps_known_order(names):
    known, unknown = parse_slide_list(",".join(names))
    assert list(known) == [n.strip().lower() for n in names if n.strip().lower() in SLIDES]
    assert unknown == [n for n in names if n.strip().lower() not in SLIDES]


def test_wall_cycles_the_chain_values_on_the_chains_slide():
    steps = expand_steps(("overview", "chains", "poverty"), "wall")
    assert steps == [
        Step("overview"),
        Step("chains", "nev"),
        Step("chains", "electronics"),
        Step("chains", "rare_earth"),
        Step("poverty"),
    ]


def test_present_chains_slide_follows_the_chain_filter():
    assert expand_steps(("chains",), "present", "all") == [Step("chains", None)]
    assert expand_steps(("chains",), "present", "nev") == [Step("chains", "nev")]
    assert expand_steps(CHAINS, "present") == [Step(c, c) for c in CHAINS]


# ---------------------------------------------------------------- the rendered pages (no browser)


@pytest.fixture(scope="module")
def ctx():
    import metrics
    from components.context import Context

    return Context.build(metrics.load())


def walk(component):
    """Every component in a Dash tree."""
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            if child is not None and not isinstance(child, str):
                yield from walk(child)
    elif children is not None and not isinstance(children, (str, int, float)):
        yield from walk(children)


def render(ctx, mode, search=""):
    from components.view import parse_view

    view, rejected = parse_view(search, ctx.choices, extra=("slides", "interval"))
    page = (slides.present_page if mode == "present" else slides.wall_page)(ctx, view, rejected, search)
    return page, list(walk(page))


def of_type(nodes, name):
    return [n for n in nodes if type(n).__name__ == name]


def test_every_slide_has_the_as_of_stamp_and_source(ctx):
    for mode in ("present", "wall"):
        _, nodes = render(ctx, mode)
        sections = [n for n in nodes if "slide" in str(getattr(n, "className", "")).split()]
        stamps = [n for n in nodes if getattr(n, "className", "") == "slide-stamp"]
        # the default decks leave the trend slide out when the data has no series to draw
        series = trend_code(ctx, View(period=ctx.choices.default_period)) is not None
        steps = [s for s in expand_steps(DEFAULT_SLIDES[mode], mode) if s.slide != "trend" or series]
        assert len(sections) == len(stamps) == len(steps)
        assert all(s.children == f"数据截至 {ctx.as_of}" for s in stamps)
    _, nodes = render(ctx, "wall", "lang=en")
    stamps = [n.children for n in nodes if getattr(n, "className", "") == "slide-stamp"]
    assert stamps and all(s == f"Data as of {ctx.as_of}" for s in stamps)


def test_the_wall_has_no_controls_but_the_full_screen_button(ctx):
    _, nodes = render(ctx, "wall")
    buttons = of_type(nodes, "Button")
    assert [b.className for b in buttons] == ["slide-fullscreen"] and buttons[0].children == "全屏"
    _, nodes = render(ctx, "wall", "kiosk=1")  # kiosk: no chrome at all
    controls = {
        "A",
        "Button",
        "Input",
        "Select",
        "Textarea",
        "Details",
        "Summary",
        "Dropdown",
        "Link",
        "Slider",
        "Checklist",
        "RadioItems",
    }
    assert [type(n).__name__ for n in nodes if type(n).__name__ in controls] == []
    for graph in slide_graphs(nodes):
        assert graph.config["staticPlot"] is True and graph.config["displayModeBar"] is False


def slide_graphs(nodes) -> list:
    """The deck's graphs (pages/slides/bodies.py graphs_apart): a store's data, mounted when wanted."""
    [store] = [n for n in nodes if getattr(n, "id", None) == ids.SLIDE_GRAPHS]
    return store.data


def test_graphs_wait_as_data_for_their_empty_places(ctx):
    """Each graph is a responsive dcc.Graph kept in the deck's store; its place in the slide is empty
    and names the slide it is in and its index in the store."""
    _, nodes = render(ctx, "present")
    graphs = slide_graphs(nodes)
    places = [n for n in nodes if isinstance(n.id if hasattr(n, "id") else None, dict)]
    assert {p.id["type"] for p in places} == {ids.SLIDE_GRAPH}
    assert [p.id["index"] for p in places] == list(range(len(graphs)))
    assert all(p.children is None and p.className == "slide-graph-box" and p.role == "img" for p in places)
    sections = [n for n in nodes if "slide" in str(getattr(n, "className", "")).split()]
    for place in places:  # the place is inside the slide its id names
        section = sections[place.id["slide"]]
        assert any(n is place for n in walk(section))
    assert all(type(g).__name__ == "Graph" and g.responsive is True for g in graphs)
    [shown] = [n for n in nodes if getattr(n, "id", None) == ids.SLIDE_SHOWN]
    assert shown.data == [0]


def test_graphs_fill_their_box_with_the_dark_template(ctx):
    _, nodes = render(ctx, "present")
    graphs = [(json.loads(g.figure.to_json()), g.config) for g in slide_graphs(nodes)]
    # industry 1, the chains slide 2 (comparison, revenue by period), each chain 1, poverty 1
    assert len(graphs) == 1 + 2 + len(CHAINS) + 1
    for figure, config in graphs:
        template = figure["layout"]["template"]["layout"]
        assert config["showSendToCloud"] is False and config["displaylogo"] is False
        assert template["xaxis"]["tickfont"]["size"] >= 24  # readable from the back at 1080p
        assert template["paper_bgcolor"] == theme.PAPER[theme.DARK]


def test_filters_carry_over_to_the_slides(ctx):
    page, nodes = render(ctx, "present", "period=2018&slides=industry&lang=en")
    figure = slide_graphs(nodes)[0].figure
    assert "2018" in figure.layout.title.text
    assert page.lang == "en"


def test_bad_slide_params_show_a_notice_and_own_params_are_not_rejected(ctx):
    _, nodes = render(ctx, "present", "slides=nev,bogus&interval=fast&poll=1")
    notices = [n for n in nodes if getattr(n, "id", None) == ids.NOTICE]
    assert len(notices) == 1
    text = notices[0].children
    assert param_label("slides=bogus", "zh") in text and param_label("interval", "zh") in text
    assert param_label("poll", "zh") not in text
    _, nodes = render(ctx, "present", "slides=nev&interval=20&poll=60")
    assert not [n for n in nodes if getattr(n, "id", None) == ids.NOTICE]


def test_deck_config_tells_the_client_what_to_do(ctx):
    _, nodes = render(ctx, "wall", "slides=overview,chains&interval=12&poll=7&fit=width&w=6656&h=1792")
    config = next(n for n in nodes if getattr(n, "id", None) == ids.SLIDE_CONFIG).data
    clock = config.pop("clock")
    assert config == {
        "mode": "wall",
        "count": 4,
        "interval": 12.0,
        "poll": 7.0,
        "fit": "width",
        "size": [6656, 1792],
        "slide": [slides.SLIDE_W, slides.SLIDE_H],
        "jump": "跳转到",
        "noNotes": t("slides_no_notes", "zh"),
        "refresh": ids.DECK_REFRESH,
        "shown": ids.SLIDE_SHOWN,
    }
    assert clock["format"].startswith("{y}年{m}月{d}日 星期{w}") and len(clock["weekdays"]) == 7
    assert len(clock["months"]) == 12
    # the canvas carries the same design size for the CSS
    canvas = next(n for n in nodes if getattr(n, "id", None) == ids.SLIDE)
    assert canvas.style == {"--slide-w": f"{slides.SLIDE_W}px", "--slide-h": f"{slides.SLIDE_H}px"}


# ---------------------------------------------------------------- fit, wall size, kiosk, the cap


@pytest.mark.parametrize("fit", FITS)
def test_every_fit_mode_is_accepted(fit):
    options, rejected = parse_slide_options(f"fit={fit.upper()}", "wall")
    assert (options.fit, rejected) == (fit, [])


@pytest.mark.parametrize(
    ("query", "size", "rejected"),
    [
        ("w=6656&h=1792", (6656, 1792), []),
        ("w=6656", None, ["h"]),
        ("h=1792", None, ["w"]),
        ("w=99&h=1792", None, ["w"]),
        ("w=50001&h=abc", None, ["w", "h"]),
        ("w=1e3&h=-5", None, ["w", "h"]),
        ("w=١٢٣٤&h=1080", None, ["w"]),  # digits, but not ASCII
    ],
)
def test_wall_size_needs_both_sides_in_bounds(query, size, rejected):
    options, bad = parse_slide_options(query, "wall")
    assert (options.size, bad) == (size, rejected)


def test_bad_fit_and_kiosk_fall_back_with_their_names():
    options, rejected = parse_slide_options("fit=zoom&kiosk=maybe", "present")
    assert (options.fit, options.kiosk, rejected) == ("auto", False, ["fit", "kiosk"])
    assert parse_slide_options("kiosk=1", "wall")[0].kiosk is True
    assert parse_slide_options("kiosk=0", "wall")[0].kiosk is False


def test_the_slide_cap_applies_after_the_chains_slide_expands():
    steps = expand_steps(("chains",) * 40, "wall")
    assert len(steps) == MAX_SLIDES
    options, _ = parse_slide_options("slides=" + ",".join(["chains"] * 200), "wall")
    assert len(expand_steps(options.slides, "wall")) == MAX_SLIDES


def test_a_capped_deck_renders_at_most_the_cap(ctx):
    _, nodes = render(ctx, "wall", "slides=" + ",".join(["chains"] * 40))
    sections = [n for n in nodes if "slide" in str(getattr(n, "className", "")).split()]
    assert len(sections) == MAX_SLIDES


def test_kiosk_keeps_the_clock_and_stamp_and_drops_the_chrome(ctx):
    page, nodes = render(ctx, "wall", "kiosk=1")
    classes = {getattr(n, "className", None) for n in nodes}
    assert "slide-clock" in classes and "slide-stamp" in classes
    assert not classes & {"slide-counter", "slide-progress", "slide-fullscreen", "slide-keys"}
    assert "kiosk" in page.className.split()


def test_slide_cards_carry_no_citation_and_the_notes_carry_the_definitions(ctx):
    _, nodes = render(ctx, "present", "slides=overview")
    classes = [str(getattr(n, "className", "")) for n in nodes]
    assert not [c for c in classes if c in ("cite", "kpi-caliber")]
    notes = next(n for n in nodes if getattr(n, "className", "") == "slide-notes")
    terms = [n.children for n in of_type(list(walk(notes)), "Dd")]
    expected = {
        ctx.row(code)["caliber_zh"]
        for code in slides.SLIDE_CODES["overview"]
        if ctx.row(code) is not None
        and isinstance(ctx.row(code)["caliber_zh"], str)
        and ctx.row(code)["caliber_zh"]
    }
    assert terms and set(terms) == expected
    _, nodes = render(ctx, "wall", "slides=overview")  # definitions stay off the wall
    assert not [n for n in nodes if getattr(n, "className", "") == "slide-notes"]


def test_a_refresh_renders_the_same_deck_from_the_url(ctx):
    search = "?slides=overview,chains,poverty&lang=en&period=2018"
    refreshed, graphs = slides.refreshed_slides(ctx, "/wall", search)
    _, nodes = render(ctx, "wall", search)
    shown = [n for n in nodes if "slide" in str(getattr(n, "className", "")).split()]
    assert json.dumps(refreshed, cls=PlotlyJSONEncoder) == json.dumps(shown, cls=PlotlyJSONEncoder)
    assert json.dumps(graphs, cls=PlotlyJSONEncoder) == json.dumps(slide_graphs(nodes), cls=PlotlyJSONEncoder)
    assert len(slides.refreshed_slides(ctx, "/present", search)[0]) == 3  # no chain cycle on /present
