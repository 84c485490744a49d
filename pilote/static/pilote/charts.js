// Render every Vega-Lite spec (embedded with json_script) into its container. The container is
// the chart's accessible image (role="img", a French summary as aria-label, the values in the
// table below it): Vega makes it a "graphics-document", so its role and label are set back,
// and the SVG drawn inside is hidden from assistive technologies, whose reading of Vega's own
// descriptions (English, mark by mark) would only repeat the table.
document.querySelectorAll(".pilote-chart").forEach(function (container) {
  var source = document.getElementById(container.dataset.spec);
  var label = container.getAttribute("aria-label");
  if (source) {
    // ast + expressionInterpreter: no eval, as the Content-Security-Policy requires.
    vegaEmbed(container, JSON.parse(source.textContent), {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: vega.expressionInterpreter,
    }).then(function (result) {
      container.setAttribute("role", "img");
      container.removeAttribute("aria-roledescription");
      if (label) container.setAttribute("aria-label", label);
      var svg = result.view.container().querySelector("svg");
      if (svg) {
        svg.setAttribute("aria-hidden", "true");
        svg.setAttribute("focusable", "false");
      }
    });
  }
});
