"""The declarative table the API tests run over: one entry per resource in API.md.

Each entry names its URL, the object the tests act on, valid create and update payloads, a
payload with several bad fields, filter cases, how to add rows for the query-count test, the
pinned number of queries of its list, and what each role may do (``Expect``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from frameworks.models import Framework, FrameworkNode, Policy
from kpis.models import Kpi, KpiResponsibility, KpiYearValue
from orgs.models import OrgUnit
from plans.models import Component, Plan, PlanSection
from progress.models import KpiReport, ProjectReport
from projects.models import Project, ProjectKpi
from tests.factories import (
    BudgetLineFactory,
    ComponentFactory,
    FrameworkFactory,
    KpiFactory,
    OrgUnitFactory,
    PlanFactory,
    PolicyFactory,
    ProjectFactory,
    WorkStepFactory,
    node,
    rubric,
)


@dataclass(frozen=True)
class Expect:
    """What one role gets: does the list show the object, and the status of each action."""

    sees: bool
    get: int
    create: int
    update: int
    delete: int


ANON = Expect(False, 401, 401, 401, 401)
READ_ONLY = Expect(True, 200, 403, 403, 403)
HIDDEN_NO_WRITE = Expect(False, 404, 403, 403, 403)
HIDDEN_WRITER = Expect(False, 404, 403, 404, 404)
FULL = Expect(True, 200, 201, 200, 204)

CATALOGUE = {
    "planner_own": READ_ONLY,
    "planner_other": READ_ONLY,
    "evaluator": READ_ONLY,
    "analyst": FULL,
    "executive": READ_ONLY,
    "anonymous": ANON,
}
PLAN_CONTENT = {
    "planner_own": FULL,
    "planner_other": HIDDEN_WRITER,
    "evaluator": READ_ONLY,
    "analyst": READ_ONLY,
    "executive": READ_ONLY,
    "anonymous": ANON,
}
REPORTS = {
    "planner_own": READ_ONLY,
    "planner_other": HIDDEN_NO_WRITE,
    "evaluator": FULL,
    "analyst": READ_ONLY,
    "executive": READ_ONLY,
    "anonymous": ANON,
}


@dataclass
class Resource:
    name: str
    url: str
    model: type
    obj: Callable  # world -> the object under test
    create: Callable  # world -> valid create payload
    update: Callable  # world -> valid PATCH payload (without version)
    changed: tuple[str, object]  # (field, value) the update payload sets
    bad: Callable  # world -> (payload, [bad fields]) for a create
    expect: dict[str, Expect]
    writer: str  # a role that may write the object
    filters: list[tuple[Callable, bool]]  # (world -> query params, object listed?)
    add_rows: Callable  # (world, n) -> None: n more rows visible to an analyst
    list_queries: int  # pinned queries of one list request (analyst, any number of rows)
    versioned: bool = False
    bad_filters: list[tuple[dict, str]] = field(default_factory=list)


def _many_units(world, n):
    for i in range(n):
        OrgUnitFactory(code=f"หน่วยนับ{i}.", parent=world.units["sps"])


def _many_frameworks(world, n):
    for _ in range(n):
        FrameworkFactory()


def _many_nodes(world, n):
    for i in range(n):
        child = node(world.framework, "strategy", f"9{i}")
        child.host_units.add(world.units["sps"])


def _many_policies(world, n):
    for i in range(n):
        PolicyFactory(code=f"{500 + i:03d}")


def _many_plans(world, n):
    for _ in range(n):
        plan = PlanFactory(framework=world.framework)
        PlanSection.objects.create(plan=plan, key="foreword", kind="foreword", title_th="คำนำ")


def _many_components(world, n):
    for i in range(n):
        ComponentFactory(plan=world.plan, code=f"9.{i}", parent=world.component)


def _kpi_with_rows(world, code):
    kpi = KpiFactory(plan=world.plan, code=code, component=world.component, weight=Decimal(1))
    rubric(kpi)
    kpi.nodes.add(world.nodes["3.1:KR1"])
    kpi.policies.add(world.policies["099"])
    KpiYearValue.objects.create(kpi=kpi, kind="target", fiscal_year=2567, text="ร้อยละ 80")
    KpiResponsibility.objects.create(kpi=kpi, org_unit=world.units["sps"], role="lead")
    return kpi


def _many_kpis(world, n):
    for i in range(n):
        _kpi_with_rows(world, f"K-{i}")


def _project_with_rows(world, code):
    project = ProjectFactory(plan=world.plan, code=code)
    project.owner_units.add(world.units["spc"])
    project.nodes.add(world.nodes["3.1"])
    project.policies.add(world.policies["148"])
    ProjectKpi.objects.create(project=project, kpi=world.kpi, is_primary=True)
    BudgetLineFactory(project=project)
    WorkStepFactory(project=project, order=1, weight=Decimal(100))
    return project


def _many_projects(world, n):
    for i in range(n):
        _project_with_rows(world, f"P9-{i:03d}")


def _many_kpi_reports(world, n):
    for i in range(n):
        kpi = _kpi_with_rows(world, f"R-{i}")
        KpiReport.objects.create(kpi=kpi, period="2024-02", level=Decimal(2))


def _many_project_reports(world, n):
    for i in range(n):
        project = _project_with_rows(world, f"PR-{i:03d}")
        report = ProjectReport.objects.create(project=project, period="2024-02")
        report.steps_done.set(project.steps.all())


RESOURCES = [
    Resource(
        name="org-units",
        url="/api/v1/org-units/",
        model=OrgUnit,
        obj=lambda w: w.spare_unit,
        create=lambda w: {
            "code": "สนท.",
            "name_th": "สำนักงานทดสอบ",
            "kind": "office",
            "parent": "กทม.",
        },
        update=lambda w: {"name_th": "ฝ่ายทดสอบใหม่"},
        changed=("name_th", "ฝ่ายทดสอบใหม่"),
        bad=lambda w: (
            {"code": "", "name_th": "x", "kind": "planet", "parent": "ไม่มีหน่วยนี้"},
            ["code", "kind", "parent"],
        ),
        # units are scoped like plans: a planner sees their own subtree only
        expect={**CATALOGUE, "planner_other": HIDDEN_NO_WRITE},
        writer="analyst",
        filters=[
            (lambda w: {"kind": "division"}, True),
            (lambda w: {"kind": "district"}, False),
            (lambda w: {"subtree": "สพส."}, True),
            (lambda w: {"subtree": str(w.units["sps"].pk)}, True),
            (lambda w: {"subtree": "สนข.บางนา"}, False),
            (lambda w: {"parent": "สพส."}, True),
            (lambda w: {"q": "ทดสอบ"}, True),
        ],
        bad_filters=[({"subtree": "ไม่มีหน่วยนี้"}, "subtree")],
        add_rows=_many_units,
        list_queries=2,
    ),
    Resource(
        name="frameworks",
        url="/api/v1/frameworks/",
        model=Framework,
        obj=lambda w: w.spare_framework,
        create=lambda w: {
            "code": "BMA-2570",
            "fiscal_year": 2570,
            "name_th": "แผนปฏิบัติราชการกรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. 2570",
            "levels": [
                {"key": "side", "label_th": "ด้าน", "label_en": "Side"},
                {"key": "kr", "label_th": "KR"},
            ],
        },
        update=lambda w: {"name_th": "กรอบใหม่"},
        changed=("name_th", "กรอบใหม่"),
        bad=lambda w: (
            {"code": "", "fiscal_year": "สองพัน", "name_th": "x", "kind": "weird"},
            ["code", "fiscal_year", "kind"],
        ),
        expect=CATALOGUE,
        writer="analyst",
        filters=[
            (lambda w: {"fiscal_year": 2569}, True),
            (lambda w: {"fiscal_year": 2567}, False),
            (lambda w: {"kind": "bma_annual"}, True),
            (lambda w: {"code": "BMA-2569"}, True),
        ],
        add_rows=_many_frameworks,
        list_queries=3,
    ),
    Resource(
        name="framework-nodes",
        url="/api/v1/framework-nodes/",
        model=FrameworkNode,
        obj=lambda w: w.spare_node,
        create=lambda w: {
            "framework": w.framework.pk,
            "parent": "4",
            "level": "substrategy",
            "code": "4.2",
            "name_th": "ยุทธศาสตร์ย่อยใหม่",
            "host_units": ["สพส.", w.units["spc"].pk],
        },
        update=lambda w: {"name_th": "ชื่อใหม่", "host_units": ["สพช."]},
        changed=("name_th", "ชื่อใหม่"),
        bad=lambda w: (
            {"framework": 999999, "level": "", "parent": "4", "code": ""},
            ["framework", "level", "code", "name_th"],
        ),
        expect=CATALOGUE,
        writer="analyst",
        filters=[
            (lambda w: {"subtree": "4"}, True),
            (lambda w: {"subtree": "3"}, False),
            (lambda w: {"level": "substrategy"}, True),
            (lambda w: {"level": "kr"}, False),
            (lambda w: {"parent": "4"}, True),
            (lambda w: {"fiscal_year": 2567}, True),
            (lambda w: {"fiscal_year": 2566}, False),
            (lambda w: {"framework": w.framework.pk}, True),
        ],
        bad_filters=[({"subtree": "ไม่มี"}, "subtree")],
        add_rows=_many_nodes,
        list_queries=3,
    ),
    Resource(
        name="policies",
        url="/api/v1/policies/",
        model=Policy,
        obj=lambda w: w.spare_policy,
        create=lambda w: {"code": "200", "name_th": "นโยบายใหม่", "dimension_th": "สังคมดี"},
        update=lambda w: {"name_th": "นโยบายแก้ไข"},
        changed=("name_th", "นโยบายแก้ไข"),
        bad=lambda w: ({"code": "12", "name_th": ""}, ["code", "name_th"]),
        expect=CATALOGUE,
        writer="analyst",
        filters=[
            (lambda w: {"code": "777"}, True),
            (lambda w: {"code": "099,777"}, True),
            (lambda w: {"code": "099"}, False),
            (lambda w: {"q": "ทดสอบ"}, True),
        ],
        add_rows=_many_policies,
        list_queries=2,
    ),
    Resource(
        name="plans",
        url="/api/v1/plans/",
        model=Plan,
        obj=lambda w: w.plan,
        create=lambda w: {
            "org_unit": "สพช.",
            "fiscal_year": 2567,
            "framework": w.framework.pk,
            "title_th": "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2567 สำนักงานพัฒนาชุมชน",
            "sections": [
                {
                    "key": "foreword",
                    "kind": "foreword",
                    "title_th": "คำนำ",
                    "body_html": "<p>ก</p>",
                },
                {"key": "situation-1", "kind": "situation", "node": "3.1"},
            ],
        },
        update=lambda w: {"title_th": "แผนฉบับแก้ไข"},
        changed=("title_th", "แผนฉบับแก้ไข"),
        bad=lambda w: (
            {"org_unit": "ไม่มีหน่วยนี้", "fiscal_year": "x", "framework": 999999},
            ["org_unit", "fiscal_year", "framework", "title_th"],
        ),
        expect={
            **PLAN_CONTENT,
            "analyst": Expect(True, 200, 201, 403, 403),
        },
        writer="planner_own",
        filters=[
            (lambda w: {"fiscal_year": 2567}, True),
            (lambda w: {"fiscal_year": 2569}, False),
            (lambda w: {"org_unit": "สพส."}, True),
            (lambda w: {"org_unit": str(w.units["sps"].pk)}, True),
            (lambda w: {"org_unit": "สพช."}, False),
            (lambda w: {"org_unit_tree": "กทม."}, True),
            (lambda w: {"org_unit_tree": "สนข.บางนา"}, False),
            (lambda w: {"status": "draft"}, True),
            (lambda w: {"status": "approved"}, False),
        ],
        bad_filters=[({"org_unit": "ไม่มีหน่วยนี้"}, "org_unit"), ({"status": "x"}, "status")],
        add_rows=_many_plans,
        list_queries=3,
        versioned=True,
    ),
    Resource(
        name="components",
        url="/api/v1/components/",
        model=Component,
        obj=lambda w: w.spare_component,
        create=lambda w: {
            "plan": w.plan.pk,
            "code": "3",
            "name_th": "องค์ประกอบใหม่",
            "weight": "20",
        },
        update=lambda w: {"weight": "15.50"},
        changed=("weight", Decimal("15.50")),
        bad=lambda w: (
            {"plan": w.plan.pk, "code": "", "name_th": "", "weight": "-1"},
            ["code", "name_th", "weight"],
        ),
        expect=PLAN_CONTENT,
        writer="planner_own",
        filters=[
            (lambda w: {"plan": w.plan.pk}, True),
            (lambda w: {"plan": w.other_plan.pk}, False),
            (lambda w: {"org_unit_tree": "สพส."}, True),
            (lambda w: {"fiscal_year": 2569}, False),
            (lambda w: {"code": "2.1"}, True),
        ],
        add_rows=_many_components,
        list_queries=2,
    ),
    Resource(
        name="kpis",
        url="/api/v1/kpis/",
        model=Kpi,
        obj=lambda w: w.kpi,
        create=lambda w: {
            "plan": w.plan.pk,
            "code": "1.1-2",
            "name_th": "ร้อยละของผู้รับบริการที่พึงพอใจ",
            "unit": "ร้อยละ",
            "direction": "higher",
            "component": w.component.pk,
            "weight": "5.00",
            "nodes": ["3.1:KR1"],
            "policies": ["099", "148"],
            "scale": {
                "kind": "bands",
                "levels": [
                    {"level": lv, "threshold_text": f"ร้อยละ {60 + lv * 5}", "min": 60 + lv * 5}
                    for lv in range(1, 6)
                ],
            },
            "baselines": [{"year": 2566, "text": "ร้อยละ 70"}],
            "targets": [{"year": 2567, "text": "ไม่น้อยกว่าร้อยละ 80"}],
            "responsibilities": [{"unit": "สพส.", "role": "lead", "duties_th": "ดำเนินการ"}],
        },
        update=lambda w: {
            "weight": "12.00",
            "scale": {
                "kind": "steps",
                "steps": [
                    {"order": 1, "name_th": "จัดทำแผน", "points": "40"},
                    {"order": 2, "name_th": "ดำเนินการ", "points": "60"},
                ],
            },
        },
        changed=("weight", Decimal("12.00")),
        bad=lambda w: (
            {
                "plan": w.plan.pk,
                "code": "x",
                "name_th": "x",
                "direction": "sideways",
                "weight": "abc",
                "scale": {"kind": "stars"},
            },
            ["direction", "weight", "scale"],
        ),
        expect=PLAN_CONTENT,
        writer="planner_own",
        filters=[
            (lambda w: {"fiscal_year": 2567}, True),
            (lambda w: {"fiscal_year": 2569}, False),
            (lambda w: {"org_unit": "สพส."}, True),
            (lambda w: {"org_unit_tree": "กทม."}, True),
            (lambda w: {"org_unit_tree": "สนข.บางนา"}, False),
            (lambda w: {"node": "3.1:KR1"}, True),
            (lambda w: {"node": "3.1"}, False),
            (lambda w: {"node_tree": "3"}, True),
            (lambda w: {"node_tree": "4"}, False),
            (lambda w: {"policy": "099"}, True),
            (lambda w: {"policy": "148"}, False),
            (lambda w: {"component": w.component.pk}, True),
            (lambda w: {"component": w.spare_component.pk}, False),
            (lambda w: {"scale_kind": "rubric"}, True),
        ],
        bad_filters=[({"node_tree": "99.9"}, "node_tree"), ({"org_unit": "zz"}, "org_unit")],
        add_rows=_many_kpis,
        list_queries=4,  # count, page, one union of the child rows, composite parts
        versioned=True,
    ),
    Resource(
        name="projects",
        url="/api/v1/projects/",
        model=Project,
        obj=lambda w: w.project,
        create=lambda w: {
            "plan": w.plan.pk,
            "code": "P1-002",
            "name_th": "โครงการใหม่",
            "kind": "project",
            "part": 1,
            "owner_units": ["สพช."],
            "kpis": [w.kpi.pk],
            "primary_kpi": w.kpi.pk,
            "nodes": ["3.1"],
            "policies": ["148"],
            "budget_lines": [
                {"fiscal_year": 2567, "amount": "1227200.00", "status": "amount"},
                {"fiscal_year": 2568, "amount": None, "status": "as_allocated"},
            ],
            "steps": [
                {"order": 1, "name_th": "เตรียมการ", "weight": "30", "planned_months": ["2023-10"]},
                {"order": 2, "name_th": "ดำเนินการ", "weight": "70", "planned_months": ["2024-01"]},
            ],
        },
        update=lambda w: {
            "name_th": "โครงการแก้ไข",
            "budget_lines": [{"fiscal_year": 2567, "amount": "500.00", "status": "amount"}],
        },
        changed=("name_th", "โครงการแก้ไข"),
        bad=lambda w: (
            {
                "plan": w.plan.pk,
                "code": "P1-001",
                "name_th": "x",
                "part": 9,
                "budget_lines": [{"fiscal_year": 2567, "amount": None, "status": "amount"}],
            },
            ["part", "budget_lines"],
        ),
        expect=PLAN_CONTENT,
        writer="planner_own",
        filters=[
            (lambda w: {"fiscal_year": 2567}, True),
            (lambda w: {"org_unit": "สพส."}, True),
            (lambda w: {"org_unit": "สนข.บางนา"}, False),
            (lambda w: {"owner_unit": "สพช."}, True),
            (lambda w: {"node": "3.1"}, True),
            (lambda w: {"node_tree": "3"}, True),
            (lambda w: {"node_tree": "4"}, False),
            (lambda w: {"policy": "148"}, True),
            (lambda w: {"policy": "099"}, False),
            (lambda w: {"kpi": w.kpi.pk}, True),
            (lambda w: {"part": 2}, False),
        ],
        add_rows=_many_projects,
        list_queries=9,
        versioned=True,
    ),
    Resource(
        name="kpi-reports",
        url="/api/v1/kpi-reports/",
        model=KpiReport,
        obj=lambda w: w.kpi_report,
        create=lambda w: {
            "kpi": w.kpi.pk,
            "period": "2024-02",
            "level": "4.00",
            "narrative_th": "ดำเนินการแล้วร้อยละ 80",
        },
        update=lambda w: {"narrative_th": "ปรับปรุงผล", "level": "5"},
        changed=("narrative_th", "ปรับปรุงผล"),
        bad=lambda w: (
            {"kpi": w.kpi.pk, "period": "2567-01", "level": "7", "actual_value": "มาก"},
            ["period", "level", "actual_value"],
        ),
        expect=REPORTS,
        writer="evaluator",
        filters=[
            (lambda w: {"period": "2024-01"}, True),
            (lambda w: {"period_from": "2023-10", "period_to": "2024-03"}, True),
            (lambda w: {"period_from": "2024-02"}, False),
            (lambda w: {"status": "draft"}, True),
            (lambda w: {"status": "verified"}, False),
            (lambda w: {"org_unit_tree": "สพส."}, True),
            (lambda w: {"org_unit_tree": "สนข.บางนา"}, False),
            (lambda w: {"node_tree": "3"}, True),
            (lambda w: {"policy": "099"}, True),
            (lambda w: {"fiscal_year": 2567}, True),
            (lambda w: {"component": w.component.pk}, True),
            (lambda w: {"kpi": w.kpi.pk}, True),
        ],
        bad_filters=[({"period_from": "2567-01"}, "period_from")],
        add_rows=_many_kpi_reports,
        list_queries=4,
        versioned=True,
    ),
    Resource(
        name="project-reports",
        url="/api/v1/project-reports/",
        model=ProjectReport,
        obj=lambda w: w.project_report,
        create=lambda w: {
            "project": w.project.pk,
            "period": "2024-02",
            "steps_done": [1, 2],
            "disbursed": "1000.50",
        },
        update=lambda w: {"narrative_th": "คืบหน้า", "steps_done": [1, 2]},
        changed=("narrative_th", "คืบหน้า"),
        bad=lambda w: (
            {"project": w.project.pk, "period": "2024-13", "steps_done": ["x"], "disbursed": "-5"},
            ["period", "steps_done", "disbursed"],
        ),
        expect=REPORTS,
        writer="evaluator",
        filters=[
            (lambda w: {"period_to": "2024-01"}, True),
            (lambda w: {"period_to": "2023-12"}, False),
            (lambda w: {"status": "draft"}, True),
            (lambda w: {"org_unit": "สพส."}, True),
            (lambda w: {"org_unit": "สพช."}, False),
            (lambda w: {"node_tree": "3"}, True),
            (lambda w: {"project": w.project.pk}, True),
        ],
        add_rows=_many_project_reports,
        list_queries=3,
        versioned=True,
    ),
]

BY_NAME = {r.name: r for r in RESOURCES}
