"""URL view state: parsing, validation and round trips."""

import pytest

from components.view import Choices, View, default_view, parse_view, to_search

CHOICES = Choices(
    periods=("2017", "2018", "2019H1", "2019-09"), campaigns=("central", "summer"), default_period="2019H1"
)


def test_empty_query_gives_defaults():
    view, rejected = parse_view("", CHOICES)
    assert view == View(period="2019H1") and rejected == []


def test_valid_query_is_read():
    view, rejected = parse_view("?period=2018&chain=nev&cm=yoy&im=growth&campaign=summer&lang=en", CHOICES)
    assert view == View(lang="en", period="2018", chain="nev", cm="yoy", im="growth", campaign="summer")
    assert rejected == []


@pytest.mark.parametrize(
    "query, bad",
    [
        ("?period=2031", "period"),
        ("?chain=steel", "chain"),
        ("?cm=profit", "cm"),
        ("?lang=fr", "lang"),
        ("?campaign=<script>", "campaign"),
        ("?foo=1", "foo"),
    ],
)
def test_bad_values_fall_back_and_are_named(query, bad):
    view, rejected = parse_view(query + "&im=growth", CHOICES)
    assert rejected == [bad]
    assert view.im == "growth"  # the good parameter is kept
    default = default_view(CHOICES)
    assert all(getattr(view, f) == getattr(default, f) for f in ("lang", "period", "chain", "cm", "campaign"))


def test_overlong_query_is_ignored_whole():
    view, rejected = parse_view("?chain=nev&x=" + "a" * 5000, CHOICES)
    assert view == default_view(CHOICES) and rejected == ["query"]


def test_extra_params_are_not_rejected():
    view, rejected = parse_view(
        "?slides=overview,nev&interval=9&chain=nev", CHOICES, extra=("slides", "interval")
    )
    assert rejected == [] and view.chain == "nev"


def test_round_trip_lists_only_non_defaults():
    view = View(lang="en", period="2019H1", chain="rare_earth")
    search = to_search(view, CHOICES)
    assert search == "?lang=en&chain=rare_earth"
    assert parse_view(search, CHOICES) == (view, [])
    assert to_search(default_view(CHOICES), CHOICES) == ""


def _imports(path):
    """The modules a Python file imports (absolute names; relative ones resolved to its package)."""
    import ast

    package = path.parent.name
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = f"{package}.{base}" if base else package
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def test_pages_import_shared_parts_only_never_another_page():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    # a page is a module (pages/briefing.py) or a package of modules (pages/dashboard/)
    pages = {
        f"pages.{p.stem}": [p] if p.is_file() else sorted(p.glob("*.py"))
        for p in sorted((root / "pages").iterdir())
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    assert {"pages.dashboard", "pages.briefing", "pages.slides"} <= set(pages)
    for own, paths in pages.items():
        for path in paths:
            imported = {m for m in _imports(path) if m.startswith("pages.")}
            others = {m for m in imported if m != own and not m.startswith(own + ".")}
            assert others == set(), f"{path.name} imports another page: {others}"
    # and the shared parts never reach up into a page or a callback
    for path in sorted((root / "components").glob("*.py")):
        up = {m for m in _imports(path) if m.split(".")[0] in ("pages", "callbacks", "app")}
        assert up == set(), f"components/{path.name} imports {up}"
