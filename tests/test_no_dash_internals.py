"""No first-party code assigns to or wraps Dash's internals (its store, `dispatch`, the renderer's
reducers and private events, a component's private traversal) or reads plotly.js's private state
(`_fullLayout`): the app uses Dash's and plotly.js's public API, and whatever it must assume beyond
it lives in the adapter (components/dash_adapter.py)."""

from __future__ import annotations

import re

from helpers import ROOT

INTERNALS = re.compile(
    r"dash_stores|\.dispatch\s*=|RESET_COMPONENT_STATE|layoutHashes|_dashprivate|_traverse\(|\._fullLayout"
)
FIRST_PARTY = ("app.py", "admin", "assets", "callbacks", "components", "metrics", "pages", "serving", "store")
VENDORED = {"00-plotly-basic.min.js", "01-plotly-locale-zh-cn.js", "02-regenerator-runtime.js"}
ADAPTERS = {"components/dash_adapter.py", "assets/03-dash-adapter.js"}


def first_party_files():
    for top in FIRST_PARTY:
        path = ROOT / top
        for file in [path] if path.is_file() else sorted(path.rglob("*")):
            if file.suffix in (".py", ".js") and file.name not in VENDORED:
                yield file


def offending(text: str) -> list[str]:
    return INTERNALS.findall(text)


def test_the_matcher_finds_what_it_looks_for():
    assert offending("store.dispatch = wrapped; x.type === 'RESET_COMPONENT_STATE'") == [
        ".dispatch =",
        "RESET_COMPONENT_STATE",
    ]
    assert offending("window.dash_stores.forEach(f); page._traverse()") == ["dash_stores", "_traverse("]
    assert offending("var h = gd._fullLayout.height") == ["._fullLayout"]  # plotly.js's private state
    assert offending("window.dash_clientside.set_props(id, props)") == []


def test_no_first_party_code_touches_dash_internals_outside_the_adapter():
    files = list(first_party_files())
    assert any(f.name == "08-filters.js" for f in files) and any(f.name == "dashboard.py" for f in files)
    found = {
        str(f.relative_to(ROOT)): offending(f.read_text(encoding="utf-8"))
        for f in files
        if str(f.relative_to(ROOT)) not in ADAPTERS
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
