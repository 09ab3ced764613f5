"""The pages, each a function `page(ctx, view, rejected, search, base_url="")` returning its layout.

A page imports shared parts from `components` only, never another page
(`tests/test_view.py` checks the import graph).
"""
