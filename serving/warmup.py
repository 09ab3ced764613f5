"""Warm the app in gunicorn's master before it forks the workers (`gunicorn.conf.py: when_ready`).

The first render of a page imports and builds a lot lazily (plotly validators, narwhals, Dash's
setup), about a second of CPU. Done once in the preloading master, every worker inherits the result
(copy-on-write: shared memory, no per-worker cost) and no user's first request pays for it. Only
the pages are rendered here, never static files: their compression runs in threads, which do not
survive a fork."""

from __future__ import annotations

import logging
import time

from flask import Flask

log = logging.getLogger(__name__)
UPDATE = "/_dash-update-component"


def location_callbacks(deps: list[dict]) -> list[dict]:
    """Callbacks driven by a `dcc.Location`'s pathname and search (the router)."""
    out = []
    for dep in deps:
        props = [i.get("property") for i in dep.get("inputs", [])]
        if (
            props == ["pathname", "search"]
            and "{" not in dep["output"]
            and not dep.get("clientside_function")
        ):
            out.append(dep)
    return out


def router_body(dep: dict, pathname: str, search: str = "") -> dict:
    """The request the renderer posts for `dep` when the URL is `pathname` + `search`."""
    outputs = []
    for part in dep["output"][2:-2].split("...") if dep["output"].startswith("..") else [dep["output"]]:
        ident, _, prop = part.rpartition(".")
        outputs.append({"id": ident, "property": prop})
    values = {"pathname": pathname, "search": search}
    return {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": [{**i, "value": values[i["property"]]} for i in dep["inputs"]],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
        "state": [dict(s) for s in dep.get("state", [])],
    }


def warm(
    server: Flask, paths: tuple[str, ...] = ("/", "/present"), searches: tuple[str, ...] = ("",)
) -> dict:
    """Render the index and every page once in-process; never raises (a failure only logs)."""
    started = time.monotonic()
    done = 0
    try:
        client = server.test_client()
        headers = {"Accept-Encoding": "identity"}
        client.get("/", headers=headers)
        deps = client.get("/_dash-dependencies", headers=headers).get_json() or []
        for dep in location_callbacks(deps):
            for path in paths:
                for search in searches:
                    response = client.post(UPDATE, json=router_body(dep, path, search), headers=headers)
                    done += response.status_code in (200, 204)
    except Exception:  # warming is an optimisation: never stop the boot for it
        log.warning("warm-up failed", exc_info=True)
    seconds = round(time.monotonic() - started, 2)
    log.info("warm-up: %d page renders in %.2f s", done, seconds)
    return {"renders": done, "seconds": seconds}
