"""Starting from last year's plan, and the change history."""

import pytest

from audit.selectors import kpi_history, plan_history
from editor import services
from editor.carry import carry_forward
from plans.interchange.exporter import export_plan_document

pytestmark = pytest.mark.django_db


def test_plan_from_last_year_copies_and_marks(people, imported_plan):
    from frameworks.models import Framework

    source = imported_plan
    Framework.objects.filter(pk=source.framework_id).update(last_fiscal_year=2568)
    source.framework.refresh_from_db()
    new = services.plan_create_from(
        org_unit=source.org_unit, fiscal_year=2568, framework=source.framework,
        title_th="แผน 2568", source=source, user=people["planner"],
    )  # fmt: skip
    assert new.status == "draft" and new.revision == 0
    assert new.kpis.count() == source.kpis.count()
    assert new.adoptions.count() == source.adoptions.count()
    assert new.sections.count() == source.sections.count()
    assert new.projects.count() == source.projects.count()
    for step in new.projects.first().steps.all():
        assert all(m >= "2024-10" for m in step.planned_months)
    items = set(new.revisit_marks.values_list("item", flat=True))
    assert {f"kpi:{k}" for k in new.kpis.values_list("code", flat=True)} <= items
    assert {f"project:{c}" for c in new.projects.values_list("code", flat=True)} <= items


def test_carry_forward_drops_references_missing_in_a_new_framework(imported_plan):
    old = export_plan_document(imported_plan)
    base = {**old, "framework": {**old["framework"], "code": "NEW", "nodes": []}}
    doc, marks = carry_forward(old, base, fiscal_year=2568)
    assert all(a["node"] is None or "/" in a["node"] for a in doc["plan"]["adoptions"]) or not \
        doc["plan"]["adoptions"]  # fmt: skip
    assert any(item == "plan" for item, _, _ in marks)


def test_history_records_who_changed_what(people, client_for, plan):
    from tests.factories import KpiFactory

    kpi = KpiFactory(plan=plan, code="1.1")
    from .helpers import kpi_post_data

    c = client_for(people["planner"])
    data = kpi_post_data(plan, kpi, name_th="ชื่อใหม่", weight="5")
    assert c.post(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/", data,
                  HTTP_HX_REQUEST="true").status_code == 200  # fmt: skip
    entries, _total = kpi_history(kpi.pk)
    latest = entries[0]
    assert latest.user == "planner_sps"
    fields = {name: (old, new) for ch in latest.changes for name, old, new in ch.fields}
    assert fields["ชื่อตัวชี้วัด"][1] == "ชื่อใหม่"
    entries, _ = plan_history(plan.pk)
    assert any(e.user == "planner_sps" for e in entries)
    page = c.get(f"/plans/{plan.pk}/history/").content.decode()
    assert "ชื่อใหม่" in page
