"""Cold server render CPU of each page, in a fresh process of the app (`python -m bench.render`,
run by `python -m bench` with the data it measures, e.g. GETDZ_DATA_DIR): the router's answer for
the page's default view with its caches emptied, best of three (CPU time is noisy upwards on a
shared machine). Prints one JSON object: path -> {cpu_ms, bytes}."""

from __future__ import annotations

import json
import sys
import time

PATHS = ("/", "/present", "/wall")


def measure(runs: int = 3) -> dict:
    import app as app_module  # builds the app from the environment, as gunicorn does
    from serving.endpoints import DEPENDENCIES, UPDATE, location_callbacks, router_body

    server = app_module.server
    client = server.test_client()
    identity = {"Accept-Encoding": "identity"}
    dep = location_callbacks(client.get(DEPENDENCIES).get_json())[0]
    names = ("getdz_page_cache", "getdz_answer_cache")
    caches = [server.extensions[name] for name in names if name in server.extensions]
    client.post(UPDATE, json=router_body(dep, "/briefing"), headers=identity)  # lazy imports, once
    figures = {}
    for path in PATHS:
        samples = []
        for _ in range(runs):
            for cache in caches:
                cache.clear()
            started = time.thread_time()  # the test client serves in this thread
            response = client.post(UPDATE, json=router_body(dep, path), headers=identity)
            samples.append((time.thread_time() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        figures[path] = {"cpu_ms": round(min(samples), 1), "bytes": len(response.data)}
    return figures


if __name__ == "__main__":
    json.dump(measure(), sys.stdout)
