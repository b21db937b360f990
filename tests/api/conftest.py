"""A small world for the API tests: two unit subtrees, a framework tree, one plan with a
component, KPI, project and monthly reports, and one user per role."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from accounts.models import Role
from frameworks.models import Framework, FrameworkNode, Policy
from kpis.models import Kpi, KpiYearValue
from kpis.targets import parse_target
from orgs.models import OrgUnit, OrgUnitKind
from plans.models import Component, Plan, PlanSection
from progress.models import KpiReport, ProjectReport
from projects.models import Project, ProjectKpi, WorkStep
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
    user_with_role,
)

ROLES = ["planner_own", "planner_other", "evaluator", "analyst", "executive", "anonymous"]


@dataclass
class World:
    units: dict[str, OrgUnit]
    framework: Framework
    nodes: dict[str, FrameworkNode]
    policies: dict[str, Policy]
    plan: Plan
    other_plan: Plan
    component: Component
    spare_component: Component
    kpi: Kpi
    project: Project
    kpi_report: KpiReport
    project_report: ProjectReport
    spare_unit: OrgUnit
    spare_framework: Framework
    spare_node: FrameworkNode
    spare_policy: Policy
    users: dict = field(default_factory=dict)


def build_world(org_tree) -> World:
    fw = FrameworkFactory(code="BMA-2567", fiscal_year=2567)
    n3 = node(fw, "strategy", "3")
    n31 = node(fw, "substrategy", "3.1", parent=n3)
    kr = node(fw, "kr", "3.1:KR1", parent=n31)
    n4 = node(fw, "strategy", "4")
    spare_node = node(fw, "substrategy", "4.1", parent=n4)
    p099 = PolicyFactory(code="099")
    p148 = PolicyFactory(code="148", dimension_th="เดินทางดี")
    plan = PlanFactory(org_unit=org_tree["sps"], framework=fw, fiscal_year=2567)
    PlanSection.objects.create(plan=plan, key="foreword", kind="foreword", title_th="คำนำ")
    other_plan = PlanFactory(org_unit=org_tree["bangna"], framework=fw, fiscal_year=2567)
    component = ComponentFactory(plan=plan, code="1.1", weight=Decimal("30"))
    spare_component = ComponentFactory(plan=plan, code="2.1", weight=Decimal("10"))
    kpi = KpiFactory(plan=plan, code="1.1-1", component=component, weight=Decimal("10"))
    rubric(kpi)
    kpi.nodes.add(kr)
    kpi.policies.add(p099)
    target = parse_target("ร้อยละ 100")
    KpiYearValue.objects.create(
        kpi=kpi, kind="target", fiscal_year=2567, text=target.text, value=target.to_dict()
    )
    project = ProjectFactory(plan=plan, code="P1-001")
    project.nodes.add(n31)
    project.policies.add(p148)
    project.owner_units.add(org_tree["spc"])
    ProjectKpi.objects.create(project=project, kpi=kpi, is_primary=True)
    BudgetLineFactory(project=project)
    WorkStepFactory(project=project, order=1, weight=Decimal("40"), planned_months=["2023-10"])
    WorkStepFactory(project=project, order=2, weight=Decimal("60"), planned_months=["2023-11"])
    kpi_report = KpiReport.objects.create(kpi=kpi, period="2024-01", level=Decimal("3"))
    project_report = ProjectReport.objects.create(project=project, period="2024-01")
    project_report.steps_done.add(WorkStep.objects.get(project=project, order=1))
    spare_unit = OrgUnitFactory(
        code="สพส.ฝ่ายทดสอบ", parent=org_tree["sps"], kind=OrgUnitKind.DIVISION
    )
    spare_framework = FrameworkFactory(code="BMA-2569", fiscal_year=2569, name_th="กรอบ 2569")
    spare_policy = PolicyFactory(code="777", name_th="นโยบายทดสอบ")
    world = World(
        units=org_tree,
        framework=fw,
        nodes={"3": n3, "3.1": n31, "3.1:KR1": kr, "4": n4},
        policies={"099": p099, "148": p148},
        plan=plan,
        other_plan=other_plan,
        component=component,
        spare_component=spare_component,
        kpi=kpi,
        project=project,
        kpi_report=kpi_report,
        project_report=project_report,
        spare_unit=spare_unit,
        spare_framework=spare_framework,
        spare_node=spare_node,
        spare_policy=spare_policy,
    )
    world.users = {
        "planner_own": user_with_role(Role.PLANNER, org_tree["sps"], "planner_own"),
        "planner_other": user_with_role(Role.PLANNER, org_tree["bangna"], "planner_other"),
        "evaluator": user_with_role(Role.EVALUATOR, org_tree["sps"], "evaluator"),
        "analyst": user_with_role(Role.ANALYST, username="analyst"),
        "executive": user_with_role(Role.EXECUTIVE, username="executive"),
        "anonymous": None,
    }
    return world


def build_org_tree() -> dict[str, OrgUnit]:
    """The units of the root ``org_tree`` fixture, built once per module here."""
    bma = OrgUnitFactory(code="กทม.", name_th="กรุงเทพมหานคร", kind=OrgUnitKind.BMA)
    sps = OrgUnitFactory(code="สพส.", name_th="สำนักพัฒนาสังคม", parent=bma)
    spc = OrgUnitFactory(
        code="สพช.", name_th="สำนักงานพัฒนาชุมชน", parent=sps, kind=OrgUnitKind.DIVISION
    )
    bangna = OrgUnitFactory(
        code="สนข.บางนา", name_th="สำนักงานเขตบางนา", parent=bma, kind=OrgUnitKind.DISTRICT
    )
    works = OrgUnitFactory(
        code="บน.ฝ่ายโยธา", name_th="ฝ่ายโยธา", parent=bangna, kind=OrgUnitKind.DIVISION
    )
    return {"bma": bma, "sps": sps, "spc": spc, "bangna": bangna, "works": works}


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The world is built once per test module inside a transaction that is rolled back at
    the end; each test runs in its own savepoint on top of it (pytest-django's ``db``), so
    whatever a test writes is undone before the next one."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world(build_org_tree())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(module_world, db) -> World:
    return module_world


@pytest.fixture
def client_for(world):
    """``client_for(role)``: an API client signed in as that role (anonymous: none)."""

    def make(role: str) -> APIClient:
        client = APIClient()
        user = world.users[role]
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture(autouse=True)
def api_urls(settings):
    settings.ROOT_URLCONF = "tests.api.urls"
