"""The view state a URL query carries (`?period=2019H1&chain=nev&lang=en`), validated.

Unknown or malformed values fall back to defaults and are reported, so the page can say what it
ignored. Pure Python: no dash, no data loading.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from urllib.parse import parse_qs, urlencode

from metrics.queries import CHAIN_METRICS, CHAINS, INDUSTRY_METRICS

from .i18n import LANGS

MAX_QUERY = 2048  # longer queries are not from this app; ignore them whole


@dataclass(frozen=True)
class Choices:
    """What the data allows: the period codes and campaign codes, and the default period."""

    periods: tuple[str, ...]
    campaigns: tuple[str, ...]
    default_period: str


@dataclass(frozen=True)
class View:
    """Filters and language of one view. Field names are the URL parameter names."""

    lang: str = "zh"
    period: str = ""
    chain: str = "all"
    cm: str = "revenue"  # chain metric
    im: str = "level"  # industry metric
    campaign: str = "all"

    @property
    def chains(self) -> tuple[str, ...]:
        """The chains this view shows: all three, or the one chosen."""
        return CHAINS if self.chain == "all" else (self.chain,)


def allowed(choices: Choices) -> dict[str, tuple[str, ...]]:
    """The allowed values of each parameter."""
    return {
        "lang": LANGS,
        "period": choices.periods,
        "chain": ("all", *CHAINS),
        "cm": CHAIN_METRICS,
        "im": INDUSTRY_METRICS,
        "campaign": ("all", *choices.campaigns),
    }


def default_view(choices: Choices) -> View:
    return View(period=choices.default_period)


def parse_view(search: str | None, choices: Choices, extra: tuple[str, ...] = ()) -> tuple[View, list[str]]:
    """Parse a query string into a valid View and the names of the parameters that were rejected.

    `extra` names parameters another page reads itself (e.g. `slides`), which are not rejected.
    """
    view = default_view(choices)
    search = (search or "").lstrip("?")
    if not search:
        return view, []
    if len(search) > MAX_QUERY:
        return view, ["query"]
    params = parse_qs(search, keep_blank_values=True)
    options = allowed(choices)
    rejected: list[str] = []
    values = {}
    for name, given in params.items():
        if name in extra:
            continue
        if name not in options:
            rejected.append(name)
            continue
        value = given[-1].strip()
        if value in options[name]:
            values[name] = value
        else:
            rejected.append(name)
    return replace(view, **values), rejected


def to_search(view: View, choices: Choices, extra: dict[str, str] | None = None) -> str:
    """The query string for `view`, listing only values that differ from the defaults."""
    default = default_view(choices)
    params = {
        f.name: getattr(view, f.name)
        for f in fields(View)
        if getattr(view, f.name) != getattr(default, f.name)
    }
    params.update(extra or {})
    return "?" + urlencode(params) if params else ""
