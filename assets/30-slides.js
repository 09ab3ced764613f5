/* Presenter (/present) and wall (/wall) decks: scaling, keys, rotation, full screen, wake lock,
 * redeploy detection. Dash loads this file on every page; it acts only once a deck's clientside
 * `init` runs (components/slides.py puts the config store on the slide pages only).
 *
 * The deck renders every slide once; this code only moves the `is-active` class, the counter text
 * and the progress bar, so the DOM node count stays constant however long a wall rotates.
 */
(function () {
  'use strict';

  var W = 1920, H = 1080;
  var NEXT = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, Spacebar: 1 };
  var PREV = { ArrowLeft: 1, ArrowUp: 1, PageUp: 1 };

  var S = {
    deck: null, canvas: null, slides: [], counter: null, bar: null,
    mode: '', count: 0, index: 0, interval: 0, poll: 0, paused: false,
    timer: null, pollTimer: null, typed: '', jumpLabel: '', build: null, data: null, wakeLock: null,
    pending: 0, steps: 0
  };

  /* The uniform scale that fits the 1920×1080 canvas inside the window (letterboxed). */
  function fit() {
    var s = Math.min(window.innerWidth / W, window.innerHeight / H);
    if (!(s > 0)) { s = 1; }
    document.documentElement.style.setProperty('--slide-scale', String(s));
  }

  function live() {
    return S.deck !== null && S.deck.isConnected;
  }

  function clearTimer() {
    if (S.timer !== null) { clearTimeout(S.timer); S.timer = null; }
  }

  function schedule() {
    clearTimer();
    if (S.interval > 0 && !S.paused && S.count > 1) {
      S.timer = setTimeout(function () { S.timer = null; if (live()) { show(S.index + 1, true); } },
                           S.interval * 1000);
    }
    if (live()) { S.deck.setAttribute('data-timer', S.timer !== null ? 'on' : 'off'); }
  }

  function counterText() {
    if (S.typed) { return S.jumpLabel + ' ' + S.typed + ' / ' + S.count; }
    return (S.index + 1) + ' / ' + S.count;
  }

  function paint() {
    var text = S.counter.firstChild;
    if (text && text.nodeType === 3 && !text.nextSibling) { text.nodeValue = counterText(); }  // reuse the node
    else { S.counter.textContent = counterText(); }
    S.bar.style.transform = 'scaleX(' + ((S.index + 1) / S.count) + ')';
    S.canvas.setAttribute('data-index', String(S.index));
    S.deck.setAttribute('data-paused', S.paused ? 'true' : 'false');
    S.deck.setAttribute('data-auto', S.interval > 0 ? 'true' : 'false');
  }

  /* Show slide `i`; automatic steps wrap around, manual ones stop at either end. */
  function show(i, wrap) {
    if (!live() || S.count === 0) { return; }
    if (wrap) { i = ((i % S.count) + S.count) % S.count; } else { i = Math.max(0, Math.min(S.count - 1, i)); }
    if (i !== S.index) {
      var old = S.slides[S.index], now = S.slides[i];
      if (old) { old.classList.remove('is-active'); old.setAttribute('aria-hidden', 'true'); }
      if (now) { now.classList.add('is-active'); now.setAttribute('aria-hidden', 'false'); }
      S.index = i;
      S.steps += 1;
      S.canvas.setAttribute('data-steps', String(S.steps));  // slide changes so far (tests, soak)
    }
    paint();
    schedule();
  }

  function toggleFullscreen() {
    var doc = document;
    if (doc.fullscreenElement) {
      if (doc.exitFullscreen) { doc.exitFullscreen().catch(function () {}); }
    } else if (doc.documentElement.requestFullscreen) {
      doc.documentElement.requestFullscreen().catch(function () {});
    }
  }

  function onKey(e) {
    if (!live() || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var key = e.key, handled = true;
    if (key === 'f' || key === 'F') {
      toggleFullscreen();
    } else if (key === 'Escape' || key === 'Esc') {
      S.typed = '';
      if (document.fullscreenElement && document.exitFullscreen) { document.exitFullscreen().catch(function () {}); }
      paint();
    } else if (S.mode !== 'present') {
      handled = false;  // the wall takes no input but full screen
    } else if (NEXT[key]) {
      S.typed = ''; show(S.index + 1, false);
    } else if (PREV[key]) {
      S.typed = ''; show(S.index - 1, false);
    } else if (key === 'Home') {
      S.typed = ''; show(0, false);
    } else if (key === 'End') {
      S.typed = ''; show(S.count - 1, false);
    } else if (/^[0-9]$/.test(key)) {
      S.typed = (S.typed + key).slice(-3); paint();
    } else if (key === 'Backspace') {
      S.typed = S.typed.slice(0, -1); paint();
    } else if (key === 'Enter') {
      var n = parseInt(S.typed, 10);
      S.typed = '';
      if (n >= 1 && n <= S.count) { show(n - 1, false); } else { paint(); }
    } else if (key === 'p' || key === 'P') {
      S.paused = !S.paused; paint(); schedule();
    } else {
      handled = false;
    }
    if (handled) { e.preventDefault(); }
  }

  /* Keep the screen on where the browser allows it (released by the browser when hidden). */
  function requestWakeLock() {
    if (S.mode !== 'wall' || document.visibilityState !== 'visible' || !live()) { return; }
    if (!navigator.wakeLock) { S.deck.setAttribute('data-wake-lock', 'unsupported'); return; }
    if (S.wakeLock && !S.wakeLock.released) { S.deck.setAttribute('data-wake-lock', 'active'); return; }
    navigator.wakeLock.request('screen').then(function (lock) {
      S.wakeLock = lock;
      if (live()) { S.deck.setAttribute('data-wake-lock', 'active'); }
    }).catch(function () {
      if (live()) { S.deck.setAttribute('data-wake-lock', 'denied'); }
    });
  }

  /* Reload when /healthz reports a build other than the one this page was served with, or data
     other than the version seen when the deck started (`checksum`: the dataset store's). */
  function checkBuild() {
    if (!live() || !S.build || S.pending) { return; }
    S.pending = 1;
    fetch('/healthz', { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        S.pending = 0;
        var data = body && typeof body.checksum === 'string' ? body.checksum : '';
        if (S.data === null && body) { S.data = data; }
        if (live() && body && ((typeof body.build_id === 'string' && body.build_id && body.build_id !== S.build)
            || (data && S.data && data !== S.data))) {
          S.deck.setAttribute('data-reloading', 'true');
          window.location.reload();
        }
      })
      .catch(function () { S.pending = 0; });  // server down or restarting: keep showing, try later
  }

  function startPolling() {
    if (S.pollTimer !== null) { clearInterval(S.pollTimer); S.pollTimer = null; }
    if (S.poll > 0) { S.pollTimer = setInterval(checkBuild, S.poll * 1000); }
  }

  /* Bind to the deck once React has put it in the document (retry for up to 10 s). */
  function attach(config, tries) {
    var deck = document.querySelector('.slide-deck');
    if (!deck) {
      if (tries < 200) { setTimeout(function () { attach(config, tries + 1); }, 50); }  // works in hidden tabs too
      return;
    }
    clearTimer();
    S.deck = deck;
    S.canvas = deck.querySelector('.slide-canvas');
    S.slides = Array.prototype.slice.call(deck.querySelectorAll('.slide-stack > .slide'));
    S.counter = deck.querySelector('.slide-counter');
    S.bar = deck.querySelector('.slide-progress-bar');
    S.mode = config.mode === 'wall' ? 'wall' : 'present';
    S.count = S.slides.length;
    S.interval = Number(config.interval) > 0 ? Number(config.interval) : 0;
    S.poll = Number(config.poll) > 0 ? Number(config.poll) : 0;
    S.jumpLabel = String(config.jump || '');
    S.paused = false;
    S.typed = '';
    S.index = 0;
    S.steps = 0;
    S.slides.forEach(function (el, k) {
      el.classList.toggle('is-active', k === 0);
      el.setAttribute('aria-hidden', k === 0 ? 'false' : 'true');
    });
    fit();
    deck.setAttribute('data-ready', 'true');
    show(0, false);
    startPolling();
    requestWakeLock();
  }

  window.addEventListener('resize', fit);
  document.addEventListener('fullscreenchange', function () {
    fit();
    if (live()) { S.deck.setAttribute('data-fullscreen', document.fullscreenElement ? 'true' : 'false'); }
  });
  document.addEventListener('keydown', onKey);
  document.addEventListener('visibilitychange', requestWakeLock);
  fit();

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.getdz_slides = {
    /* Clientside callback: the deck's config store mounted. */
    init: function (config) {
      if (config && typeof config === 'object') { attach(config, 0); }
      return Number(config && config.count) || 0;
    },
    /* Clientside callback: the build id the deck was served with. */
    build: function (buildId) {
      if (typeof buildId === 'string' && buildId) { S.build = buildId; checkBuild(); return buildId; }
      return window.dash_clientside.no_update;
    }
  };
}());
