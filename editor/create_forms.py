"""Creating a plan for a year: unit, framework, title, optionally from last year's plan."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.scope import scope_for
from core.fiscal import fiscal_year_of
from frameworks.models import Framework, FrameworkKind
from orgs.models import OrgUnit
from plans.models import Plan

from .kpi_forms import REQ


class PlanCreateForm(forms.Form):
    org_unit = forms.ModelChoiceField(
        label=_("หน่วยงาน"), queryset=OrgUnit.objects.none(), error_messages=REQ
    )
    fiscal_year = forms.IntegerField(
        label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2560, max_value=2650,
        error_messages={**REQ, "invalid": _("กรุณากรอกปี พ.ศ."),
                        "min_value": _("ปี พ.ศ. ไม่ถูกต้อง"), "max_value": _("ปี พ.ศ. ไม่ถูกต้อง")},
    )  # fmt: skip
    framework = forms.ModelChoiceField(
        label=_("กรอบยุทธศาสตร์"),
        queryset=Framework.objects.filter(kind=FrameworkKind.BMA_ANNUAL).order_by("-fiscal_year"),
        error_messages=REQ,
    )
    title_th = forms.CharField(
        label=_("ชื่อแผน"), required=False, max_length=255,
        help_text=_("เว้นว่างเพื่อใช้ชื่อมาตรฐาน “แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. … ชื่อหน่วยงาน”"),
    )  # fmt: skip
    from_last_year = forms.BooleanField(
        label=_("เริ่มจากแผนปีที่แล้ว (คัดลอกเนื้อหา ตัววัดผลที่รับมา ตัวชี้วัด โครงการและขั้นตอน)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        if scope.roles & {Role.ANALYST, Role.ADMIN}:
            units = OrgUnit.objects.filter(is_active=True)
        else:
            units = OrgUnit.objects.filter(scope.unit_q({Role.PLANNER}), is_active=True)
        self.fields["org_unit"].queryset = units.order_by("path")
        self.fields["org_unit"].label_from_instance = lambda u: f"{u.code} {u.name_th}"
        self.fields["framework"].label_from_instance = lambda f: f"{f.name_th} ({f.code})"
        if not self.is_bound:
            self.initial.setdefault("fiscal_year", fiscal_year_of(timezone.localdate()) + 1)
            self.initial.setdefault("from_last_year", True)

    def clean(self):
        data = super().clean()
        unit, year, fw = data.get("org_unit"), data.get("fiscal_year"), data.get("framework")
        if unit and year and Plan.objects.filter(org_unit=unit, fiscal_year=year).exists():
            self.add_error("fiscal_year", _("หน่วยงานนี้มีแผนของปีงบประมาณนี้อยู่แล้ว"))
        if fw and year and not fw.covers(year):
            self.add_error("framework", _("กรอบยุทธศาสตร์นี้ไม่ได้ใช้กับปีงบประมาณที่เลือก"))
        data["source"] = None
        if unit and year and data.get("from_last_year"):
            source = Plan.objects.filter(org_unit=unit, fiscal_year=year - 1).first()
            if source is None:
                self.add_error(
                    "from_last_year",
                    _("ไม่พบแผนปี %(y)s ของหน่วยงานนี้ให้คัดลอก") % {"y": year - 1},
                )
            data["source"] = source
        if unit and year and not (data.get("title_th") or "").strip():
            data["title_th"] = f"แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {year} {unit.name_th}"
        return data
