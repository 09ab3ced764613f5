/* The dashboard's sections: the sticky bar marks the section in view, the phone drawer of filters,
 * lower sections collapsed on phones, the phone menu, and each chart's PNG button.
 * Plain DOM on elements Dash never re-renders (their props are not callback outputs). */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.sections = {
  /* the navbar collapse: a menu button click flips it */
  toggle: function (n, open) { return !open; },
  /* the label of the period chosen, for the phone's 筛选 button */
  period: function (value, options) {
    var chosen = (options || []).filter(function (o) { return o.value === value; })[0];
    return chosen ? chosen.label : window.dash_clientside.no_update;
  }
};

(function () {
  var PHONE = window.matchMedia('(max-width: 767.98px)');

  function barHeight() {
    var bar = document.querySelector('.section-bar');
    return bar ? bar.getBoundingClientRect().height : 0;
  }

  /* the section in view: the last one whose top has passed just under the sticky bar */
  function markSection() {
    var links = document.querySelectorAll('.section-link');
    if (!links.length) { return; }
    var line = barHeight() + 24, current = null;
    var chosen = clicked && document.getElementById('panel-' + clicked);
    document.querySelectorAll('.page-dashboard .panel[data-section]').forEach(function (panel) {
      if (panel.getBoundingClientRect().top <= line) { current = panel.getAttribute('data-section'); }
    });
    if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) {
      var all = document.querySelectorAll('.page-dashboard .panel[data-section]');
      if (all.length) { current = all[all.length - 1].getAttribute('data-section'); }
    }
    if (chosen) {  /* a section jumped to from the nav stays marked while it is on screen */
      var top = chosen.getBoundingClientRect().top;
      if (top >= 0 && top < window.innerHeight / 2) { current = clicked; }
    }
    current = current || links[0].getAttribute('data-section');
    links.forEach(function (a) {  /* only what changes: a scroll must not rewrite the bar */
      var on = a.getAttribute('data-section') === current;
      if (a.classList.contains('active') === on) { return; }
      a.classList.toggle('active', on);
      if (on) { a.setAttribute('aria-current', 'true'); } else { a.removeAttribute('aria-current'); }
    });
  }
  var queued = false, clicked = null;
  ['wheel', 'touchmove', 'keydown'].forEach(function (type) {
    window.addEventListener(type, function () { clicked = null; }, {passive: true});
  });
  function onScroll() {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(function () { queued = false; markSection(); });
  }
  window.addEventListener('scroll', onScroll, {passive: true});
  window.addEventListener('resize', onScroll);

  /* the phone drawer of filters (Bootstrap's offcanvas-md classes; inline above 768 px). The
   * drawer lives in the sticky bar, a stacking context of its own, so its backdrop goes into the
   * bar beside it and the bar is lifted above the page while the drawer is open; everything else
   * is inert then (focus stays in the drawer, a screen reader reads only it). */
  var backdrop = null, inert = [];
  function drawer(open) {
    var panel = document.getElementById('filters-drawer');
    var button = document.getElementById('filters-toggle');
    if (!panel || open === Boolean(backdrop)) { return; }
    var bar = panel.parentNode;
    panel.classList.toggle('show', open);
    bar.classList.toggle('drawer-open', open);
    if (button) { button.setAttribute('aria-expanded', open ? 'true' : 'false'); }
    if (open) {
      panel.setAttribute('role', 'dialog');
      panel.setAttribute('aria-modal', 'true');
      backdrop = document.createElement('div');
      backdrop.className = 'offcanvas-backdrop fade show';
      backdrop.addEventListener('click', function () { drawer(false); });
      bar.insertBefore(backdrop, panel);
      for (var node = panel; node && node !== document.body; node = node.parentNode) {
        Array.prototype.forEach.call(node.parentNode.children, function (sibling) {
          if (sibling !== node && sibling !== backdrop && !sibling.inert) { sibling.inert = true; inert.push(sibling); }
        });
      }
      var first = panel.querySelector('select, .btn-close');
      if (first) { first.focus(); }
    } else {
      panel.removeAttribute('role');
      panel.removeAttribute('aria-modal');
      inert.forEach(function (node) { node.inert = false; });
      inert = [];
      backdrop.remove();
      backdrop = null;
      if (button && (panel.contains(document.activeElement) || document.activeElement === document.body)) {
        button.focus();
      }
    }
  }
  PHONE.addEventListener('change', function () { drawer(false); });

  /* lower sections start collapsed on phones; opening one is a tap on its title or its nav link */
  function collapse(panel, closed) {
    panel.classList.toggle('collapsed', closed);
    var toggle = panel.querySelector('.panel-toggle');
    if (toggle) { toggle.setAttribute('aria-expanded', closed ? 'false' : 'true'); }
  }
  /* new panels (a page the router drew): set up once per frame, and only then measure the layout
   * (charts drawing must not force a layout on every one of their mutations) */
  var setUpQueued = false;
  function setUp() {
    setUpQueued = false;
    var fresh = document.querySelectorAll('.page-dashboard .panel[data-section]:not([data-ready])');
    fresh.forEach(function (panel) {
      panel.setAttribute('data-ready', '1');
      if (PHONE.matches && panel.querySelector('.panel-toggle')) { collapse(panel, true); }
    });
    if (fresh.length) { markSection(); }
  }
  new MutationObserver(function () {
    if (!setUpQueued) { setUpQueued = true; window.requestAnimationFrame(setUp); }
  }).observe(document.documentElement, {childList: true, subtree: true});

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    if (!target) { return; }
    if (target.closest('#filters-toggle')) { drawer(true); return; }
    if (target.closest('[data-drawer-close]')) { drawer(false); return; }
    var toggle = target.closest('.panel-toggle');
    if (toggle) {
      var panel = toggle.closest('.panel');
      collapse(panel, !panel.classList.contains('collapsed'));
      return;
    }
    var link = target.closest('.section-link, .line-title');
    if (link) {
      clicked = (link.getAttribute('href') || '').replace('#panel-', '');
      var section = document.querySelector(link.getAttribute('href'));
      if (section) { collapse(section, false); }
      return;
    }
    /* .png-button: assets/09-export.js */
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && backdrop) { drawer(false); }
    if (event.key === 'Tab' && backdrop) {  /* the rest is inert: Tab wraps round within the drawer */
      var stops = document.querySelectorAll('#filters-drawer select, #filters-drawer a, #filters-drawer button');
      var edge = stops[event.shiftKey ? 0 : stops.length - 1];
      if (document.activeElement === edge || !edge.closest('#filters-drawer').contains(document.activeElement)) {
        event.preventDefault();
        stops[event.shiftKey ? stops.length - 1 : 0].focus();
      }
    }
  }, true);
})();
