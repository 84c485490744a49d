"""Adoption forecast: a logistic S-curve fitted to an indicator's history, and the period when
the target would be reached at the current pace. Pure Python (a few dozen points at most)."""

import math
from dataclasses import dataclass


@dataclass
class Fit:
    capacity: float
    growth: float
    midpoint: float
    error: float

    def value(self, t: float) -> float:
        return self.capacity / (1 + math.exp(-self.growth * (t - self.midpoint)))


def fit_logistic(points: list[tuple[float, float]], ceiling: float | None = None) -> Fit | None:
    """Fit y = K / (1 + exp(-r (t - t0))): for each candidate plateau K (from just above the
    highest value up to 5 times it, never above `ceiling`, e.g. 100 for a percentage) the logit
    is linear in t; the K with the smallest squared error wins."""
    points = [(t, y) for t, y in points if y is not None and y > 0]
    if len(points) < 3:
        return None
    top = max(y for _t, y in points)
    candidates = [top * (1.01 + 0.02 * i) for i in range(200)]
    if ceiling:
        candidates = [k for k in candidates if k <= ceiling] or [ceiling]
    best = None
    xs = [t for t, _y in points]
    n = len(xs)
    mx = sum(xs) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    for k in candidates:
        if k <= top:
            continue
        # the logit's least-squares line (the abscissae's sums are the same for every K)
        zs = [math.log(y / (k - y)) for _t, y in points]
        mz = sum(zs) / n
        growth = sum((x - mx) * (z - mz) for x, z in zip(xs, zs, strict=True)) / sxx
        if growth <= 0:
            continue
        intercept = mz - growth * mx
        fit = Fit(k, growth, -intercept / growth, 0.0)
        fit.error = sum((fit.value(t) - y) ** 2 for t, y in points)
        if best is None or fit.error < best.error:
            best = fit
    return best


def reach(fit: Fit, target: float, start: float, horizon: int = 40) -> float | None:
    """The first step t ≥ start (in period steps) at which the fitted curve reaches `target`."""
    if target >= fit.capacity:
        return None
    t = fit.midpoint - math.log(fit.capacity / target - 1) / fit.growth
    if t > start + horizon:
        return None
    return max(t, start)
