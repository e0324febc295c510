"""The layers drawn in docs/architecture.md are the ones import-linter enforces.

`make lint` runs the contracts in pyproject.toml; this test keeps the picture a
newcomer reads equal to them, and every app under src/likvard in the picture.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "likvard"
WIRING = {"settings", "templates", "static", "locale"}


def contract_layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    return [{name.strip().removeprefix("likvard.") for name in row.split("|")} for row in layers]


def drawn_layers() -> list[set[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    block = re.search(r"```text\nlayers\n(.*?)```", text, re.S).group(1)
    rows = [line.split("  ", 2)[1].strip() for line in block.splitlines() if line.strip()]
    return [{name.strip() for name in row.split("|")} for row in rows]


def test_the_picture_in_the_architecture_doc_is_the_enforced_contract():
    assert drawn_layers() == contract_layers()


def test_every_app_of_the_project_has_its_layer():
    apps = {
        path.name
        for path in PACKAGE.iterdir()
        if path.is_dir() and (path / "__init__.py").exists() and path.name not in WIRING
    }
    layered = set().union(*contract_layers())
    assert apps == layered
