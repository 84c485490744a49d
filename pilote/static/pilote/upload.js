// Import forms (data-upload-progress): the file goes up through htmx with a progress bar, then
// the server checks every line and writes (a million lines take a few seconds); the status line
// says which step is running, for screen readers too (aria-live). Texts come from the template.
(function () {
  function parts(element) {
    const form = element && element.closest ? element.closest("[data-upload-progress]") : null;
    if (!form) return null;
    return {
      form: form,
      bar: form.querySelector("progress"),
      status: form.querySelector("[data-upload-status]"),
    };
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    const p = parts(event.target);
    if (!p) return;
    p.form.dataset.uploaded = "";
    p.bar.hidden = false;
    p.bar.value = 0;
    p.status.textContent = p.form.dataset.sending.replace("%s", "0");
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    const p = parts(event.target);
    if (!p || p.form.dataset.uploaded || !event.detail.lengthComputable) return;
    const percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    p.bar.value = percent;
    if (percent >= 100) {
      p.form.dataset.uploaded = "1";
      p.status.textContent = p.form.dataset.received;
    } else {
      p.status.textContent = p.form.dataset.sending.replace("%s", String(percent));
    }
  });

  // a refused file (422) shows its list of problems like any other page
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (parts(event.detail.requestConfig.elt) && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
