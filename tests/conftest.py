"""Shared fixtures: the real project, and small projects built from tests/data/mini."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from marginalia.data import workers

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
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files that `check_document` checked in full in this process, in order (a worker's
    checks are not seen)."""
    checked: list[str] = []
    real = workers.check_document

    def spy(doc, *args, **kwargs):
        checked.append(doc.path)
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(workers, "check_document", spy)
    return checked


@pytest.fixture
def write_note(mini: Path):
    """Write an annotation file into the mini project; returns its path."""

    def write(name: str, text: str, article: str = "mini") -> Path:
        path = mini / "annotations" / article / f"{name}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


ASSET_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}


def assert_nothing_from_another_host(site: Path) -> None:
    """Static check of every page and stylesheet of a built site; the browser tests record
    real requests."""
    for page in site.rglob("*.html"):
        html = BeautifulSoup(page.read_text(), "html.parser")
        for tag, attr in ASSET_ATTRIBUTES.items():
            for el in html.find_all(tag, attrs={attr: True}):
                assert not urlparse(el[attr]).netloc, (page, el)
        for link in html.find_all("link", href=True):
            if set(link.get("rel", [])) & {
                "stylesheet",
                "preload",
                "prefetch",
                "preconnect",
                "dns-prefetch",
                "icon",
                "manifest",
                "modulepreload",
            }:
                assert not urlparse(link["href"]).netloc, (page, link)
        assert "fonts.googleapis.com" not in str(html) and "fonts.gstatic.com" not in str(html)
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text()):
            assert not urlparse(url).netloc or url.startswith("data:"), (css, url)


def search_pages(site: Path) -> dict[str, dict]:
    """What Pagefind indexed in a built site, by page address: each page's fragment (its
    title, text and the headings a result can land on), as Pagefind's own files hold it, in
    the pages' index and the notes' shards. (A note's address is that of its page in the
    shard, a number; its `target` meta is where it leads.)"""
    pages = {}
    for path in (site / "pagefind").glob("**/fragment/*.pf_fragment"):  # the notes' shards too
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        pages[fragment["url"]] = fragment
    return pages


@pytest.fixture(scope="session")
def library_site(tmp_path_factory) -> Path:
    """A built library of ten synthetic articles (4, 5, 6 and then 2 notes each) whose notes
    are searched in seven shards of at most 5 notes, too many for every page to search them
    all: as a library of many thousand notes is built, at a scale a test can afford."""
    from marginalia.engines import common
    from marginalia.engines.mkdocs_build import build_site
    from marginalia.measure import synthetic

    root = tmp_path_factory.mktemp("library") / "corpus"
    synthetic.make_corpus(ROOT, root, synthetic.Shape(10, (4, 5, 6, 2, 2, 2, 2, 2, 2, 2)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(common, "SHARD_NOTES", 5)
        patch.setattr(common, "MERGE_ALL", 2)
        assert build_site(root, root / "site") == []
    return root / "site"
