/* Chart boxes: the one place a box's figure is drawn with plotly.js (the dashboard's charts,
 * assets/08-filters.js; the decks' graphs are dcc.Graphs).
 *
 * A box (pages/dashboard.py `graph`) carries its figure
 * (`data-figure`) and plotly config (`data-config`) and an empty `.plot-target`; it is drawn when
 * its page wants it, not when React mounts it, so a first screen is drawn before anything else.
 * plotly.js itself comes when the page needs it (`load`).
 */
window.getdzCharts = (function () {
  var PENDING = 'chart-pending';  /* components/theme.py CHART_PENDING */
  /* the plot drawn in a box, or null */
  function plotOf(box) {
    var gd = box && box.querySelector('.js-plotly-plot');
    return gd && gd._fullLayout ? gd : null;
  }

  function figureOf(box) {
    return JSON.parse(box.getAttribute('data-figure'));
  }

  /* draw `figure` (the box's own by default) into `box`: its first plot, or a redraw. False when
   * plotly.js is not there yet. */
  function plot(box, figure) {
    if (!window.Plotly) { load(); return false; }
    figure = figure || figureOf(box);
    var gd = plotOf(box);
    if (gd) {
      window.Plotly.react(gd, figure.data, figure.layout);
    } else {
      var target = box.querySelector('.plot-target');
      target.style.height = '';
      window.Plotly.newPlot(target, figure.data, figure.layout, JSON.parse(box.getAttribute('data-config')));
    }
    box.classList.remove(PENDING);
    return true;
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

  /* plotly.js, which the dashboard preloads (components/layout.py DEFERRED_PLOTLY): run at the
   * first idle moment once the renderer has started, or when a box is first drawn */
  function load() {
    document.querySelectorAll('link[data-deferred-script]').forEach(function (el) {
      var script = document.createElement('script');
      script.src = el.getAttribute('href');
      script.async = false;
      el.remove();
      document.head.appendChild(script);
    });
  }
  if (document.querySelector('link[data-deferred-script]')) {
    document.addEventListener('DOMContentLoaded', function () { idle(load, 300); });
  }

  return {plot: plot, plotOf: plotOf, idle: idle, whileIdle: whileIdle};
})();
