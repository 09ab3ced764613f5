/* The decks' pure parts: which slide a URL fragment names, and how many slides a screen of a
 * given shape shows side by side or stacked. 31-slides-deck.js lays the deck out with them;
 * tests/js/slides.test.js runs them in node (module.exports below). */
(function () {
  'use strict';

  // A cell is at least 1.48:1 (or 1:1.48): a 4:3 screen is letterboxed by 10%, squarer ones more.
  var MIN_LONG = 1.48;

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

  var api = { layoutFor: layoutFor, slideFromHash: slideFromHash };
  if (typeof module === 'object' && module.exports) { module.exports = api; } else { window.getdzSlideLayout = api; }
}());
