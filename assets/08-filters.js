/* The dashboard's filters, as Dash clientside callbacks (registered in callbacks/dashboard.py).
 *
 * Each filter is a dbc.Select Dash tracks. Its callbacks read what a filter value shows from the
 * variants (a dcc.Store: every figure, card and class a filter value can show, built by
 * callbacks/dashboard.py `variants` with the page's own rules) and return it as the outputs of
 * dcc.Graphs, cards and classes. The URL is written with history.pushState; back and forward reach
 * the filters through dcc.Location (`follow`). tests/test_filters_clientside.py proves a change
 * here shows what the server renders for the same URL.
 */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.dashboard = (function () {
  /* Dash's no_update (set by the renderer, which starts after this file) */
  function NO() { return window.dash_clientside.no_update; }

  function outputs() { return window.dash_clientside.callback_context.outputs_list; }

  /* components/view.py to_search: the values that differ from the defaults, in field order */
  function toSearch(view, defaults) {
    var params = new URLSearchParams();
    Object.keys(defaults).forEach(function (field) {
      if (view[field] !== undefined && view[field] !== defaults[field]) { params.append(field, view[field]); }
    });
    var query = params.toString();
    return query ? '?' + query : '';
  }

  /* dash-renderer's id attribute of a dict id (sorted keys, JSON values), as the variants key them */
  function domId(id) {
    if (typeof id !== 'object') { return id; }
    return '{' + Object.keys(id).sort().map(function (k) { return JSON.stringify(k) + ':' + JSON.stringify(id[k]); }).join(',') + '}';
  }

  return {
    toSearch: toSearch,

    /* the variants of the page's language and data version (fetched once; the browser caches them) */
    load: function (page) {
      if (!page || !page.url) { return NO(); }
      return fetch(page.url, {credentials: 'same-origin'}).then(function (r) {
        if (!r.ok) { throw new Error('variants: HTTP ' + r.status); }
        return r.json();
      });
    },

    /* once the first screen's charts are drawn and the browser is idle, the first-drawn store is
     * set (dash_clientside.set_props): then the lower panels are asked for (callbacks/dashboard.py
     * `fill_panel`). Not a pending Promise: Dash applies the outputs of callbacks triggered together
     * together, and the variants must not wait for the idle moment. */
    firstDrawn: function () {
      var started = performance.now();
      function drawn() {
        var graphs = document.querySelectorAll('#main .dash-graph');
        return graphs.length > 0 && Array.prototype.every.call(graphs, function (g) { return g.querySelector('.main-svg'); });
      }
      function done() { window.dash_clientside.set_props('first-drawn', {data: true}); }
      (function wait() {
        if (!(drawn() || performance.now() - started > 4000)) { window.requestAnimationFrame(wait); return; }
        if (window.requestIdleCallback) { window.requestIdleCallback(done, {timeout: 1000}); } else { window.setTimeout(done, 50); }
      })();
      return NO();
    },

    /* a graph's figure for the filter values it depends on (its arguments, in the order of its
     * fields), then the variants and the figure shown; nothing when that one is already shown */
    figure: function () {
      var args = Array.prototype.slice.call(arguments);
      var shown = args.pop();
      var variants = args.pop();
      var graph = variants && variants.graphs[outputs().id];
      var figure = graph && graph.figures[args.join('|')];
      if (!figure || (shown && shown.layout && shown.layout.meta === figure.layout.meta)) { return NO(); }
      return figure;
    },

    /* the first screen's cards for a period (rules.card_fields), unless they show it already */
    cards: function (period, variants, values, notes) {
      var cards = variants && variants.cards[period];
      if (!cards) { return [NO(), NO(), NO(), NO(), NO(), NO()]; }
      var slots = outputs()[0].map(function (o) { return o.id.card; });
      var fields = slots.map(function (slot) { return cards[slot]; });
      var same = fields.every(function (f, i) { return f.value === values[i] && f.note === notes[i]; });
      if (same) { return [NO(), NO(), NO(), NO(), NO(), NO()]; }
      function pick(key) { return fields.map(function (f) { return f[key]; }); }
      return [pick('card'), pick('value'), pick('value_class'), pick('growth'), pick('growth_class'), pick('note')];
    },

    /* the classes a filter value gives the elements among the outputs (rules.*_class; the
     * variants key them by element, then by value) */
    classes: function (value, variants) {
      var table = variants && variants.classes;
      function one(out) {
        var rule = table && table[domId(out.id)];
        return rule && rule[value] !== undefined ? rule[value] : NO();
      }
      return outputs().map(function (out) { return Array.isArray(out) ? out.map(one) : one(out); });
    },

    /* the view in the URL and in the view store the links follow, once the variants are in (the
     * filters' outputs wait for them too): a view other than the one the page was drawn for
     * (`page.search`, its canonical query) is a new history entry, so back and forward step
     * through the views, even for a filter changed before the variants arrived; the view the page
     * was drawn for replaces the URL (at load, the URL becomes the view as the server understood
     * it). dcc.Location's `search` and `href` are set to the URL written (it writes its `href`
     * again when it differs), so it sees back and forward from there. */
    url: function (period, chain, cm, im, campaign, variants, page, shown) {
      if (!page || !variants || window.location.pathname !== '/') { return [NO(), NO(), NO()]; }
      var view = {lang: page.lang, period: period, chain: chain, cm: cm, im: im, campaign: campaign};
      var search = toSearch(view, page.defaults);
      if (search !== window.location.search && !(search === '' && window.location.search === '?')) {
        window.history[search === page.search ? 'replaceState' : 'pushState']({}, '', '/' + search + window.location.hash);
      }
      if (shown && shown.path === '/' && shown.search === search) { return [NO(), NO(), NO()]; }
      return [{path: '/', search: search}, window.location.search, window.location.href];
    },

    /* back or forward to a view of this page: the filters follow the URL (dcc.Location); another
     * page or language is the router's */
    follow: function (search, pathname, page, period, chain, cm, im, campaign) {
      var current = {period: period, chain: chain, cm: cm, im: im, campaign: campaign};
      var fields = Object.keys(current);
      var params = new URLSearchParams(search || '');
      if (!page || pathname !== '/' || (params.get('lang') || page.defaults.lang) !== page.lang) {
        return fields.map(function () { return NO(); });
      }
      return fields.map(function (field) {
        var value = params.get(field) || page.defaults[field];
        return value === current[field] ? NO() : value;
      });
    },

    /* a click on the comparison chart selects its chain; a second click clears */
    chainClick: function (click, chain) {
      var point = click && click.points && click.points[0];
      var clicked = point && point.customdata && point.customdata[0];
      if (!clicked) { return NO(); }
      return clicked === chain ? 'all' : clicked;
    }
  };
})();
