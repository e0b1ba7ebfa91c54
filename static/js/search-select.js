/* Searchable choices (ietp.core.widgets.SearchSelect): a picked match fills the hidden input,
   clearing the text clears the choice. No inline scripts: one delegated listener per page. */
(function () {
  "use strict";
  function field(el) { return el.closest("[data-search-select]"); }
  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-search-option]");
    if (!option) { return; }
    var box = field(option);
    box.querySelector("[data-search-value]").value = option.dataset.value;
    var text = box.querySelector("[data-search-text]");
    text.value = option.dataset.label;
    text.setAttribute("aria-expanded", "false");
    box.querySelector(".search-select-matches").innerHTML = "";
    text.dispatchEvent(new Event("change", { bubbles: true }));
    text.focus();
  });
  document.addEventListener("input", function (event) {
    var text = event.target.closest("[data-search-text]");
    if (!text) { return; }
    var box = field(text);
    if (!text.value) { box.querySelector("[data-search-value]").value = ""; }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = field(event.target);
    if (!box) { return; }
    var text = box.querySelector("[data-search-text]");
    text.setAttribute("aria-expanded", event.target.querySelector("[data-search-option]") ? "true" : "false");
  });
})();
