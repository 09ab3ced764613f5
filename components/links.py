"""Links to the downloads of the current view: one row per panel, and the whole dataset.

`assets/06-links.js` keeps their query in step with the filters (clientside, no round trip).
"""

from __future__ import annotations

from dash import html

from . import ids
from .context import Context
from .i18n import t
from .view import View, to_search

EXTENSIONS = ("csv", "xlsx")


def download_href(ctx: Context, view: View, what: str, ext: str) -> str:
    return f"/download/{what}.{ext}{to_search(view, ctx.choices)}"


def panel_links(panel: str, lang: str, search: str = "", label: str = "download") -> html.Div:
    """A small row of links to the panel's data as CSV and XLSX, headed by the string `label`.
    `callbacks.exports` fills in the query of the current view when the links appear and whenever
    the filters change."""
    links = [
        html.A(
            ext.upper(),
            href=f"/download/{panel}.{ext}{search}",
            id={"type": ids.DOWNLOAD_LINK, "panel": panel, "ext": ext},
            className=f"download-link download-{ext}",
            title=t(f"download_{ext}_title", lang),
            rel="nofollow",
        )
        for ext in EXTENSIONS
    ]
    return html.Div(
        [t(label, lang), *links],
        className="downloads",
        **{"data-panel": panel},
    )


def dataset_link(ctx: Context, view: View) -> html.A:
    """A link to the whole dataset workbook."""
    return html.A(
        t("download_dataset", view.lang) + " (XLSX)",
        href=download_href(ctx, view, "dataset", "xlsx"),
        id={"type": ids.DOWNLOAD_LINK, "panel": "dataset", "ext": "xlsx"},
        className="download-link download-dataset",
        title=t("download_dataset_title", view.lang),
        rel="nofollow",
    )
