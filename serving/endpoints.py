"""Dash's HTTP endpoints and the shape of a callback request: the one home for both.

The guards (`serving.security`), the warm-up, the benchmarks and the tests build or check callback
bodies; they all use these helpers, so a change in Dash's wire format is fixed in one place."""

from __future__ import annotations

from typing import Any

UPDATE = "/_dash-update-component"
LAYOUT = "/_dash-layout"
DEPENDENCIES = "/_dash-dependencies"
RELOAD_HASH = "/_reload-hash"  # dev-tools hot reload only: never served (404)
COMPONENT_SUITES = "/_dash-component-suites/"
ASSETS = "/assets/"
FAVICON = "/_favicon.ico"


def is_multi(output: str) -> bool:
    """Does a callback's output key name several outputs (`..a.b...c.d..`)?"""
    return output.startswith("..") and output.endswith("..")


def output_specs(output: str) -> list[dict]:
    """The outputs a callback's output key names, as `{"id", "property"}` (pattern ids: raw text)."""
    parts = output[2:-2].split("...") if is_multi(output) else [output]
    specs = []
    for part in parts:
        ident, _, prop = part.rpartition(".")
        specs.append({"id": ident, "property": prop.split("@")[0]})
    return specs


def outputs_field(output: str) -> Any:
    """The `outputs` field the renderer posts for `output`: a list for several, else one dict."""
    specs = output_specs(output)
    return specs if is_multi(output) else specs[0]


def key(spec: dict) -> str:
    """`id.property` of an input/state/output spec."""
    return f"{spec['id']}.{spec['property']}"


def body_for(dep: dict, values: dict[str, Any], changed: list[str] | None = None) -> dict:
    """A callback request for dependency `dep` (from `/_dash-dependencies`), as the renderer posts it;
    `values["id.prop"]` fill inputs and state (missing: no value); `changed` defaults to the first
    input."""

    def item(spec):
        entry = {"id": spec["id"], "property": spec["property"]}
        if key(spec) in values:
            entry["value"] = values[key(spec)]
        return entry

    inputs = [item(s) for s in dep["inputs"]]
    return {
        "output": dep["output"],
        "outputs": outputs_field(dep["output"]),
        "inputs": inputs,
        "changedPropIds": changed if changed is not None else [key(i) for i in inputs[:1]],
        "state": [item(s) for s in dep.get("state", [])],
    }


def location_callbacks(deps: list[dict]) -> list[dict]:
    """Server callbacks driven by a `dcc.Location`'s pathname and search (the router)."""
    return [
        dep
        for dep in deps
        if [i.get("property") for i in dep.get("inputs", [])] == ["pathname", "search"]
        and "{" not in dep["output"]
        and not dep.get("clientside_function")
    ]


def router_body(dep: dict, pathname: str, search: str = "") -> dict:
    """The request the renderer posts for router `dep` when the URL is `pathname` + `search`."""
    values = {key(i): {"pathname": pathname, "search": search}[i["property"]] for i in dep["inputs"]}
    return body_for(dep, values, changed=[key(i) for i in dep["inputs"]])
