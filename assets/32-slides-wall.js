/* The wall's upkeep (and the presenter's): the clock, keeping the screen on, and picking up a new
 * build or data version from /healthz. It works on the deck of 31-slides-deck.js. */
window.getdzWall = (function () {
  'use strict';

  var deck = window.getdzDeck, S = deck.S, live = deck.live, setText = deck.setText;
  var ENTRY = 'react-entry-point';  // Dash's root element

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

  return { tick: tick, requestWakeLock: requestWakeLock, startPolling: startPolling };
}());
