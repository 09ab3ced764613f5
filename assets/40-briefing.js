/* The briefing's print button (`/briefing`): window.print() from a click, never on load.
   A file, not an inline script, so the Content-Security-Policy needs no hash for it. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  briefing: {
    print: function (nClicks) {
      if (nClicks && document.querySelector(".page-briefing")) {
        window.print();
      }
      return window.dash_clientside.no_update;
    },
  },
});
