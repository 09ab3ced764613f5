/* The dashboard's filters, as Dash clientside callbacks (registered in callbacks/dashboard.py).
 *
 * Each filter is a dbc.Select Dash tracks. One callback (`view`) draws a filter change: it reads
 * what the filters' values show from the variants (a dcc.Store: every figure, card and class a
 * filter value can show, built by callbacks/dashboard.py `variants` with the page's own rules) and
 * returns it as the outputs of dcc.Graphs, card rows and classes, all at once (each callback costs
 * the renderer a pass over every mounted component). The URL is written with history.pushState; back and forward reach
 * the filters through dcc.Location (`follow`). tests/test_filters_clientside.py proves a change
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

  /* an element's prop the filters set (`sets`: id attribute -> {prop: value}) */
  function prop(sets, out) {
    var props = sets[domId(out.id)];
    return props && props[out.property] !== undefined ? props[out.property] : NO();
  }

  /* a container's children with the props the filters set on the elements inside it, as one
   * Patch (one update for the renderer, whatever the number of elements); nothing if none differ */
  function patch(children, sets) {
    var update = new window.dash_clientside.Patch();
    var changed = false;
    (function walk(node, path) {
      if (Array.isArray(node)) { node.forEach(function (child, i) { walk(child, path.concat([i])); }); return; }
      if (!node || typeof node !== 'object' || !node.props) { return; }
      var props = node.props;
      var want = props.id !== undefined && sets[domId(props.id)];
      Object.keys(want || {}).forEach(function (key) {
        if (props[key] !== want[key]) { update.assign(path.concat(['props', key]), want[key]); changed = true; }
      });
      walk(props.children, path.concat(['props', 'children']));
    })(children, []);
    return changed ? update.build() : NO();
  }

  /* the view in the URL and in the view store the links follow: a view other than the one the
   * page was drawn for (`page.search`, its canonical query) is a new history entry, so back and
   * forward step through the views, even for a filter changed before the variants arrived; the
   * view the page was drawn for replaces the URL (at load, the URL becomes the view as the server
   * understood it). dcc.Location's `search` and `href` are set to the URL written (it writes its
   * `href` again when it differs), so it sees back and forward from there. */
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
     * `register_filters`: the first screen's, each lower panel's). Its
     * arguments: the filters' values, the variants, the page and the view shown; then states
     * read from the callback context by id: the graphs' figures and the containers' children.
     * Each output from the variants, no_update where it shows that already: a graph's `figure`;
     * a container's `children`, as a Patch of the props the filters set on the elements inside
     * it (one update for all its cards); an element's `className`; the view store,
     * dcc.Location's `search` and `href` (`url`). At once: each callback costs the renderer a pass
     * over every mounted component. When the variants arrive, every field is brought up to date
     * (a filter may have changed while they came). */
    view: function (period, chain, cm, im, campaign, variants, page, shown) {
      var context = window.dash_clientside.callback_context;
      var outs = outputs();
      if (!variants || !page) { return outs.map(function (out) { return Array.isArray(out) ? out.map(NO) : NO(); }); }
      var view = {lang: page.lang, period: period, chain: chain, cm: cm, im: im, campaign: campaign};
      if (variants.period !== period) { request(page, period); }
      /* the fields whose filter changed (all of them when the variants arrive: a filter may have
       * changed while they came); the inputs are the filters, in the order of the arguments */
      var changed = context.triggered.map(function (t) { return t.prop_id; });
      var arrived = changed.indexOf(context.inputs_list[FIELDS.length].id + '.data') >= 0;
      var sets = {};
      FIELDS.forEach(function (field, i) {
        var table = variants.sets[field];
        if (!table || !(arrived || changed.indexOf(context.inputs_list[i].id + '.value') >= 0)) { return; }
        Object.keys(table[view[field]] || {}).forEach(function (id) { sets[id] = table[view[field]][id]; });
      });
      var address = null;  /* the URL is the first screen's callback's (written once) */
      return outs.map(function (out) {
        if (Array.isArray(out)) { return out.map(function (one) { return prop(sets, one); }); }
        if (out.property === 'figure') { return figure(variants.graphs[out.id], view, context.states[out.id + '.figure']); }
        if (out.property === 'children') { return patch(context.states[out.id + '.children'], sets); }
        if (out.property === 'className') { return prop(sets, out); }
        /* the view store's `data` (its property named with a `@` suffix: a duplicate output), and
         * dcc.Location's `search` and `href` */
        address = address || url(view, page, shown);
        return address[out.property.split('@')[0]];
      });
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
