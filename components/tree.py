"""Rewriting a component tree without changing it (pages cache some of their subtrees)."""

from __future__ import annotations

from collections.abc import Callable
from copy import copy

from dash.development.base_component import Component


def with_children(node: Component, children) -> Component:
    """A shallow copy of `node` with other children."""
    out = copy(node)
    out.children = children
    return out


def rewrite(node, replace: Callable[[Component], Component | None]):
    """A copy of `node` where each component for which `replace` gives a replacement (top down;
    None: look inside) is replaced. Nodes on the way are copied, the others shared, none changed."""
    if isinstance(node, (list, tuple)):
        return [rewrite(child, replace) for child in node]
    if not isinstance(node, Component):
        return node
    replaced = replace(node)
    if replaced is not None:
        return replaced
    children = getattr(node, "children", None)
    return node if children is None else with_children(node, rewrite(children, replace))
