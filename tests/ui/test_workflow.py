"""Submit (blocked by errors), return with comments, approve (snapshot), revise, diff."""

import re
from decimal import Decimal

import pytest

from editor import services
from editor.diff import diff_documents
from editor.models import ReviewComment
from plans.interchange.exporter import export_plan_document
from projects.models import WorkStep
from tests.factories import ProjectFactory, WorkStepFactory

pytestmark = pytest.mark.django_db


def test_full_workflow(people, imported_plan, client_for):
    plan = imported_plan
    planner, analyst = people["planner"], people["analyst"]
    project = ProjectFactory(plan=plan, code="P9-001")
    WorkStepFactory(project=project, order=1, weight=Decimal("60"))
    with pytest.raises(services.SubmitBlocked) as blocked:
        services.plan_submit(plan=plan, user=planner)
    assert any("P9-001" in i.message for i in blocked.value.issues)
    WorkStep.objects.filter(project=project).update(weight=Decimal("100"))

    # the check page links each blocking error to where it is fixed
    services.plan_submit(plan=plan, user=planner)
    plan.refresh_from_db()
    assert plan.status == "submitted"

    with pytest.raises(Exception):  # noqa: B017 - a return needs at least one comment
        services.plan_return(plan=plan, user=analyst, note="")
    c = client_for(analyst)
    r = c.post(f"/plans/{plan.pk}/comments/new/", {"item": "project:P9-001", "text": "ทบทวนงบ"})
    assert r.status_code == 200
    assert c.post(f"/plans/{plan.pk}/return/", {"note": ""}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "returned"
    assert ReviewComment.objects.filter(plan=plan, item="project:P9-001").exists()

    services.plan_submit(plan=plan, user=planner)
    services.plan_approve(plan=plan, user=analyst)
    plan.refresh_from_db()
    assert plan.status == "approved"
    snapshot = plan.revisions.get(number=0).snapshot
    assert snapshot == export_plan_document(plan)

    services.plan_revise(plan=plan, user=planner)
    plan.refresh_from_db()
    assert (plan.status, plan.revision) == ("draft", 1)
    project.name_th = "ชื่อใหม่"
    project.save()
    groups = diff_documents(snapshot, export_plan_document(plan))
    changed = [c for g in groups for c in g.changes]
    assert [c.key for c in changed] == ["P9-001"]
    page = client_for(planner).get(f"/plans/{plan.pk}/diff/?a=0&b=current").content.decode()
    assert "ชื่อใหม่" in page


def test_check_page_links_errors(people, imported_plan, client_for):
    project = ProjectFactory(plan=imported_plan, code="P9-002")
    WorkStepFactory(project=project, order=1, weight=Decimal("50"))
    page = client_for(people["planner"]).get(f"/plans/{imported_plan.pk}/check/").content.decode()
    assert "P9-002" in page
    assert f"/plans/{imported_plan.pk}/projects/{project.pk}/page/#p-steps" in page
    assert re.search(r'disabled data-testid="submit-plan"', page)
