"""Kept for the slides page (`components/slides.py`, reworked on another branch), which imports
these names from here. They now live in shared modules: the view -> figure adapters in
`components.adapters`, the chain flow in `components.stages`, the indicator groups in
`components.catalog`. Import from those; this module goes once nothing imports it."""

from .adapters import campaign_figure, chain_compare, chain_series, industry_figure, overview_figure
from .catalog import OVERVIEW_FLOWS, OVERVIEW_STOCKS, POVERTY_KPIS, TALENT_KPIS, URBAN_KPIS
from .stages import chain_flow

__all__ = [
    "OVERVIEW_FLOWS",
    "OVERVIEW_STOCKS",
    "POVERTY_KPIS",
    "TALENT_KPIS",
    "URBAN_KPIS",
    "campaign_figure",
    "chain_compare",
    "chain_flow",
    "chain_series",
    "industry_figure",
    "overview_figure",
]
