from pathlib import Path

import pytest

from portal.questionnaire.loader import load_questionnaire
from scripts.resident_walk import CALM  # noqa: F401  (the tests import it from here)

QUESTIONNAIRES = Path(__file__).resolve().parent.parent.parent / "questionnaires"



@pytest.fixture(scope="session")
def selftest():
    return load_questionnaire(QUESTIONNAIRES, "selftest")
