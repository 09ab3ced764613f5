"""The catalog of what the views show: which indicators make each panel's groups, the domains a
panel's long tail draws from, and short labels for chart axes. Chains and their metrics are
defined once, in `metrics.queries` (CHAINS, CHAIN_METRICS); units and their labels once, in
`fmt` (UNIT_EN); every page reads them from here or there, never from a copy.
"""

from __future__ import annotations

from metrics.queries import CHAIN_METRICS, CHAINS, HEADLINE_FLOWS, INDUSTRY_INDICATORS, INDUSTRY_METRICS

from .i18n import pick

__all__ = ["CHAINS", "CHAIN_METRICS", "INDUSTRY_INDICATORS", "INDUSTRY_METRICS"]

# The headline flows of the overview, in the article's order (each shown for the chosen period,
# with its growth against the same period a year before).
OVERVIEW_FLOWS = HEADLINE_FLOWS  # one home: metrics.coverage, with the default period's rule
KEY_FLOWS = OVERVIEW_FLOWS[:3]  # the briefing's first key point: revenue, value added, fiscal revenue
OVERVIEW_STOCKS = ("poverty_people_lifted", "phd_talents", "high_tech_enterprises", "built_up_area")
POVERTY_KPIS = (
    "poverty_households_lifted",
    "poverty_people_lifted",
    "poverty_incidence",
    "poor_labour_employed",
)
TALENT_KPIS = (
    "phd_talents",
    "national_talents",
    "academicians",
    "nobel_laureates",
    "high_tech_enterprises",
    "listed_companies",
)
URBAN_KPIS = ("built_up_area", "population")
# The one-line stories of the first screen: (title key, indicator codes).
POVERTY_LINE = ("poverty_households_lifted", "poverty_people_lifted", "poverty_incidence")
TALENT_LINE = ("phd_talents", "national_talents", "academicians", "high_tech_enterprises")

# Small bar lists of numbers that share a unit and a question: (title key, indicator codes).
POVERTY_CHARTS = (
    ("chart_bases", ("turf_bases", "vegetable_bases", "aquaculture_bases")),
    ("chart_income", ("land_transfer_income_per_household", "labour_income_per_household")),
    (
        "chart_changtian",
        (
            "changtian_workshop_rent",
            "changtian_fund_dividends",
            "changtian_shared_farm_fee",
            "changtian_solar_income",
            "changtian_turf_fee",
        ),
    ),
)
TALENT_CHARTS = (
    (
        "chart_platforms",
        (
            "rd_platforms",
            "rd_platforms_national",
            "national_innovation_platforms",
            "academician_workstations",
            "postdoc_innovation_bases",
            "national_engineering_centres",
            "national_testing_platforms",
            "haizhi_workstations",
        ),
    ),
)
# The data domains behind each panel's "more figures" (its long tail).
PANEL_DOMAINS = {
    "industry": ("overview", "industry"),
    "chains": CHAINS,
    "poverty": ("poverty",),
    "talent": ("talent", "innovation"),
    "urban": ("urban", "reform", "history"),
}
CHAIN_SHOWN = ("revenue", "enterprises", "share_of_industrial_revenue")  # charted, not in the tail

# Short labels for chart axes (the full name stays in the hover and the card).
SHORT = {
    "industrial_revenue": ("规上工业营收", "Industrial revenue"),
    "industrial_value_added": ("规上工业增加值", "Industrial value added"),
    "fiscal_revenue": ("财政总收入", "Fiscal revenue"),
    "general_budget_revenue": ("一般公共预算收入", "General budget revenue"),
    "fixed_asset_investment": ("固定资产投资", "Fixed-asset investment"),
    "industrial_fixed_asset_investment": ("工业固定资产投资", "Industrial investment"),
    "retail_sales": ("社会消费品零售总额", "Retail sales"),
    "outside_province_funds": ("实际利用省外资金", "Funds from other provinces"),
    "foreign_capital": ("实际利用外资", "Foreign capital used"),
    "nev_revenue": ("新能源汽车产业", "NEV chain revenue"),
    "electronics_revenue": ("电子信息产业", "Electronics chain revenue"),
    "rare_earth_revenue": ("稀土新材料产业", "Rare-earth chain revenue"),
    "poverty_households_lifted": ("脱贫户数", "Households lifted out of poverty"),
    "poverty_people_lifted": ("脱贫人数", "People lifted out of poverty"),
    "poverty_incidence": ("贫困发生率", "Poverty incidence"),
    "phd_talents": ("博士及同等以上人才", "PhDs and equivalent"),
    "national_talents": ("国家级高层次人才", "National-level talents"),
    "academicians": ("院士", "Academicians"),
    "high_tech_enterprises": ("高新技术企业", "High-tech enterprises"),
    "nev_share_of_industrial_revenue": ("新能源汽车占比", "NEV share"),
    "electronics_share_of_industrial_revenue": ("电子信息占比", "Electronics share"),
    "rare_earth_share_of_industrial_revenue": ("稀土新材料占比", "Rare-earth share"),
}


def short(row, lang: str) -> str:
    """A short label of an indicator row for chart axes (its full name when there is none)."""
    labels = SHORT.get(row["indicator"])
    if labels is None:
        return pick(row, "name", lang)
    return labels[1] if lang == "en" else labels[0]


def charted(charts) -> tuple[str, ...]:
    """The indicator codes of a group of bar lists."""
    return tuple(code for _, codes in charts for code in codes)
