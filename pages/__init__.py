"""The pages, each a function `page(ctx, view, rejected, search)` returning its layout; a page that
prints absolute links (the briefing) also takes `base_url`, and only its answers are kept per host
(callbacks/router.py `link_routes`).

A page imports shared parts from `components` only, never another page
(`tests/test_view.py` checks the import graph).
"""
