"""Every period in the filter of `/` on the 14-year data set (issue 23): chosen in the page's own
period select, each shows a full first screen (every headline card with a value) or one with a note
naming what the period lacks. The periods are read from the page, the expected notes from the data
(components.adapters.period_note, metrics.coverage), never written here."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_dashboard_trends import open_first_screen

import metrics
from components import adapters, ids
from components.context import Context
from components.i18n import t
from metrics import coverage
from metrics.periods import PARTS, is_valid_period, label, part_label, year_and_part
from pages.dashboard import filters, rules


def test_the_note_names_what_a_period_lacks_and_marks_a_thin_one(decade):
    """rules.period_note, on the periods of the 14-year data that lack a headline figure: shown
    (its text from components.adapters), marked thin when the period cannot fill the first screen;
    hidden for a period that lacks nothing."""
    shown = {}
    for period in decade.choices.periods:
        note = rules.period_note(decade, period, "zh")
        lacks = coverage.coverage(decade.frame, period).lacks
        assert note["children"].startswith(adapters.period_note(decade, period, "zh", always=True))
        assert note["children"].endswith(t("lacks_derived", "zh")) == any(
            derived(decade, code, period) for code in lacks
        )
        assert ("hidden" in note["className"].split()) == (not lacks)
        shown[period] = note["className"]
    assert {"period-note", "period-note thin", "period-note hidden"} <= set(shown.values()), shown
    thin = [p for p, c in shown.items() if c.endswith("thin")]
    assert thin and all(not coverage.coverage(decade.frame, p).full for p in thin)
    assert rules.note_props(decade, thin[0], "en")[ids.PERIOD_NOTE]["children"].startswith(
        adapters.period_note(decade, thin[0], "en")
    )
    # the 14-year data's thin periods show derived values (推算 from 2018's growth) in the cards
    # the note names; its full 2015 lacks one flow outright (no card, no value)
    assert any(
        shown[p] != "period-note hidden"
        and not any(derived(decade, c, p) for c in coverage.coverage(decade.frame, p).lacks)
        for p in shown
    )
    assert all(any(derived(decade, c, p) for c in coverage.coverage(decade.frame, p).lacks) for p in thin)


def derived(ctx: Context, code: str, period: str) -> bool:
    row = ctx.row(code, period)
    return row is not None and row.get("kind") == "derived"


# ---- periods at scale: the period control's options (pages/dashboard/filters.py period_options)


def with_periods(ctx: Context, periods) -> Context:
    return replace(ctx, choices=replace(ctx.choices, periods=tuple(periods)))


def grouped(options: list[dict]) -> list[tuple[dict, list[dict]]]:
    """The options as (header, its periods), asserting the list starts with a header."""
    groups: list[tuple[dict, list[dict]]] = []
    for option in options:
        if option.get("disabled"):
            groups.append((option, []))
        else:
            assert groups, option
            groups[-1][1].append(option)
    return groups


def test_the_seed_keeps_its_short_list_of_periods():
    seed = Context.build(metrics.load())
    for lang in ("zh", "en"):
        options = filters.period_options(seed, lang)
        assert [o["value"] for o in options] == list(seed.choices.periods)
        assert [o["label"] for o in options] == [label(p, lang) for p in seed.choices.periods]
        assert not any(o.get("disabled") for o in options)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_many_periods_are_grouped_by_year_newest_first_each_labelled_in_full(decade, lang):
    periods = decade.choices.periods
    assert len(periods) >= filters.GROUP_FROM
    options = filters.period_options(decade, lang)
    groups = grouped(options)
    # every period once, none of the headers a period (nor choosable)
    chosen = [o["value"] for _, items in groups for o in items]
    assert sorted(chosen) == sorted(periods) and len(set(chosen)) == len(chosen)
    assert all(h["disabled"] is True and not is_valid_period(h["value"]) for h, _ in groups)
    # newest year first, each year's header its label, then its periods: 全年 first
    years = [year_and_part(items[0]["value"])[0] for _, items in groups]
    assert years == sorted({year_and_part(p)[0] for p in periods}, reverse=True)
    for (header, items), year in zip(groups, years, strict=True):
        assert header["label"] == label(str(year), lang)  # 2019年 / 2019
        assert all(year_and_part(o["value"])[0] == year for o in items)
        parts = [year_and_part(o["value"])[1] for o in items]
        assert parts == sorted(parts, key=PARTS.index)  # 全年, 上半年, 下半年, 季度
        for o in items:  # in full: the year and the part, never the bare header
            assert o["label"].startswith(header["label"]) and o["label"] != header["label"]
            assert part_label(o["value"], lang).lower() in o["label"].lower(), o
    labels = [o["label"] for o in options]
    assert len(set(labels)) == len(labels)
    # the phone's 筛选 button names the period as the control does
    assert filters.period_name(decade, periods[-1], lang) == next(
        o["label"] for o in options if o["value"] == periods[-1]
    )


def test_grouping_starts_at_its_threshold_and_needs_more_than_one_year(decade):
    newest = decade.choices.periods[-filters.GROUP_FROM :]
    assert not any(o.get("disabled") for o in filters.period_options(with_periods(decade, newest[1:]), "zh"))
    assert any(o.get("disabled") for o in filters.period_options(with_periods(decade, newest), "zh"))
    one_year = [f"2020-{m:02d}" for m in range(1, 13)]  # twelve months of one year: no header
    options = filters.period_options(with_periods(decade, one_year), "zh")
    assert [o["value"] for o in options] == one_year and not any(o.get("disabled") for o in options)


# the options a reader sees (dbc.Select adds a hidden empty placeholder first)
OPTIONS = f"""() => [...document.getElementById('{ids.PERIOD}').options].filter(o => !o.hidden)
  .map(o => ({{value: o.value, text: o.text, disabled: o.disabled}}))"""

# the first screen once the period filter has drawn `period`: the lead trend is keyed by it, and
# the cards and the note come in the same callback's answer (the lower panels may still be coming)
SHOWN = """period => { const gd = document.querySelector('[data-graph="trend-graph"] .js-plotly-plot');
  return gd && gd.layout.meta === period && document.getElementById('filter-period').value === period; }"""

FIRST_SCREEN = f"""() => {{
  const seen = e => {{ const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }};
  const note = document.getElementById('{ids.PERIOD_NOTE}');
  return {{
    note: {{text: note.textContent, cls: note.className, seen: seen(note)}},
    cards: [...document.querySelectorAll('.first-main .kpi-card')].map(c => ({{
      code: c.dataset.indicator, name: c.querySelector('.kpi-head').textContent,
      value: c.querySelector('.kpi-value').textContent, seen: seen(c)}})),
  }}; }}"""


# each change fetches the period's variants (what the filters set; built when first asked for)
WAIT_MS = 60_000  # a generous bound on a loaded machine: a change takes about 2 s


def test_every_period_shows_a_full_first_screen_or_says_what_it_lacks(page_factory, decade_server, decade):
    lang = "zh"
    page, watch = page_factory(1366, 768)
    open_first_screen(page, decade_server.url + "/")
    options = page.evaluate(OPTIONS)
    periods = [o["value"] for o in options if not o["disabled"]]
    assert sorted(periods) == sorted(decade.choices.periods)  # every period offered, once
    # the years' headers (the 14-year data's periods are grouped) cannot be chosen: the keys step
    # over them, from a year's first period to the period above its header
    at = [i for i, o in enumerate(options) if o["disabled"]][1]
    assert at > 1 and not is_valid_period(options[at]["value"])
    below, above = options[at + 1]["value"], options[at - 1]["value"]
    page.select_option(f"#{ids.PERIOD}", below)
    page.wait_for_function(SHOWN, arg=below, timeout=WAIT_MS)
    page.focus(f"#{ids.PERIOD}")
    page.keyboard.press("ArrowUp")
    page.wait_for_function(SHOWN, arg=above, timeout=WAIT_MS)
    noted, full = [], []
    for period in periods:
        page.select_option(f"#{ids.PERIOD}", period)
        page.wait_for_function(SHOWN, arg=period, timeout=WAIT_MS)
        screen = page.evaluate(FIRST_SCREEN)
        expected = adapters.period_note(decade, period, lang, always=True)  # "" when it lacks nothing
        if any(derived(decade, code, period) for code in coverage.coverage(decade.frame, period).lacks):
            expected += t("lacks_derived", lang)  # a card it names shows a value derived (推算)
        note = screen["note"]
        assert note["text"] == expected and note["seen"] == bool(expected), (period, note)
        thin = not coverage.coverage(decade.frame, period).full
        assert ("thin" in note["cls"].split()) == (thin and bool(expected)), (period, note)
        cards = screen["cards"]
        assert len(cards) == len(adapters.overview_codes()), cards  # the headline set, every card
        # each headline card is in view with a value, or the note names it
        unshown = [c for c in cards if not (c["seen"] and c["value"].strip() not in ("", "—"))]
        assert all(c["name"] in note["text"] for c in unshown), (period, unshown, note)
        (noted if expected else full).append(period)
    # the 14-year data has both kinds: a note the filter must show and hide again
    assert noted and full, (noted, full)
    watch.assert_clean()
