"""Callback traffic: record what the browser really posts, build requests from `/_dash-dependencies`,
and drive the dashboard's dropdowns. Payloads are made at run time, so they follow the layout."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable

from serving.endpoints import UPDATE, body_for

PAGES = ("/", "/present", "/wall", "/briefing")


# ------------------------------------------------------------------ in the browser


def _close_open_dropdowns(page) -> None:
    if page.locator(".dash-dropdown-options").count():
        page.keyboard.press("Escape")
        page.locator(".dash-dropdown-options").first.wait_for(state="detached", timeout=5000)


def _open(page, dropdown_id: str, timeout: float) -> None:
    _close_open_dropdowns(page)
    page.click(f"#{dropdown_id}", timeout=timeout)
    page.locator(".dash-dropdown-options").first.wait_for(state="visible", timeout=timeout)


def is_native(page, control_id: str) -> bool:
    """Is the filter a native select (the filters in the browser) rather than a `dcc.Dropdown`?"""
    return page.locator(f"#{control_id}").evaluate("el => el.tagName === 'SELECT'")


def choose(page, dropdown_id: str, value: str, timeout: float = 15000) -> None:
    """Pick `value` in a filter the way a user does: a native select's option, or a Dash 4
    `dcc.Dropdown` (open it, click the option)."""
    if is_native(page, dropdown_id):
        page.select_option(f"#{dropdown_id}", value, timeout=timeout)
        return
    _open(page, dropdown_id, timeout)
    option = page.locator(
        ".dash-dropdown-options .dash-dropdown-option", has=page.locator(f"input[value='{value}']")
    )
    option.first.click(timeout=timeout)
    _close_open_dropdowns(page)  # Dash 4 dropdowns may stay open after a choice


def selected_value(page, control_id: str, timeout: float = 15000) -> str | None:
    """The value a filter holds now (a `dcc.Dropdown` is opened and closed)."""
    if is_native(page, control_id):
        return page.input_value(f"#{control_id}")
    _open(page, control_id, timeout)
    values = page.eval_on_selector_all(
        ".dash-dropdown-options .dash-dropdown-option.selected input", "els => els.map(e => e.value)"
    )
    _close_open_dropdowns(page)
    return values[0] if values else None


def dropdown_values(page, dropdown_id: str, timeout: float = 15000) -> list[str]:
    """The option values a filter offers (a `dcc.Dropdown` is opened and closed)."""
    if is_native(page, dropdown_id):
        return page.eval_on_selector_all(
            f"#{dropdown_id} option:not([disabled])", "els => els.map(e => e.value)"
        )
    _open(page, dropdown_id, timeout)
    values = page.eval_on_selector_all(".dash-dropdown-options input", "els => els.map(e => e.value)")
    _close_open_dropdowns(page)
    return values


def changes(options: dict, current: dict, count: int, seed: int = 11):
    """`count` filter changes (filter id, value), cycling through the filters (`options`: filter id ->
    values) in order, each to a value other than the one it holds (`current`: filter id -> value, as
    the caller keeps it between changes). The same seed gives the same changes."""
    rng = random.Random(seed)
    for i in range(count):
        dropdown_id = list(options)[i % len(options)]
        yield dropdown_id, rng.choice([v for v in options[dropdown_id] if v != current[dropdown_id]])


def settle(page, timeout: float = 30000) -> None:
    """Wait until the renderer has no callback in flight and the network is idle."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=timeout
    )


class Recorder:
    """Collects the JSON bodies the page posts to `serving.endpoints.UPDATE`."""

    def __init__(self, page):
        self.bodies: list[dict] = []
        page.on("request", self._on_request)

    def _on_request(self, req) -> None:
        if req.method == "POST" and UPDATE in req.url and req.post_data:
            try:
                self.bodies.append(json.loads(req.post_data))
            except ValueError:
                pass


def record_session(page, base_url: str, filters: Iterable[str], per_filter: int = 6, wait=None) -> list[dict]:
    """Load the dashboard, then change every filter a few times; returns the recorded bodies.
    Filters that switch in the browser post nothing: each view they reach is then opened again from
    its URL (a shared link, a reload), which is the server's work for it."""
    recorder = Recorder(page)
    page.goto(base_url + "/")
    if wait:
        wait(page)
    rng = random.Random(7)
    for dropdown_id in filters:
        values = dropdown_values(page, dropdown_id)
        for value in rng.sample(values, min(per_filter, len(values))):
            choose(page, dropdown_id, value)
            page.wait_for_load_state("networkidle")
            if is_native(page, dropdown_id):
                page.wait_for_function("() => !document.querySelector('.page-dashboard.is-loading')")
                page.reload()
                if wait:
                    wait(page)
    for path in PAGES[1:]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    return recorder.bodies


# ------------------------------------------------------------------ without a browser


def filter_values(choices) -> dict[str, list]:
    """Every valid value of each dashboard control, keyed `id.property`."""
    from components import ids
    from components.view import allowed

    options = allowed(choices)
    return {
        f"{ids.PERIOD}.value": list(options["period"]),
        f"{ids.CHAIN}.value": list(options["chain"]),
        f"{ids.CHAIN_METRIC}.value": list(options["cm"]),
        f"{ids.INDUSTRY_METRIC}.value": list(options["im"]),
        f"{ids.CAMPAIGN}.value": list(options["campaign"]),
        f"{ids.URL}.pathname": list(PAGES),
        f"{ids.URL}.search": ["", "?lang=en", "?period=2018", "?chain=nev&lang=en", "?cm=yoy"],
        f"{ids.VIEW_STORE}.data": [None, {"path": "/", "search": ""}, {"path": "/", "search": "?lang=en"}],
    }


def built_bodies(deps: list[dict], choices, count: int, seed: int = 1) -> list[dict]:
    """`count` valid requests over the server-side callbacks whose inputs are all known controls."""
    rng = random.Random(seed)
    options = filter_values(choices)
    usable = [
        d
        for d in deps
        if not d.get("clientside_function")
        and "{" not in d["output"]
        and all(f"{s['id']}.{s['property']}" in options for s in d["inputs"] + d.get("state", []))
    ]
    out = []
    for i in range(count):
        dep = usable[i % len(usable)]
        values = {k: rng.choice(v) for k, v in options.items()}
        out.append(body_for(dep, values))
    return out
