"""Auth, status actions, nested reads, money, interchange, scores and CSV/XLSX exports."""

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import hash_key
from kpis.models import Kpi
from plans.models import Plan
from progress.models import KpiReport, ProjectReport
from projects.models import BudgetLine, Project

pytestmark = pytest.mark.django_db
THAI = re.compile(r"[\u0E00-\u0E7F]")


# --- authentication ------------------------------------------------------------------------


def test_token_obtain_use_and_revoke(world):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "analyst", "password": "pass-word-123"}, format="json"
    )
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/plans/").status_code == 200
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not ApiToken.objects.filter(key_hash=hash_key(key)).exists()
    response = client.get("/api/v1/plans/")
    assert response.status_code == 401
    assert THAI.search(response.json()["detail"])


def test_token_with_wrong_password_is_400_in_thai(world):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "analyst", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert THAI.search(response.json()["non_field_errors"][0])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/org-units/",
        "/api/v1/frameworks/",
        "/api/v1/framework-nodes/",
        "/api/v1/policies/",
        "/api/v1/plans/",
        "/api/v1/components/",
        "/api/v1/kpis/",
        "/api/v1/projects/",
        "/api/v1/kpi-reports/",
        "/api/v1/project-reports/",
    ],
)
def test_anonymous_is_401_with_a_challenge(url, world):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_session_login_works(world):
    client = APIClient()
    assert client.login(username="planner_own", password="pass-word-123")
    assert client.get("/api/v1/plans/").status_code == 200


def test_unit_reference_accepts_abbreviation_or_id(world, client_for):
    client = client_for("planner_own")
    by_code = client.get("/api/v1/plans/", {"org_unit": "สพส."}).json()["results"]
    by_id = client.get("/api/v1/plans/", {"org_unit": world.units["sps"].pk}).json()["results"]
    assert [p["id"] for p in by_code] == [p["id"] for p in by_id] == [world.plan.pk]
    assert by_code[0]["org_unit"] == "สพส."
    payload = {
        "org_unit": world.units["spc"].pk,
        "fiscal_year": 2567,
        "framework": world.framework.pk,
        "title_th": "แผน",
    }
    response = client.post("/api/v1/plans/", payload, format="json")
    assert response.status_code == 201
    assert response.json()["org_unit"] == "สพช."


def test_page_size_is_capped_at_500(world, client_for):
    response = client_for("analyst").get("/api/v1/org-units/", {"page_size": 100000})
    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["results"])


# --- nested reads and money -----------------------------------------------------------------


def test_kpi_nests_scale_rows_targets_nodes_and_policies(world, client_for):
    body = client_for("executive").get(f"/api/v1/kpis/{world.kpi.pk}/").json()
    assert body["scale"]["kind"] == "rubric"
    assert [row["level"] for row in body["scale"]["levels"]] == [1, 2, 3, 4, 5]
    assert body["levels"] == body["scale"]["levels"]
    assert body["nodes"] == ["3.1:KR1"]
    assert body["policies"] == ["099"]
    assert body["weight"] == "10.00"
    assert body["targets"][0]["text"] == "ร้อยละ 100"
    assert body["component"] == world.component.pk


def test_project_nests_budget_lines_and_steps_with_money_strings(world, client_for):
    BudgetLine.objects.create(project=world.project, fiscal_year=2568, status="as_allocated")
    body = client_for("executive").get(f"/api/v1/projects/{world.project.pk}/").json()
    assert body["budget_lines"][0]["amount"] == "1227200.00"
    assert body["budget_lines"][1]["amount"] is None  # "no figure" is not 0
    assert [s["order"] for s in body["steps"]] == [1, 2]
    assert body["steps"][0]["planned_months"] == ["2023-10"]
    assert body["owner_units"] == ["สพช."]
    assert body["kpis"] == [world.kpi.pk]
    assert body["primary_kpi"] == world.kpi.pk


def test_kpi_nested_write_replaces_child_lists(world, client_for):
    client = client_for("planner_own")
    url = f"/api/v1/kpis/{world.kpi.pk}/"
    payload = {
        "version": 1,
        "scale": {"kind": "rubric", "levels": [{"level": 5, "criterion_th": "ครบ"}]},
        "targets": [{"year": 2567, "text": "ร้อยละ 90"}, {"year": 2568, "text": "ร้อยละ 95"}],
        "nodes": ["3", "3.1"],
    }
    response = client.patch(url, payload, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["level"] for r in body["scale"]["levels"]] == [5]
    assert [t["year"] for t in body["targets"]] == [2567, 2568]
    assert body["targets"][0]["value"]["parts"][0]["value"] == "90"
    assert sorted(body["nodes"]) == ["3", "3.1"]
    assert world.kpi.levels.count() == 1


