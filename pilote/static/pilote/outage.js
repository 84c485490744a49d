// A passing outage (503: the database restarting, a full disk) answers a French message for the
// element the request updates (pilote.core.unavailable): show it there, where htmx's default is
// to show nothing at all for an error status.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 503) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
