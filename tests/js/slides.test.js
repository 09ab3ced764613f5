// The deck's layout chooser (assets/30-slides-layout.js layoutFor), run by node's test runner
// (tests/test_js.py runs `node --test tests/js/`).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const { layoutFor, slideFromHash } = require(path.join(__dirname, '..', '..', 'assets', '30-slides-layout.js'));

const W = 1920, H = 1080;  // pages/slides/options.py SLIDE_W, SLIDE_H (the deck's config hands them over)
const MIN_LONG = 1.48;

test('a 16:9 screen shows one slide the size of the design', () => {
  assert.deepEqual(layoutFor(1920, 1080, 'auto', 10, W, H, false),
    { cols: 1, rows: 1, cellW: 1920, cellH: 1080, canvasW: 1920, canvasH: 1080, portrait: false });
  assert.deepEqual(layoutFor(1366, 768, 'auto', 10, W, H, false).cols, 1);
});

test('wide walls show slides side by side, portrait screens stack them', () => {
  const cases = [  // [width, height, cols, rows] by the README: 32:9 two, 48:9 three, 9:16 one
    [3840, 1080, 2, 1], [5760, 1080, 3, 1], [6656, 1792, 2, 1], [1080, 1920, 1, 1], [1080, 3840, 1, 2],
  ];
  for (const [w, h, cols, rows] of cases) {
    const L = layoutFor(w, h, 'auto', 10, W, H, false);
    assert.equal(L.cols, cols, `${w}x${h}`);
    assert.equal(L.rows, rows, `${w}x${h}`);
    assert.equal(L.portrait, h > w, `${w}x${h}`);
  }
});

test('every layout: the shorter cell side is the design height, cells at least 1.48:1, the canvas is the cells', () => {
  for (let w = 400; w <= 12000; w += 373) {
    for (const h of [300, 768, 1080, 1792, 2160, 3840]) {
      for (const count of [1, 2, 3, 7, 40]) {
        const L = layoutFor(w, h, 'auto', count, W, H, false);
        const [short, long] = L.portrait ? [L.cellW, L.cellH] : [L.cellH, L.cellW];
        assert.equal(short, H);
        assert.ok(long >= Math.floor(H * MIN_LONG), `${w}x${h}: ${long}`);
        assert.ok(Number.isInteger(L.cellW) && Number.isInteger(L.cellH));
        assert.equal(L.canvasW, L.cellW * L.cols);
        assert.equal(L.canvasH, L.cellH * L.rows);
        assert.ok(L.cols * L.rows >= 1 && L.cols * L.rows <= count, `${w}x${h} count ${count}`);
        assert.ok(L.cols === 1 || L.rows === 1);
        // the canvas has the screen's shape (within a pixel's rounding), unless the deck has fewer
        // slides than the screen has room for or the cells would be squarer than 1.48:1
        const n = L.cols * L.rows, screen = w / h, long_ = Math.max(screen, 1 / screen);
        if (n === Math.max(1, Math.round(long_ / (W / H))) && long_ / n >= MIN_LONG) {
          assert.ok(Math.abs(L.canvasW / L.canvasH - screen) / screen < 0.01, `${w}x${h}`);
        }
      }
    }
  }
});

test('a deck with fewer slides than the wall has cells uses what it has', () => {
  const L = layoutFor(5760, 1080, 'auto', 2, W, H, false);
  assert.equal(L.cols, 2);
  assert.equal(L.cellW, 5760 / 2);
});

test('forced fits lay out one design-size slide, unless laid out for ?w=&h=', () => {
  for (const fit of ['contain', 'width', 'height', 'stretch']) {
    assert.deepEqual(layoutFor(5760, 1080, fit, 10, W, H, false),
      { cols: 1, rows: 1, cellW: W, cellH: H, canvasW: W, canvasH: H, portrait: false });
    assert.equal(layoutFor(5760, 1080, fit, 10, W, H, true).cols, 3);
  }
});

test('the URL fragment names a slide, 1-based; anything else names none', () => {
  assert.equal(slideFromHash('#3', 10), 2);
  assert.equal(slideFromHash('#1', 10), 0);
  assert.equal(slideFromHash('#10', 10), 9);
  for (const hash of ['', '#', '#0', '#11', '#react-entry-point', '#3a', '#-1', '#99999', null, undefined]) {
    assert.equal(slideFromHash(hash, 10), -1, String(hash));
  }
});
