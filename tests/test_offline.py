"""The offline copy: the whole site in one zip, every link leading to a file inside it."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from marginalia.engines.mkdocs_build import build_site
from marginalia.engines.offline import ZIP, file_links

from .conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("offline") / "site"
    assert build_site(ROOT, folder) == []
    return folder


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("notes/", "notes/index.html"),
        ("../#p5", "../index.html#p5"),
        ("../../notes/kinds/#context", "../../notes/kinds/index.html#context"),
        (".", "./index.html"),
        ("..", "../index.html"),
        ("../../..", "../../../index.html"),
        ("./?h=x#f", "./index.html?h=x#f"),
        ("#p5", "#p5"),
        ("assets/marginalia.css", "assets/marginalia.css"),
        ("https://www.defense.gov/", "https://www.defense.gov/"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("", ""),
    ],
)
def test_links_to_folders_lead_to_their_index_file(href, expected):
    assert file_links(f'<a href="{href}">') == f'<a href="{expected}">'


def test_the_site_carries_its_offline_copy_with_every_page(site):
    archive = zipfile.ZipFile(site / ZIP)
    names = set(archive.namelist())
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    assert {f"marginalia/{p}" for p in pages} <= names
    assert f"marginalia/{ZIP.as_posix()}" not in names  # not inside itself
    assert archive.testzip() is None


def test_every_link_in_the_offline_copy_leads_to_a_file_in_it(site):
    archive = zipfile.ZipFile(site / ZIP)
    names = set(archive.namelist())
    checked = 0
    for name in sorted(n for n in names if n.endswith(".html")):
        html = archive.read(name).decode("utf-8")
        assert "Offline copy." in html, name
        for url in re.findall(r'\s(?:href|src)="([^"]*)"', html):
            if not url or url.startswith("#") or urlparse(url).scheme or url.startswith("//"):
                continue
            path = url.split("#")[0].split("?")[0]
            if path.endswith(ZIP.name):  # the teacher guide's link to the zip itself
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            assert target in names, (name, url)
            checked += 1
    assert checked > 1000


def test_the_teacher_guide_links_the_offline_copy(site):
    guide = (site / "teachers" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/marginalia-offline.zip"' in guide
