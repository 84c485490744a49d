// Organisation pickers (acteurs/pickers.py): the search field above the select is shown only
// when JavaScript runs, since it narrows the select through htmx; without JavaScript the full
// select stays, usable alone.
(function () {
  function reveal(root) {
    root.querySelectorAll("[data-picker-search][hidden]").forEach(function (element) {
      element.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
  });
  document.addEventListener("htmx:load", function (event) {
    reveal(event.target);
  });
})();
