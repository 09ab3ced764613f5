/* The briefing's print button (`/briefing`): window.print() from a click, never on load.
   A file, not an inline script, so the Content-Security-Policy needs no hash for it.
   Adds to the existing dash_clientside object (never replaces it: the renderer's own members,
   such as no_update, are not all enumerable). */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.briefing = {
  print: function (nClicks) {
    if (nClicks && document.querySelector(".page-briefing")) {
      window.print();
    }
    return window.dash_clientside.no_update;
  },
};
