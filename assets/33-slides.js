/* Presenter (/present) and wall (/wall) decks: binds the deck of 31-slides-deck.js (and the
 * wall's upkeep, 32-slides-wall.js) to the page, and the decks' clientside callbacks.
 * Dash loads this file on every page; it acts only once a deck's clientside `init` runs
 * (pages/slides/ puts the config store on the slide pages only).
 */
(function () {
  'use strict';

  var D = window.getdzDeck, W = window.getdzWall, S = D.S, live = D.live, fit = D.fit, show = D.show;
  var start = D.start, schedule = D.schedule, hint = D.hint, bindSlides = D.bindSlides, clearTimer = D.clearTimer;
  var tick = W.tick, startPolling = W.startPolling, requestWakeLock = W.requestWakeLock;
  var slideFromHash = window.getdzSlideLayout.slideFromHash;

  /* Bind to the deck once React has put it in the document (retry for up to 10 s). */
  function attach(config, tries) {
    var deck = document.querySelector('.slide-deck');
    if (!deck) {
      if (tries < 200) { setTimeout(function () { attach(config, tries + 1); }, 50); }  // works in hidden tabs too
      return;
    }
    clearTimer();
    if (S.clockTimer !== null) { clearTimeout(S.clockTimer); S.clockTimer = null; }
    S.deck = deck;
    S.canvas = deck.querySelector('.slide-canvas');
    S.counter = deck.querySelector('.slide-counter');
    S.bar = deck.querySelector('.slide-progress-bar');
    S.clock = deck.querySelector('.slide-clock');
    S.mode = config.mode === 'wall' ? 'wall' : 'present';
    S.interval = Number(config.interval) > 0 ? Number(config.interval) : 0;
    S.poll = Number(config.poll) > 0 ? Number(config.poll) : 0;
    S.fit = String(config.fit || 'auto');
    S.size = Array.isArray(config.size) && config.size.length === 2 ? config.size.map(Number) : null;
    S.slideW = Number(config.slide[0]);  // the slide's design size: pages/slides/options.py SLIDE_W, SLIDE_H
    S.slideH = Number(config.slide[1]);
    S.jumpLabel = String(config.jump || '');
    S.noNotes = String(config.noNotes || '');
    S.message = deck.querySelector('.slide-message');
    S.clockFormat = config.clock || null;
    S.refreshId = String(config.refresh || '');
    S.shownId = String(config.shown || '');
    S.paused = false;
    S.typed = '';
    S.index = 0;
    S.per = 0;
    S.steps = 0;
    bindSlides();
    if (S.data) { deck.setAttribute('data-version', S.data); }
    deck.setAttribute('data-fs-capable', document.fullscreenEnabled === false ? 'false' : 'true');
    fit();
    deck.setAttribute('data-ready', 'true');
    var asked = S.mode === 'present' ? slideFromHash(window.location.hash, S.count) : -1;
    show(Math.max(0, asked));
    hint();
    tick();
    startPolling();
    requestWakeLock();
  }

  var resizing = null;
  window.addEventListener('resize', function () {  // at most one layout per frame while dragging
    if (resizing === null) { resizing = requestAnimationFrame(function () { resizing = null; fit(); }); }
  });
  document.addEventListener('fullscreenchange', function () {
    fit();
    if (live()) { S.deck.setAttribute('data-fullscreen', document.fullscreenElement ? 'true' : 'false'); }
  });
  document.addEventListener('keydown', D.onKey);
  ['pointermove', 'pointerdown', 'wheel'].forEach(function (type) {  // any input shows the key help again
    document.addEventListener(type, function () { if (live() && S.mode === 'present') { hint(); } }, { passive: true });
  });
  window.addEventListener('hashchange', function () {  // a typed #5 goes to slide 5
    var k = live() && S.mode === 'present' ? slideFromHash(window.location.hash, S.count) : -1;
    if (k >= 0) { show(k); }
  });
  document.addEventListener('click', D.onClick);
  document.addEventListener('visibilitychange', requestWakeLock);

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.getdz_slides = {
    /* Clientside callback: the deck's config store mounted. */
    init: function (config) {
      if (config && typeof config === 'object') { attach(config, 0); }
      return Number(config && config.count) || 0;
    },
    /* Clientside callback: the graphs of the slides shown so far (`wanted`, slide indexes) into
     * their empty places (pages/slides/bodies.py `graphs_apart`); a place already filled is left alone. */
    mount: function (wanted, graphs, current) {
      var want = {};
      (Array.isArray(wanted) ? wanted : []).forEach(function (k) { want[k] = true; });
      return window.dash_clientside.callback_context.outputs_list.map(function (out, k) {
        var graph = Array.isArray(graphs) ? graphs[out.id.index] : null;
        return graph && want[out.id.slide] && !(current && current[k]) ? graph : window.dash_clientside.no_update;
      });
    },
    /* Clientside callback: the build id the deck was served with. */
    build: function (buildId) {
      if (typeof buildId === 'string' && buildId) { S.build = buildId; return buildId; }
      return window.dash_clientside.no_update;
    },
    /* Clientside callback: the data version the slides were rendered from (at load, and after a
     * refresh has swapped new slides in). */
    swapped: function (version) {
      if (typeof version !== 'string' || !version) { return window.dash_clientside.no_update; }
      var refreshed = S.data !== null && live();
      S.data = version;
      S.refreshing = '';
      if (refreshed) {
        bindSlides();
        S.index = start(Math.min(S.index, Math.max(0, S.count - 1)));
        fit();
        schedule();
        S.deck.setAttribute('data-version', version);
        S.deck.removeAttribute('data-refreshing');
      } else if (live()) {
        S.deck.setAttribute('data-version', version);
      }
      return version;
    }
  };
}());
