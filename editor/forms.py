"""Forms of the plan editor. Model rules give the Thai messages; the forms add the checks
that need the plan (codes unique in the plan) so each message lands next to its field."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit
from plans.models import Adoption, Component, PlanSection, SectionKind, SwotItem, TowsStrategy

from .concurrency import row_token

REQUIRED = {"required": _("กรุณากรอกข้อมูลช่องนี้")}


class TokenMixin:
    """A hidden edit token of the row as it was shown (see ``editor.concurrency``)."""

    def add_token_field(self):
        self.fields["token"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk and not self.is_bound:
            self.initial["token"] = row_token(self.instance)


class PlanScopedForm(TokenMixin, forms.ModelForm):
    unique_code_message = _("รหัสนี้มีอยู่แล้วในแผน")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.add_token_field()
        for field in self.fields.values():
            if field.required:
                field.error_messages.update(REQUIRED)

    def _unique_in_plan(self, name: str):
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return value
        qs = type(self.instance).objects.filter(plan=self.plan, **{name: value})
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise forms.ValidationError(self.unique_code_message)
        return value

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "token"}


class SectionForm(PlanScopedForm):
    table_json = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"class": "grid-store hidden"})
    )

    class Meta:
        model = PlanSection
        fields = ["kind", "key", "title_th", "body_html"]
        widgets = {"body_html": forms.Textarea(attrs={"class": "hidden"})}

    unique_code_message = _("รหัสส่วนนี้มีอยู่แล้วในแผน")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound and self.instance.table:
            self.initial["table_json"] = json.dumps(self.instance.table, ensure_ascii=False)
        self.fields["key"].help_text = _("ภาษาอังกฤษหรือตัวเลข ไม่ซ้ำในแผน เช่น mission-1")

    def clean_key(self):
        return self._unique_in_plan("key")

    def clean_table_json(self):
        text = (self.cleaned_data.get("table_json") or "").strip()
        if not text:
            return None
        try:
            table = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("ข้อมูลตารางไม่ถูกต้อง")) from exc
        if not isinstance(table, dict) or not isinstance(table.get("rows", []), list):
            raise forms.ValidationError(_("ตารางต้องมีหัวตารางและแถว"))
        width = len(table.get("columns", []))
        for i, row in enumerate(table.get("rows", []), start=1):
            if width and len(row) != width:
                raise forms.ValidationError(_("แถวที่ %(row)d มีจำนวนช่องไม่เท่ากับหัวตาราง") % {"row": i})
        return table

    def model_data(self) -> dict:
        data = super().model_data()
        data["table"] = data.pop("table_json")
        return data


class SwotForm(PlanScopedForm):
    class Meta:
        model = SwotItem
        fields = ["quadrant", "code", "factor_th", "text_th"]
        widgets = {"text_th": forms.Textarea(attrs={"rows": 2})}

    def clean_code(self):
        return self._unique_in_plan("code")


class TowsForm(PlanScopedForm):
    factor_codes_text = forms.CharField(
        label=_("ปัจจัยที่อ้างถึง"), required=False, help_text=_("คั่นด้วยจุลภาค เช่น S1.2, O3.1")
    )

    class Meta:
        model = TowsStrategy
        fields = ["quadrant", "code", "text_th", "node_tag"]
        widgets = {"text_th": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["factor_codes_text"] = ", ".join(self.instance.factor_codes or [])

    def clean_factor_codes_text(self):
        text = self.cleaned_data.get("factor_codes_text") or ""
        codes = [c.strip() for c in text.replace("،", ",").split(",") if c.strip()]
        bad = [c for c in codes if len(c) > 20]
        if bad:
            raise forms.ValidationError(_("รหัสยาวเกิน 20 ตัวอักษร: %(c)s") % {"c": ", ".join(bad)})
        return codes

    def model_data(self) -> dict:
        data = super().model_data()
        data["factor_codes"] = data.pop("factor_codes_text")
        return data


class AdoptionForm(PlanScopedForm):
    class Meta:
        model = Adoption
        fields = [
            "role",
            "local_name_th",
            "local_target_text",
            "lead_units",
            "supporting_units",
            "units_note",
        ]
        widgets = {
            "local_name_th": forms.Textarea(attrs={"rows": 2}),
            "local_target_text": forms.TextInput(),
            "units_note": forms.TextInput(),
            "lead_units": forms.CheckboxSelectMultiple,
            "supporting_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(is_active=True).order_by("path")
        self.fields["lead_units"].queryset = units
        self.fields["supporting_units"].queryset = units

    def model_data(self) -> dict:
        data = super().model_data()
        data.pop("lead_units", None)
        data.pop("supporting_units", None)
        return data


class ComponentForm(PlanScopedForm):
    class Meta:
        model = Component
        fields = ["code", "name_th", "weight", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Component.objects.filter(plan=self.plan, parent__isnull=True)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = qs
        self.fields["weight"].error_messages["invalid"] = _("กรุณากรอกตัวเลข")

    def clean_code(self):
        return self._unique_in_plan("code")

    def clean_weight(self):
        value = self.cleaned_data.get("weight")
        if value is not None and value < 0:
            raise forms.ValidationError(_("น้ำหนักต้องไม่ติดลบ"))
        return value


SECTION_KIND_CHOICES = SectionKind.choices
