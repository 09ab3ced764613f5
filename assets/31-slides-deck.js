/* The deck itself (/present and /wall): its state, laying the canvas out for the screen,
 * showing a set of slides, mounting their graphs, rotation, the counter and progress bar, the
 * presenter's keys, the key help and the notes. The layout comes from 30-slides-layout.js; the
 * wall's upkeep is in 32-slides-wall.js; 33-slides.js binds all this to a deck when Dash mounts it.
 *
 * The deck renders every slide once; this code only moves classes, a few custom properties, the
 * counter and clock text and the progress bar, so the DOM node count stays constant however long
 * a wall rotates.
 */
window.getdzDeck = (function () {
  'use strict';

  var layoutFor = window.getdzSlideLayout.layoutFor;
  var NEXT = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, Spacebar: 1 };
  var PREV = { ArrowLeft: 1, ArrowUp: 1, PageUp: 1 };

  var S = {
    deck: null, canvas: null, slides: [], counter: null, bar: null, clock: null,
    mode: '', count: 0, index: 0, per: 1, interval: 0, poll: 0, paused: false,
    timer: null, pollTimer: null, clockTimer: null, typed: '', jumpLabel: '', build: null, data: null,
    wakeLock: null, pending: 0, steps: 0, fit: 'auto', size: null, slideW: 0, slideH: 0,
    clockFormat: null, refreshId: '', refreshing: '', shownId: '', mounted: {}, idling: false,
    hintTimer: null, messageTimer: null, noNotes: '', message: null
  };
  var HINT_MS = 3000;  // the key help and messages go after 3 s without input

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

  /* Take the slides (again, after a data refresh), keeping the shown set where it can. */
  function bindSlides() {
    S.slides = Array.prototype.slice.call(S.deck.querySelectorAll('.slide-stack > .slide'));
    S.mounted = {};  // new slides: their graphs are mounted again as they are shown
    S.count = S.slides.length;
    S.canvas.setAttribute('data-count', String(S.count));
  }

  return {
    S: S, live: live, fit: fit, start: start, show: show, schedule: schedule, clearTimer: clearTimer,
    setText: setText, hint: hint, bindSlides: bindSlides, onKey: onKey, onClick: onClick
  };
}());
