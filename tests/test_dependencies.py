"""Supply chain: what is installed comes from a hashed lock that matches pyproject.toml, and every package the code
imports is declared by us, not inherited from whoever happens to pull it in today."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)")
LOCK_ENTRY = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(specs: list[str]) -> dict[str, str]:
    pins = {}
    for spec in specs:
        found = PIN.match(spec)
        assert found, f"pyproject.toml: {spec!r} is not pinned with =="
        pins[_name(found[1])] = found[2]
    return pins


def _lock(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text()
    entries = {_name(m[1]): m[2] for m in LOCK_ENTRY.finditer(text)}
    listed = {_name(line.split("==")[0]) for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)}
    assert listed == set(entries), f"{name}: entries without a sha256 hash: {sorted(listed - set(entries))}"
    return entries


RUNTIME = _pins(PYPROJECT["project"]["dependencies"])
DEV = _pins(PYPROJECT["project"]["optional-dependencies"]["dev"])


@pytest.mark.parametrize(("lock", "declared"), [("production.lock", RUNTIME), ("dev.lock", RUNTIME | DEV)])
def test_the_lock_holds_exactly_the_pinned_versions(lock, declared):
    """A pin changed in pyproject.toml without running scripts/lock would install the old version silently."""
    locked = _lock(lock)
    wrong = {name: (version, locked.get(name)) for name, version in declared.items() if locked.get(name) != version}
    assert not wrong, f"run scripts/lock: pyproject.toml pin vs {lock}: {wrong}"


def test_production_lock_has_no_test_tools():
    assert not set(DEV) & set(_lock("production.lock"))


def _imported_top_level_modules() -> set[str]:
    modules = set()
    for path in [*(ROOT / "portal").rglob("*.py"), ROOT / "wsgi.py", *(ROOT / "migrations").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"portal", "__future__"}


def test_every_package_the_portal_imports_is_declared():
    """Importing a package that only arrives as someone else's dependency breaks when they drop it."""
    distributions = packages_distributions()
    undeclared = {}
    for module in _imported_top_level_modules():
        names = {_name(d) for d in distributions.get(module, [module])}
        if not names & set(RUNTIME):
            undeclared[module] = sorted(names)
    assert not undeclared, f"declare these in pyproject.toml [project.dependencies]: {undeclared}"
