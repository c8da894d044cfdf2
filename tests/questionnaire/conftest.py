from pathlib import Path

import pytest

from portal.questionnaire.loader import load_questionnaire

QUESTIONNAIRES = Path(__file__).resolve().parent.parent.parent / "questionnaires"

CALM = {
    "group": "none", "crisis": ["none"], "fixed_costs": "always", "bills_behind": ["none"], "collectors": "no",
    "duration": "short", "overview": "yes", "weight": "little", "children": "no", "income": "job",
    "life_event": ["none"], "helpers": "family", "postcode": "",
}


@pytest.fixture(scope="session")
def selftest():
    return load_questionnaire(QUESTIONNAIRES, "selftest")
