"""Framework-free domain rules: no Flask, no database."""
