"""Organisation units form one tree; subtree queries use the materialised path."""

import pytest

from orgs.models import OrgUnit
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_subtree_contains_descendants_only(org_tree):
    codes = set(OrgUnit.objects.subtree_of(org_tree["sps"]).values_list("code", flat=True))
    assert codes == {"สพส.", "สพช."}


def test_depth_and_ancestors(org_tree):
    spc = OrgUnit.objects.get(code="สพช.")
    assert spc.depth == 2
    assert spc.ancestor_ids() == [org_tree["bma"].pk, org_tree["sps"].pk]


def test_moving_a_unit_moves_its_subtree(org_tree):
    sps, bangna = org_tree["sps"], org_tree["bangna"]
    sps.parent = bangna
    sps.save()
    spc = OrgUnit.objects.get(code="สพช.")
    assert spc.path.startswith(bangna.path)
    assert spc.depth == 3
    assert set(OrgUnit.objects.subtree_of(bangna).values_list("code", flat=True)) == {
        "สนข.บางนา",
        "บน.ฝ่ายโยธา",
        "สพส.",
        "สพช.",
    }


def test_unit_reference_by_abbreviation_or_id(org_tree):
    sps = org_tree["sps"]
    assert OrgUnit.objects.by_ref("สพส.").get() == sps
    assert OrgUnit.objects.by_ref(str(sps.pk)).get() == sps


def test_cannot_move_under_own_descendant(org_tree):
    from django.core.exceptions import ValidationError

    sps = OrgUnit.objects.get(code="สพส.")
    sps.parent = OrgUnit.objects.get(code="สพช.")
    with pytest.raises(ValidationError) as exc:
        sps.full_clean()
    assert "หน่วยงานย่อยของตนเอง" in str(exc.value)


def test_abbreviation_is_unique(bma):
    from django.core.exceptions import ValidationError

    OrgUnitFactory(code="สยป.", parent=bma)
    dup = OrgUnit(code="สยป.", name_th="ซ้ำ", kind="department", parent=bma)
    with pytest.raises(ValidationError):
        dup.full_clean()
