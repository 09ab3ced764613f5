"""Dash `html.*` components as an HTML string, so server-rendered admin pages can show the
dashboard's own cards (`components.cards.kpi_card`) exactly as they would look. Every text and
attribute value is escaped; components other than `dash.html` ones (graphs) are left out."""

from __future__ import annotations

from markupsafe import Markup, escape

_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}
_PROPS = {"className": "class", "title": "title", "role": "role", "lang": "lang", "open": "open"}


def _style(style: dict) -> str:
    css = []
    for key, value in style.items():
        name = "".join("-" + c.lower() if c.isupper() else c for c in key)
        css.append(f"{name}:{value}")
    return ";".join(css)


def to_html(node) -> Markup:
    """HTML for a component tree (strings and numbers escaped)."""
    if node is None or node is False:
        return Markup("")
    if isinstance(node, str | int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return Markup("").join(to_html(n) for n in node)
    if getattr(node, "_namespace", None) != "dash_html_components":
        return Markup("")
    tag = node._type.lower()
    props = node.to_plotly_json()["props"]
    attrs = []
    for prop, name in _PROPS.items():
        value = props.get(prop)
        if value not in (None, False):
            attrs.append(name if value is True else f'{name}="{escape(str(value))}"')
    style = props.get("style")
    if isinstance(style, dict) and style:
        attrs.append(f'style="{escape(_style(style))}"')
    for prop, value in props.items():
        if prop.startswith(("aria-", "data-")) and value is not None:
            attrs.append(f'{escape(prop)}="{escape(str(value))}"')
    opening = f"<{tag}" + "".join(" " + a for a in attrs) + ">"
    if tag in _VOID:
        return Markup(opening)
    return Markup(opening) + to_html(props.get("children")) + Markup(f"</{tag}>")
