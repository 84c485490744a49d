import math

from pilote.indicateurs.forecast import fit_logistic, reach


def test_it_recovers_a_logistic_curve_and_when_it_reaches_a_target():
    points = [(t, 80 / (1 + math.exp(-0.7 * (t - 6)))) for t in range(10)]
    fit = fit_logistic(points, ceiling=100)
    assert abs(fit.capacity - 80) < 2
    assert abs(fit.midpoint - 6) < 0.3
    t = reach(fit, 75, start=9)
    assert 9 < t < 12  # 75 of 80 is reached about 4 steps after the midpoint
    assert reach(fit, 95, start=9) is None  # above the plateau: never at this pace


def test_too_few_points_give_no_forecast():
    assert fit_logistic([(0, 1), (1, 2)]) is None
