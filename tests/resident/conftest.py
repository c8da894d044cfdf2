from tests.staff.conftest import staff  # noqa: F401  (resident tests that need a coordinator)
