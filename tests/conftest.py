"""Shared fixtures: the real project, and small projects built from tests/data/mini."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite the golden files")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-goldens")


def make_project(dest: Path, annotations: Path | None = DATA / "mini" / "annotations") -> Path:
    """A complete project in `dest`: the site's config and assets, the mini article and notes."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    (dest / "docs" / "index.md").write_text("# Home\n\n[The article](articles/mini.md)\n")
    hooks = dest / "scripts" / "marginalia" / "engines"
    hooks.mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "marginalia" / "engines" / "mkdocs_hook.py", hooks)
    shutil.copytree(DATA / "mini" / "seeds", dest / "seeds")
    (dest / "annotations").mkdir()
    if annotations:
        shutil.copytree(annotations, dest / "annotations", dirs_exist_ok=True)
    shutil.copy(ROOT / "annotations" / "annotation.schema.json", dest / "annotations")
    return dest


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def write_note(mini: Path):
    """Write an annotation file into the mini project; returns its path."""

    def write(name: str, text: str, article: str = "mini") -> Path:
        path = mini / "annotations" / article / f"{name}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
