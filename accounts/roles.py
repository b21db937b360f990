"""Django groups mirror the roles and carry the coarse model permissions (used by the admin
and DRF's model permissions). Object scope is ``accounts.scope``; both must allow an action.
"""

from django.apps import apps as global_apps

from .models import Role

PLAN_CONTENT = [
    "plans.plan",
    "plans.plansection",
    "plans.swotitem",
    "plans.towsstrategy",
    "plans.adoption",
    "plans.component",
    "kpis.kpi",
    "kpis.kpiyearvalue",
    "kpis.scalelevel",
    "kpis.scalestep",
    "kpis.compositepart",
    "kpis.kpiresponsibility",
    "projects.project",
    "projects.budgetline",
    "projects.workstep",
    "projects.projectkpi",
]
PROGRESS = [
    "progress.kpireport",
    "progress.kpireportstep",
    "progress.kpireportpart",
    "progress.projectreport",
    "progress.evidencefile",
]
CATALOGUE = [
    "frameworks.framework",
    "frameworks.frameworklevel",
    "frameworks.frameworknode",
    "frameworks.policy",
    "orgs.orgunit",
    "projects.expenseclass",
]
ALL_MODELS = PLAN_CONTENT + PROGRESS + CATALOGUE + ["plans.planrevision"]


def _perms(models: list[str], actions: tuple[str, ...]) -> list[str]:
    return [f"{m.split('.')[0]}.{a}_{m.split('.')[1]}" for m in models for a in actions]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PLANNER: _perms(PLAN_CONTENT, ("view", "add", "change", "delete"))
    + _perms(CATALOGUE + PROGRESS, ("view",)),
    Role.EVALUATOR: _perms(PROGRESS, ("view", "add", "change", "delete"))
    + _perms(PLAN_CONTENT + CATALOGUE, ("view",)),
    Role.ANALYST: _perms(ALL_MODELS, ("view", "add", "change", "delete")),
    Role.EXECUTIVE: _perms(ALL_MODELS, ("view",)),
    Role.ADMIN: _perms(ALL_MODELS, ("view", "add", "change", "delete")),
}

GROUP_NAMES = {role: f"bmaplan:{role}" for role in Role.values}


def sync_role_groups(apps=global_apps, using: str = "default", **_kwargs) -> None:
    """Create or update one group per role with exactly its permissions (post_migrate).

    Runs after the accounts app migrates, which is before later apps have their permissions,
    so it creates every app's permissions first.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAMES[role])
        group.permissions.set([by_name[p] for p in perms if p in by_name])
