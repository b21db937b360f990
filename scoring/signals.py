"""Keep stored scores fresh whatever saves the rows (services, admin, shell).

Handlers run inside the saving transaction. Bulk writes (``bulk_create``/``update``) do not
send signals; code that uses them calls ``scoring.services`` itself.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from kpis.models import CompositePart, Kpi, ScaleLevel, ScaleStep
from progress.models import KpiReport, KpiReportPart, KpiReportStep

from . import services


@receiver(post_save, sender=KpiReport, dispatch_uid="score_on_report_save")
def _report_saved(sender, instance: KpiReport, raw=False, **kwargs):
    if not raw:
        services.recompute_report_score(instance)


@receiver(post_save, sender=KpiReportStep, dispatch_uid="score_on_report_step_save")
@receiver(post_delete, sender=KpiReportStep, dispatch_uid="score_on_report_step_delete")
@receiver(post_save, sender=KpiReportPart, dispatch_uid="score_on_report_part_save")
@receiver(post_delete, sender=KpiReportPart, dispatch_uid="score_on_report_part_delete")
def _report_child_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    report = KpiReport.objects.filter(pk=instance.report_id).first()
    if report is not None:
        services.recompute_report_score(report)


@receiver(post_save, sender=Kpi, dispatch_uid="score_on_kpi_save")
def _kpi_saved(sender, instance: Kpi, raw=False, created=False, **kwargs):
    if not raw and not created:
        services.recompute_kpi_scores(kpi_ids=[instance.pk])


@receiver(post_save, sender=ScaleLevel, dispatch_uid="score_on_level_save")
@receiver(post_delete, sender=ScaleLevel, dispatch_uid="score_on_level_delete")
@receiver(post_save, sender=ScaleStep, dispatch_uid="score_on_step_save")
@receiver(post_delete, sender=ScaleStep, dispatch_uid="score_on_step_delete")
@receiver(post_save, sender=CompositePart, dispatch_uid="score_on_part_save")
@receiver(post_delete, sender=CompositePart, dispatch_uid="score_on_part_delete")
def _scale_changed(sender, instance, raw=False, **kwargs):
    if not raw and Kpi.objects.filter(pk=instance.kpi_id).exists():
        services.recompute_kpi_scores(kpi_ids=[instance.kpi_id])
