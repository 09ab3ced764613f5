"""The first-party JavaScript's pure parts, unit-tested with node's built-in test runner
(tests/js/*.test.js): the deck's layout chooser, and the links' hrefs (assets/06-links.js) against
the ones Python writes. Node runs them as a subprocess; the links' cases are made here, from
Python's own functions, and handed over in a JSON file (GETDZ_LINK_CASES)."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from helpers import ROOT

from callbacks.router import route_of
from components import ids, layout, links
from components.view import Choices, View, allowed, to_search

# many periods of both kinds, and the default not the last (data lives: editors add periods)
CHOICES = Choices(
    periods=tuple(f"{y}{h}" for y in range(2006, 2020) for h in ("H1", "")),
    campaigns=("housing", "water", "roads"),
    default_period="2018",
)
PATHNAMES = ("", "/nope", "//evil.example/", "/present/extra", "/%2e%2e/admin")


def views() -> list[View]:
    """Views over every language and chain, some periods (the default among them) and each metric."""
    options = allowed(CHOICES)
    periods = (CHOICES.default_period, *options["period"][::9])
    some = (options["cm"][:2], options["im"], options["campaign"][:2])
    values = (options["lang"], periods, options["chain"], *some)
    return [View(*fields) for fields in itertools.product(*values)]


def link_cases() -> dict:
    """Every href the links write, as Python writes them: the header's links (layout.nav_children),
    the language switch on each route and off it, and the downloads (links.download_href); `search`
    is what the router puts in the view store (to_search of the view)."""
    ctx = SimpleNamespace(choices=CHOICES)
    routes = dict(layout.NAV)
    mode_of = {path: mode for mode, path in layout.NAV}
    cases: dict = {"routes": routes, "nav": [], "lang": [], "download": []}
    for view in views():
        search = to_search(view, CHOICES)
        header = layout.nav_children(ctx, view, "dashboard")
        for link in header[: len(layout.NAV)]:
            cases["nav"].append({"id": link.id, "search": search, "href": link.href})
        for pathname in (*routes.values(), *(p + "/" for p in routes.values()), *PATHNAMES):
            mode = mode_of.get(route_of(mode_of, pathname) or "", "not-found")
            switch = layout.nav_children(ctx, view, mode)[-1]
            cases["lang"].append({"search": search, "pathname": pathname, "href": switch.href})
        for panel, ext in itertools.product(("industry", "chains", "dataset"), links.EXTENSIONS):
            href = links.download_href(ctx, view, panel, ext)
            cases["download"].append({"id": {"panel": panel, "ext": ext}, "search": search, "href": href})
    return cases


@pytest.mark.unit
def test_the_cases_cover_both_languages_and_every_route():
    cases = link_cases()
    assert {c["id"]["mode"] for c in cases["nav"]} == set(cases["routes"])
    assert any("lang=en" in c["href"] for c in cases["lang"]) and any(
        "lang=en" not in c["href"] for c in cases["lang"]
    )
    assert {c["href"].split("?")[0] for c in cases["lang"]} == set(cases["routes"].values())


@pytest.mark.unit
def test_the_shell_hands_the_browser_the_route_table():
    shell = layout.shell()
    page = next(c for c in shell.children if getattr(c, "id", None) == ids.PAGE)
    assert json.loads(getattr(page, "data-routes")) == dict(layout.NAV)


@pytest.mark.integration
def test_the_javascript_unit_tests_pass(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed for the JavaScript unit tests"
    cases = tmp_path / "link-cases.json"
    cases.write_text(json.dumps(link_cases()), encoding="utf-8")
    result = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "js")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "GETDZ_LINK_CASES": str(cases)},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    out = result.stdout
    assert "# fail 0" in out and "# pass 0" not in out and "# skipped 0" in out, out[-2000:]
