"""Staff fixtures live in tests/staff_fixtures.py so resident and hardening tests can use them too."""
