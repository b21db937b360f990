"""The KPI page: one form with every field, baselines/targets per year, the scale of any kind
and the responsible units, saved together (all or nothing)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from frameworks.models import FrameworkNode, Policy
from kpis.models import Direction, Kpi, ResponsibilityRole, ScaleKind
from orgs.models import OrgUnit
from plans.models import Adoption, Component

REQ = {"required": _("กรุณากรอกข้อมูลช่องนี้")}
NUM = {
    "invalid": _("กรุณากรอกตัวเลข"),
    "max_digits": _("ตัวเลขยาวเกินไป"),
    "max_decimal_places": _("ทศนิยมมากเกินไป"),
    "max_whole_digits": _("ตัวเลขยาวเกินไป"),
}


def _num(**kw):
    kw.setdefault("required", False)
    return forms.DecimalField(error_messages={**NUM, **REQ}, localize=False, **kw)


class KpiForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Kpi
        fields = [
            "code", "name_th", "name_en", "unit_th", "direction", "part", "order", "adoption",
            "nodes", "policies", "component", "weight", "target_level", "scale_kind", "no_skip",
            "interpolate", "definition_th", "calculation_th", "evidence_th", "conditions_th",
            "notes_th",
        ]  # fmt: skip
        widgets = {
            "name_th": forms.Textarea(attrs={"rows": 2}),
            "name_en": forms.TextInput(),
            "definition_th": forms.Textarea(attrs={"rows": 3}),
            "calculation_th": forms.Textarea(attrs={"rows": 3}),
            "evidence_th": forms.Textarea(attrs={"rows": 2}),
            "conditions_th": forms.Textarea(attrs={"rows": 2}),
            "notes_th": forms.Textarea(attrs={"rows": 2}),
            "nodes": forms.CheckboxSelectMultiple,
            "policies": forms.CheckboxSelectMultiple,
            "scale_kind": forms.Select(attrs={"data-scale-kind": "1"}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        fw_ids = [plan.framework_id, *plan.related_frameworks.values_list("pk", flat=True)]
        self.fields["nodes"].queryset = FrameworkNode.objects.filter(
            framework_id__in=fw_ids
        ).order_by("framework__kind", "path")
        self.fields["policies"].queryset = Policy.objects.order_by("code")
        self.fields["adoption"].queryset = Adoption.objects.filter(plan=plan).select_related("node")
        self.fields["component"].queryset = Component.objects.filter(plan=plan)
        self.fields["order"].required = False
        self.fields["target_level"].required = False
        for name in ("weight", "target_level"):
            self.fields[name].error_messages.update(NUM)
        for field in self.fields.values():
            if field.required:
                field.error_messages.update(REQ)
        self.fields["interpolate"].widget.choices = [
            ("unknown", _("ตามค่าของกรอบยุทธศาสตร์")),
            ("true", _("ใช่")),
            ("false", _("ไม่ใช่")),
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        qs = Kpi.objects.filter(plan=self.plan, code=code)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise forms.ValidationError(_("รหัสตัวชี้วัดนี้มีอยู่แล้วในแผน"))
        return code

    def clean_order(self):
        return self.cleaned_data.get("order") or 0

    def clean_target_level(self):
        value = self.cleaned_data.get("target_level")
        return Decimal(5) if value is None else value

    def clean(self):
        data = super().clean()
        if data.get("component") and data.get("weight") is None:
            self.add_error("weight", _("ตัวชี้วัดในองค์ประกอบการประเมินต้องมีน้ำหนัก"))
        return data

    def kpi_fields(self) -> dict:
        skip = {"version", "nodes", "policies"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class YearValueForm(forms.Form):
    year = forms.IntegerField(
        label=_("ปี พ.ศ."), min_value=2500, max_value=2700,
        error_messages={**REQ, "invalid": _("กรุณากรอกปี พ.ศ. เป็นตัวเลข"),
                        "min_value": _("ปี พ.ศ. ไม่ถูกต้อง"), "max_value": _("ปี พ.ศ. ไม่ถูกต้อง")},
    )  # fmt: skip
    text = forms.CharField(
        label=_("ข้อความตามเอกสาร"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "hx-get": reverse_lazy("editor:parse_target"),
                "hx-trigger": "input changed delay:250ms, load",
                "hx-target": "next .parsed-slot",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        ),
    )


class UniqueFormSet(forms.BaseFormSet):
    unique_fields: tuple[str, ...] = ()
    unique_message = _("ค่าซ้ำกับแถวอื่น")

    def clean(self):
        seen = set()
        for form in self.forms:
            if not form.is_valid() or (self.can_delete and self._should_delete_form(form)):
                continue
            if not form.has_changed() and not form.initial:
                continue
            key = tuple(form.cleaned_data.get(f) for f in self.unique_fields)
            if key in seen:
                form.add_error(self.unique_fields[-1], self.unique_message)
            seen.add(key)

    def rows(self) -> list[dict]:
        out = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.cleaned_data:
                continue
            out.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        return out


class YearValueFormSet(UniqueFormSet):
    unique_fields = ("year",)
    unique_message = _("ปีนี้มีอยู่แล้ว")


class LevelForm(forms.Form):
    part_index = forms.IntegerField(
        label=_("ส่วนที่"), required=False, min_value=1, error_messages=NUM
    )
    level = forms.IntegerField(
        label=_("ระดับ"),
        min_value=1,
        max_value=5,
        error_messages={
            **REQ,
            "invalid": _("ระดับต้องเป็น 1–5"),
            "min_value": _("ระดับต้องเป็น 1–5"),
            "max_value": _("ระดับต้องเป็น 1–5"),
        },
    )
    threshold_text = forms.CharField(label=_("เกณฑ์"), required=False, max_length=255)
    criterion_th = forms.CharField(
        label=_("รายละเอียด"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    score = _num(label=_("คะแนน"), max_digits=7, decimal_places=2)
    min_value = _num(label=_("ค่าต่ำสุด"), max_digits=18, decimal_places=4)
    max_value = _num(label=_("ค่าสูงสุด"), max_digits=18, decimal_places=4)
    min_inclusive = forms.BooleanField(label=_("รวมค่าต่ำสุด"), required=False, initial=True)
    max_inclusive = forms.BooleanField(label=_("รวมค่าสูงสุด"), required=False, initial=True)
    points = _num(label=_("คะแนนคงที่"), max_digits=7, decimal_places=2)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_value"), data.get("max_value")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_value", _("ค่าสูงสุดต้องไม่น้อยกว่าค่าต่ำสุด"))
        return data


class LevelFormSet(UniqueFormSet):
    unique_fields = ("part_index", "level")
    unique_message = _("ระดับนี้ซ้ำกับแถวอื่น")


class StepForm(forms.Form):
    part_index = forms.IntegerField(
        label=_("ส่วนที่"), required=False, min_value=1, error_messages=NUM
    )
    order = forms.IntegerField(
        label=_("ขั้นที่"), min_value=1, error_messages={**REQ, **NUM, "min_value": _("ต้องมากกว่า 0")}
    )
    name_th = forms.CharField(
        label=_("ขั้นตอน"), error_messages=REQ, widget=forms.Textarea(attrs={"rows": 1})
    )
    points = _num(label=_("คะแนน"), max_digits=6, decimal_places=2, required=True, min_value=0)
    deadline = forms.DateField(
        label=_("กำหนดเสร็จ"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("วันที่ไม่ถูกต้อง")},
    )


class StepFormSet(UniqueFormSet):
    unique_fields = ("part_index", "order")
    unique_message = _("ลำดับขั้นซ้ำกับแถวอื่น")


class PartForm(forms.Form):
    index = forms.IntegerField(label=_("ส่วนที่"), min_value=1, error_messages={**REQ, **NUM})
    name_th = forms.CharField(label=_("ชื่อส่วน"), error_messages=REQ)
    weight = _num(label=_("น้ำหนัก"), max_digits=6, decimal_places=2, required=True)
    scale_kind = forms.ChoiceField(
        label=_("รูปแบบเกณฑ์"),
        choices=[c for c in ScaleKind.choices if c[0] != ScaleKind.COMPOSITE],
    )
    direction = forms.ChoiceField(label=_("ทิศทาง"), choices=Direction.choices)
    no_skip = forms.BooleanField(label=_("ห้ามข้ามขั้น"), required=False)


class PartFormSet(UniqueFormSet):
    unique_fields = ("index",)
    unique_message = _("ส่วนที่ซ้ำกับแถวอื่น")


class ResponsibilityForm(forms.Form):
    org_unit = forms.ModelChoiceField(
        label=_("หน่วยงาน"), queryset=OrgUnit.objects.order_by("path"), required=False
    )
    unit_text = forms.CharField(label=_("ชื่อหน่วยงานตามเอกสาร"), required=False, max_length=255)
    role = forms.ChoiceField(label=_("บทบาท"), choices=ResponsibilityRole.choices)
    duties_th = forms.CharField(
        label=_("ภารกิจ"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )

    def clean(self):
        data = super().clean()
        if not data.get("org_unit") and not (data.get("unit_text") or "").strip():
            self.add_error("unit_text", _("ระบุหน่วยงานจากทะเบียนหรือพิมพ์ชื่อหน่วยงาน"))
        return data


def _fs(form, base, extra=0):
    return forms.formset_factory(form, formset=base, extra=extra, can_delete=True)


BaselineFS = _fs(YearValueForm, YearValueFormSet)
TargetFS = _fs(YearValueForm, YearValueFormSet)
LevelFS = _fs(LevelForm, LevelFormSet)
StepFS = _fs(StepForm, StepFormSet)
PartFS = _fs(PartForm, PartFormSet)
ResponsibilityFS = _fs(ResponsibilityForm, UniqueFormSet)

LEVEL_KEYS = ("level", "threshold_text", "criterion_th", "score", "min_value", "max_value",
              "min_inclusive", "max_inclusive", "points")  # fmt: skip


def initial_from_kpi(kpi: Kpi | None, plan) -> dict[str, list[dict]]:
    """Initial rows of every formset (a new KPI gets five empty rubric levels and this year)."""
    if kpi is None:
        return {
            "baselines": [{"year": plan.fiscal_year - 1, "text": ""}],
            "targets": [{"year": plan.fiscal_year, "text": ""}],
            "levels": [
                {"level": lv, "min_inclusive": True, "max_inclusive": True} for lv in range(1, 6)
            ],
            "steps": [],
            "parts": [],
            "resp": [],
        }
    values = list(kpi.year_values.order_by("fiscal_year"))
    parts = list(kpi.parts.order_by("index"))
    index_of = {p.pk: p.index for p in parts}
    levels = [
        {"part_index": index_of.get(lv.part_id), **{k: getattr(lv, k) for k in LEVEL_KEYS}}
        for lv in kpi.levels.order_by("part__index", "level")
    ]
    steps = [
        {"part_index": index_of.get(s.part_id), "order": s.order, "name_th": s.name_th,
         "points": s.points, "deadline": s.deadline}
        for s in kpi.scale_steps.order_by("part__index", "order")
    ]  # fmt: skip
    return {
        "baselines": [{"year": v.fiscal_year, "text": v.text} for v in values
                      if v.kind == "baseline"],
        "targets": [{"year": v.fiscal_year, "text": v.text} for v in values if v.kind == "target"],
        "levels": levels,
        "steps": steps,
        "parts": [{"index": p.index, "name_th": p.name_th, "weight": p.weight,
                   "scale_kind": p.scale_kind, "direction": p.direction, "no_skip": p.no_skip}
                  for p in parts],
        "resp": [{"org_unit": r.org_unit_id, "unit_text": r.unit_text, "role": r.role,
                  "duties_th": r.duties_th} for r in kpi.responsibilities.order_by("order")],
    }  # fmt: skip


def build_scale(form: KpiForm, levels: list[dict], steps: list[dict], parts: list[dict]) -> dict:
    """The ``scale`` argument of ``kpis.services`` from the form's rows."""

    def level_items(index):
        return [
            {k: row.get(k) for k in LEVEL_KEYS} for row in levels if row.get("part_index") == index
        ]

    def step_items(index):
        return [
            {
                "order": s["order"],
                "name_th": s["name_th"],
                "points": s["points"],
                "deadline": s.get("deadline"),
            }
            for s in steps
            if s.get("part_index") == index
        ]

    return {
        "kind": form.cleaned_data["scale_kind"],
        "interpolate": form.cleaned_data.get("interpolate"),
        "no_skip": form.cleaned_data.get("no_skip", False),
        "levels": level_items(None),
        "steps": step_items(None),
        "parts": [
            {"index": p["index"], "name_th": p["name_th"], "weight": p["weight"],
             "scale": {"kind": p["scale_kind"], "direction": p["direction"],
                       "no_skip": p.get("no_skip", False), "levels": level_items(p["index"]),
                       "steps": step_items(p["index"])}}
            for p in parts
        ] if form.cleaned_data["scale_kind"] == ScaleKind.COMPOSITE else [],
    }  # fmt: skip


LEVEL_COLUMN_KINDS = {
    "part_index": "composite",
    "min_value": "bands points composite",
    "max_value": "bands points composite",
    "min_inclusive": "bands points composite",
    "max_inclusive": "bands points composite",
    "points": "points composite",
}
STEP_COLUMN_KINDS = {"part_index": "composite"}
