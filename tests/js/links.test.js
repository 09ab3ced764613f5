// The links' hrefs (assets/06-links.js nav, lang, download), run by node's test runner against the
// hrefs Python writes for the same views: tests/test_js.py makes the cases from Python's functions
// and names their file in GETDZ_LINK_CASES (run alone, `node --test` skips those and runs the rest).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const links = require(path.join(__dirname, '..', '..', 'assets', '06-links.js'));

const file = process.env.GETDZ_LINK_CASES;
const cases = file ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
const fromPython = { skip: cases ? false : 'the cases come from Python: run tests/test_js.py' };
const ROUTES = { dashboard: '/', present: '/present', wall: '/wall', briefing: '/briefing' };

test('the header links are the ones Python writes, for every route and view', fromPython, () => {
  assert.ok(cases.nav.length > 0);
  for (const c of cases.nav) {
    assert.equal(links.nav(c.id, c.search, cases.routes), c.href, JSON.stringify(c));
  }
});

test('the language switch is the one Python writes, on every route and off it', fromPython, () => {
  assert.ok(cases.lang.length > 0);
  for (const c of cases.lang) {
    assert.equal(links.lang(c.search, c.pathname, cases.routes), c.href, JSON.stringify(c));
  }
});

test('the downloads are the ones Python writes', fromPython, () => {
  assert.ok(cases.download.length > 0);
  for (const c of cases.download) {
    assert.equal(links.download(c.id, c.search), c.href, JSON.stringify(c));
  }
});

test('the language switch never leaves the route table', () => {
  for (const pathname of ['//evil.example/', '/\\evil.example', 'https://evil.example/', '/admin', undefined]) {
    assert.equal(links.lang('?period=2019H1', pathname, ROUTES), '/?lang=en&period=2019H1');
  }
  assert.equal(links.lang('?lang=en&chain=nev', '/wall/', ROUTES), '/wall?chain=nev');
  assert.equal(links.nav({ mode: 'unknown' }, '?lang=en', ROUTES), '/?lang=en');
});
