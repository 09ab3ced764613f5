"""Downloads: each panel's data as CSV/XLSX and the whole dataset as one workbook.

Routes (the query is the dashboard's own, validated by `parse_view`; bad values fall back to
defaults, never an error):

    /download/<panel>.csv|xlsx?period=2019H1&chain=nev&lang=en
    /download/dataset.xlsx

An unknown panel or extension answers 404 with a short JSON body. Also: the callback that keeps
the download links in step with the filters, and the briefing's print button.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from dash import ClientsideFunction, Dash, Input, Output
from flask import Response, jsonify, request

from components import downloads, ids, links
from components.context import Context
from components.view import View, parse_view
from metrics.exports import CSV_MIME, XLSX_MIME
from serving.cache import ByteLRU

MIMES = {"csv": CSV_MIME, "xlsx": XLSX_MIME}
FILE_CACHE_BYTES = 4_000_000  # a panel file is 5-40 KB, the dataset workbook about 60 KB


def content_disposition(utf8_name: str, ascii_name: str) -> str:
    """`attachment` with an ASCII fallback and the RFC 5987 UTF-8 name."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in ascii_name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(utf8_name, safe='')}"


def resolve(name: str) -> tuple[str, str] | None:
    """(what, ext) for a download file name like `chains.csv`, or None if there is no such file."""
    what, dot, ext = name.rpartition(".")
    if not dot or ext not in links.EXTENSIONS:
        return None
    if what in downloads.PANELS or (what == "dataset" and ext == "xlsx"):
        return what, ext
    return None


def file_key(ctx: Context, what: str, ext: str, view: View, base_url: str) -> tuple:
    """The download cache's key: the file, the canonical view, the link base and the data version."""
    return (what, ext, view, base_url, ctx.dataset.version)


def register(
    app: Dash, ctx: Context, base_url: Callable[[], str] = lambda: "", cache: ByteLRU | None = None
) -> ByteLRU:
    """Register the download routes, the links' filter sync and the briefing's print button.
    `base_url()` is the validated root for the workbooks' link cell (serving/urls.py)."""
    files = cache or ByteLRU(FILE_CACHE_BYTES)
    app.server.extensions["getdz_file_cache"] = files  # tests and diagnostics reach it here

    def make(what: str, ext: str, view: View, base: str) -> tuple[bytes, int]:
        if what == "dataset":
            body = downloads.dataset_file(ctx, view, base)
        else:
            body = downloads.panel_file(ctx, view, what, ext, base)
        return body, len(body)

    @app.server.route("/download/<name>", methods=["GET"])
    def download(name: str):
        target = resolve(name)
        if target is None:
            response = jsonify(
                error="unknown download",
                panels=list(downloads.PANELS) + ["dataset"],
                formats=list(links.EXTENSIONS),
            )
            response.status_code = 404
            return response
        what, ext = target
        view, _ = parse_view(request.query_string.decode("utf-8", "replace"), ctx.choices)
        base = base_url()
        body = files.get_or_make(file_key(ctx, what, ext, view, base), lambda: make(what, ext, view, base))
        utf8_name, ascii_name = downloads.file_names(ctx, view, what, ext)
        response = Response(body, status=200, content_type=MIMES[ext])
        response.headers["Content-Disposition"] = content_disposition(utf8_name, ascii_name)
        response.headers["Cache-Control"] = "no-store"
        return response

    app.clientside_callback(
        ClientsideFunction(namespace="briefing", function_name="print"),
        Output(ids.BRIEFING_PRINT, "title"),
        Input(ids.BRIEFING_PRINT, "n_clicks"),
        prevent_initial_call=True,
    )
    return files
