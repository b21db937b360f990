"""Roll-ups across units: per framework node (with its subtree), per policy, unit ranking."""

from decimal import Decimal

import pytest

from progress.models import KpiReport, ReportStatus
from projects.models import WorkStep
from scoring.selectors import kpi_results, node_rollups, policy_rollups, unit_ranking
from tests.factories import (
    ComponentFactory,
    FrameworkFactory,
    KpiFactory,
    OrgUnitFactory,
    PlanFactory,
    PolicyFactory,
    ProjectFactory,
    node,
    rubric,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_units(bma):
    fw = FrameworkFactory(code="BMA-2567")
    strategy = node(fw, "strategy", "3")
    sub = node(fw, "substrategy", "3.1", parent=strategy)
    other = node(fw, "strategy", "6")
    policy = PolicyFactory(code="148")
    plans = []
    for code, levels in (("ก.", [5, 3]), ("ข.", [2, None])):
        unit = OrgUnitFactory(code=code, parent=bma)
        plan = PlanFactory(org_unit=unit, framework=fw)
        comp = ComponentFactory(plan=plan, code="1.1", weight=Decimal("20"))
        for i, level in enumerate(levels):
            kpi = KpiFactory(plan=plan, component=comp, weight=Decimal("10"), code=f"k{i}")
            rubric(kpi)
            kpi.nodes.add(sub if i == 0 else other)
            kpi.policies.add(policy)
            if level is not None:
                KpiReport.objects.create(
                    kpi=kpi, period="2024-03", level=level, status=ReportStatus.VERIFIED
                )
        plans.append(plan)
    return {"fw": fw, "strategy": strategy, "sub": sub, "other": other, "plans": plans}


def test_node_rollup_includes_subtree(two_units):
    rollups = node_rollups(2567, "2024-03")
    strategy = rollups[two_units["strategy"].id]
    assert strategy.kpi_count == 2  # linked to 3.1, counted under 3 too
    assert strategy.average_level == Decimal("3.5")
    other = rollups[two_units["other"].id]
    assert other.kpi_count == 2 and other.scored_count == 1
    assert len(other.unscored_kpis) == 1


def test_policy_rollup(two_units):
    rollup = policy_rollups(2567, "2024-03")["148"]
    assert rollup.kpi_count == 4 and rollup.scored_count == 3
    assert rollup.as_dict()["total_score"] == "20.00"  # 10 + 6 + 4


def test_unit_ranking_by_weighted_level(two_units):
    ranking = unit_ranking(2567, "2024-03")
    assert [r["org_unit"] for r in ranking] == ["ก.", "ข."]
    assert ranking[0]["weighted_level"] == "4.00"
    assert ranking[1]["weighted_level"] == "2.00"
    assert ranking[1]["unscored_kpis"]


def test_status_uses_gantt_schedule(two_units):
    plan = two_units["plans"][0]
    kpi = plan.kpis.get(code="k0")  # level 5 → on track by level
    project = ProjectFactory(plan=plan)
    project.kpi_links.create(kpi=kpi, is_primary=True)
    for order, month in enumerate(["2023-10", "2023-11", "2023-12", "2024-01"], start=1):
        WorkStep.objects.create(
            project=project, order=order, name_th="ขั้นตอน", weight=25, planned_months=[month]
        )
    kpi.levels.update(score=None)
    report = kpi.reports.get()
    report.level = 3
    report.save()
    [result] = kpi_results([kpi], "2024-03")
    assert result.status == "off_track"  # 4 steps planned by March, none reported done


def test_query_count_constant_in_number_of_units(two_units, bma, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        unit_ranking(2567, "2024-03")
    fw = two_units["fw"]
    for i in range(10):
        plan = PlanFactory(org_unit=OrgUnitFactory(code=f"x{i}.", parent=bma), framework=fw)
        comp = ComponentFactory(plan=plan, code="1", weight=10)
        kpi = KpiFactory(plan=plan, component=comp, weight=10)
        KpiReport.objects.create(kpi=kpi, period="2024-03", level=3, status="submitted")
    with django_assert_max_num_queries(8):
        unit_ranking(2567, "2024-03")
