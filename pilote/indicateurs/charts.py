"""Server-side rendering of the dashboards' Vega-Lite specs to SVG (vl-convert: the same
Vega engine as the browser, embedded, no network): for downloads and for PDF reports."""

import copy

import vl_convert

SVG_WIDTH = 640


def to_svg(spec: dict, width: int = SVG_WIDTH) -> str:
    """The chart as an SVG document. A spec sized to its HTML container gets a fixed width."""
    spec = copy.deepcopy(spec)
    if spec.get("width") == "container":
        spec["width"] = width
    return vl_convert.vegalite_to_svg(spec)
