/* Links that carry the current view: the navigation, the language switch and the downloads.
 * They follow the view store in the browser (no server round trip, no re-render of children), as
 * Dash clientside callbacks, through the pure functions below, the one home of these hrefs in the
 * browser. The route table (mode -> path) is Python's (components/layout.py NAV): the page
 * shell carries it (`data-routes`), read once. tests/js/links.test.js runs the pure functions in
 * node against Python's hrefs (tests/test_js.py). */
(function () {
  'use strict';

  /* nav-link ids are {type: "nav-link", mode: "dashboard" | "present" | ...}; `routes`: mode -> path */
  function nav(id, search, routes) { return (routes[id.mode] || '/') + (search || ''); }

  /* the same page in the other language: `lang` first, as Python's `to_search` writes it */
  function lang(search, pathname, routes) {
    var params = new URLSearchParams(search || '');
    var english = params.get('lang') !== 'en';
    params.delete('lang');
    var rest = params.toString();
    var query = english ? 'lang=en' + (rest ? '&' + rest : '') : rest;
    /* a path from the route table, never the raw one (`//evil.example/` would leave the host) */
    var path = String(pathname || '/').replace(/\/+$/, '') || '/';
    var known = Object.keys(routes).some(function (mode) { return routes[mode] === path; });
    return (known ? path : '/') + (query ? '?' + query : '');
  }

  /* download-link ids are {type: "download-link", panel: ..., ext: "csv" | "xlsx"} */
  function download(id, search) { return '/download/' + id.panel + '.' + id.ext + (search || ''); }

  var api = { nav: nav, lang: lang, download: download };
  if (typeof module === 'object' && module.exports) { module.exports = api; return; }  // node's tests

  var table = null;
  /* the route table the page shell carries (components/layout.py `shell`), read once */
  function routes() {
    var shell = table === null && document.getElementById('page');
    if (shell) { table = JSON.parse(shell.getAttribute('data-routes') || '{}'); }
    return table || {};
  }

  /* the tab's title of the page and language `store` ({path, search}) shows (`titles`: path ->
   * {zh, en}, from the server: components/layout.py page_titles) */
  function title(store, titles) {
    var lang = /(?:^|[?&])lang=en(?:&|$)/.test((store && store.search) || '') ? 'en' : 'zh';
    var path = String((store && store.path) || '/').replace(/\/+$/, '') || '/';  /* as the router's route_of */
    var page = titles && (titles[path] || titles['/']);
    return page && page[lang];
  }

  window.dash_clientside = window.dash_clientside || {};
  /* one namespace per concern, added to dash_clientside (never replacing what other files put there) */
  window.dash_clientside.links = {
    /* everything that follows the view the page shows (the router's view store, {path, search}: the
     * canonical query of the page it drew, which the filters keep up to date): the navigation, the
     * language switch and the downloads. One callback (callbacks/router.py): each costs the
     * renderer a pass over every mounted component. */
    follow: function (store) {
      var search = store && store.search;
      var outs = window.dash_clientside.callback_context.outputs_list;
      return [
        outs[0].map(function (out) { return nav(out.id, search, routes()); }),
        lang(search, store && store.path, routes()),
        outs[2].map(function (out) { return download(out.id, search); })
      ];
    },

    /* the tab's title follows the page and its language: the router's URL (a filter change does
     * not touch it), on every page, links or none (no output) */
    title: function (pathname, search, titles) {
      var name = title({path: pathname, search: search}, titles);
      if (name) { document.title = name; }
    }
  };
}());
