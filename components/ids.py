"""The one home for component ids (kebab-case strings as UPPER_SNAKE constants)."""

from metrics.queries import CHAINS

URL = "url"
PAGE = "page"
VIEW_STORE = "view-store"
PAGE_TITLES = "page-titles"  # the tab title of every mode in both languages (layout.page_titles)
NOTICE = "notice"
LANG_LINK = "lang-link"
NAV = "nav"
NAV_LINK = "nav-link"  # dict ids {"type": NAV_LINK, "mode": ...}

PERIOD = "filter-period"
CHAIN = "filter-chain"
CHAIN_METRIC = "filter-chain-metric"
INDUSTRY_METRIC = "filter-industry-metric"
CAMPAIGN = "filter-campaign"
# each filter's field of the view (components/view.py View: the URL parameter it writes)
FILTER_FIELDS = {
    PERIOD: "period",
    CHAIN: "chain",
    CHAIN_METRIC: "cm",
    INDUSTRY_METRIC: "im",
    CAMPAIGN: "campaign",
}
FILTERS = tuple(FILTER_FIELDS)

LATER = "later"  # dict ids {"type": LATER, "part": n}: a place the dashboard fills after its first screen
LOWER_STORE = "lower-store"  # those parts as data until then (pages/dashboard.py panels)
KPI_ROW = "kpi-row"
KPI_GROUP = "kpi-group"  # dict ids {"type": KPI_GROUP, "period": ...}
INDUSTRY_GRAPH = "industry-graph"
CHAIN_COMPARE_GRAPH = "chain-compare-graph"
CHAIN_SERIES_GRAPH = "chain-series-graph"
CHAIN_FLOW = "chain-flow"
CHAIN_FLOW_IDS = {c: f"chain-flow-{c}" for c in CHAINS}
CAMPAIGN_GRAPH = "campaign-graph"
CAMPAIGN_DETAIL = "campaign-detail"
CAMPAIGN_CARD = "campaign-card"  # dict ids {"type": CAMPAIGN_CARD, "campaign": ...}

# Slides (presenter and wall modes)
SLIDE = "slide"
BUILD_STORE = "build-store"
SLIDE_CONFIG = "slide-config"
DECK_READY = "deck-ready"
BUILD_SEEN = "build-seen"
SLIDE_STACK = "slide-stack"
DECK_REFRESH = "deck-refresh"  # set by the deck's script when /healthz reports a new data version
DECK_VERSION = "deck-version"  # the data version the slides were rendered from
DECK_SWAPPED = "deck-swapped"
SLIDE_GRAPH = "slide-graph"  # dict ids {"type": SLIDE_GRAPH, "slide": i, "index": n}: a graph's place
SLIDE_GRAPHS = "slide-graphs"  # the deck's graphs as data, mounted into their places when wanted
SLIDE_SHOWN = "slide-shown"  # the slides whose graphs are wanted (set by assets/30-slides.js)

# downloads and the briefing (components/downloads.py, pages/briefing.py)
DOWNLOAD_LINK = "download-link"  # dict ids: {"type": DOWNLOAD_LINK, "panel": ..., "ext": ...}
BRIEFING_PRINT = "briefing-print"
BRIEFING_QR = "briefing-qr"

# dashboard sections, first screen and chart tools (pages/dashboard.py)
SECTION_NAV = "section-nav"
FILTERS_DRAWER = "filters-drawer"
FILTERS_TOGGLE = "filters-toggle"
NAVBAR_TOGGLE = "navbar-toggle"
NAVBAR_COLLAPSE = "navbar-collapse"
OVERVIEW_GRAPH = "overview-graph"
CHAIN_STRIP = "chain-strip"
CHAIN_GROUP = "chain-group"  # dict ids {"type": CHAIN_GROUP, "period": ...}
VARIANT = "period-variant"  # dict ids {"type": VARIANT, "period": ..., "part": ...}
