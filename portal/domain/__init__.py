"""Domain facts as plain enums: no Flask, no SQLAlchemy, so rules, models, services and views can share them."""
