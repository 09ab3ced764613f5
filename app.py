"""The GETDZ economic dashboard: the application factory and the WSGI `server` gunicorn serves.

`create_app()` is the only place that wires data, layout, callbacks and the production concerns
together; nothing else imports this module except gunicorn and the tests.
"""

from __future__ import annotations

import hashlib
import logging
from functools import partial
from pathlib import Path

from dash import Dash

import admin
import metrics
from admin import gate
from callbacks import dashboard as dashboard_callbacks
from callbacks import exports, router
from callbacks import slides as slides_callbacks
from components import layout
from components.context import Context
from components.i18n import t
from pages import briefing, dashboard, slides
from serving import compression, health, live, logs, routes, security, unavailable, urls
from serving.config import Settings

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("getdz")


def code_build_id() -> str:
    """A short hash of the code and assets, so any redeploy gets a new id without git."""
    digest = hashlib.sha256()
    for pattern in ("*.py", "*/*.py", "*/*/*.py", "assets/*"):  # packages (pages/briefing/) too
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and ".venv" not in path.parts:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def create_app(config: dict | None = None) -> Dash:
    """Build the Dash app. `config` overrides settings read from the environment (tests)."""
    settings = Settings.from_env()
    if config:
        settings = Settings(**{**settings.__dict__, **config})
    logs.configure(settings.log_level)

    build_id = settings.build_id or code_build_id()
    # Fail fast: a dataset with any problem (or no reachable database) stops the boot (never a
    # half-loaded app), unless the operator opted in to GETDZ_ON_DATA_ERROR=unavailable (boot,
    # answer 503 on /healthz and /). GETDZ_DATA_DIR serves a directory as is, without the store.
    try:
        if settings.data_dir:
            dataset, follow = metrics.load(Path(settings.data_dir)), None
        else:
            dataset, follow = _open_store()
    except Exception as err:
        if settings.on_data_error != "unavailable":
            raise
        return unavailable.create_app(
            err, build_id, t("unavailable_title", "zh"), t("unavailable_body", "zh"), settings.force_hsts
        )

    app = Dash(
        __name__,
        assets_folder=str(ROOT / "assets"),
        title="赣州经开区经济数据看板",
        update_title=None,
        serve_locally=True,
        suppress_callback_exceptions=True,
    )
    app.index_string = layout.INDEX_STRING
    app.interpolate_index = layout.index_scripts(app.interpolate_index)
    app.layout = layout.shell
    server = app.server
    server.config["DASH_APP"] = app
    server.config["MAX_CONTENT_LENGTH"] = settings.max_content_length
    server.config["JSON_AS_ASCII"] = False

    ctx = Context.build(dataset)
    holder = None
    if follow is not None:  # every worker follows the store's current version (serving/live.py)
        engine, loaded = follow
        holder = live.Holder(engine, live.Snapshot(loaded.number, loaded.checksum, ctx), Context.build)
        holder.install(server)
        ctx = live.LiveContext(holder)
    imprint = briefing.Imprint(settings.issuer, settings.classification)
    page_of = {
        "dashboard": dashboard.dashboard_page,
        "present": slides.present_page,
        "wall": slides.wall_page,
        "briefing": partial(briefing.briefing_page, imprint=imprint),
    }
    pages = router.route_table({path: page_of[mode] for mode, path in layout.NAV})  # paths: layout.NAV
    # /admin, and in the closed mode the gate on every route: before any hook that can answer
    admin.install(
        server,
        follow[0] if follow else None,
        holder,
        settings.secret_key,
        require_signin=settings.require_signin,
        user_header=settings.trusted_user_header,
        pages=pages,
    )
    base_url = partial(urls.request_base_url, settings)  # validated root for absolute links
    router.register(app, ctx, pages=pages, base_url=base_url)
    dashboard_callbacks.register(app, ctx)
    slides_callbacks.register(app, ctx, build_id)
    exports.register(app, ctx, base_url=base_url)
    security.guard_urls(server)  # 400 for control characters, before the other rules
    routes.install(server, app, pages, security.bad_request)  # 404 for paths not in the table
    routes.strip_versions(app)

    csp = security.content_security_policy(app.csp_hashes(), settings.frame_ancestors)
    security.install(server, lambda: csp, settings.force_hsts)
    shown = gate.health_body if settings.require_signin else (lambda body: body)
    health.install(server, lambda: (True, shown(health.details(build_id, dataset, holder))))
    if settings.precompress:
        compression.install(server, settings.static_cache_dir)
    log.info("app ready: data %s, build %s", dataset.version, build_id)
    return app


def _open_store():
    """(dataset, (engine, loaded)) of the store's current version. The embedded SQLite default is
    migrated and seeded here (one machine, no release phase); PostgreSQL by the release phase."""
    import store

    engine = store.make_engine(store.database_url())
    if engine.dialect.name == "sqlite":
        store.migrate(engine)
        log.info(store.seed(engine)[1])
    loaded = store.load_version(engine)
    engine.dispose()  # gunicorn forks after this: workers open their own connections
    return loaded.dataset, (engine, loaded)


app = create_app()
server = app.server
