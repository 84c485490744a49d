from django.contrib.staticfiles import finders


def test_the_vendored_scripts_and_styles_are_served():
    for path in (
        "vendor/htmx/htmx.min.js",
        "vendor/vega/vega.min.js",
        "vendor/vega/vega-interpreter.min.js",
        "vendor/vega/vega-lite.min.js",
        "vendor/vega/vega-embed.min.js",
        "pilote/pilote.css",
        "pilote/charts.js",
        "dsfr/dist/dsfr.min.css",
    ):
        assert finders.find(path), path
