"""Browser views through Django's test client: scope, in-place editing, validation, conflicts."""

import pytest

from accounts.models import Role
from plans.models import PlanSection
from tests.factories import KpiFactory, PlanFactory, rubric, user_with_role

from .helpers import kpi_post_data, project_post_data

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_home_per_role(people, plan, client_for):
    assert "home-planner" in client_for(people["planner"]).get("/").content.decode()
    analyst = client_for(people["analyst"]).get("/").content.decode()
    assert "home-analyst" in analyst
    assert "home-executive" in client_for(people["executive"]).get("/").content.decode()


def test_login_logout_password_change(people, client):
    people["planner"].set_password("old-pass-word-1")
    people["planner"].save()
    r = client.post("/accounts/login/", {"username": "planner_sps", "password": "old-pass-word-1"})
    assert r.status_code == 302
    r = client.post(
        "/accounts/password_change/",
        {"old_password": "old-pass-word-1", "new_password1": "ใหม่-pass-2569x",
         "new_password2": "ใหม่-pass-2569x"},
    )  # fmt: skip
    assert r.status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_plan_scope_403_and_list(people, plan, client_for, org_tree):
    other = client_for(people["other"])
    assert other.get(f"/plans/{plan.pk}/").status_code == 403
    assert other.get(f"/plans/{plan.pk}/check/").status_code == 403
    assert plan.title_th not in other.get("/plans/").content.decode()
    mine = client_for(people["planner"])
    assert mine.get(f"/plans/{plan.pk}/").status_code == 200
    listing = mine.get(f"/plans/?year=2569&unit={org_tree['bma'].pk}").content.decode()
    assert plan.title_th in listing
    assert client_for(people["analyst"]).get(f"/plans/{plan.pk}/").status_code == 200


def test_other_planner_cannot_edit(people, plan, client_for):
    section = PlanSection.objects.create(plan=plan, key="vision", kind="vision", title_th="ว")
    r = client_for(people["other"]).post(
        f"/plans/{plan.pk}/section/{section.pk}/edit/", {"title_th": "x"}, **HX
    )
    assert r.status_code == 403


def test_section_edit_sanitises_and_validates(people, plan, client_for):
    c = client_for(people["planner"])
    r = c.post(
        f"/plans/{plan.pk}/section/new/",
        {"kind": "vision", "key": "vision", "title_th": "วิสัยทัศน์",
         "body_html": '<h2>หัวข้อ</h2><p onclick="x()">ดี<script>alert(1)</script></p>'},
        **HX,
    )  # fmt: skip
    assert r.status_code == 200
    section = PlanSection.objects.get(plan=plan, key="vision")
    assert "<script" not in section.body_html and "onclick" not in section.body_html
    assert "<h2>หัวข้อ</h2>" in section.body_html
    # a duplicate key and a missing kind: Thai messages next to the fields, nothing saved
    r = c.post(f"/plans/{plan.pk}/section/new/", {"key": "vision", "title_th": "x"}, **HX)
    assert r.status_code == 422
    text = r.content.decode()
    assert "รหัสส่วนนี้มีอยู่แล้วในแผน" in text and "กรุณากรอกข้อมูลช่องนี้" in text
    assert PlanSection.objects.filter(plan=plan).count() == 1


def test_section_conflict_keeps_both_values(people, plan, client_for):
    from editor.concurrency import row_token

    section = PlanSection.objects.create(plan=plan, key="vision", kind="vision", title_th="เดิม")
    token = row_token(section)
    a, b = client_for(people["planner"]), client_for(people["planner2"])
    data = {"kind": "vision", "key": "vision", "body_html": "", "token": token}
    assert a.post(f"/plans/{plan.pk}/section/{section.pk}/edit/",
                  {**data, "title_th": "ของ ก"}, **HX).status_code == 200  # fmt: skip
    r = b.post(f"/plans/{plan.pk}/section/{section.pk}/edit/", {**data, "title_th": "ของ ข"}, **HX)
    assert r.status_code == 409
    text = r.content.decode()
    assert "ของ ก" in text and "ของ ข" in text
    section.refresh_from_db()
    assert section.title_th == "ของ ก"


