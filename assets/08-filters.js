/* The dashboard's filters, as Dash clientside callbacks (registered in callbacks/dashboard.py).
 *
 * Each filter is a dbc.Select Dash tracks. One callback (`view`) draws a filter change: it reads
 * what the filters' values show from the variants (a dcc.Store: every figure, card and class a
 * filter value can show, built by callbacks/dashboard.py `variants` with the page's own rules) and
 * returns it as the outputs of dcc.Graphs, cards and classes, all at once (each callback costs
 * the renderer a pass over every mounted component). The URL is written with history.pushState;
 * back and forward reach the filters through dcc.Location (`follow`). tests/test_filters_clientside.py proves a change
 * here shows what the server renders for the same URL.
 */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.dashboard = (function () {
  /* Dash's no_update (set by the renderer, which starts after this file) */
  function NO() { return window.dash_clientside.no_update; }

  function outputs() { return window.dash_clientside.callback_context.outputs_list; }

  /* the view's fields the filters set, in the order of the `view` callback's arguments */
  var FIELDS = ['period', 'chain', 'cm', 'im', 'campaign'];

  /* the period whose variants were asked for last (`load`, `request`) */
  var wanted = null;

  /* one period's variants (the browser caches them: immutable for the page's data version) */
  function fetchVariants(page, period) {
    return fetch(page.url + '&period=' + encodeURIComponent(period), {credentials: 'same-origin'}).then(function (r) {
      if (!r.ok) { throw new Error('variants: HTTP ' + r.status); }
      return r.json();
    });
  }

  /* a period whose variants are not in: ask for them once, and put them in the store when they
   * arrive (dash_clientside.set_props, which runs the filters' callbacks again), unless the period
   * changed again meanwhile. Not a callback of the period: the filters' callbacks would then wait
   * for it on every change, chain and metric too. */
  function request(page, period) {
    if (wanted === period) { return; }
    wanted = period;
    fetchVariants(page, period).then(function (variants) {
      if (variants.period === wanted) { window.dash_clientside.set_props(page.store, {data: variants}); }
    }, function () { if (wanted === period) { wanted = null; } });  /* asked again on the next change */
  }

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

  /* a graph's figure for `view` (the variants key it by the values of the fields it depends on),
   * unless it shows that one already (its `layout.meta` is the key) */
  function figure(graph, view, shown) {
    var key = graph && graph.fields.map(function (f) { return view[f]; }).join('|');
    var drawn = graph && graph.figures[key];
    if (!drawn || (shown && shown.layout && shown.layout.meta === key)) { return NO(); }
    return drawn;
  }

  /* an element's prop the filters set (`sets`: id attribute -> {prop: value}), unless it shows
   * that already (`states`: the callback context's states, its current props among them) */
  function prop(sets, out, states) {
    var props = sets[domId(out.id)];
    var want = props ? props[out.property] : undefined;
    var key = domId(out.id) + '.' + out.property;
    if (want === undefined || (key in states && same(states[key], want))) { return NO(); }
    return want;
  }

  /* a prop's value shown and wanted: text and classes compare as they are, children by their JSON */
  function same(shown, want) {
    return shown === want || (typeof shown === 'object' && typeof want === 'object' && JSON.stringify(shown) === JSON.stringify(want));
  }

  /* the view in the URL and in the view store the links follow: a view other than the one the
   * page was drawn for (`page.search`, its canonical query) is a new history entry, so back and
   * forward step through the views, even for a filter changed before the variants arrived; the
   * view the page was drawn for replaces the URL (at load, the URL becomes the view as the server
   * understood it). The dashboard's own dcc.Location (`filters-url`) gets the URL written as its
   * `search` and `href` (it writes its URL again when they differ from the browser's), so it sees
   * back and forward from there (`follow`). Not the router's dcc.Location: the router would then
   * run on the server for every filter change, with nothing to draw. */
  function url(view, page, shown) {
    if (window.location.pathname !== '/') { return {data: NO(), search: NO(), href: NO()}; }
    var search = toSearch(view, page.defaults);
    if (search !== window.location.search && !(search === '' && window.location.search === '?')) {
      window.history[search === page.search ? 'replaceState' : 'pushState']({}, '', '/' + search + window.location.hash);
    }
    if (shown && shown.path === '/' && shown.search === search) { return {data: NO(), search: NO(), href: NO()}; }
    return {data: {path: '/', search: search}, search: window.location.search, href: window.location.href};
  }

  return {
    toSearch: toSearch,

    /* the variants of the page's language, data version and the period the page shows, once */
    load: function (page, period) {
      if (!page || !page.url || !period) { return NO(); }
      wanted = period;
      return fetchVariants(page, period).then(function (variants) { return variants.period === wanted ? variants : NO(); });
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

    /* A filter change, drawn by one callback per group of outputs (callbacks/dashboard.py
     * `register_filters`: the first screen's, each lower panel's). Its inputs: the variants, then
     * the filters the group follows; its states: the page, the view shown, the other filters, then
     * the group's graphs' figures (read from the callback context by id). Each output from the
     * variants, no_update where it shows that already: a graph's `figure`; an element's prop the
     * filters set (a card's parts, a class); the view store and the dashboard's dcc.Location
     * (`url`). At once: each callback costs the renderer a pass over every mounted component.
     * When the variants arrive, every field is brought up to date (a filter may have changed while
     * they came). */
    view: function () {
      var context = window.dash_clientside.callback_context;
      var outs = outputs();
      var variants = context.inputs_list[0].value;
      var page = context.states_list[0].value;
      var shown = context.states_list[1].value;
      if (!variants || !page) { return outs.map(function (out) { return Array.isArray(out) ? out.map(NO) : NO(); }); }
      var view = {lang: page.lang};
      FIELDS.forEach(function (field) {
        var key = page.controls[field] + '.value';
        view[field] = key in context.inputs ? context.inputs[key] : context.states[key];
      });
      if (variants.period !== view.period) { request(page, view.period); }
      /* the fields whose filter changed (all of them when the variants arrive: a filter may have
       * changed while they came) */
      var changed = context.triggered.map(function (t) { return t.prop_id; });
      var arrived = changed.indexOf(context.inputs_list[0].id + '.data') >= 0;
      var sets = {};
      FIELDS.forEach(function (field) {
        var table = variants.sets[field];
        if (!table || !(arrived || changed.indexOf(page.controls[field] + '.value') >= 0)) { return; }
        Object.keys(table[view[field]] || {}).forEach(function (id) { sets[id] = table[view[field]][id]; });
      });
      var address = null;  /* the URL is the first screen's callback's (written once) */
      var result = outs.map(function (out) {
        if (Array.isArray(out)) { return out.map(function (one) { return prop(sets, one, context.states); }); }
        if (out.property === 'figure') { return figure(variants.graphs[out.id], view, context.states[out.id + '.figure']); }
        /* the view store's `data` (its property named with a `@` suffix: a duplicate output) and
         * the dashboard's dcc.Location's `search` and `href` */
        var name = out.property.split('@')[0];
        if (name === 'data' || name === 'search' || name === 'href') {
          address = address || url(view, page, shown);
          return address[name];
        }
        return prop(sets, out, context.states);
      });
      /* nothing to change: no output at all (the renderer updates every output component of a
       * callback that returns, even one left as no_update) */
      var none = result.every(function (r) { return Array.isArray(r) ? r.every(function (x) { return x === NO(); }) : r === NO(); });
      if (none) { throw window.dash_clientside.PreventUpdate; }
      return result;
    },

    /* back or forward to a view of this page: the filters follow the URL (dcc.Location); another
     * page or language is the router's. Nothing to follow (no output at all, see `view`) when the
     * URL shows the view the page shows (`shown`, the view store: the filters wrote it, or the
     * dcc.Location reported the URL the page opened on, maybe after a filter changed meanwhile)
     * or what the filters show already. */
    follow: function (search, pathname, page, shown, period, chain, cm, im, campaign) {
      var current = {period: period, chain: chain, cm: cm, im: im, campaign: campaign};
      var fields = Object.keys(current);
      var params = new URLSearchParams(search || '');
      if (!page || pathname !== '/' || (params.get('lang') || page.defaults.lang) !== page.lang) {
        throw window.dash_clientside.PreventUpdate;
      }
      var asked = {lang: page.lang};
      fields.forEach(function (field) { asked[field] = params.get(field) || page.defaults[field]; });
      var same = fields.every(function (field) { return asked[field] === current[field]; });
      if (same || (shown && shown.path === '/' && shown.search === toSearch(asked, page.defaults))) {
        throw window.dash_clientside.PreventUpdate;
      }
      return fields.map(function (field) { return asked[field]; });
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
