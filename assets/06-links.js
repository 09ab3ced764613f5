/* Links that carry the current view: the navigation, the language switch and the downloads.
 * They follow the URL query in the browser (no server round trip, no re-render of children). */
window.dash_clientside = window.dash_clientside || {};
/* one namespace per concern, added to dash_clientside (never replacing what other files put there) */
window.dash_clientside.links = {
  /* nav-link ids are {type: "nav-link", mode: "dashboard" | "present" | "wall" | "briefing"} */
  nav: function (search) {
    var paths = {dashboard: '/', present: '/present', wall: '/wall', briefing: '/briefing'};
    return window.dash_clientside.callback_context.outputs_list.map(function (out) {
      return (paths[out.id.mode] || '/') + (search || '');
    });
  },
  /* the same page in the other language */
  lang: function (search, pathname) {
    var params = new URLSearchParams(search || '');
    if (params.get('lang') === 'en') { params.delete('lang'); } else { params.set('lang', 'en'); }
    var query = params.toString();
    /* a path from the route table, never the raw one (`//evil.example/` would leave the host) */
    var path = String(pathname || '/').replace(/\/+$/, '') || '/';
    if (['/', '/present', '/wall', '/briefing'].indexOf(path) < 0) { path = '/'; }
    return path + (query ? '?' + query : '');
  },
  /* download-link ids are {type: "download-link", panel: ..., ext: "csv" | "xlsx"} */
  downloads: function (search) {
    return window.dash_clientside.callback_context.outputs_list.map(function (out) {
      return '/download/' + out.id.panel + '.' + out.id.ext + (search || '');
    });
  }
};