def test_kpi_create_update_conflict_and_validation(people, plan, client_for):
    c = client_for(people["planner"])
    data = kpi_post_data(plan, code="1.1", name_th="ร้อยละของผู้สูงอายุ", unit_th="ร้อยละ",
                         **{"targets-0-text": "ร้อยละ 60 (2 แห่ง)",
                            "levels-0-threshold_text": "ร้อยละ 20"})  # fmt: skip
    r = c.post(f"/plans/{plan.pk}/kpis/add/", data, **HX)
    assert r.status_code == 204, r.content.decode()[:2000]
    kpi = plan.kpis.get(code="1.1")
    assert kpi.levels.count() == 5
    target = kpi.year_values.get(kind="target", fiscal_year=2569)
    assert target.value["parts"][0]["value"] == "60" and not target.flagged

    # a bad number: the Thai message is next to the field, nothing is written
    bad = kpi_post_data(plan, kpi, weight="สิบ")
    r = c.post(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/", bad, **HX)
    assert r.status_code == 422 and "กรุณากรอกตัวเลข" in r.content.decode()
    # duplicated level rows are refused as a whole
    dup = kpi_post_data(plan, kpi, **{"levels-1-level": "1", "name_th": "เปลี่ยน"})
    r = c.post(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/", dup, **HX)
    assert r.status_code == 422 and "ระดับนี้ซ้ำกับแถวอื่น" in r.content.decode()
    kpi.refresh_from_db()
    assert kpi.name_th == "ร้อยละของผู้สูงอายุ"

    stale = kpi_post_data(plan, kpi, name_th="ชื่อของ ข")
    fresh = kpi_post_data(plan, kpi, name_th="ชื่อของ ก")
    assert c.post(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/", fresh, **HX).status_code == 200
    r = client_for(people["planner2"]).post(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/", stale, **HX)
    assert r.status_code == 409
    assert "ชื่อของ ก" in r.content.decode() and "ชื่อของ ข" in r.content.decode()
    kpi.refresh_from_db()
    assert kpi.name_th == "ชื่อของ ก"


def test_project_with_budget_and_steps(people, plan, client_for):
    kpi = KpiFactory(plan=plan, code="1.1", part=1)
    c = client_for(people["planner"])
    data = project_post_data(
        plan, code="P1-001", name_th="โครงการทดสอบ", kind="project", part="1",
        kpis=[kpi.pk], primary_kpi=kpi.pk,
        **{"budget-0-amount": "1227200", "steps-TOTAL_FORMS": "2",
           "steps-0-order": "1", "steps-0-name_th": "เตรียมการ", "steps-0-weight": "30",
           "steps-0-planned_months": ["2025-10", "2025-11"],
           "steps-1-order": "2", "steps-1-name_th": "ดำเนินการ", "steps-1-weight": "70"},
    )  # fmt: skip
    r = c.post(f"/plans/{plan.pk}/projects/add/", data, **HX)
    assert r.status_code == 204, r.content.decode()[:3000]
    project = plan.projects.get(code="P1-001")
    assert [s.weight for s in project.steps.order_by("order")] == [30, 70]
    assert project.steps.get(order=1).planned_months == ["2025-10", "2025-11"]
    assert project.kpi_links.get().is_primary
    page = c.get(f"/plans/{plan.pk}/").content.decode()
    assert "1,227,200.00" in page

    # "no budget" with an amount is refused with a Thai message next to the amount
    bad = project_post_data(plan, project, **{"budget-0-status": "no_budget"})
    r = c.post(f"/plans/{plan.pk}/projects/{project.pk}/page/", bad, **HX)
    assert r.status_code == 422
    assert "ต้องไม่ระบุจำนวนเงิน" in r.content.decode()


def test_approved_plan_is_read_only(people, client_for, org_tree):
    plan = PlanFactory(org_unit=org_tree["sps"], fiscal_year=2568, status="approved")
    kpi = KpiFactory(plan=plan, code="9.9")
    rubric(kpi)
    c = client_for(people["planner"])
    page = c.get(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/").content.decode()
    assert 'data-testid="save-kpi"' not in page and "<fieldset disabled" in page
    r = c.post(f"/plans/{plan.pk}/kpis/{kpi.pk}/page/", kpi_post_data(plan, kpi), **HX)
    assert r.status_code == 403


def test_parse_target_live(people, client_for):
    r = client_for(people["planner"]).get("/targets/parse/", {"text": "ไม่น้อยกว่าร้อยละ 80"})
    assert "≥ 80%" in r.content.decode()


def test_framework_tree_search(people, client_for, org_tree):
    from tests.factories import FrameworkFactory, node

    fw = FrameworkFactory(code="BMA-T", fiscal_year=2569)
    s = node(fw, "strategy", "3", name_th="การลดความเหลื่อมล้ำ")
    node(fw, "kr", "3:KR1", parent=s, name_th="ผู้สูงอายุได้รับการดูแล")
    node(fw, "kr", "3:KR2", parent=s, name_th="คนพิการมีงานทำ")
    plan = PlanFactory(org_unit=org_tree["sps"], fiscal_year=2569, framework=fw)
    html = client_for(people["planner"]).get(f"/plans/{plan.pk}/framework/", {"q": "พิการ"})
    text = html.content.decode()
    assert "คนพิการมีงานทำ" in text and "ผู้สูงอายุได้รับการดูแล" not in text
    assert 'data-testid="adopt-3:KR2"' in text


def test_english_switch(people, client_for):
    c = client_for(people["planner"])
    assert "หน้าหลัก" in c.get("/").content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Home" in c.get("/").content.decode()


def test_executive_never_edits(people, plan, client_for):
    exe = client_for(people["executive"])
    assert exe.get(f"/plans/{plan.pk}/").status_code == 200
    assert exe.get(f"/plans/{plan.pk}/kpis/add/").status_code == 403
    assert user_with_role(Role.ANALYST, username="a2")
