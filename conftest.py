"""Project-wide pytest fixtures. Tests run against real PostgreSQL and Redis (see settings.test)."""

import pytest


@pytest.fixture
def bma(db):
    from tests.factories import bma_root

    return bma_root()


@pytest.fixture
def org_tree(bma):
    """BMA → สพส. → สพช.; BMA → สนข.บางนา → ฝ่ายโยธา: two separate unit subtrees."""
    from orgs.models import OrgUnitKind
    from tests.factories import OrgUnitFactory

    sps = OrgUnitFactory(code="สพส.", name_th="สำนักพัฒนาสังคม", parent=bma)
    spc = OrgUnitFactory(
        code="สพช.", name_th="สำนักงานพัฒนาชุมชน", parent=sps, kind=OrgUnitKind.DIVISION
    )
    bangna = OrgUnitFactory(
        code="สนข.บางนา", name_th="สำนักงานเขตบางนา", parent=bma, kind=OrgUnitKind.DISTRICT
    )
    works = OrgUnitFactory(
        code="บน.ฝ่ายโยธา", name_th="ฝ่ายโยธา", parent=bangna, kind=OrgUnitKind.DIVISION
    )
    return {"bma": bma, "sps": sps, "spc": spc, "bangna": bangna, "works": works}
