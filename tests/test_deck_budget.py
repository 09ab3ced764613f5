"""Issue 25, finding 2: no cheap miss. Every valid new deck option (`interval=7.31`, `w=4099`, a new
`slides` list...) is a new page to render, about 0.9 s of CPU for a 30-slide wall. The invariant
(serving/budget.py): any number of distinct query strings costs at most `DECK_RENDERS_PER_MINUTE`
full deck renders per minute per worker, and one client address at most `DECK_RENDERS_PER_CLIENT`;
past it a deck is served on its default options (cached) with the notice naming what was not
applied."""

from __future__ import annotations

import json
import random
import threading
import time

import pytest

from bench import attack, load, servers
from callbacks import router
from serving import budget as sb
from serving.endpoints import DEPENDENCIES, UPDATE, location_callbacks, router_body


def report(name: str, **figures) -> None:
    print(f"\n[{name}] " + json.dumps(figures, ensure_ascii=False))


def random_decks(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """`count` distinct deck URLs with random valid option values (the issue's attack)."""
    rng = random.Random(seed)
    codes = ["overview", "chains", "nev", "electronics", "rare_earth", "campaigns", "timeline"]
    decks = []
    for n in range(count):
        path = rng.choice(["/present", "/wall"])
        slides = ",".join(rng.choice(codes) for _ in range(rng.randint(1, 12)))
        search = (
            f"?slides={slides}&interval={rng.uniform(1, 3000):.3f}&poll={rng.uniform(1, 9000):.2f}"
            f"&w={rng.randint(100, 50000)}&h={rng.randint(100, 50000)}&fit=width&kiosk=1&n={n}"
        )
        decks.append((path, search))
    return decks


def test_the_budget_bounds_each_client_and_the_worker():
    now = [0.0]
    budget = sb.RenderBudget(per_minute=60, per_client=30, burst=(5, 3), clock=lambda: now[0])
    assert [budget.take("a") for _ in range(4)] == [True, True, True, False], "a client's own burst"
    assert budget.exhausted("a") and not budget.exhausted("b")
    assert [budget.take("b") for _ in range(3)] == [True, True, False], "the worker's burst (5)"
    now[0] += 2  # two seconds: the worker has refilled 2 tokens, each client one
    assert budget.take("a") and budget.take("b") and not budget.take("b")
    assert budget.refused == 3


def test_distinct_deck_urls_cost_at_most_the_budget_in_renders(monkeypatch):
    """The invariant, on a fresh app: 200 distinct deck URLs from one client make at most
    `BURST_CLIENT` + `DECK_RENDERS_PER_CLIENT` a minute renders over the time they take (plus the
    decks' default pages; on a loaded machine that time can pass a minute), and every answer is a
    page."""
    import app as app_module

    dash_app = app_module.create_app({"build_id": "budget-test"})
    client = dash_app.server.test_client()
    dep = location_callbacks(client.get(DEPENDENCIES).json)[0]
    built = []
    real_build = router.build
    monkeypatch.setattr(router, "build", lambda *a, **k: built.append(a[2].params) or real_build(*a, **k))
    started = time.monotonic()
    answers = [client.post(UPDATE, json=router_body(dep, path, search)) for path, search in random_decks(200)]
    assert all(a.status_code == 200 for a in answers)
    defaults = {router.PAGE_PARAMS[p]("")[0] for p in ("/present", "/wall")}
    own = [p for p in built if p not in defaults]
    minutes = (time.monotonic() - started) / 60
    assert len(own) <= sb.BURST_CLIENT + sb.DECK_RENDERS_PER_CLIENT * minutes + 1, len(own)
    last = json.dumps(answers[-1].get_json(), ensure_ascii=False)
    assert "interval" in last, "the notice names the options that were not applied"


# ---------------------------------------------------------------- against gunicorn, 12 attackers


def deck_flood(gunicorn, attackers: int, seconds: float) -> dict:
    decks = random_decks(2000)
    flood_bodies = []
    for path in ("/present", "/wall"):
        flood_bodies += attack.router_bodies(gunicorn.port, path, [q for p, q in decks if p == path])
    bodies = attack.router_bodies(gunicorn.port, "/wall", [""])
    attack.warm_every_worker(gunicorn, bodies[0])
    time.sleep(1)
    rss_before = sum(servers.rss_kb(pid) for pid in gunicorn.workers()) / 1024
    flood: dict = {}
    thread = threading.Thread(
        target=lambda: flood.update(
            r=load.run(gunicorn.port, flood_bodies, clients=attackers, seconds=seconds)
        )
    )
    thread.start()
    health = attack.probe(gunicorn.port, "/healthz", seconds)
    thread.join(seconds + 60)
    rss_after = sum(servers.rss_kb(pid) for pid in gunicorn.workers()) / 1024
    return {
        "attackers": attackers,
        "seconds": seconds,
        "attack_requests": flood["r"].requests,
        "attack_failures": flood["r"].failures,
        "rss_growth_mb": round(rss_after - rss_before, 1),
        "healthz": health.summary(),
    }


def check(figures: dict) -> None:
    assert figures["attack_failures"] == 0, figures
    assert figures["healthz"]["errors"] == 0 and figures["healthz"]["p95_ms"] <= 250, figures
    assert figures["rss_growth_mb"] <= 20, figures


def test_12_clients_with_random_deck_values_leave_healthz_fast(production):
    figures = deck_flood(production, attackers=12, seconds=10)
    report("12 clients, random deck values, 10 s", **figures)
    check(figures)


@pytest.mark.soak
def test_12_clients_with_random_deck_values_for_20_s_soak(production):
    figures = deck_flood(production, attackers=12, seconds=20)
    report("12 clients, random deck values, 20 s (soak)", **figures)
    check(figures)
