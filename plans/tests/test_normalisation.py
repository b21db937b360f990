"""Thai text from PDF extraction is normalised before matching and storing; HTML sanitised."""

import pytest

from kpis.models import Kpi
from orgs.models import OrgUnit
from plans.interchange.importer import import_plan_document, sanitize_html
from plans.models import PlanSection

pytestmark = pytest.mark.django_db

# Tone mark typed before the upper vowel, as PDF extraction stores it.
BROKEN = "เพ\u0e48\u0e37อ"  # "เพ่ือ"
FIXED = "เพื่อ"


def test_text_is_normalised_before_it_is_stored(document):
    document["kpis"][0]["name_th"] = f"ร้อยละ{BROKEN}การพัฒนา"
    document["kpis"][0]["definition_th"] = f"บรรทัดแรก{BROKEN}\nบรรทัดที่สอง"

    assert import_plan_document(document=document).ok

    kpi = Kpi.objects.get(code="1.1-1")
    assert kpi.name_th == f"ร้อยละ{FIXED}การพัฒนา"
    assert kpi.definition_th == f"บรรทัดแรก{FIXED}\nบรรทัดที่สอง"


def test_codes_are_matched_after_normalisation(imported, document):
    document["org_unit"] = "สพส. "
    document["projects"][0]["owner_units"] = ["สพช. "]
    document["kpis"][0]["name_th"] = document["kpis"][0]["name_th"].replace("ำ", "\u0e4d\u0e32")

    report = import_plan_document(document=document)

    assert report.ok, report.errors
    assert report.plan_id == imported.plan_id
    assert report.updated == {}
    assert OrgUnit.objects.filter(code__startswith="สพส").count() == 1


def test_body_html_keeps_only_allowed_tags(document):
    document["plan"]["sections"][0]["body_html"] = (
        '<p onclick="x()">ย่อหน้า <b>หนา</b></p><script>alert(1)</script>'
        '<table><tr><td colspan="2" style="color:red">ช่อง</td></tr></table><a href="x">ลิงก์</a>'
    )

    assert import_plan_document(document=document).ok

    body = PlanSection.objects.get(key="foreword").body_html
    assert body == (
        '<p>ย่อหน้า <b>หนา</b></p><table><tbody><tr><td colspan="2">ช่อง</td></tr></tbody></table>ลิงก์'
    )
    assert sanitize_html(body) == body
