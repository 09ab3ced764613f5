"""The code's layout holds: layers import downwards only (metrics ← store ← cli/admin), every
admin route is a view of the module-level blueprint that runs on any Flask app given its
dependencies, and no first-party module (the tests aside) grows past 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import Flask

ROOT = Path(__file__).resolve().parents[1]
# what each first-party package may not import (an upper layer)
FORBIDDEN = {
    "metrics": {"store", "cli", "admin", "serving", "components", "pages", "callbacks", "app", "dash"},
    "store": {"cli", "admin", "serving", "components", "pages", "callbacks", "app"},
    "cli": {"admin", "serving", "components", "pages", "callbacks", "app"},
    "admin": {"cli", "pages", "callbacks", "app"},
}
ENTRY_POINTS = {ROOT / "metrics" / "__main__.py"}  # runs `cli` and is imported by nothing


def imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_downwards_only(package):
    wrong = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if path in ENTRY_POINTS or "migrations" in path.parts:
            continue
        bad = imported_packages(path) & FORBIDDEN[package]
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}


# every first-party package but the tests, and app.py
PACKAGES = sorted(p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests")
VENDORED_JS = {"00-plotly-basic.min.js", "01-plotly-locale-zh-cn.js", "02-regenerator-runtime.js"}


def test_every_package_is_looked_at():
    assert {"admin", "bench", "callbacks", "cli", "components", "pages", "serving", "store"} <= set(PACKAGES)


@pytest.mark.parametrize("package", [*PACKAGES, "app.py", "assets"])
def test_no_module_over_400_lines(package):
    """No first-party module, Python or JavaScript (the vendored bundles aside), past 400 lines."""
    where = ROOT / package
    files = [where] if where.is_file() else [*where.rglob("*.py"), *where.glob("*.js")]
    long = {
        str(p.relative_to(ROOT)): n
        for p in files
        if p.name not in VENDORED_JS and (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_the_blueprint_runs_alone_on_a_bare_flask_app(tmp_path):
    """A route of /admin on a bare Flask app (no Dash): the guard sends a visitor to sign in,
    and sign-in shows its form, with the dependencies given to `install` only."""
    import admin
    import store

    engine = store.make_engine(f"sqlite:///{tmp_path / 's.sqlite3'}")
    store.migrate(engine)
    server = Flask("bare")
    admin.install(server, engine, None, "a-secret-for-this-test-only")
    client = server.test_client()
    response = client.get("/admin/history")
    assert response.status_code == 303 and response.headers["Location"].startswith("/admin/signin")
    signin = client.get("/admin/signin")
    assert signin.status_code == 200 and 'name="csrf"' in signin.get_data(as_text=True)
    # a second app gets its own dependencies from the same module-level blueprint
    other = Flask("other")
    admin.install(other, None, None, "")
    assert other.test_client().get("/admin/history").status_code == 503
    assert client.get("/admin/signin").status_code == 200
    engine.dispose()


def test_admin_without_a_slash_redirects_relatively(tmp_path):
    """`/admin` → `/admin/` never echoes the Host header (werkzeug's own redirect would)."""
    import admin

    server = Flask("bare")
    admin.install(server, None, None, "")
    response = server.test_client().get("/admin?lang=en", headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == "/admin/?lang=en"


def test_python_m_metrics_reaches_every_command():
    from cli import parser

    commands = parser()._subparsers._group_actions[0].choices
    assert {
        "check",
        "checks",
        "migrate",
        "publish",
        "versions",
        "diff",
        "rollback",
        "export",
        "users",
    } <= set(commands)
