"""Roll-ups: seed 002's worked example (54 of 70, weighted level 3.857 → 3.86)."""

from __future__ import annotations

from decimal import Decimal

from scoring.engine import Measurement, ScoreResult, component_total, plan_totals, score

from .seed002 import COMPONENT_WEIGHTS, WORKED_EXAMPLE, rubric_scale


def _results() -> list[tuple[str, int, ScoreResult]]:
    return [
        (code, weight, score(rubric_scale(weight), Measurement(level=Decimal(level))))
        for code, weight, level in WORKED_EXAMPLE
    ]


def test_each_kpi_score():
    scores = [r.score for _, _, r in _results()]
    assert scores == [Decimal(s) for s in (10, 8, 6, 16, 10, 4)]


def test_component_subtotals():
    results = _results()
    by_component = {
        comp: component_total(r for code, _, r in results if code.startswith(comp + "-"))
        for comp in COMPONENT_WEIGHTS
    }
    assert by_component == {
        "1.1": Decimal("24.00"),
        "1.2": Decimal("16.00"),
        "1.3": Decimal("14.00"),
    }


def test_plan_totals_54_of_70():
    totals = plan_totals([(weight, r) for _, weight, r in _results()])
    assert totals.total_score == Decimal("54.00")
    assert totals.max_score == Decimal("70.00")
    assert totals.weighted_level == Decimal("3.86")
    assert (totals.scored_count, totals.unscored_count) == (6, 0)


def test_weighted_level_before_rounding_is_3_857():
    weighted = sum(Decimal(w) * Decimal(lvl) for _, w, lvl in WORKED_EXAMPLE)
    assert weighted == 270
    assert (weighted / 70).quantize(Decimal("0.001")) == Decimal("3.857")
    # …and score / max × 5 is the same figure when everything is scored.
    assert (Decimal(54) / 70 * 5).quantize(Decimal("0.001")) == Decimal("3.857")


def test_unscored_kpi_counts_in_max_but_not_in_level():
    results = _results()
    results[5] = ("1.3-2", 10, score(rubric_scale(10), None))
    totals = plan_totals([(w, r) for _, w, r in results])
    assert totals.total_score == Decimal("50.00")
    assert totals.max_score == Decimal("70.00")
    assert totals.weighted_level == Decimal("4.17")  # (270 - 20) / 60 = 4.1667
    assert (totals.scored_count, totals.unscored_count) == (5, 1)


def test_nothing_scored_is_none_not_zero():
    unscored = score(rubric_scale(10), None)
    assert component_total([unscored, unscored]) is None
    totals = plan_totals([(10, unscored)])
    assert totals.total_score is None and totals.weighted_level is None
    assert totals.max_score == Decimal("10.00")


def test_agency_total_with_a_second_component():
    """If component 2 (30 points) scored 25, the agency total is 54 + 25 = 79 of 100."""
    component_2 = ScoreResult(
        level=Decimal("4.17"), score=Decimal("25.00"), max_score=Decimal("30.00"), scored=True
    )
    results = [(w, r) for _, w, r in _results()] + [(30, component_2)]
    totals = plan_totals(results)
    assert (totals.total_score, totals.max_score) == (Decimal("79.00"), Decimal("100.00"))
