"""The router's page cache is bounded in bytes (callbacks/router.py: PAGE_CACHE_BYTES, cut to keep a
worker's RSS within budget): the bound must still hold the largest page a URL can ask for, or every
junk-parameter variant of it would be rendered again."""

from __future__ import annotations

from callbacks import router
from serving.endpoints import DEPENDENCIES, UPDATE, location_callbacks, router_body

WALL_40 = "?slides=" + ",".join(["chains"] * 40)  # the largest page: 40 slides of the widest kind


def test_the_largest_page_fits_the_page_cache_and_is_rendered_once(client):
    pages = client.application.extensions["getdz_page_cache"]
    dep = location_callbacks(client.get(DEPENDENCIES).get_json())[0]
    pages.clear()
    first = client.post(UPDATE, json=router_body(dep, "/wall", WALL_40 + "&j=1"))
    assert first.status_code == 200
    assert len(pages) == 1 and router.PAGE_CACHE_BYTES >= pages.size > 500_000
    misses = pages.misses
    again = client.post(UPDATE, json=router_body(dep, "/wall", WALL_40 + "&k=2"))
    assert again.status_code == 200 and pages.misses == misses, "a junk variant is a page cache hit"