def test_a_rejected_nested_write_changes_nothing(world, client_for):
    """The budget line passes the serializer but breaks a model rule: all or nothing."""
    payload = {
        "version": 1,
        "name_th": "ชื่อใหม่",
        "steps": [{"order": 1, "name_th": "ขั้น", "weight": "100"}],
        "budget_lines": [{"fiscal_year": 2567, "amount": "10.00", "category": "operating"}],
        "strategy_codes": ["12"],
    }
    response = client_for("planner_own").patch(
        f"/api/v1/projects/{world.project.pk}/", payload, format="json"
    )
    assert response.status_code == 400
    assert "strategy_codes" in response.json()
    project = Project.objects.get(pk=world.project.pk)
    assert project.name_th != "ชื่อใหม่"
    assert project.steps.count() == 2
    assert project.budget_lines.get().amount == Decimal("1227200.00")


def test_steps_outside_the_fiscal_year_are_refused(world, client_for):
    payload = {
        "version": 1,
        "steps": [{"order": 1, "name_th": "ขั้น", "weight": "100", "planned_months": ["2024-10"]}],
    }
    response = client_for("planner_own").patch(
        f"/api/v1/projects/{world.project.pk}/", payload, format="json"
    )
    assert response.status_code == 400
    assert "planned_months" in response.json()["steps"][0]


# --- plan and report status ----------------------------------------------------------------


