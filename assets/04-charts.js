/* Chart boxes: the one place a box's figure is drawn with plotly.js (the dashboard's charts,
 * assets/08-filters.js; the slides', assets/30-slides.js).
 *
 * A box (pages/dashboard.py `graph`, pages/slides.py `slide_graph`) carries its figure
 * (`data-figure`) and plotly config (`data-config`) and an empty `.plot-target`; it is drawn when
 * its page wants it, not when React mounts it, so a first screen is drawn before anything else.
 * plotly.js itself comes when the page needs it (`load`).
 * A box with `data-fill` fills its box (a slide's cell): the figure's own size gives way, and the
 * plot follows the box's size, as dcc.Graph's `responsive` does.
 */
window.getdzCharts = (function () {
  var PENDING = 'chart-pending';  /* components/theme.py CHART_PENDING */
  var drawn = new Set();  /* the plots drawn into fill boxes, watched for their size */
  var queued = new Set();
  var resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { queued.add(entry.target); });
    window.requestAnimationFrame(function () {
      queued.forEach(function (gd) {
        var full = gd._fullLayout;
        if (gd.isConnected && full && (Math.round(full.width) !== gd.clientWidth ||
            Math.round(full.height) !== gd.clientHeight)) {
          window.Plotly.Plots.resize(gd).catch(function () {});
        }
      });
      queued.clear();
    });
  });

  /* the plot drawn in a box, or null */
  function plotOf(box) {
    var gd = box && box.querySelector('.js-plotly-plot');
    return gd && gd._fullLayout ? gd : null;
  }

  function figureOf(box) {
    return JSON.parse(box.getAttribute('data-figure'));
  }

  function layoutOf(box, figure) {
    if (!box.hasAttribute('data-fill')) { return figure.layout; }
    return Object.assign({}, figure.layout, {autosize: true, width: undefined, height: undefined});
  }

  /* draw `figure` (the box's own by default) into `box`: its first plot, or a redraw. False when
   * plotly.js is not there yet. */
  function plot(box, figure) {
    if (!window.Plotly) { load(); return false; }
    figure = figure || figureOf(box);
    var gd = plotOf(box);
    if (gd) {
      window.Plotly.react(gd, figure.data, layoutOf(box, figure));
    } else {
      var target = box.querySelector('.plot-target');
      target.style.height = '';
      window.Plotly.newPlot(target, figure.data, layoutOf(box, figure), JSON.parse(box.getAttribute('data-config')));
      if (box.hasAttribute('data-fill') && resized) {
        drawn.add(target);
        resized.observe(target);
      }
    }
    box.classList.remove(PENDING);
    return true;
  }

  /* plots of boxes no longer in the page (a deck's slides swapped for a new data version) */
  function sweep() {
    drawn.forEach(function (gd) {
      if (gd.isConnected) { return; }
      drawn.delete(gd);
      if (resized) { resized.unobserve(gd); }
      window.Plotly.purge(gd);
    });
  }

  /* `fn` at the browser's next idle moment (at the latest after `timeout` ms) */
  function idle(fn, timeout) {
    timeout = timeout || 2000;
    if (window.requestIdleCallback) { window.requestIdleCallback(fn, {timeout: timeout}); } else { window.setTimeout(fn, Math.min(timeout, 200)); }
  }

  /* `step()` in idle time, as often as an idle period holds (once at least), until it answers
   * false; null: not now, again at the next idle moment */
  function whileIdle(step) {
    idle(function (deadline) {
      var more;
      do { more = step(); } while (more === true && deadline && deadline.timeRemaining() > 0);
      if (more !== false) { whileIdle(step); }
    });
  }

  /* plotly.js, which a page of chart boxes preloads or names (components/layout.py
   * DEFERRED_PLOTLY): run at the first idle moment once the renderer has started (preloaded), or
   * when a box is first drawn */
  function load() {
    document.querySelectorAll('link[data-deferred-script], meta[name="getdz-deferred-script"]').forEach(function (el) {
      var script = document.createElement('script');
      script.src = el.getAttribute('href') || el.getAttribute('content');
      script.async = false;
      el.remove();
      document.head.appendChild(script);
    });
  }
  if (document.querySelector('link[data-deferred-script]')) {
    document.addEventListener('DOMContentLoaded', function () { idle(load, 300); });
  }

  return {plot: plot, plotOf: plotOf, sweep: sweep, idle: idle, whileIdle: whileIdle};
})();
