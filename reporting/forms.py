"""Report forms: Thai messages for every bad input; numbers as typed (Thai digits, commas)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from . import services


class KpiReportForm(forms.Form):
    actual_value = forms.CharField(label="ค่าจริง", required=False, max_length=40)
    actual_text = forms.CharField(label="ผลการดำเนินงาน (ข้อความสั้น)", required=False,
                                  max_length=255)  # fmt: skip
    level = forms.CharField(label="ระดับ", required=False, max_length=10)
    narrative_th = forms.CharField(label="ผลการดำเนินงาน", required=False, widget=forms.Textarea)
    problems_th = forms.CharField(label="ปัญหาอุปสรรค", required=False, widget=forms.Textarea)
    suggestions_th = forms.CharField(label="ข้อเสนอแนะ", required=False, widget=forms.Textarea)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kpi, **kwargs):
        self.kpi = kpi
        super().__init__(*args, **kwargs)
        for f in ("narrative_th", "problems_th", "suggestions_th"):
            self.fields[f].widget.attrs["rows"] = 3

    @staticmethod
    def initial_from(report) -> dict:
        if report is None:
            return {}
        return {
            "actual_value": "" if report.actual_value is None else report.actual_value.normalize(),
            "actual_text": report.actual_text,
            "level": "" if report.level is None else int(report.level),
            "narrative_th": report.narrative_th,
            "problems_th": report.problems_th,
            "suggestions_th": report.suggestions_th,
            "version": report.version,
        }

    def clean_actual_value(self):
        try:
            value = services.parse_number(self.cleaned_data.get("actual_value"))
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from None
        return value

    def clean_level(self):
        raw = self.cleaned_data.get("level")
        if self.kpi.scale_kind not in services.CHOSEN_LEVEL:
            return None  # computed from the actual value
        try:
            return services.parse_level(raw, self.kpi)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from None

    def report_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("actual_value", "actual_text", "narrative_th",
                                                  "problems_th", "suggestions_th")}  # fmt: skip
        if self.kpi.scale_kind in services.CHOSEN_LEVEL:
            data["level"] = self.cleaned_data["level"]
        return data


class ProjectReportForm(forms.Form):
    steps = forms.MultipleChoiceField(label="ขั้นตอนที่ทำเสร็จ", required=False,
                                      widget=forms.CheckboxSelectMultiple)  # fmt: skip
    disbursed = forms.CharField(label="เบิกจ่ายสะสม (บาท)", required=False, max_length=40)
    narrative_th = forms.CharField(label="ผลการดำเนินงาน", required=False, widget=forms.Textarea)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, project, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)
        self.step_rows = list(project.steps.order_by("order"))
        self.fields["steps"].choices = [(str(s.pk), s.name_th) for s in self.step_rows]
        self.fields["steps"].error_messages["invalid_choice"] = "ไม่พบขั้นตอน “%(value)s” ของโครงการนี้"
        self.fields["narrative_th"].widget.attrs["rows"] = 4

    @staticmethod
    def initial_from(report) -> dict:
        if report is None:
            return {}
        return {
            "disbursed": "" if report.disbursed is None else report.disbursed,
            "narrative_th": report.narrative_th,
            "version": report.version,
        }

    def clean_steps(self):
        ids = {int(x) for x in self.cleaned_data.get("steps") or []}
        return [s for s in self.step_rows if s.pk in ids]

    def clean_disbursed(self):
        try:
            value = services.parse_number(self.cleaned_data.get("disbursed"), label="เงินเบิกจ่าย")
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from None
        if value is not None and value < 0:
            raise ValidationError("เงินเบิกจ่ายต้องไม่ติดลบ")
        return value

    def report_data(self) -> dict:
        return {"disbursed": self.cleaned_data["disbursed"],
                "narrative_th": self.cleaned_data["narrative_th"]}  # fmt: skip
