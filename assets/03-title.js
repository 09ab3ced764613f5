/* The browser tab's title follows the page and its language (callbacks/router.py): the router's
   view store says which path and query are shown; the titles come from the server
   (components/layout.py page_titles), so every string keeps one home. No output. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.pages = {
  title: function (shown, titles) {
    if (!shown || !titles) { return; }
    var lang = /(?:^|[?&])lang=en(?:&|$)/.test(shown.search || '') ? 'en' : 'zh';
    var page = titles[shown.path] || titles['/'];
    if (page && page[lang]) { document.title = page[lang]; }
  },
};
