// Render every Vega-Lite spec (embedded with json_script) into its container.
document.querySelectorAll(".pilote-chart").forEach(function (container) {
  var source = document.getElementById(container.dataset.spec);
  if (source) {
    // ast + expressionInterpreter: no eval, as the Content-Security-Policy requires.
    vegaEmbed(container, JSON.parse(source.textContent), {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: vega.expressionInterpreter,
    });
  }
});
