"""The packages stay in layers: the simulation, the maps and the speedrun tools import no
window, no screen and no drawing code, so `verify`, `simulate` and the tests run anywhere."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"
PRESENTATION = ("pygame", "game.ui", "game.render", "game.audio", "game.input", "game.app")


def _modules(package: str) -> list[str]:
    folder = GAME / package
    return [f"game.{package}.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]


@pytest.mark.parametrize("package", ["sim", "level", "speedrun"])
def test_a_core_package_alone_pulls_in_no_presentation(package):
    modules = [f"game.{package}", *_modules(package)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({PRESENTATION!r}))\n"
        "print(' '.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", f"game.{package} pulls in: {result.stdout.strip()}"
