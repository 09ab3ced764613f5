/* Accessibility patch for Dash 4 dropdowns.
 * Each dcc.Dropdown renders a hidden <input class="dash-dropdown-focus-target" tabindex="0"
 * aria-hidden="true"> that forwards keyboard focus to its button. A focusable element must not be
 * aria-hidden (axe: aria-hidden-focus), so give it the dropdown's label instead. */
(function () {
  function patch() {
    document.querySelectorAll('.dash-dropdown-focus-target[aria-hidden]').forEach(function (input) {
      var button = input.parentElement && input.parentElement.querySelector('button.dash-dropdown');
      var label = button && button.id && document.querySelector('label[for="' + button.id + '"]');
      input.removeAttribute('aria-hidden');
      input.setAttribute('aria-label', label ? label.textContent : 'dropdown');
    });
  }
  /* once per frame at most: a page render or a chart draw is many mutation batches */
  var queued = false;
  new MutationObserver(function () {
    if (!queued) { queued = true; window.requestAnimationFrame(function () { queued = false; patch(); }); }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
