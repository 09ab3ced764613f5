"""The one home for component ids (kebab-case strings as UPPER_SNAKE constants)."""

from metrics.queries import CHAINS

URL = "url"
# the dashboard's own dcc.Location: the filters write the view to it and follow it back and forward
# (the router follows URL; a filter change is not its to draw)
FILTERS_URL = "filters-url"
PAGE = "page"
VIEW_STORE = "view-store"
PAGE_TITLES = "page-titles"  # the tab title of every mode in both languages (layout.page_titles)
NOTICE = "notice"
LANG_LINK = "lang-link"
SIGNOUT_LINK = "signout-link"
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

MAIN = "main"  # the page's <main>: its `lang` says the page's language to callbacks
CITE = "cite"  # dict ids {"type": CITE, "indicator": ..., "period": ...} ("": the period filter's)
CITE_MODAL = "cite-modal"  # the one citation dialog every 出处 button opens (callbacks/dashboard.py)
CITE_TITLE = "cite-title"
CITE_BODY = "cite-body"
LAZY = "lazy"  # dict ids {"type": LAZY, "part": ...}: a collapsed body built when it is opened
LAZY_TOGGLE = "lazy-toggle"  # dict ids {"type": LAZY_TOGGLE, "part": ...}: the accordion that opens it
PANEL_BODY = "panel-body"  # dict ids {"type": PANEL_BODY, "panel": ...}: a lower body, built later
FIRST_DRAWN = "first-drawn"  # a store set once the first screen is drawn and the browser idle
VARIANTS = "variants"  # a store: every figure, card and class the filters can show (callbacks/dashboard.py)
VARIANTS_URL = "variants-url"  # a store: where the variants of the page's language and data version are
CARD = "card"  # dict ids {"type": CARD, "card": ...}: a card whose values the period filter sets
CARD_VALUE = "card-value"  # dict ids {"type": CARD_VALUE, "card": ...}
CARD_GROWTH = "card-growth"  # dict ids {"type": CARD_GROWTH, "card": ...}
CARD_NOTE = "card-note"  # dict ids {"type": CARD_NOTE, "card": ...}
# dict ids {"type": CARD_SERIES, "card": ...}: a headline card's sparkline and span
CARD_SERIES = "card-series"
KPI_ROW = "kpi-row"
PERIOD_NOTE = "period-note"  # in the KPI row: what the period shown lacks of the headline set
INDUSTRY_GRAPH = "industry-graph"
CHAIN_COMPARE_GRAPH = "chain-compare-graph"
CHAIN_SERIES_GRAPH = "chain-series-graph"
CHAIN_FLOWS = "chain-flows"
CHAIN_FLOW = "chain-flow"  # dict ids {"type": CHAIN_FLOW, "chain": ...}
CHAIN_FLOW_IDS = {c: {"type": CHAIN_FLOW, "chain": c} for c in CHAINS}
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
SLIDE_SHOWN = "slide-shown"  # the slides whose graphs are wanted (set by assets/31-slides-deck.js)

# downloads and the briefing (components/downloads.py, pages/briefing.py)
DOWNLOAD_LINK = "download-link"  # dict ids: {"type": DOWNLOAD_LINK, "panel": ..., "ext": ...}
BRIEFING_PRINT = "briefing-print"
BRIEFING_QR = "briefing-qr"

# dashboard sections, first screen and chart tools (pages/dashboard.py)
SECTION_NAV = "section-nav"
FILTERS_DRAWER = "filters-drawer"
FILTERS_TOGGLE = "filters-toggle"
PERIOD_NOW = "period-now"  # the period the first screen shows, on the phone's 筛选 button
NAVBAR_TOGGLE = "navbar-toggle"
NAVBAR_COLLAPSE = "navbar-collapse"
OVERVIEW_GRAPH = "overview-graph"
TREND_GRAPH = "trend-graph"  # the first screen's lead: the lead flow over the years
CHAIN_STRIP = "chain-strip"
CHAINS_TREND_GRAPH = "chains-trend-graph"  # the chain panel: the three chains' revenue over the years
CHAINS_TREND_BOX = "chains-trend"  # its box, marked by class; a dict id (in a lower panel: matched by ALL)
CHAINS_TREND_BOX_ID = {"type": CHAINS_TREND_BOX, "box": "years"}
