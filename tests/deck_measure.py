"""Measuring a deck in the browser (tests/test_slides_screens.py): every visible text box of the shown
slides and the chrome (DOM text, one box per line, and plotly's SVG text: titles, legends, axis
titles, ticks, bar labels, annotations), each as its em box (the font size tall, centred on its
line); the pairs of boxes that intersect; the smallest text in screen pixels; the largest empty band
of each shown slide (each column of a side-by-side pair apart); and the share of the screen the shown
slides cover."""

from __future__ import annotations

MEASURE = """() => {
  const canvas = document.querySelector('.slide-canvas');
  const scale = canvas.getBoundingClientRect().height / canvas.offsetHeight;
  const onShown = el => { const s = el.closest('.slide'); return !s || s.classList.contains('is-active'); };
  const visible = el => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) { return false; }
    }
    return el.getClientRects().length > 0;
  };
  const boxes = [];
  const add = (r, el, size, text, where, upright) => {
    const h = upright ? r.height : Math.min(r.height, size), top = r.top + (r.height - h) / 2;
    const w = upright ? Math.min(r.width, size) : r.width, left = r.left + (r.width - w) / 2;
    if (w > 1 && h > 1) {
      boxes.push({left, right: left + w, top, bottom: top + h, size, text: text.slice(0, 40), where,
                  slide: (el.closest('.slide') || {dataset: {}}).dataset.index || 'chrome'});
    }
  };
  const walker = document.createTreeWalker(canvas, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.nodeValue.trim() || el.closest('svg') || !onShown(el) || !visible(el)) { continue; }
    const size = parseFloat(getComputedStyle(el).fontSize) * scale;
    const range = document.createRange();
    range.selectNodeContents(n);
    const where = el.getAttribute('class') || el.tagName;
    for (const r of range.getClientRects()) { add(r, el, size, n.nodeValue.trim(), where); }
  }
  for (const t of canvas.querySelectorAll('.main-svg text')) {
    if (!t.textContent.trim() || !onShown(t) || !visible(t)) { continue; }
    // plotly shrinks a label by a transform, not its font size: the size drawn is the font size
    // times the text's own scale within its svg (rotation aside), times the canvas's scale
    const svg = t.ownerSVGElement, own = t.getScreenCTM(), root = svg.getScreenCTM();
    const own_ = Math.hypot(own.c, own.d) / Math.hypot(root.c, root.d);
    const size = parseFloat(getComputedStyle(t).fontSize) * own_ * scale;
    const upright = Math.abs(own.b) > Math.abs(own.a);  // text turned a quarter: its em box is across
    const where = 'svg ' + (t.getAttribute('class') || t.parentNode.getAttribute('class') || '');
    add(t.getBoundingClientRect(), t, size, t.textContent.trim(), where, upright);
  }
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) {
        pairs.push([a.slide, a.text, a.where, b.text, b.where, Math.round(w), Math.round(h)]);
      }
    }
  }
  const smallest = boxes.slice().sort((a, b) => a.size - b.size).slice(0, 3)
    .map(b => [b.size, b.where + ': ' + b.text]);
  // the largest vertical run of a shown slide's body with no content in it (text, a card, a plot
  // area or a subplot, a stage), as a share of the slide's height; each column of a side-by-side pair apart
  const bands = [];
  const CONTENT = '.kpi-card, .nsewdrag, .cartesianlayer .subplot, .tl-item, .stage-row, .entities, '
    + '.slide-flow h4, .no-data, .gtitle, .legend, .annotation';
  const contentIn = (root) => [...root.querySelectorAll(CONTENT)]
    .filter(visible).map(e => e.getBoundingClientRect());
  const emptiest = (area, rects) => {
    const spans = rects.filter(r => r.right > area.left && r.left < area.right && r.height > 0)
      .map(r => [Math.max(area.top, r.top), Math.min(area.bottom, r.bottom)]).filter(([a, b]) => b > a)
      .sort((a, b) => a[0] - b[0]);
    let gap = 0, at = area.top;
    for (const [a, b] of spans) { gap = Math.max(gap, a - at); at = Math.max(at, b); }
    return Math.max(gap, area.bottom - at);
  };
  for (const s of document.querySelectorAll('.slide.is-active')) {
    const body = s.querySelector('.slide-body').getBoundingClientRect();
    const height = s.getBoundingClientRect().height;
    const areas = [body];
    for (const col of s.querySelectorAll('.slide-pair > *')) {
      const r = col.getBoundingClientRect();
      areas.push({left: r.left, right: r.right, top: body.top, bottom: body.bottom});
    }
    const rects = contentIn(s);
    const worst = Math.max(...areas.map(a => emptiest(a, rects)));
    bands.push([s.dataset.slide + '/' + (s.dataset.chain || ''), worst / height]);
  }
  const root = document.documentElement, W = root.clientWidth, H = root.clientHeight;
  let covered = 0;
  for (const s of document.querySelectorAll('.slide.is-active')) {
    const r = s.getBoundingClientRect();
    covered += Math.max(0, Math.min(r.right, W) - Math.max(r.left, 0))
      * Math.max(0, Math.min(r.bottom, H) - Math.max(r.top, 0));
  }
  return {boxes: boxes.length, pairs, smallest, bands, coverage: covered / (W * H), sx: scale,
          index: Number(canvas.dataset.index), layout: document.querySelector('.slide-deck').dataset.layout};
}
"""