def test_plan_submit_return_approve_cycle(world, client_for):
    planner, analyst = client_for("planner_own"), client_for("analyst")
    url = f"/api/v1/plans/{world.plan.pk}/"
    response = planner.post(url + "submit/", {"version": 1}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    # submitted plans are no longer editable by the planner
    assert planner.patch(url, {"version": 2, "title_th": "x"}, format="json").status_code == 403
    assert planner.post(url + "approve/", {"version": 2}, format="json").status_code == 403
    response = analyst.post(url + "return/", {"version": 2, "comment_th": "แก้"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert planner.post(url + "submit/", {"version": 2}, format="json").status_code == 409
    assert planner.post(url + "submit/", {"version": 3}, format="json").status_code == 200
    response = analyst.post(url + "approve/", {"version": 4}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    # an approved plan of another unit is readable by every signed-in user
    assert client_for("planner_other").get(url).status_code == 200
    # approving twice is a 400 naming the status
    response = analyst.post(url + "approve/", {"version": 5}, format="json")
    assert response.status_code == 400 and "status" in response.json()


def test_executive_can_never_write(world, client_for):
    client = client_for("executive")
    url = f"/api/v1/plans/{world.plan.pk}/"
    assert client.post(url + "submit/", {"version": 1}, format="json").status_code == 403
    assert client.post("/api/v1/plans/import/", {}, format="json").status_code == 403
    report_url = f"/api/v1/kpi-reports/{world.kpi_report.pk}/verify/"
    assert client.post(report_url, {"version": 1}, format="json").status_code == 403


def test_report_submit_verify_and_locking(world, client_for):
    evaluator, analyst = client_for("evaluator"), client_for("analyst")
    url = f"/api/v1/kpi-reports/{world.kpi_report.pk}/"
    assert evaluator.post(url + "verify/", {"version": 1}, format="json").status_code == 403
    response = evaluator.post(url + "submit/", {"version": 1}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    # a submitted report is locked for its reporter until it is returned
    response = evaluator.patch(url, {"version": 2, "narrative_th": "x"}, format="json")
    assert response.status_code == 403
    response = analyst.post(url + "verify/", {"version": 2}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "verified"


def test_report_score_is_read_only_and_computed(world, client_for):
    response = client_for("evaluator").patch(
        f"/api/v1/kpi-reports/{world.kpi_report.pk}/",
        {"version": 1, "level": "4", "score": "99.00"},
        format="json",
    )
    assert response.status_code == 200, response.content
    report = KpiReport.objects.get(pk=world.kpi_report.pk)
    assert report.score == Decimal("8.00")  # weight 10 × level 4 / 5
    assert response.json()["score"] == "8.00"


def test_report_period_must_be_inside_the_plan_year(world, client_for):
    payload = {"kpi": world.kpi.pk, "period": "2024-10", "level": "3"}
    response = client_for("evaluator").post("/api/v1/kpi-reports/", payload, format="json")
    assert response.status_code == 400
    assert THAI.search(response.json()["period"][0])


def test_project_report_progress_is_derived_from_done_steps(world, client_for):
    payload = {
        "project": world.project.pk,
        "period": "2024-03",
        "steps_done": [2],
        "progress_percent": "100",
    }
    response = client_for("evaluator").post("/api/v1/project-reports/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["progress_percent"] == "60.00"
    assert ProjectReport.objects.get(pk=response.json()["id"]).progress_percent == Decimal("60")


# --- interchange -----------------------------------------------------------------------------


def test_export_then_import_round_trip(world, client_for):
    client = client_for("analyst")
    document = client.get(f"/api/v1/plans/{world.plan.pk}/export/").json()
    assert document["format"] == "bmaplan/1"
    assert document["org_unit"] == "สพส."
    response = client.post("/api/v1/plans/import/?dry_run=true", document, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["ok"] is True and response.json()["dry_run"] is True
    response = client.post("/api/v1/plans/import/", document, format="json")
    assert response.status_code == 200, response.content
    assert Plan.objects.filter(org_unit=world.units["sps"], fiscal_year=2567).count() == 1
    assert client.get(f"/api/v1/plans/{world.plan.pk}/export/").json() == document


def test_import_of_a_bad_document_is_400_with_a_report(world, client_for):
    document = {"format": "bmaplan/1", "org_unit": "สพส.", "fiscal_year": 2567}
    before = Kpi.objects.count()
    response = client_for("analyst").post("/api/v1/plans/import/", document, format="json")
    assert response.status_code == 400
    assert response.json()["ok"] is False and response.json()["errors"]
    assert Kpi.objects.count() == before


def test_import_by_a_planner_of_another_unit_is_403(world, client_for):
    document = {"format": "bmaplan/1", "org_unit": "สพส.", "fiscal_year": 2567}
    response = client_for("planner_other").post("/api/v1/plans/import/", document, format="json")
    assert response.status_code == 403


def test_export_of_an_invisible_plan_is_404(world, client_for):
    response = client_for("planner_other").get(f"/api/v1/plans/{world.plan.pk}/export/")
    assert response.status_code == 404


# --- scores and tabular exports ------------------------------------------------------------


def _submit_report(world):
    KpiReport.objects.filter(pk=world.kpi_report.pk).update(status="submitted")


def test_scores_shape(world, client_for):
    _submit_report(world)
    response = client_for("executive").get(
        f"/api/v1/plans/{world.plan.pk}/scores/", {"period": "2024-03"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["plan"] == world.plan.pk and body["period"] == "2024-03"
    assert {"total_score", "max_score", "weighted_level", "components", "unscored_kpis"} <= set(
        body
    )
    component = next(c for c in body["components"] if c["code"] == "1.1")
    kpi = component["kpis"][0]
    assert kpi == {
        **kpi,
        "kpi": world.kpi.pk,
        "code": "1.1-1",
        "weight": "10.00",
        "level": "3.00",
        "score": "6.00",
    }
    assert kpi["status"] in {"on_track", "at_risk", "off_track", "no_data"}


def test_scores_with_a_bad_period_is_400(world, client_for):
    url = f"/api/v1/plans/{world.plan.pk}/scores/"
    client = client_for("analyst")
    assert client.get(url, {"period": "2567-03"}).status_code == 400
    response = client.get(url, {"period": "2025-03"})
    assert response.status_code == 400 and "period" in response.json()


def test_scores_csv_has_bom_and_thai_headers(world, client_for):
    _submit_report(world)
    response = client_for("analyst").get(
        f"/api/v1/plans/{world.plan.pk}/scores/", {"period": "2024-03", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "องค์ประกอบ"
    assert any(row[4] == "1.1-1" and row[7] == "6.00" for row in rows[1:])


def test_kpi_list_csv_and_xlsx_exports(world, client_for):
    client = client_for("analyst")
    response = client.get("/api/v1/kpis/", {"format": "csv", "org_unit": "สพส."})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["หน่วยงาน", "ปีงบประมาณ", "รหัสตัวชี้วัด", "ชื่อตัวชี้วัด"]
    assert rows[1][2] == "1.1-1" and rows[1][0] == "สพส."

    response = client.get("/api/v1/kpis/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=1, column=3).value == "รหัสตัวชี้วัด"
    assert sheet.cell(row=2, column=3).value == "1.1-1"
    assert sheet.cell(row=2, column=9).value == 10  # weight stays a number


def test_kpi_csv_export_respects_scope(world, client_for):
    response = client_for("planner_other").get("/api/v1/kpis/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1  # headers only: the other unit's draft plan is not visible
