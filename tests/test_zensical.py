"""The same site on Zensical: both engines build it, with the same pages, navigation and
article page (every note, highlight, permalink and paragraph anchor)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from marginalia.data.corpus import load_corpus
from marginalia.engines import mkdocs_build, zensical_build
from marginalia.engines.zensical_build import navigation

from .conftest import ROOT, assert_nothing_from_another_host

ARTICLE = Path("articles/us-war-of-terror-continues/index.html")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    assert zensical_build.available(), "Zensical is missing: make test installs .[zensical]"
    folder = tmp_path_factory.mktemp("engines")
    assert mkdocs_build.build_site(ROOT, folder / "mkdocs") == []
    assert zensical_build.build_site(ROOT, folder / "zensical") == []
    return {"mkdocs": folder / "mkdocs", "zensical": folder / "zensical"}


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_both_engines_make_the_same_pages(sites):
    pages = _pages(sites["mkdocs"])
    assert len(pages) > 20
    assert _pages(sites["zensical"]) == pages
    downloads = {p.relative_to(sites["mkdocs"]).as_posix() for p in sites["mkdocs"].rglob("*")}
    for name in sorted(downloads):
        if name.startswith("downloads/"):
            assert (sites["zensical"] / name).exists(), name


def _article(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / ARTICLE).read_text(encoding="utf-8"), "html.parser")


def test_the_article_page_has_every_note_highlight_permalink_and_anchor_on_both(sites):
    corpus, _ = load_corpus(ROOT)
    notes = corpus.for_article("us-war-of-terror-continues")
    found = {}
    for engine, site in sites.items():
        page = _article(site)
        for a in notes:
            assert page.find("mark", id=f"ref-{a.id}", attrs={"data-note": a.id}), (engine, a.id)
            assert page.find(attrs={"role": "heading", "id": a.id}), (engine, a.id)
            assert page.find("a", class_="mg-ref", href=f"#{a.id}"), (engine, a.id)
            assert page.find("a", class_="mg-back", href=f"#ref-{a.id}"), (engine, a.id)
        content = page.find("article")
        found[engine] = {tag["id"] for tag in content.find_all(id=True)}
    # every id of the article (paragraph anchors, notes, highlights) on both; Zensical adds
    # only the target of its skip link
    assert found["zensical"] - {"__skip"} == found["mkdocs"]
    assert any(re.fullmatch(r"p\d+", i) for i in found["mkdocs"]), "paragraph anchors"


def _nav(site: Path, page: Path = ARTICLE) -> list[tuple[str, str]]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.md-nav--primary")
    here = "http://site/" + page.parent.as_posix() + "/"
    return [  # each entry's name, and where it leads (`./` and `././` lead to one place)
        (
            label.get_text(" ", strip=True),
            urljoin(here, (label.find_parent("a") or {}).get("href", "")),
        )
        for label in nav.select(".md-ellipsis")
    ]


def test_the_navigation_reads_the_same_on_both(sites):
    # each page carries only its own part of the navigation (navigation.prune): on a page
    # around the article, the companions are listed
    about = ARTICLE.parent / "about" / "index.html"
    assert _nav(sites["zensical"], about) == _nav(sites["mkdocs"], about)
    names = [name for name, _ in _nav(sites["mkdocs"], about)]
    mkdocs = _nav(sites["mkdocs"])
    assert "About the source" not in [name for name, _ in mkdocs]  # pruned on the article page
    for short in ("About the source", "Timeline", "Worksheet", "The notes in full"):
        assert short in names, short
    assert sum("US War of Terror" in name for name in names) == 1
    assert (  # the hook's name for the companions; pruned, the section leads to its first page
        "Around this article",
        "http://site/articles/us-war-of-terror-continues/about/",
    ) in mkdocs
    assert _nav(sites["zensical"]) == mkdocs


def test_the_answer_key_is_kept_out_of_search_engines_on_both(sites):
    for site in sites.values():
        page = site / "articles/us-war-of-terror-continues/answer-key/index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("meta", attrs={"name": "robots", "content": "noindex, nofollow"}), site


def test_the_zensical_site_loads_nothing_from_another_host(sites):
    assert_nothing_from_another_host(sites["zensical"])


def test_a_failed_zensical_build_leaves_the_previous_site_untouched(tmp_path):
    from .conftest import make_project

    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert zensical_build.build_site(project, site) == []
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    note = project / "annotations" / "mini" / "council-vote.yml"
    note.write_text(note.read_text().replace("verdict: accurate", "verdict: maybe"))
    problems = zensical_build.build_site(project, site)
    assert [p.code for p in problems] == ["unknown-verdict"]
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_generated_page_may_not_be_written_by_hand(tmp_path):
    from .conftest import make_project

    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    (project / "docs" / "articles").mkdir(parents=True)
    (project / "docs" / "articles" / "mini.md").write_text("# By hand\n")
    problems = zensical_build.build_site(project, tmp_path / "site")
    assert [(p.location.path, p.code) for p in problems] == [
        ("docs/articles/mini.md", "zensical-build")
    ]
    assert not (tmp_path / "site").exists()


def test_the_navigation_follows_mkdocs_order_and_names():  # and the pages' short names
    pages = ["notes/b.md", "index.md", "articles/x/timeline.md", "articles/x.md", "about.md",
             "articles/index.md", "articles/x/about.md", "my_folder/index.md"]  # fmt: skip
    names = {"articles/x/timeline.md": "Timeline", "about.md": "About"}
    assert navigation(pages, names) == [
        "index.md",
        {"About": "about.md"},
        {"Articles": [
            "articles/index.md",
            "articles/x.md",
            {"Around this article": ["articles/x/about.md", {"Timeline": "articles/x/timeline.md"}]},
        ]},
        {"My folder": ["my_folder/index.md"]},
        {"Notes": ["notes/b.md"]},
    ]  # fmt: skip


def test_a_page_too_large_for_zensicals_search_is_left_out_of_it():
    small = '---\ntitle: "Small"\n---\n\n# Small\n'
    assert zensical_build.searchable(small) == small
    large = '---\ntitle: "Corrections"\n---\n\n# Corrections\n\n' + "A correction.\n" * 40_000
    assert zensical_build.searchable(large).startswith("---\nsearch:\n  exclude: true\ntitle:")
    # as large, but in sections of their own (the notes page: a heading for each note)
    sections = '---\ntitle: "Notes"\n---\n\n' + '<h3 id="n">Note</h3>\n<p>A note.</p>\n' * 40_000
    assert zensical_build.searchable(sections) == sections
    already = "---\nsearch:\n  exclude: true\ntitle: x\n---\n" + "x\n" * 300_000
    assert zensical_build.searchable(already) == already


def test_zensicals_search_has_every_note_on_its_notes_page(sites):
    import json

    corpus, _ = load_corpus(ROOT)
    index = json.loads((sites["zensical"] / "search.json").read_text(encoding="utf-8"))
    locations = {item["location"] for item in index["items"]}
    for a in corpus.annotations:
        assert f"articles/{a.article}/notes/#{a.id}" in locations, a.id


def test_the_list_of_every_source_has_its_table_of_contents_on_both(sites):
    """The lists of notes are raw HTML; MkDocs takes their tables of contents from the headings'
    permalinks, Zensical from the Markdown headings the engine hands it."""
    tables = {}
    for engine, site in sites.items():
        page = site / "notes" / "sources" / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        headings = [f"#{h['id']}" for h in soup.select("article h2")]
        toc = soup.select(".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link")
        assert len(headings) > 100, engine
        assert [a["href"] for a in toc] == headings, engine
        tables[engine] = [a.get_text(" ", strip=True) for a in toc]
    assert tables["zensical"] == tables["mkdocs"]
