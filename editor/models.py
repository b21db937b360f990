"""What the browser workflow adds to a plan: reviewers' comments per item and the marks left by
"start from last year's plan" on items a planner must look at again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewComment(models.Model):
    """An analyst's comment on one item of a plan, written when returning it."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="review_comments")
    item = models.CharField(
        _("รายการ"),
        max_length=200,
        help_text=_('อ้างอิงรายการ เช่น "plan", "section:foreword", "kpi:1.1-1", "project:P1-008"'),
    )
    item_label = models.CharField(_("ชื่อรายการ"), max_length=255, blank=True)
    text_th = models.TextField(_("ความเห็น"))
    revision = models.PositiveSmallIntegerField(_("ฉบับที่"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("แก้ไขแล้วเมื่อ"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ความเห็นของผู้ตรวจแผน")
        verbose_name_plural = _("ความเห็นของผู้ตรวจแผน")
        ordering = ["plan", "created_at", "pk"]
        indexes = [models.Index(fields=["plan", "item"], name="reviewcomment_plan_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.text_th[:60]}"


class RevisitMark(models.Model):
    """An item copied forward from last year's plan that must be looked at again."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="revisit_marks")
    item = models.CharField(_("รายการ"), max_length=200)
    item_label = models.CharField(_("ชื่อรายการ"), max_length=255, blank=True)
    reason_th = models.CharField(_("สิ่งที่ต้องทบทวน"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("ทบทวนแล้วเมื่อ"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("รายการที่ต้องทบทวน")
        verbose_name_plural = _("รายการที่ต้องทบทวน")
        ordering = ["plan", "pk"]
        indexes = [models.Index(fields=["plan", "item"], name="revisitmark_plan_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.reason_th}"
