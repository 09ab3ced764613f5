/* Presenter (/present) and wall (/wall) decks: layout by the screen's shape, scaling, keys,
 * rotation, the clock, full screen, wake lock, and picking up a new build or data version.
 * Dash loads this file on every page; it acts only once a deck's clientside `init` runs
 * (pages/slides/ puts the config store on the slide pages only).
 *
 * The deck renders every slide once; this code only moves classes, a few custom properties, the
 * counter and clock text and the progress bar, so the DOM node count stays constant however long
 * a wall rotates.
 */
(function () {
  'use strict';

  var NEXT = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, Spacebar: 1 };
  var PREV = { ArrowLeft: 1, ArrowUp: 1, PageUp: 1 };
  // A cell is at least 1.48:1 (or 1:1.48): a 4:3 screen is letterboxed by 10%, squarer ones more.
  var MIN_LONG = 1.48;
  var ENTRY = 'react-entry-point';  // Dash's root element

  var S = {
    deck: null, canvas: null, slides: [], counter: null, bar: null, clock: null,
    mode: '', count: 0, index: 0, per: 1, interval: 0, poll: 0, paused: false,
    timer: null, pollTimer: null, clockTimer: null, typed: '', jumpLabel: '', build: null, data: null,
    wakeLock: null, pending: 0, steps: 0, fit: 'auto', size: null, slideW: 0, slideH: 0,
    clockFormat: null, refreshId: '', refreshing: '', shownId: '', mounted: {}, idling: false,
    hintTimer: null, messageTimer: null, noNotes: '', message: null
  };
  var HINT_MS = 3000;  // the key help and messages go after 3 s without input

  /* The slide a URL fragment names (#3: the third, 1-based), as an index; -1 for none. Pure. */
  function slideFromHash(hash, count) {
    var m = /^#([0-9]{1,4})$/.exec(String(hash || ''));
    var n = m ? parseInt(m[1], 10) : 0;
    return n >= 1 && n <= count ? n - 1 : -1;
  }

  /* The cells for a screen of w×h: cols × rows cells whose shorter side is the slide's height,
   * and the canvas they make (`sized`: laid out for ?w=&h=, which every fit mode uses). Pure: the
   * tests' figures follow from it (tests/js/slides.test.js). */
  function layoutFor(w, h, fit, count, slideW, slideH, sized) {
    if (fit !== 'auto' && !sized) {
      return { cols: 1, rows: 1, cellW: slideW, cellH: slideH, canvasW: slideW, canvasH: slideH, portrait: false };
    }
    var design = slideW / slideH, n, cellW, cellH;
    var max = Math.max(1, count);
    if (w >= h) {
      n = Math.min(max, Math.max(1, Math.round((w / h) / design)));
      cellH = slideH;
      cellW = Math.floor(Math.max(slideH * MIN_LONG, (slideH * w / h) / n));  // whole pixels: a
      // rescale among near-16:9 screens keeps the cells, so the graphs are not redrawn
      return { cols: n, rows: 1, cellW: cellW, cellH: cellH, canvasW: cellW * n, canvasH: cellH, portrait: false };
    }
    n = Math.min(max, Math.max(1, Math.round((h / w) / design)));
    cellW = slideH;
    cellH = Math.floor(Math.max(slideH * MIN_LONG, (slideH * h / w) / n));
    return { cols: 1, rows: n, cellW: cellW, cellH: cellH, canvasW: cellW, canvasH: cellH * n, portrait: true };
  }

  /* Lay the canvas out for the screen (or ?w=&h=) and scale it by the fit mode. */
  function fit() {
    if (!live() || !(S.slideW > 0 && S.slideH > 0)) { return; }
    var root = document.documentElement;
    for (var pass = 0; pass < 2; pass++) {  // a scrollbar that appears changes the room: twice at most
      var W = root.clientWidth || window.innerWidth, H = root.clientHeight || window.innerHeight;
      if (!(W > 0 && H > 0)) { return; }
      var shape = S.size ? S.size : [W, H];
      var L = layoutFor(shape[0], shape[1], S.fit, S.count, S.slideW, S.slideH, S.size !== null);
      var sx, sy;
      if (S.fit === 'stretch' || (S.fit === 'auto' && S.size)) {
        sx = W / L.canvasW; sy = H / L.canvasH;
      } else if (S.fit === 'width') {
        sx = sy = W / L.canvasW;
      } else if (S.fit === 'height') {
        sx = sy = H / L.canvasH;
      } else {
        sx = sy = Math.min(W / L.canvasW, H / L.canvasH);
      }
      var shownW = L.canvasW * sx, shownH = L.canvasH * sy, st = S.deck.style;
      st.setProperty('--canvas-w', L.canvasW + 'px');
      st.setProperty('--canvas-h', L.canvasH + 'px');
      st.setProperty('--cell-w', L.cellW + 'px');
      st.setProperty('--cell-h', L.cellH + 'px');
      st.setProperty('--sx', String(sx));
      st.setProperty('--sy', String(sy));
      st.setProperty('--x', Math.max(0, (W - shownW) / 2) + 'px');
      st.setProperty('--y', Math.max(0, (H - shownH) / 2) + 'px');
      st.setProperty('--deck-w', Math.max(W, shownW) + 'px');
      st.setProperty('--deck-h', Math.max(H, shownH) + 'px');
      S.deck.setAttribute('data-orient', L.portrait ? 'portrait' : 'landscape');
      S.deck.setAttribute('data-layout', L.cols + 'x' + L.rows);
      var per = L.cols * L.rows;
      if (per !== S.per) { S.per = per; S.index = start(S.index); }
      if (root.clientWidth === W && root.clientHeight === H) { break; }
    }
    place();
    paint();
  }

  function live() {
    return S.deck !== null && S.deck.isConnected;
  }

  /* Sets start at 0, per, 2·per…; the last set ends with the last slide, so every set is full. */
  function start(i) {
    var last = Math.max(0, S.count - S.per);
    if (i >= last) { return last; }
    return Math.max(0, Math.floor(i / S.per) * S.per);
  }

  /* The neighbouring set's start: `dir` +1 for the next, -1 for the previous (clamped). */
  function step(dir) {
    var last = Math.max(0, S.count - S.per);
    if (dir > 0) { return Math.min(last, S.index + S.per); }
    return S.index >= last && last % S.per ? Math.floor(last / S.per) * S.per : Math.max(0, S.index - S.per);
  }

  function shown(k) {
    return k >= S.index && k < S.index + S.per;
  }

  /* Put the shown set's slides in their cells; the others wait, hidden, in the first cell. */
  function place() {
    var rows = Number((S.deck.getAttribute('data-layout') || '1x1').split('x')[1]) || 1;
    for (var k = 0; k < S.slides.length; k++) {
      var el = S.slides[k], on = shown(k), cell = on ? k - S.index : 0;
      var col = rows > 1 ? 0 : cell, row = rows > 1 ? cell : 0;
      el.style.setProperty('--col', String(col));
      el.style.setProperty('--row', String(row));
      if (el.classList.contains('is-active') !== on) {
        el.classList.toggle('is-active', on);
        el.setAttribute('aria-hidden', on ? 'false' : 'true');
      }
      var end = on && cell === S.per - 1;
      if (el.classList.contains('at-end') !== end) { el.classList.toggle('at-end', end); }
    }
    mountShown(0);
  }

  /* The graphs: a slide's are mounted (callbacks/slides.py `mount`) when it is first shown; once
   * the shown ones have drawn (each frame, 10 s at most), the other slides' one at a time in idle
   * time, so showing a slide never waits for the plots of the others. */
  function mountShown(tries) {
    if (!live()) { return; }
    var asked = false;
    S.slides.forEach(function (el, k) {
      if (shown(k) && !S.mounted[k] && el.querySelector('.slide-graph-box')) { S.mounted[k] = true; asked = true; }
    });
    if (asked) { askMounted(); }
    var waiting = S.slides.some(function (el, k) {
      return shown(k) && Array.prototype.some.call(el.querySelectorAll('.slide-graph-box'), function (box) {
        return !box.querySelector('.main-svg');
      });
    });
    if (waiting && (tries || 0) < 600) {
      requestAnimationFrame(function () { mountShown((tries || 0) + 1); });
    } else if (!S.idling) {
      S.idling = true;
      whenIdle(mountNext);
    }
  }

  /* One more slide's graphs at the browser's idle moment, until every slide's are mounted. */
  function mountNext() {
    if (!live()) { S.idling = false; return; }
    var k = findIndex(S.slides, function (el, i) { return !S.mounted[i] && el.querySelector('.slide-graph-box'); });
    if (k < 0) { S.idling = false; return; }
    S.mounted[k] = true;
    askMounted();
    whenIdle(mountNext);
  }

  function askMounted() {
    var wanted = Object.keys(S.mounted).map(Number);
    window.dash_clientside.set_props(S.shownId, { data: wanted });
  }

  function findIndex(list, test) {
    for (var i = 0; i < list.length; i++) { if (test(list[i], i)) { return i; } }
    return -1;
  }

  function whenIdle(fn) {
    if (window.requestIdleCallback) { window.requestIdleCallback(fn, { timeout: 2000 }); } else { setTimeout(fn, 200); }
  }

  function clearTimer() {
    if (S.timer !== null) { clearTimeout(S.timer); S.timer = null; }
  }

  function schedule() {
    clearTimer();
    if (S.interval > 0 && !S.paused && S.count > S.per) {
      S.timer = setTimeout(function () { S.timer = null; if (live()) { advance(); } }, S.interval * 1000);
    }
    if (live()) { S.deck.setAttribute('data-timer', S.timer !== null ? 'on' : 'off'); }
  }

  /* The automatic step: the next set, and after the last one the first. */
  function advance() {
    show(S.index >= S.count - S.per ? 0 : S.index + S.per);
  }

  function counterText() {
    if (S.typed) { return S.jumpLabel + ' ' + S.typed + ' / ' + S.count; }
    var last = Math.min(S.count, S.index + S.per);
    return (S.per > 1 ? (S.index + 1) + '–' + last : String(S.index + 1)) + ' / ' + S.count;
  }

  function setText(el, value) {
    if (!el) { return; }
    var text = el.firstChild;
    if (text && text.nodeType === 3 && !text.nextSibling) { text.nodeValue = value; }  // reuse the node
    else { el.textContent = value; }
  }

  function paint() {
    if (!live()) { return; }
    setText(S.counter, counterText());
    if (S.bar) { S.bar.style.transform = 'scaleX(' + (Math.min(S.count, S.index + S.per) / S.count) + ')'; }
    S.canvas.setAttribute('data-index', String(S.index));
    S.deck.setAttribute('data-paused', S.paused ? 'true' : 'false');
    S.deck.setAttribute('data-auto', S.interval > 0 ? 'true' : 'false');
  }

  /* Show the set that starts with slide `i` (clamped to the deck). */
  function show(i) {
    if (!live() || S.count === 0) { return; }
    i = start(Math.max(0, Math.min(S.count - 1, i)));
    if (i !== S.index) {
      S.index = i;
      S.steps += 1;
      if (S.mode === 'present') {  // the URL keeps the slide, so a reload returns to it
        history.replaceState(history.state, '', window.location.pathname + window.location.search + '#' + (i + 1));
      }
      S.canvas.setAttribute('data-steps', String(S.steps));  // set changes so far (tests, soak)
      place();
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

  /* The key help: shown now, gone after HINT_MS without input. */
  function hint() {
    if (!live()) { return; }
    S.deck.setAttribute('data-hints', 'on');
    if (S.hintTimer !== null) { clearTimeout(S.hintTimer); }
    S.hintTimer = setTimeout(function () {
      S.hintTimer = null;
      if (live()) { S.deck.setAttribute('data-hints', 'off'); }
    }, HINT_MS);
  }

  /* A short message in the key help's place (role=status, so it is read out), for HINT_MS. */
  function say(text) {
    if (!live() || !S.message) { return; }
    setText(S.message, text);
    S.deck.setAttribute('data-message', 'on');
    if (S.messageTimer !== null) { clearTimeout(S.messageTimer); }
    S.messageTimer = setTimeout(function () {
      S.messageTimer = null;
      if (live()) { S.deck.setAttribute('data-message', 'off'); }
    }, HINT_MS);
  }

  /* N: the shown slides' notes on or off; a message when none of them has notes. */
  function toggleNotes() {
    var any = S.slides.some(function (el, k) { return shown(k) && el.querySelector('.slide-notes'); });
    if (!any) { say(S.noNotes); return; }
    S.deck.setAttribute('data-notes', S.deck.getAttribute('data-notes') === 'true' ? 'false' : 'true');
  }

  function onKey(e) {
    if (!live() || e.ctrlKey || e.metaKey || e.altKey) { return; }
    hint();
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
      S.typed = ''; show(step(1));
    } else if (PREV[key]) {
      S.typed = ''; show(step(-1));
    } else if (key === 'Home') {
      S.typed = ''; show(0);
    } else if (key === 'End') {
      S.typed = ''; show(S.count - 1);
    } else if (/^[0-9]$/.test(key)) {
      S.typed = (S.typed + key).slice(-3); paint();
    } else if (key === 'Backspace') {
      S.typed = S.typed.slice(0, -1); paint();
    } else if (key === 'Enter') {
      var n = parseInt(S.typed, 10);
      S.typed = '';
      if (n >= 1 && n <= S.count) { show(n - 1); } else { paint(); }
    } else if (key === 'p' || key === 'P') {
      S.paused = !S.paused; paint(); schedule();
    } else if (key === 'n' || key === 'N') {
      toggleNotes();
    } else {
      handled = false;
    }
    if (handled) { e.preventDefault(); }
  }

  function onClick(e) {
    if (live() && e.target && e.target.closest && e.target.closest('.slide-fullscreen')) { toggleFullscreen(); }
  }

  /* The wall's clock: the format and names come from components/i18n.py. */
  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function tick() {
    S.clockTimer = null;
    if (!live() || !S.clock || !S.clockFormat) { return; }
    var now = new Date(), c = S.clockFormat, fields = {
      y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate(), w: c.weekdays[now.getDay()],
      mon: c.months[now.getMonth()], H: pad(now.getHours()), M: pad(now.getMinutes())
    };
    setText(S.clock, c.format.replace(/\{(\w+)\}/g, function (all, name) {
      return fields[name] === undefined ? all : String(fields[name]);
    }));
    S.clock.setAttribute('datetime', now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate())
      + 'T' + fields.H + ':' + fields.M);
    S.clockTimer = setTimeout(tick, 60000 - now.getSeconds() * 1000 - now.getMilliseconds() + 50);
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

  /* A new build reloads the page (new code and styles); a new data version asks the server for
   * the slides again and swaps them in place, so the wall never shows a blank frame for it. */
  function checkHealth() {
    if (!live() || !S.build || S.pending) { return; }
    S.pending = 1;
    fetch('/healthz', { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        S.pending = 0;
        if (!live() || !body) { return; }
        if (typeof body.build_id === 'string' && body.build_id && body.build_id !== S.build) {
          S.deck.setAttribute('data-reloading', 'true');
          reloadQuietly();
        } else if (typeof body.data_version === 'string' && body.data_version && S.data
                   && body.data_version !== S.data && body.data_version !== S.refreshing) {
          S.refreshing = body.data_version;  // asked once per version; the answer sets S.data
          S.deck.setAttribute('data-refreshing', body.data_version);
          window.dash_clientside.set_props(S.refreshId, { data: body.data_version });
        }
      })
      .catch(function () { S.pending = 0; });  // server down or restarting: keep showing, try later
  }

  /* Reload with the #react-entry-point fragment: 20-slides.css then hides Dash's "Loading…" text
   * and paints the wall's background, so the new document has nothing to paint before its deck,
   * and Chrome keeps the old frame on screen meanwhile (paint holding). */
  function reloadQuietly() {
    if (window.location.hash !== '#' + ENTRY) {
      history.replaceState(history.state, '', window.location.pathname + window.location.search + '#' + ENTRY);
    }
    window.location.reload();
  }

  function startPolling() {
    if (S.pollTimer !== null) { clearInterval(S.pollTimer); S.pollTimer = null; }
    if (S.poll > 0) { S.pollTimer = setInterval(checkHealth, S.poll * 1000); }
  }

  /* Take the slides (again, after a data refresh), keeping the shown set where it can. */
  function bindSlides() {
    S.slides = Array.prototype.slice.call(S.deck.querySelectorAll('.slide-stack > .slide'));
    S.mounted = {};  // new slides: their graphs are mounted again as they are shown
    S.count = S.slides.length;
    S.canvas.setAttribute('data-count', String(S.count));
  }

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

  // the pure parts, for node's test runner; the rest needs a page
  if (typeof module === 'object' && module.exports) { module.exports = { layoutFor: layoutFor, slideFromHash: slideFromHash }; }
  if (typeof document === 'undefined') { return; }

  var resizing = null;
  window.addEventListener('resize', function () {  // at most one layout per frame while dragging
    if (resizing === null) { resizing = requestAnimationFrame(function () { resizing = null; fit(); }); }
  });
  document.addEventListener('fullscreenchange', function () {
    fit();
    if (live()) { S.deck.setAttribute('data-fullscreen', document.fullscreenElement ? 'true' : 'false'); }
  });
  document.addEventListener('keydown', onKey);
  ['pointermove', 'pointerdown', 'wheel'].forEach(function (type) {  // any input shows the key help again
    document.addEventListener(type, function () { if (live() && S.mode === 'present') { hint(); } }, { passive: true });
  });
  window.addEventListener('hashchange', function () {  // a typed #5 goes to slide 5
    var k = live() && S.mode === 'present' ? slideFromHash(window.location.hash, S.count) : -1;
    if (k >= 0) { show(k); }
  });
  document.addEventListener('click', onClick);
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
