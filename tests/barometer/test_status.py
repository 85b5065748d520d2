"""The status rules, case by case: one row per situation the issue names, in both directions."""

from decimal import Decimal

import pytest

from barometer.periods import Period
from barometer.status import Assessment, Observation, Reason, Status, Trajectory, assess

HIGHER, LOWER = True, False


def points(*pairs):
    """points(("2009-1", 45), ("2009-2", 47.5, 2)): observations; a third item is the definition version."""
    return [Observation(Period.parse(p[0]), Decimal(str(p[1])), p[2] if len(p) > 2 else 1) for p in pairs]


def line(baseline, target, baseline_period="2007-1", target_year=2010):
    return Trajectory(
        Decimal(str(baseline)), Period.parse(baseline_period), Decimal(str(target)), Period(target_year, 2)
    )


UP = line(40, 50)  # 40 in 1. halvår 2007 → 50 by the end of 2010: 45,71 in 2009-1, 47,14 in 2009-2
UP_ROUND = line(40, 54)  # two points a half-year: exactly 50 in 2009-2
DOWN = line(50, 40)  # the mirror image: 42,86 in 2009-2

CASES = [
    # id, higher is better, tolerance, trajectory, observations, expected status, expected reason
    ("no-measurements", HIGHER, "0.5", UP, [], Status.WHITE, Reason.NO_MEASUREMENTS),
    ("single-at-baseline", HIGHER, "0.5", UP, points(("2007-1", 40)), Status.GREEN, Reason.FIRST_ON_LINE),
    ("single-behind-line", HIGHER, "0.5", UP, points(("2009-1", 44)), Status.YELLOW, Reason.FIRST_BEHIND_LINE),
    ("single-ahead-of-line", HIGHER, "0.5", UP, points(("2009-1", 46)), Status.GREEN, Reason.FIRST_ON_LINE),
    ("single-meets-target", HIGHER, "0.5", UP, points(("2008-1", 50)), Status.GREEN, Reason.TARGET_MET),
    ("right-way-ahead", HIGHER, "0.5", UP, points(("2009-1", 45), ("2009-2", 47.5)), Status.GREEN, Reason.ON_LINE),
    (
        "right-way-exactly-on-line",
        HIGHER,
        "0.5",
        UP_ROUND,
        points(("2009-1", 48), ("2009-2", 50)),
        Status.GREEN,
        Reason.ON_LINE,
    ),
    ("right-way-behind", HIGHER, "0.5", UP, points(("2009-1", 45), ("2009-2", 46)), Status.YELLOW, Reason.BEHIND_LINE),
    ("wrong-way", HIGHER, "0.5", UP, points(("2009-1", 47), ("2009-2", 46)), Status.RED, Reason.WRONG_WAY),
    (
        "wrong-way-exactly-tolerance",
        HIGHER,
        "0.5",
        UP,
        points(("2009-1", 47), ("2009-2", 46.5)),
        Status.YELLOW,
        Reason.WITHIN_TOLERANCE,
    ),
    (
        "right-way-exactly-tolerance",
        HIGHER,
        "0.5",
        UP,
        points(("2009-1", 46.6), ("2009-2", 47.1)),
        Status.YELLOW,
        Reason.WITHIN_TOLERANCE,
    ),
    ("equal-values", HIGHER, "0.5", UP, points(("2009-1", 46), ("2009-2", 46)), Status.YELLOW, Reason.WITHIN_TOLERANCE),
    (
        "equal-values-no-tolerance",
        HIGHER,
        "0",
        UP,
        points(("2009-1", 48), ("2009-2", 48)),
        Status.YELLOW,
        Reason.WITHIN_TOLERANCE,
    ),
    ("tiny-fall-no-tolerance", HIGHER, "0", UP, points(("2009-1", 46), ("2009-2", 45.9)), Status.RED, Reason.WRONG_WAY),
    (
        "tiny-rise-no-tolerance-ahead",
        HIGHER,
        "0",
        UP,
        points(("2009-1", 47.2), ("2009-2", 47.3)),
        Status.GREEN,
        Reason.ON_LINE,
    ),
    (
        "within-tolerance-although-ahead",
        HIGHER,
        "0.5",
        UP,
        points(("2009-1", 48), ("2009-2", 48.2)),
        Status.YELLOW,
        Reason.WITHIN_TOLERANCE,
    ),
    ("fell-but-target-met", HIGHER, "0.5", UP, points(("2009-1", 52), ("2009-2", 50)), Status.GREEN, Reason.TARGET_MET),
    ("reached-target", HIGHER, "0.5", UP, points(("2009-1", 49), ("2009-2", 50)), Status.GREEN, Reason.TARGET_MET),
    (
        "missing-half-year-right-way",
        HIGHER,
        "0.5",
        UP,
        points(("2008-2", 45), ("2009-2", 47.5)),
        Status.GREEN,
        Reason.ON_LINE,
    ),
    (
        "missing-half-year-wrong-way",
        HIGHER,
        "0.5",
        UP,
        points(("2008-2", 46), ("2009-2", 45)),
        Status.RED,
        Reason.WRONG_WAY,
    ),
    (
        "missing-half-year-within-tolerance",
        HIGHER,
        "0.5",
        UP,
        points(("2008-2", 46), ("2009-2", 46.3)),
        Status.YELLOW,
        Reason.WITHIN_TOLERANCE,
    ),
    (
        "target-met-at-baseline-still-met",
        HIGHER,
        "0.5",
        line(52, 50),
        points(("2009-1", 52), ("2009-2", 51)),
        Status.GREEN,
        Reason.TARGET_MET,
    ),
    (
        "target-met-at-baseline-lost-wrong-way",
        HIGHER,
        "0.5",
        line(52, 50),
        points(("2009-1", 50.5), ("2009-2", 49)),
        Status.RED,
        Reason.WRONG_WAY,
    ),
    (
        "target-met-at-baseline-lost-recovering",
        HIGHER,
        "0.5",
        line(52, 50),
        points(("2009-1", 48), ("2009-2", 49)),
        Status.YELLOW,
        Reason.BEHIND_LINE,
    ),
    (
        "lower-right-way-ahead",
        LOWER,
        "0.5",
        DOWN,
        points(("2009-1", 44), ("2009-2", 42.5)),
        Status.GREEN,
        Reason.ON_LINE,
    ),
    (
        "lower-right-way-behind",
        LOWER,
        "0.5",
        DOWN,
        points(("2009-1", 45), ("2009-2", 44)),
        Status.YELLOW,
        Reason.BEHIND_LINE,
    ),
    ("lower-wrong-way", LOWER, "0.5", DOWN, points(("2009-1", 43), ("2009-2", 44)), Status.RED, Reason.WRONG_WAY),
    (
        "lower-within-tolerance",
        LOWER,
        "0.5",
        DOWN,
        points(("2009-1", 43), ("2009-2", 43.4)),
        Status.YELLOW,
        Reason.WITHIN_TOLERANCE,
    ),
    ("lower-target-met", LOWER, "0.5", DOWN, points(("2009-1", 41), ("2009-2", 39.5)), Status.GREEN, Reason.TARGET_MET),
    (
        "lower-equal-values",
        LOWER,
        "0.5",
        DOWN,
        points(("2009-1", 43), ("2009-2", 43)),
        Status.YELLOW,
        Reason.WITHIN_TOLERANCE,
    ),
    (
        "lower-single-ahead",
        LOWER,
        "0.5",
        DOWN,
        points(("2009-2", 42)),
        Status.GREEN,
        Reason.FIRST_ON_LINE,
    ),
    (
        "lower-target-met-at-baseline",
        LOWER,
        "0",
        line(5, 5),
        points(("2007-1", 5), ("2007-2", 5), ("2008-1", 4), ("2009-2", 2)),
        Status.GREEN,
        Reason.TARGET_MET,
    ),
    (
        "series-break-ahead",
        HIGHER,
        "0.5",
        UP,
        points(("2009-1", 45, 1), ("2009-2", 47.5, 2)),
        Status.GREEN,
        Reason.FIRST_ON_LINE,
    ),
    (
        "series-break-drop-is-not-red",
        HIGHER,
        "0.5",
        UP,
        points(("2009-1", 47, 1), ("2009-2", 44, 2)),
        Status.YELLOW,
        Reason.FIRST_BEHIND_LINE,
    ),
    (
        "after-break-compared-within-definition",
        HIGHER,
        "0.5",
        UP,
        points(("2008-2", 40, 1), ("2009-1", 46, 2), ("2009-2", 45, 2)),
        Status.RED,
        Reason.WRONG_WAY,
    ),
    (
        "after-target-year-not-met",
        HIGHER,
        "0.5",
        UP,
        points(("2010-2", 48), ("2011-1", 49)),
        Status.YELLOW,
        Reason.BEHIND_LINE,
    ),
    (
        "before-baseline-period",
        HIGHER,
        "0.5",
        UP,
        points(("2006-2", 38)),
        Status.YELLOW,
        Reason.FIRST_BEHIND_LINE,
    ),
    (
        "ratio-lower-ahead",
        LOWER,
        "0.05",
        line("1.80", "1.00"),
        points(("2009-1", "1.45"), ("2009-2", "1.20")),
        Status.GREEN,
        Reason.ON_LINE,
    ),
]


