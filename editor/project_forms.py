"""The project page: codes, links to KPIs and policies, owner units, budget lines and the step
plan with weights and a 12-month Gantt picker (ต.ค.–ก.ย.), saved together."""

from __future__ import annotations

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.utils.translation import gettext_lazy as _

from frameworks.models import FrameworkNode, Policy
from kpis.models import Kpi
from orgs.models import OrgUnit
from projects.models import (
    PERIOD_RE,
    STATUSES_WITH_AMOUNT,
    BudgetCategory,
    BudgetStatus,
    ExpenseClass,
    Project,
)

from .kpi_forms import NUM, REQ, UniqueFormSet


class ProjectForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    strategy_codes = SimpleArrayField(
        forms.CharField(max_length=20),
        label=_("รหัสยุทธศาสตร์ (6 หลัก)"),
        required=False,
        help_text=_("คั่นด้วยจุลภาค เช่น 331005, 331006"),
    )
    kpis = forms.ModelMultipleChoiceField(
        label=_("ตัวชี้วัดที่โครงการสนับสนุน"),
        queryset=Kpi.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    primary_kpi = forms.ModelChoiceField(
        label=_("ตัวชี้วัดหลัก"), queryset=Kpi.objects.none(), required=False
    )

    class Meta:
        model = Project
        fields = [
            "code", "strategy_codes", "name_th", "kind", "part", "priority", "owner_units",
            "owner_text", "nodes", "policies", "is_integrated", "flag_marks", "status_note",
            "expense_class", "work_area_th", "description_th", "order",
        ]  # fmt: skip
        widgets = {
            "name_th": forms.Textarea(attrs={"rows": 2}),
            "status_note": forms.TextInput(),
            "description_th": forms.Textarea(attrs={"rows": 3}),
            "owner_units": forms.CheckboxSelectMultiple,
            "nodes": forms.CheckboxSelectMultiple,
            "policies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        fw_ids = [plan.framework_id, *plan.related_frameworks.values_list("pk", flat=True)]
        kpis = Kpi.objects.filter(plan=plan).order_by("part", "order", "code")
        self.fields["kpis"].queryset = kpis
        self.fields["kpis"].label_from_instance = lambda k: f"{k.code} {k.name_th[:90]}"
        self.fields["primary_kpi"].queryset = kpis
        self.fields["primary_kpi"].label_from_instance = lambda k: f"{k.code} {k.name_th[:70]}"
        self.fields["nodes"].queryset = FrameworkNode.objects.filter(
            framework_id__in=fw_ids
        ).order_by("framework__kind", "path")
        self.fields["policies"].queryset = Policy.objects.order_by("code")
        self.fields["owner_units"].queryset = OrgUnit.objects.filter(is_active=True).order_by(
            "path"
        )
        self.fields["owner_units"].label_from_instance = lambda u: f"{u.code} {u.name_th}"
        self.fields["expense_class"].queryset = ExpenseClass.objects.order_by("path")
        self.fields["order"].required = False
        self.fields["priority"].error_messages.update(NUM)
        for field in self.fields.values():
            if field.required:
                field.error_messages.update(REQ)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
            links = list(self.instance.kpi_links.all())
            self.initial["kpis"] = [link.kpi_id for link in links]
            primary = next((link.kpi_id for link in links if link.is_primary), None)
            self.initial["primary_kpi"] = primary

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        qs = Project.objects.filter(plan=self.plan, code=code)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise forms.ValidationError(_("รหัสโครงการนี้มีอยู่แล้วในแผน"))
        return code

    def clean_order(self):
        return self.cleaned_data.get("order") or 0

    def project_fields(self) -> dict:
        skip = {"version", "owner_units", "nodes", "policies", "kpis", "primary_kpi"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class BudgetLineForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("ปีงบประมาณ"), min_value=2500, max_value=2700,
        error_messages={**REQ, "invalid": _("กรุณากรอกปี พ.ศ."), "min_value": _("ปี พ.ศ. ไม่ถูกต้อง"),
                        "max_value": _("ปี พ.ศ. ไม่ถูกต้อง")},
    )  # fmt: skip
    amount = forms.DecimalField(
        label=_("จำนวนเงิน (บาท)"), required=False, max_digits=15, decimal_places=2, min_value=0,
        error_messages={**NUM, "min_value": _("จำนวนเงินต้องไม่ติดลบ")},
    )  # fmt: skip
    status = forms.ChoiceField(label=_("สถานะงบประมาณ"), choices=BudgetStatus.choices)
    category = forms.ChoiceField(
        label=_("หมวดงบ"), choices=[("", "—"), *BudgetCategory.choices], required=False
    )
    source_th = forms.CharField(label=_("แหล่งงบประมาณ"), required=False, max_length=255)
    note_th = forms.CharField(label=_("หมายเหตุ"), required=False, max_length=255)

    def clean(self):
        data = super().clean()
        status, amount = data.get("status"), data.get("amount")
        if status in STATUSES_WITH_AMOUNT and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("กรุณาระบุจำนวนเงิน"))
        if status and status not in STATUSES_WITH_AMOUNT and amount is not None:
            label = dict(BudgetStatus.choices)[status]
            self.add_error("amount", _("สถานะ “%(s)s” ต้องไม่ระบุจำนวนเงิน") % {"s": label})
        return data


class PeriodsField(forms.MultipleChoiceField):
    """Months as "YYYY-MM" (Common Era); any well-formed month is accepted here, months outside
    the plan's year are reported by the submission check."""

    def valid_value(self, value):
        return bool(PERIOD_RE.match(str(value)))


class HiddenMonths(forms.CheckboxSelectMultiple):
    """The Gantt cells render the checkboxes; the widget itself renders nothing."""

    def render(self, *args, **kwargs):
        return ""

    @property
    def is_hidden(self):
        return True


class WorkStepForm(forms.Form):
    order = forms.IntegerField(
        label=_("ขั้นที่"), min_value=1,
        widget=forms.NumberInput(attrs={"data-auto-order": "1", "style": "width:4rem"}),
        error_messages={**REQ, **NUM, "min_value": _("ต้องมากกว่า 0")},
    )  # fmt: skip
    name_th = forms.CharField(
        label=_("เนื้องาน"), error_messages=REQ, widget=forms.Textarea(attrs={"rows": 1})
    )
    weight = forms.DecimalField(
        label=_("ร้อยละ"), max_digits=5, decimal_places=2, min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"step": "0.01", "style": "width:5.5rem"}),
        error_messages={**REQ, **NUM, "min_value": _("ต้องไม่ติดลบ"), "max_value": _("ไม่เกิน 100")},
    )  # fmt: skip
    planned_months = PeriodsField(
        required=False, widget=HiddenMonths, error_messages={"invalid_choice": _("เดือนไม่ถูกต้อง")}
    )


class StepFormSet(UniqueFormSet):
    unique_fields = ("order",)
    unique_message = _("ลำดับขั้นซ้ำกับแถวอื่น")


BudgetFS = forms.formset_factory(BudgetLineForm, formset=UniqueFormSet, extra=0, can_delete=True)
WorkStepFS = forms.formset_factory(WorkStepForm, formset=StepFormSet, extra=0, can_delete=True)


def initial_from_project(project: Project | None, plan) -> dict[str, list[dict]]:
    if project is None:
        return {"budget": [{"fiscal_year": plan.fiscal_year, "status": BudgetStatus.AMOUNT}],
                "steps": []}  # fmt: skip
    return {
        "budget": [
            {"fiscal_year": b.fiscal_year, "amount": b.amount, "status": b.status,
             "category": b.category, "source_th": b.source_th, "note_th": b.note_th}
            for b in project.budget_lines.order_by("fiscal_year", "order")
        ],
        "steps": [
            {"order": s.order, "name_th": s.name_th, "weight": s.weight,
             "planned_months": list(s.planned_months)}
            for s in project.steps.order_by("order")
        ],
    }  # fmt: skip
