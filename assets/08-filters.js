/* The dashboard's filters switch in the browser, outside Dash's renderer.
 *
 * Why outside: every store update of dash-renderer runs a selector for each of the page's ~2,600
 * components, so even a callback that does nothing costs 150-250 ms on a laptop-class CPU. The
 * filters are native selects Dash does not track; a change here sets classes, redraws the charts
 * in view with Plotly.react and writes the URL and the links, in one task.
 *
 * What from: the page's root (pages/dashboard.py dashboard_page) names its view (`data-view`) and
 * the variants of its language and data version (`data-variants`: every figure and class a filter
 * value can show, built by callbacks/dashboard.py `variants` with the page's own functions). They
 * are fetched once the first screen is drawn. Charts below the first screen start empty
 * (`chart-pending`) and are drawn from them when they come near the viewport, at idle, or before
 * print.
 * tests/test_filters_clientside.py proves a change here shows what the server renders for the URL.
 */
(function () {
  var PENDING = 'chart-pending';
  var NEAR = '400px 0px';  /* how close to the viewport a chart is drawn */
  var page = null;

  function plot(graphId) {
    var el = document.getElementById(graphId);
    var gd = el && el.querySelector('.js-plotly-plot');
    return gd && gd._fullLayout && window.Plotly ? gd : null;
  }

  /* draw a graph's current figure if it is not on screen yet: into the plot dcc.Graph made (the
   * first screen's), or a lazy box's first plot; false when that plot is not ready */
  function draw(graphId) {
    var figure = page.figures[graphId];
    if (!figure || page.drawn[graphId] === figure) { return true; }
    var gd = plot(graphId);
    var box = page.boxes[graphId];
    var target = !gd && box && box.hasAttribute('data-config') && box.querySelector('.plot-target');
    if (target && window.Plotly) {
      target.style.height = '';
      window.Plotly.newPlot(target, figure.data, figure.layout, JSON.parse(box.getAttribute('data-config')));
      gd = target;
    } else if (gd) {
      window.Plotly.react(gd, figure.data, figure.layout);
    } else {
      return false;
    }
    page.drawn[graphId] = figure;
    if (box && box.classList.contains(PENDING)) { box.classList.remove(PENDING); }
    adopt(graphId);
    return true;
  }

  /* dcc.Graph reports every hover, click and relayout to Dash's store, a 100-250 ms store update
   * here each time, for props no callback of this page reads: its listeners go; a click on the
   * comparison chart is the chain filter's. */
  var REPORTED = ['plotly_hover', 'plotly_unhover', 'plotly_click', 'plotly_selected', 'plotly_relayout',
                  'plotly_restyle', 'plotly_clickannotation'];
  function adopt(graphId) {
    var gd = plot(graphId);
    if (!gd || gd.__getdz) { return !!gd; }
    gd.__getdz = true;
    REPORTED.forEach(function (type) { gd.removeAllListeners(type); });
    if (graphId === 'chain-compare-graph') { gd.on('plotly_click', chainClick); }
    return true;
  }

  /* `step(graphId)` again each frame until it is done (Dash loads the graph component lazily, so a
   * plot may not be there yet), at most `tries` times, while this page is shown */
  function soon(step, graphId, tries) {
    var current = page;
    if (step(graphId) || tries <= 0) { return; }
    window.requestAnimationFrame(function () { if (page === current) { soon(step, graphId, tries - 1); } });
  }

  function idle(fn) {
    if (window.requestIdleCallback) { window.requestIdleCallback(fn, {timeout: 2000}); } else { window.setTimeout(fn, 200); }
  }

  /* the charts of the first load not drawn yet, one per idle period */
  function drawAtIdle(current) {
    idle(function () {
      if (page !== current) { return; }
      var next = current.lazy.filter(function (id) { return !current.drawn[id]; })[0];
      if (next === undefined) { return; }
      draw(next);
      drawAtIdle(current);
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

  /* dcc.Graph answers every change of its size with Plotly.Plots.resize, which relayouts the plot
   * 100 ms later (and tells Dash's renderer). A new figure of another height changes its size but
   * not its width, the only thing autosize computes here: then there is nothing to do. */
  function patchResize() {
    var plots = window.Plotly && window.Plotly.Plots;
    if (!plots || plots.resize.__getdz) { return; }
    var resize = plots.resize;
    plots.resize = function (gd) {
      var full = gd && gd._fullLayout;
      if (full && gd.layout && gd.layout.height && gd.closest && gd.closest('.page-dashboard[data-view]') &&
          Math.round(full.width) === Math.round(gd.clientWidth)) {
        return Promise.resolve(gd);
      }
      return resize.apply(this, arguments);
    };
    plots.resize.__getdz = true;
  }

  function start(root) {
    patchResize();
    var url = root.getAttribute('data-variants');
    page = {
      root: root,
      view: JSON.parse(root.getAttribute('data-view')),
      url: url,
      version: new URL(url, window.location.href).searchParams.get('v'),
      data: null, loading: null, figures: {}, drawn: {}, near: {}, visible: {}, boxes: {}, lazy: []
    };
    var current = page;
    /* the URL says the view as the server understood it (in order, without unknown parameters) */
    var search = root.getAttribute('data-search') || '';
    if (window.location.pathname === '/' && window.location.search !== search) {
      window.history.replaceState(window.history.state, '', '/' + search + window.location.hash);
      window.getdzLinks.refresh(search, '/');
    }
    var near = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var graphId = entry.target.getAttribute('data-graph');
        current.near[graphId] = entry.isIntersecting;
        if (entry.isIntersecting && page === current) { soon(draw, graphId, 120); }
      });
    }, {rootMargin: NEAR});
    var visible = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        current.visible[entry.target.getAttribute('data-graph')] = entry.isIntersecting;
      });
    });
    root.querySelectorAll('[role=figure][data-graph]').forEach(function (box) {
      var graphId = box.getAttribute('data-graph');
      current.boxes[graphId] = box;
      if (box.classList.contains(PENDING)) { current.lazy.push(graphId); } else { soon(adopt, graphId, 600); }
      near.observe(box);
      visible.observe(box);
    });
    current.observers = [near, visible];
    /* the variants once the first screen is drawn: the lazy charts' figures, and every filter's */
    idle(function () {
      if (page !== current) { return; }
      variants().then(function (data) {
        if (page !== current) { return; }
        if (data.version !== current.version) { return reloadOnce(data.version); }
        current.lazy.forEach(function (graphId) { current.figures[graphId] = figureOf(data, graphId); });
        current.lazy.forEach(function (graphId) { if (current.near[graphId]) { soon(draw, graphId, 120); } });
        drawAtIdle(current);
      }, function () {});
    });
  }

  /* the router draws pages into the same document: follow the dashboard's root */
  var queued = false;
  function follow() {
    queued = false;
    var root = document.querySelector('.page-dashboard[data-view]');
    if (page && page.root === root) { return; }
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
