// Behaviour every page shares. No inline scripts anywhere (the Content-Security-Policy forbids
// them): pages pass data with data-* attributes or json_script elements.
(function () {
  'use strict';
  // An element marked data-swap-on-422 shows the server's answer to a refused request
  // (422 carries the form or panel with the reason) instead of ignoring it as an error.
  document.body.addEventListener('htmx:beforeSwap', function (event) {
    var elt = event.detail.elt;
    if (event.detail.xhr.status === 422 && elt && elt.closest && elt.closest('[data-swap-on-422]')) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
