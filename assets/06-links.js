/* Links that carry the current view: the navigation, the language switch and the downloads.
 * They follow the view store in the browser (no server round trip, no re-render of children), as
 * Dash clientside callbacks, through the functions of `getdzLinks`, the one home of these hrefs in
 * the browser. */
window.getdzLinks = (function () {
  var PATHS = {dashboard: '/', present: '/present', wall: '/wall', briefing: '/briefing'};
  var ROUTES = ['/', '/present', '/wall', '/briefing'];
  /* nav-link ids are {type: "nav-link", mode: "dashboard" | "present" | "wall" | "briefing"} */
  function nav(id, search) { return (PATHS[id.mode] || '/') + (search || ''); }
  /* the same page in the other language */
  function lang(search, pathname) {
    var params = new URLSearchParams(search || '');
    if (params.get('lang') === 'en') { params.delete('lang'); } else { params.set('lang', 'en'); }
    var query = params.toString();
    /* a path from the route table, never the raw one (`//evil.example/` would leave the host) */
    var path = String(pathname || '/').replace(/\/+$/, '') || '/';
    if (ROUTES.indexOf(path) < 0) { path = '/'; }
    return path + (query ? '?' + query : '');
  }
  /* download-link ids are {type: "download-link", panel: ..., ext: "csv" | "xlsx"} */
  function download(id, search) { return '/download/' + id.panel + '.' + id.ext + (search || ''); }

  return {nav: nav, lang: lang, download: download};
})();

window.dash_clientside = window.dash_clientside || {};
/* one namespace per concern, added to dash_clientside (never replacing what other files put there) */
/* the router's view store ({path, search}: the canonical query of the page it drew) */
window.dash_clientside.links = {
  nav: function (store) {
    var search = store && store.search;
    return window.dash_clientside.callback_context.outputs_list.map(function (out) {
      return window.getdzLinks.nav(out.id, search);
    });
  },
  lang: function (store) { return window.getdzLinks.lang(store && store.search, store && store.path); },
  downloads: function (store) {
    var search = store && store.search;
    return window.dash_clientside.callback_context.outputs_list.map(function (out) {
      return window.getdzLinks.download(out.id, search);
    });
  }
};
