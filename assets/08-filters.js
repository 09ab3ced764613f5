/* The dashboard's charts and filters, in the browser and outside Dash's renderer.
 *
 * Why outside: every store update of dash-renderer runs a selector for each of the page's ~2,600
 * components, so even a callback that does nothing costs 150-250 ms on a laptop-class CPU. The
 * filters are native selects Dash does not track; a change here sets classes, redraws the charts
 * in view with Plotly.react and writes the URL and the links, in one task.
 *
 * The first screen first (pages/dashboard.py `panels`, `graph`): the router's answer renders the
 * first screen's panels without their collapsed parts; those and the later panels wait as a
 * dcc.Store's data. Each chart is a box carrying its figure: the ones in view are drawn at once,
 * then the parts are moved into their places at idle, and their charts drawn when they come near
 * the viewport, at idle, or before print.
 *
 * The filters' figures and classes: the page's root names its view (`data-view`) and the variants
 * of its language and data version (`data-variants`: every figure and class a filter value can
 * show, built by callbacks/dashboard.py `variants` with the page's own functions), fetched once the
 * page is complete or when a filter is first touched.
 * tests/test_filters_clientside.py proves a change here shows what the server renders for the URL.
 */
(function () {
  var LOWER_PENDING = 'lower-pending';  /* pages/dashboard.py LOWER_PENDING, LOWER_STORE */
  var LOWER_STORE = 'lower-store';
  var NEAR = '400px 0px';  /* how close to the viewport a chart is drawn */
  var page = null;

  /* draw a chart's current figure if it is not on screen yet (assets/04-charts.js): false when it
   * cannot be drawn yet */
  function draw(graphId) {
    var figure = page.figures[graphId];
    var box = page.boxes[graphId];
    if (!figure || page.drawn[graphId] === figure) { return true; }
    var first = box && !window.getdzCharts.plotOf(box);
    if (!box || !window.getdzCharts.plot(box, figure)) { return false; }
    if (first && graphId === 'chain-compare-graph') { window.getdzCharts.plotOf(box).on('plotly_click', chainClick); }
    page.drawn[graphId] = figure;
    return true;
  }

  /* `step(graphId)` again each frame until it is done, at most `tries` times, while this page is
   * shown */
  function soon(step, graphId, tries) {
    var current = page;
    if (step(graphId) || tries <= 0) { return; }
    window.requestAnimationFrame(function () { if (page === current) { soon(step, graphId, tries - 1); } });
  }

  var idle = window.getdzCharts.idle;

  /* the charts not drawn yet, in idle time */
  function drawAtIdle(current) {
    window.getdzCharts.whileIdle(function () {
      if (page !== current) { return false; }
      var next = Object.keys(current.boxes).filter(function (id) { return current.drawn[id] !== current.figures[id]; })[0];
      return next === undefined ? false : draw(next) || null;
    });
  }

  /* charts near the viewport but not in it are redrawn once the change is on screen and the browser
   * is idle (never competing with the answer to the choice); the others when they come near */
  var REDRAW_AFTER = 600;
  function redrawNearAtIdle(current) {
    window.clearTimeout(current.redraw);
    current.redraw = window.setTimeout(function () {
      idle(function () {
        if (page !== current) { return; }
        Object.keys(current.near).forEach(function (graphId) { if (current.near[graphId]) { draw(graphId); } });
      });
    }, REDRAW_AFTER);
  }

  function variants() {
    if (!page.loading) {
      var current = page;
      current.loading = fetch(current.url, {credentials: 'same-origin'}).then(function (r) {
        if (!r.ok) { throw new Error('variants: HTTP ' + r.status); }
        return r.json();
      }).then(function (data) {
        current.data = data;
        return data;
      }, function (err) { current.loading = null; throw err; });
    }
    return page.loading;
  }

  /* components/view.py to_search: the values that differ from the defaults, in field order */
  function toSearch(view, defaults) {
    var params = new URLSearchParams();
    Object.keys(defaults).forEach(function (field) {
      if (view[field] !== defaults[field]) { params.append(field, view[field]); }
    });
    var query = params.toString();
    return query ? '?' + query : '';
  }

  function figureOf(data, graphId) {
    var graph = data.graphs[graphId];
    return graph.figures[graph.fields.map(function (f) { return page.view[f]; }).join('|')];
  }

  /* the page was drawn from another data version than the server has now: draw it again, once */
  function reloadOnce(version) {
    var key = 'getdz-reload-' + window.location.href;
    if (window.sessionStorage.getItem(key) !== version) {
      window.sessionStorage.setItem(key, version);
      window.location.reload();
    }
  }

  function apply(data, field) {
    var classes = (data.classes[field] || {})[page.view[field]] || {};
    Object.keys(classes).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.className !== classes[id]) { el.className = classes[id]; }
    });
    Object.keys(data.graphs).forEach(function (graphId) {
      var graph = data.graphs[graphId];
      if (graph.fields.indexOf(field) < 0) { return; }
      page.figures[graphId] = figureOf(data, graphId);
      if (page.visible[graphId]) { draw(graphId); }
    });
    redrawNearAtIdle(page);
    var search = toSearch(page.view, data.defaults);
    if (search !== window.location.search && !(search === '' && window.location.search === '?')) {
      window.history.pushState({getdz: true}, '', window.location.pathname + search);  /* back restores */
    }
    window.getdzLinks.refresh(search, window.location.pathname);
  }

  function choose(field, value) {
    page.view[field] = value;
    var current = page;
    if (current.data) { return apply(current.data, field); }
    current.root.classList.add('is-loading');  /* "更新中…" while the variants arrive (after 150 ms) */
    variants().then(function (data) {
      current.root.classList.remove('is-loading');
      if (page !== current) { return; }
      if (data.version !== current.version) {  /* the data changed since the page was drawn */
        window.location.replace(window.location.pathname + toSearch(current.view, data.defaults));
        return;
      }
      Object.keys(current.view).forEach(function (f) { apply(data, f); });
    }, function () {  /* no variants: the server draws the view */
      current.root.classList.remove('is-loading');
      var params = new URLSearchParams(window.location.search);
      params.set(field, value);
      window.location.assign(window.location.pathname + '?' + params.toString());
    });
  }

  /* a click on the comparison chart selects its chain; a second click clears */
  function chainClick(event) {
    var point = event && event.points && event.points[0];
    var chain = point && point.customdata && point.customdata[0];
    var select = document.getElementById('filter-chain');
    if (!page || !select || !chain) { return; }
    var next = chain === page.view.chain ? 'all' : chain;
    if (!select.querySelector('option[value="' + next + '"]')) { return; }
    select.value = next;
    choose('chain', next);
  }

  /* each chart box of the page not seen yet: its figure (unless a filter gave it another) and
   * the observers that draw it */
  function register(current) {
    current.root.querySelectorAll('[role=figure][data-graph]').forEach(function (box) {
      var graphId = box.getAttribute('data-graph');
      if (current.boxes[graphId] === box) { return; }
      current.boxes[graphId] = box;
      if (!(graphId in current.figures)) { current.figures[graphId] = JSON.parse(box.getAttribute('data-figure')); }
      current.observers.forEach(function (o) { o.observe(box); });
    });
  }

  /* Each component Dash's renderer mounts into a page already drawn dispatches a reset of its
   * render hashes, and each dispatch runs a selector for every component on the page: 2,000
   * components took 10-20 s. A new component has no hashes to reset, so a reset that would remove
   * none is not dispatched: the store is unchanged, as it would be after it. */
  function skipEmptyResets(store) {
    if (!store || store.dispatch.__getdz) { return; }
    var dispatch = store.dispatch;
    store.dispatch = function (action) {
      var path = action && action.type === 'RESET_COMPONENT_STATE' && action.payload && action.payload.itempath;
      if (path) {
        var prefix = path.join(',');  /* dash-renderer's stringifyPath, and the reducer's test */
        var hashes = store.getState().layoutHashes || {};
        if (!Object.keys(hashes).some(function (key) { return key.startsWith(prefix); })) { return action; }
      }
      return dispatch.apply(this, arguments);
    };
    store.dispatch.__getdz = true;
  }

  /* each part waiting as data into its place (pages/dashboard.py `panels`) */
  function fill(current) {
    var api = window.dash_component_api;
    var stored = page === current && api && api.getLayout && api.getLayout(LOWER_STORE);
    var parts = stored && stored.props && stored.props.data;
    if (!parts) { return; }
    (window.dash_stores || []).forEach(skipEmptyResets);
    parts.forEach(function (part) {
      var place = document.getElementById(api.stringifyId(part[0]));
      if (place && place.classList.contains(LOWER_PENDING)) {
        var className = place.className.replace(LOWER_PENDING, '').trim();
        window.dash_clientside.set_props(part[0], {children: part[1], className: className});
      }
    });
  }

  /* the later panels are in: they show the view chosen meanwhile, then every chart is drawn and the
   * filters' variants fetched, at idle */
  function complete(current) {
    current.complete = true;
    register(current);
    /* the parts' links (Dash's link callbacks ran before they were in) */
    window.getdzLinks.refresh(window.location.search, window.location.pathname);
    Object.keys(current.view).forEach(function (field) {
      var select = current.root.querySelector('select[data-filter="' + field + '"]');
      if (select && select.value !== current.view[field]) { select.value = current.view[field]; }
      if (current.data && current.view[field] !== current.first[field]) { apply(current.data, field); }
    });
    drawAtIdle(current);
    idle(function () {
      if (page !== current) { return; }
      variants().then(function (data) {
        if (page === current && data.version !== current.version) { reloadOnce(data.version); }
      }, function () {});
    });
  }

  function start(root) {
    var url = root.getAttribute('data-variants');
    var view = JSON.parse(root.getAttribute('data-view'));
    page = {
      root: root,
      view: view,
      first: Object.assign({}, view),
      url: url,
      version: new URL(url, window.location.href).searchParams.get('v'),
      data: null, loading: null, figures: {}, drawn: {}, near: {}, visible: {}, boxes: {}, complete: false
    };
    var current = page;
    /* the URL says the view as the server understood it (in order, without unknown parameters) */
    var search = root.getAttribute('data-search') || '';
    if (window.location.pathname === '/' && window.location.search !== search) {
      window.history.replaceState(window.history.state, '', '/' + search + window.location.hash);
      window.getdzLinks.refresh(search, '/');
    }
    var seen = false;
    var near = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var graphId = entry.target.getAttribute('data-graph');
        current.near[graphId] = entry.isIntersecting;
        if (entry.isIntersecting && page === current) { soon(draw, graphId, 120); }
      });
      /* the first screen's charts are drawn: the rest of the page at idle */
      if (!seen) { seen = true; idle(function () { fill(current); }); }
    }, {rootMargin: NEAR});
    var visible = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        current.visible[entry.target.getAttribute('data-graph')] = entry.isIntersecting;
      });
    });
    current.observers = [near, visible];
    register(current);
    if (!root.querySelector('.' + LOWER_PENDING)) { complete(current); }
  }

  /* the router draws pages into the same document: follow the dashboard's root */
  var queued = false;
  function follow() {
    queued = false;
    var root = document.querySelector('.page-dashboard[data-view]');
    if (page && page.root === root) {
      if (!page.complete && !root.querySelector('.' + LOWER_PENDING)) { complete(page); }
      return;
    }
    if (page) { page.observers.forEach(function (o) { o.disconnect(); }); }
    page = null;
    if (root) { start(root); }
  }
  new MutationObserver(function () {
    if (!queued) { queued = true; window.requestAnimationFrame(follow); }
  }).observe(document.documentElement, {childList: true, subtree: true});

  document.addEventListener('change', function (event) {
    var select = event.target;
    if (page && select.matches && select.matches('select[data-filter]')) {
      choose(select.getAttribute('data-filter'), select.value);
    }
  });
  /* (fetched at once if a filter is touched before the first screen is drawn) */
  ['pointerdown', 'focusin', 'keydown'].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (page && !page.loading && event.target.closest && event.target.closest('.filter')) {
        variants().catch(function () {});
      }
    }, true);
  });
  /* the language switch is a dcc.Link, which navigates to its `href` prop, not the one set here */
  document.addEventListener('click', function (event) {
    var link = page && event.target.closest && event.target.closest('#lang-link');
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    window.history.pushState({}, '', link.getAttribute('href'));
    window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
    window.scrollTo(0, 0);
  }, true);
  /* back and forward between views this page switched to (other moves are the router's: dcc.Location
   * sees them too, and draws the page again when the URL is not the one it drew) */
  window.addEventListener('popstate', function () {
    var data = page && page.data;
    var params = new URLSearchParams(window.location.search);
    if (!data || window.location.pathname !== '/' || (params.get('lang') || data.defaults.lang) !== page.view.lang) {
      return;
    }
    var changed = Object.keys(data.defaults).filter(function (field) {
      var select = page.root.querySelector('select[data-filter="' + field + '"]');
      var value = params.get(field) || data.defaults[field];
      if (!select || page.view[field] === value || !select.querySelector('option[value="' + value + '"]')) { return false; }
      select.value = value;
      page.view[field] = value;
      return true;
    });
    changed.forEach(function (field) { apply(data, field); });  /* the URL is already the view's */
  });
  /* print gets every chart */
  window.addEventListener('beforeprint', function () {
    if (page) { Object.keys(page.figures).forEach(draw); }
  });
})();
