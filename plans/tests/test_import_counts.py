"""A clean document imports completely: every row the document names, and no flag."""

import pytest

from frameworks.models import Framework, FrameworkNode
from kpis.models import Kpi, ScaleKind
from orgs.models import OrgUnit
from plans.interchange.importer import import_plan_document
from plans.models import Plan
from plans.tests.documents import EXPECTED_CREATED
from projects.models import ExpenseClass, Project

pytestmark = pytest.mark.django_db


def test_import_creates_every_row_and_no_flags(document):
    report = import_plan_document(document=document)

    assert report.ok, report.errors
    assert report.errors == []
    assert report.flags == []
    assert report.created == EXPECTED_CREATED
    assert report.updated == {}
    assert report.deleted == {}
    plan = Plan.objects.get(pk=report.plan_id)
    assert (plan.org_unit.code, plan.fiscal_year) == ("สพส.", 2567)
    assert plan.kpis.count() == 7
    assert plan.projects.count() == 5
    assert set(plan.related_frameworks.values_list("code", flat=True)) == {"SPS-2567"}


def test_import_links_codes_to_rows(imported):
    plan = Plan.objects.get(pk=imported.plan_id)
    kpi = Kpi.objects.get(plan=plan, code="1.1-1")
    assert kpi.adoption.node.code == "3.1:KR1"
    assert kpi.adoption.role == "H"
    assert kpi.component.code == "1.1"
    assert sorted(kpi.nodes.values_list("code", flat=True)) == ["3.1.1", "3.1.1.2"]
    assert list(kpi.policies.values_list("code", flat=True)) == ["099"]
    target = kpi.year_values.get(kind="target", fiscal_year=2567)
    assert target.value["parts"][0]["value"] == "100" and not target.flagged

    agency_kpi = Kpi.objects.get(plan=plan, code="2.1-1")
    node = agency_kpi.nodes.get()
    assert (node.framework.code, node.code) == ("SPS-2567", "1.1")

    composite = Kpi.objects.get(plan=plan, code="1.3-1")
    assert composite.scale_kind == ScaleKind.COMPOSITE
    part1, part2 = composite.parts.order_by("index")
    assert part1.levels.count() == 5 and part2.steps.count() == 2
    assert part2.direction == "lower"

    project = Project.objects.get(plan=plan, code="P1-001")
    assert project.kpi_links.get(is_primary=True).kpi.code == "1.1-1"
    assert list(project.owner_units.values_list("code", flat=True)) == ["สพช."]
    routine = Project.objects.get(plan=plan, code="P3-001")
    assert routine.expense_class.name_th == "ค่าครุภัณฑ์"
    assert routine.expense_class.depth == 3
    assert ExpenseClass.objects.get(parent=None).name_th == "ด้านพัฒนาสังคม"


def test_import_builds_trees_with_paths(imported):
    kr = FrameworkNode.objects.get(framework__code="BMA-2567", code="3.1:KR1")
    substrategy = FrameworkNode.objects.get(framework__code="BMA-2567", code="3.1")
    assert substrategy.is_ancestor_of(kr)
    assert kr.depth == 3
    assert list(kr.host_units.values_list("code", flat=True)) == ["สพส."]
    division = OrgUnit.objects.get(code="สพช.")
    assert division.parent.code == "สพส." and division.depth == 2
    assert Framework.objects.get(code="SPS-2567").owner_unit.code == "สพส."


def test_existing_registry_unit_is_left_alone(document):
    OrgUnit.objects.create(code="กทม.", name_th="กรุงเทพมหานคร (ทะเบียน)", kind="bma")

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    assert report.created["org_units"] == 3
    assert OrgUnit.objects.get(code="กทม.").name_th == "กรุงเทพมหานคร (ทะเบียน)"
