"""Two browser sessions editing the same KPI; a planner who opens another unit's plan."""

import pytest

from accounts.models import Role
from tests.factories import (
    KpiFactory,
    OrgUnitFactory,
    PlanFactory,
    bma_root,
    rubric,
    user_with_role,
)

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _users():
    from django.contrib.auth import get_user_model

    root = bma_root()
    unit = OrgUnitFactory(code="สพส.", name_th="สำนักพัฒนาสังคม", parent=root)
    other = OrgUnitFactory(code="สนข.บางนา", name_th="สำนักงานเขตบางนา", parent=root)
    users = [
        user_with_role(Role.PLANNER, unit, username="planner_a"),
        user_with_role(Role.PLANNER, unit, username="planner_b"),
        user_with_role(Role.PLANNER, other, username="planner_other"),
    ]
    for u in users:
        u.set_password(PASSWORD)
        u.save()
    get_user_model().objects.filter(username="planner_a").update(first_name="สมชาย")
    get_user_model().objects.filter(username="planner_b").update(first_name="สมหญิง")
    plan = PlanFactory(org_unit=unit, fiscal_year=2569)
    kpi = KpiFactory(plan=plan, code="1.1", name_th="ร้อยละของผู้สูงอายุที่ได้รับการดูแล", part=1)
    rubric(kpi)
    return plan, kpi


def test_second_save_of_the_same_kpi_shows_a_conflict_and_loses_nothing(login):
    plan, kpi = _users()
    url = f"/plans/{plan.pk}/kpis/{kpi.pk}/page/"
    a, b = login("planner_a"), login("planner_b")
    a.page.goto(url)
    b.page.goto(url)

    a.page.fill("#id_name_th", "ร้อยละของผู้สูงอายุที่ได้รับการดูแลต่อเนื่อง")
    a.page.click("[data-testid=save-kpi]")
    a.page.wait_for_selector("[data-testid=saved]")

    b.page.fill("#id_name_th", "ร้อยละของผู้สูงอายุที่ได้รับการเยี่ยมบ้าน")
    b.page.click("[data-testid=save-kpi]")
    conflict = b.page.wait_for_selector("[data-testid=conflict]")
    text = conflict.inner_text()
    assert "ร้อยละของผู้สูงอายุที่ได้รับการเยี่ยมบ้าน" in text  # mine
    assert "ร้อยละของผู้สูงอายุที่ได้รับการดูแลต่อเนื่อง" in text  # theirs
    assert "สมชาย" in text  # who saved first
    # What B typed is still in the form, nothing is lost.
    assert b.page.input_value("#id_name_th") == "ร้อยละของผู้สูงอายุที่ได้รับการเยี่ยมบ้าน"
    kpi.refresh_from_db()
    assert kpi.name_th == "ร้อยละของผู้สูงอายุที่ได้รับการดูแลต่อเนื่อง"
    b.shot("conflict")

    # B decides to keep their own value: the second save goes through.
    b.page.click("[data-testid=save-kpi]")
    b.page.wait_for_selector("[data-testid=saved]")
    kpi.refresh_from_db()
    assert kpi.name_th == "ร้อยละของผู้สูงอายุที่ได้รับการเยี่ยมบ้าน"


def test_in_place_section_edit_conflict(login):
    from plans.models import PlanSection

    plan, _ = _users()
    section = PlanSection.objects.create(
        plan=plan, key="vision", kind="vision", title_th="วิสัยทัศน์", body_html="<p>เดิม</p>"
    )
    a, b = login("planner_a"), login("planner_b")
    for s in (a, b):
        s.page.goto(f"/plans/{plan.pk}/")
        s.page.click("[data-testid=section-vision] [data-testid=edit-section]")
        s.page.wait_for_selector("[data-testid=section-form]")
    a.page.fill("#id_title_th", "วิสัยทัศน์ (ก)")
    a.page.click("[data-testid=section-form] [data-testid=save]")
    a.page.wait_for_selector("[data-testid=section-vision]")
    b.page.fill("#id_title_th", "วิสัยทัศน์ (ข)")
    b.page.click("[data-testid=section-form] [data-testid=save]")
    conflict = b.page.wait_for_selector("[data-testid=conflict]")
    assert "วิสัยทัศน์ (ก)" in conflict.inner_text()
    assert b.page.input_value("#id_title_th") == "วิสัยทัศน์ (ข)"
    section.refresh_from_db()
    assert section.title_th == "วิสัยทัศน์ (ก)"


def test_planner_cannot_open_another_units_plan(login):
    plan, kpi = _users()
    s = login("planner_other")
    for url in (
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/kpis/{kpi.pk}/page/",
        f"/plans/{plan.pk}/history/",
        f"/plans/{plan.pk}/xlsx/",
    ):
        response = s.page.goto(url)
        assert response.status == 403, url
    # and the plan is not listed for them
    s.page.goto("/plans/")
    assert plan.title_th not in s.page.content()
