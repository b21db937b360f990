"""Per-object scope: a planner of one unit cannot read another unit's drafts."""

import pytest

from accounts.models import Role
from accounts.scope import (
    can_edit_plan,
    can_report_on_plan,
    can_review,
    can_view_plan,
    plans_visible_to,
    units_visible_to,
)
from plans.models import PlanStatus
from tests.factories import PlanFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(org_tree):
    return {
        "sps_draft": PlanFactory(org_unit=org_tree["sps"], fiscal_year=2567),
        "spc_draft": PlanFactory(org_unit=org_tree["spc"], fiscal_year=2567),
        "bangna_draft": PlanFactory(org_unit=org_tree["bangna"], fiscal_year=2569),
        "bangna_approved": PlanFactory(
            org_unit=org_tree["bangna"], fiscal_year=2568, status=PlanStatus.APPROVED
        ),
    }


def visible(user):
    return set(plans_visible_to(user).values_list("org_unit__code", "fiscal_year"))


def test_planner_sees_own_subtree_and_approved_plans_only(org_tree, plans):
    planner = user_with_role(Role.PLANNER, org_tree["sps"])
    assert visible(planner) == {("สพส.", 2567), ("สพช.", 2567), ("สนข.บางนา", 2568)}
    assert not can_view_plan(planner, plans["bangna_draft"])
    assert can_view_plan(planner, plans["bangna_approved"])


def test_division_planner_does_not_see_parent_unit_draft(org_tree, plans):
    planner = user_with_role(Role.PLANNER, org_tree["spc"])
    assert not can_view_plan(planner, plans["sps_draft"])
    assert can_view_plan(planner, plans["spc_draft"])


@pytest.mark.parametrize("role", [Role.ANALYST, Role.EXECUTIVE, Role.ADMIN])
def test_global_roles_see_everything(org_tree, plans, role):
    user = user_with_role(role)
    assert len(visible(user)) == 4
    assert units_visible_to(user).count() == 5


def test_anonymous_sees_nothing(plans):
    from django.contrib.auth.models import AnonymousUser

    assert plans_visible_to(AnonymousUser()).count() == 0
    assert not can_view_plan(AnonymousUser(), plans["bangna_approved"])


def test_only_planners_of_the_unit_edit_and_only_drafts(org_tree, plans):
    planner = user_with_role(Role.PLANNER, org_tree["sps"])
    evaluator = user_with_role(Role.EVALUATOR, org_tree["sps"])
    executive = user_with_role(Role.EXECUTIVE)
    assert can_edit_plan(planner, plans["sps_draft"])
    assert can_edit_plan(planner, plans["spc_draft"])
    assert not can_edit_plan(planner, plans["bangna_draft"])
    assert not can_edit_plan(evaluator, plans["sps_draft"])
    assert not can_edit_plan(executive, plans["sps_draft"])
    plans["sps_draft"].status = PlanStatus.SUBMITTED
    assert not can_edit_plan(planner, plans["sps_draft"])


def test_evaluators_report_only_in_their_units(org_tree, plans):
    evaluator = user_with_role(Role.EVALUATOR, org_tree["bangna"])
    assert can_report_on_plan(evaluator, plans["bangna_approved"])
    assert not can_report_on_plan(evaluator, plans["sps_draft"])


def test_review_is_for_analysts(org_tree):
    assert can_review(user_with_role(Role.ANALYST))
    assert not can_review(user_with_role(Role.PLANNER, org_tree["sps"]))
    assert not can_review(user_with_role(Role.EXECUTIVE))


def test_roles_map_to_groups(org_tree):
    planner = user_with_role(Role.PLANNER, org_tree["sps"])
    assert planner.groups.filter(name="bmaplan:planner").exists()
    assert planner.has_perm("plans.change_plan")
    assert not planner.has_perm("frameworks.change_framework")
    executive = user_with_role(Role.EXECUTIVE)
    assert executive.has_perm("plans.view_plan")
    assert not executive.has_perm("plans.change_plan")


def test_unit_scoped_role_needs_unit():
    from django.core.exceptions import ValidationError

    from accounts.services import grant_role
    from tests.factories import UserFactory

    with pytest.raises(ValidationError) as exc:
        grant_role(user=UserFactory(), role=Role.PLANNER)
    assert "ต้องระบุหน่วยงาน" in str(exc.value)
