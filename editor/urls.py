from django.urls import path

from .views import editor, home, items, kpis, projects, review, timeline, workbook

app_name = "editor"

urlpatterns = [
    path("plans/", home.plan_list, name="plan_list"),
    path("plans/new/", review.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", editor.plan_editor, name="plan_editor"),
    path("plans/<int:plan_id>/totals/", editor.totals, name="totals"),
    path("plans/<int:plan_id>/framework/", editor.framework_tree, name="framework_tree"),
    path("targets/parse/", editor.parse_target_view, name="parse_target"),
    # KPIs and projects
    path("plans/<int:plan_id>/kpis/add/", kpis.kpi_page, name="kpi_new"),
    path("plans/<int:plan_id>/kpis/<int:kpi_id>/page/", kpis.kpi_page, name="kpi_edit"),
    path("plans/<int:plan_id>/kpis/<int:kpi_id>/remove/", kpis.kpi_remove, name="kpi_delete"),
    path("plans/<int:plan_id>/projects/add/", projects.project_page, name="project_new"),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/page/",
        projects.project_page,
        name="project_edit",
    ),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/remove/",
        projects.project_remove,
        name="project_delete",
    ),
    # workflow
    path("plans/<int:plan_id>/check/", review.plan_check, name="plan_check"),
    path("plans/<int:plan_id>/submit/", review.plan_submit, name="plan_submit"),
    path("plans/<int:plan_id>/return/", review.plan_return, name="plan_return"),
    path("plans/<int:plan_id>/approve/", review.plan_approve, name="plan_approve"),
    path("plans/<int:plan_id>/revise/", review.plan_revise, name="plan_revise"),
    path("plans/<int:plan_id>/comments/new/", review.comment_new, name="comment_new"),
    path(
        "plans/<int:plan_id>/comments/<int:comment_id>/resolve/",
        review.comment_resolve,
        name="comment_resolve",
    ),
    path(
        "plans/<int:plan_id>/marks/<int:mark_id>/resolve/",
        review.mark_resolve,
        name="mark_resolve",
    ),
    # history and versions
    path("plans/<int:plan_id>/history/", timeline.plan_history, name="plan_history"),
    path(
        "plans/<int:plan_id>/kpis/<int:kpi_id>/history/", timeline.kpi_history, name="kpi_history"
    ),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/history/",
        timeline.project_history,
        name="project_history",
    ),
    path("plans/<int:plan_id>/versions/", timeline.plan_versions, name="plan_versions"),
    path("plans/<int:plan_id>/diff/", timeline.plan_diff, name="plan_diff"),
    # workbook
    path("plans/<int:plan_id>/xlsx/", workbook.export_view, name="xlsx_export"),
    path("plans/<int:plan_id>/xlsx/import/", workbook.import_view, name="xlsx_import"),
    # in-place rows
    path("plans/<int:plan_id>/<str:kind>/new/", items.item_edit, name="item_new"),
    path("plans/<int:plan_id>/<str:kind>/<int:item_id>/", items.item_show, name="item_show"),
    path("plans/<int:plan_id>/<str:kind>/<int:item_id>/edit/", items.item_edit, name="item_edit"),
    path(
        "plans/<int:plan_id>/<str:kind>/<int:item_id>/delete/",
        items.item_delete,
        name="item_delete",
    ),
]