@pytest.mark.parametrize(
    ("higher", "tolerance", "trajectory", "observations", "status", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_it_assesses_the_latest_measurement(higher, tolerance, trajectory, observations, status, reason):
    assessment = assess(
        higher_is_better=higher, tolerance=Decimal(tolerance), trajectory=trajectory, observations=observations
    )
    assert (assessment.status, assessment.reason) == (status, reason)


def test_it_has_at_least_25_cases():
    assert len(CASES) >= 25
    assert {case[5] for case in CASES} == set(Status)
    assert {case[6] for case in CASES} == set(Reason)


@pytest.mark.parametrize(
    ("period", "expected"),
    [("2006-1", 40), ("2007-1", 40), ("2008-1", 44), ("2009-2", 50), ("2010-2", 54), ("2012-1", 54)],
)
def test_it_draws_the_straight_line_exactly(period, expected):
    assert UP_ROUND.expected_at(Period.parse(period)) == expected


@pytest.mark.parametrize(
    ("status", "obliges"), [(Status.WHITE, False), (Status.GREEN, False), (Status.YELLOW, True), (Status.RED, True)]
)
def test_it_obliges_the_department_to_act_on_yellow_and_red(status, obliges):
    assert Assessment(status, Reason.NO_MEASUREMENTS).obliges_action is obliges
