/* htmx behaviour the templates ask for with data attributes (no inline handlers):
 * data-swap-422 — a 422 answer (e.g. "a report is already being made") still replaces the
 *   element, as the page it names is the current state, not an error. */
document.addEventListener('htmx:beforeSwap', function (event) {
  var target = event.detail.elt;
  if (event.detail.xhr.status === 422 && target && target.closest('[data-swap-422]')) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
