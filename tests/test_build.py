"""Real MkDocs builds in temporary folders, strict: the site, its search index, its safety."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.config.config_options import ExtraScriptValue

from marginalia.data.corpus import load_corpus
from marginalia.data.taxonomy import label
from marginalia.engines.mkdocs_build import build_site

from .conftest import ROOT, assert_nothing_from_another_host, search_pages


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    assert build_site(ROOT, site) == []
    return site


def test_every_annotation_is_highlighted_with_a_working_permalink(real_site):
    corpus, _ = load_corpus(ROOT)
    for slug in corpus.articles:
        page = BeautifulSoup(
            (real_site / "articles" / slug / "index.html").read_text(), "html.parser"
        )
        for a in corpus.for_article(slug):
            assert page.find("mark", id=f"ref-{a.id}", attrs={"data-note": a.id}), a.id
            assert page.find(attrs={"role": "heading", "aria-level": "3", "id": a.id}), a.id
            assert page.find("a", class_="mg-ref", href=f"#{a.id}"), a.id
            assert page.find("a", class_="mg-back", href=f"#ref-{a.id}"), a.id


def test_search_finds_every_note_on_its_own_and_leads_to_its_notes_page(real_site):
    corpus, _ = load_corpus(ROOT)
    records = {f["meta"]["target"]: f for f in search_pages(real_site).values()
               if "target" in f["meta"]}  # fmt: skip
    assert len(records) == len(corpus.annotations)  # one small record a note
    for a in corpus.annotations:
        record = records[f"/articles/{a.article}/notes/#{a.id}"]
        words = [label("kinds", a.kind), label("verdicts", a.verdict) if a.verdict else "", a.title]
        assert " ".join(record["meta"]["title"].split()) == " ".join(" ".join(words).split())
        text = " ".join(record["content"].split())
        assert " ".join(a.summary.split()[:6]) in text
        assert a.sources[-1].publisher.split()[0] in text  # the full note, sources too
        assert a.id not in text  # the words, not the markup
    pages = search_pages(real_site)
    assert "/articles/us-war-of-terror-continues/notes/" not in pages  # not as one page
    assert not list(real_site.parent.glob(".s*"))  # the records' pages are gone
    article = pages["/articles/us-war-of-terror-continues/"]
    for a in corpus.annotations:  # the card is not a result, nor is its summary searched there
        assert a.id not in {x["id"] for x in article["anchors"]}
        ending = " ".join(a.summary.split()[-8:])
        if ending not in " ".join(corpus.articles[a.article].text.split()):  # not a quotation
            assert ending not in " ".join(article["content"].split()), a.id


def test_the_seed_site_searches_its_one_shard_of_notes_on_every_page(real_site):
    assert sorted(p.name for p in (real_site / "pagefind").glob("notes-*")) == ["notes-1"]
    for page in ("index.html", "glossary/index.html", "articles/us-war-of-terror-continues/"
                 "index.html"):  # fmt: skip
        html = BeautifulSoup((real_site / page).read_text(encoding="utf-8"), "html.parser")
        assert html.find("form", id="mg-search")["data-pagefind-merge"] == "notes-1", page
        status = html.find(id="mg-search-status").get_text()
        assert status == "Type to search the articles, their notes and every page", page


def test_lists_that_repeat_the_notes_are_left_out_of_search(real_site):
    pages = set(search_pages(real_site))
    left_out = {"/notes/kinds/", "/notes/verdicts/", "/notes/techniques/", "/notes/sources/"}
    assert not pages & left_out
    students = ("/worksheet/", "/answer-key/", "/practice/", "/projector/")
    assert not {p for p in pages if any(part in p for part in students)}
    assert not {p for p in pages if p.startswith("/teachers/") and p != "/teachers/"}  # answers
    assert {"/articles/us-war-of-terror-continues/", "/method/", "/glossary/"} <= pages
    assert not (real_site / "search" / "search_index.json").exists()  # no whole-index download


def test_index_pages_list_every_note(real_site):
    corpus, _ = load_corpus(ROOT)
    kinds = (real_site / "notes" / "kinds" / "index.html").read_text()
    for a in corpus.annotations:
        assert f'href="../../articles/{a.article}/#{a.id}"' in kinds


def test_the_site_loads_nothing_from_another_host(real_site):
    assert_nothing_from_another_host(real_site)


def test_no_script_holds_up_the_first_paint(real_site):
    """No page loads a script file by a script element: Material's bundle and marginalia.js
    are preloaded, and the inline loader runs them, Material's first, after the first paint."""
    for page in real_site.rglob("*.html"):
        html = BeautifulSoup(page.read_text(), "html.parser")
        assert html.find_all("script", src=True) == [], page
        preloads = [
            link["href"] for link in html.find_all("link", rel="preload", attrs={"as": "script"})
        ]
        assert [Path(href).name.split(".")[0] for href in preloads] == ["bundle", "marginalia"], (
            page
        )
        for href in preloads:  # relative, or from the site's root on the 404 page
            base = real_site if href.startswith("/") else page.parent
            assert (base / href.lstrip("/")).resolve().is_file(), (page, href)
        loaders = [
            s.string for s in html.find_all("script") if s.string and "document$" in s.string
        ]
        assert len(loaders) == 1, page
        # the loader runs those files, in that order
        listed = re.search(r"\}\)\(\[(.*?)\]\);\s*$", loaders[0], re.S)
        assert listed, page
        assert re.findall(r'"([^"]+)",', listed.group(1)) == preloads, page


def test_every_extra_script_is_one_the_loader_can_run():
    """overrides/main.html runs each script file as a classic script, in order, after the first
    paint: a module, or a script that asks for async, would be changed by that."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.extra_javascript, "marginalia.js at least"
    for script in config.extra_javascript:
        assert not isinstance(script, ExtraScriptValue) or (
            script.type in ("", "text/javascript") and not script.async_
        ), script


def test_failed_build_leaves_the_previous_site_untouched(mini, tmp_path):
    site = tmp_path / "out" / "site"
    assert build_site(mini, site) == []
    before = snapshot(site)
    note = mini / "annotations" / "mini" / "old-bridge.yml"
    note.write_text(note.read_text().replace("exact: old bridge", "exact: new bridge"))
    problems = build_site(mini, site)
    assert [p.code for p in problems] == ["quote-not-found"]
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no staging left behind


def test_mkdocs_warning_fails_the_build_and_keeps_the_old_site(mini, tmp_path):
    site = tmp_path / "out" / "site"
    assert build_site(mini, site) == []
    before = snapshot(site)
    (mini / "docs" / "broken.md").write_text("# Broken\n\n[nowhere](missing.md)\n")
    problems = build_site(mini, site)
    assert problems and problems[0].code == "mkdocs-build"
    assert "missing.md" in problems[0].message
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_second_article_needs_no_code_change(mini, tmp_path):
    seeds = mini / "seeds"
    (seeds / "second.txt").write_text("Second Title\n\nA second article text.")
    digest = hashlib.sha256((seeds / "second.txt").read_bytes()).hexdigest()
    (seeds / "second.yml").write_text(
        "title: Second Title\nauthor: B\noutlet: O\npublished: 2021-02-03\ntext: second.txt\n"
        f"sha256: {digest}\nblocks:\n  - {{role: title, starts: Second}}\n  - {{role: paragraph, starts: A second}}\n"
        "coverage:\n  - {starts: Second Title, reason: The title.}\n"
        "rights: {kind: permission, note: Written for the test.}\n"
    )
    note = (mini / "annotations" / "mini" / "old-bridge.yml").read_text()
    target = mini / "annotations" / "second" / "second-note.yml"
    target.parent.mkdir()
    target.write_text(
        note.replace("id: old-bridge", "id: second-note")
        .replace("article: mini", "article: second")
        .replace("exact: old bridge", "exact: second article")
    )
    site = tmp_path / "site"
    assert build_site(mini, site) == []
    page = (site / "articles" / "second" / "index.html").read_text()
    assert 'id="second-note"' in page and 'id="ref-second-note"' in page
    assert "Second Title" in (site / "articles" / "index.html").read_text()


def test_every_internal_link_and_anchor_resolves(real_site):
    pages = {p: BeautifulSoup(p.read_text(), "html.parser") for p in real_site.rglob("*.html")}
    ids = {p: {el["id"] for el in soup.find_all(id=True)} for p, soup in pages.items()}
    checked = 0
    for page, soup in pages.items():
        for a in soup.find_all("a", href=True):
            href = a["href"]
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            if parsed.path.startswith("/"):  # served at the root of a host, as 404.html expects
                target = real_site / parsed.path.lstrip("/")
            else:
                target = page if not parsed.path else (page.parent / parsed.path).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(real_site)}: broken link {href}"
            if parsed.fragment and target.suffix == ".html":
                assert parsed.fragment in ids[target], (
                    f"{page.relative_to(real_site)}: no #{parsed.fragment} in {target.relative_to(real_site)}"
                )
            checked += 1
    assert checked > 500


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # build_site takes the commit's time
    first, second = tmp_path / "one" / "site", tmp_path / "two" / "site"
    assert build_site(ROOT, first) == []
    assert build_site(ROOT, second) == []
    assert snapshot(first) == snapshot(second)


def test_html_only_pages_pass_around_python_markdown_to_the_same_bytes(mini, tmp_path, monkeypatch):
    import marginalia.engines.mkdocs_build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1579132800")
    original, passed = marginalia.engines.mkdocs_build.html_only_body, []

    def counting(page: str):
        split = original(page)
        passed.append(split is not None)
        return split

    monkeypatch.setattr(marginalia.engines.mkdocs_build, "html_only_body", counting)
    fast = tmp_path / "fast"
    assert build_site(mini, fast) == []
    # the article page, its notes, practice and projector pages, and the five lists of notes
    assert passed.count(True) == 9
    declined: list[str] = []  # every page goes through Python-Markdown this time
    monkeypatch.setattr(
        marginalia.engines.mkdocs_build, "html_only_body", lambda page: declined.append(page)
    )
    slow = tmp_path / "slow"
    assert build_site(mini, slow) == []
    assert len(declined) == len(passed)
    assert snapshot(fast) == snapshot(slow)


def test_a_raw_html_list_has_its_headings_in_its_table_of_contents(real_site):
    soup = BeautifulSoup(
        (real_site / "notes" / "sources" / "index.html").read_text(), "html.parser"
    )
    headings = [(h["id"], h.get_text().rstrip("\u00b6")) for h in soup.select("article h2")]
    toc = soup.select(".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link")
    assert len(headings) > 100  # one a publisher
    assert [(a["href"], a.get_text(strip=True)) for a in toc] == [
        (f"#{ident}", text) for ident, text in headings
    ]


def test_build_hands_its_checked_corpus_to_the_hook_once(mini, tmp_path, monkeypatch):
    import marginalia.data.corpus

    loads = []
    real_load = marginalia.data.corpus.load_corpus

    def counting(*args, **kwargs):
        loads.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(marginalia.data.corpus, "load_corpus", counting)
    monkeypatch.setattr("marginalia.engines.mkdocs_build.load_corpus", counting)
    assert build_site(mini, tmp_path / "site") == []
    assert len(loads) == 1
    assert marginalia.data.corpus.take_checked(mini) is None  # nothing is left behind


def test_the_themes_files_are_listed_once_and_as_mkdocs_lists_them():
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from marginalia.engines.mkdocs_build import list_theme_files_once

    def static_files(config) -> list[str]:
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted(f.src_uri for f in files)

    plain = load_config(str(ROOT / "mkdocs.yml"))
    expected = static_files(plain)
    assert any(name.startswith("assets/javascripts/bundle.") for name in expected)
    listed = []
    for _ in range(2):  # as on two rebuilds: a new configuration each time
        config = load_config(str(ROOT / "mkdocs.yml"))
        list_theme_files_once(config.theme)
        env = config.theme.get_env()
        listed.append(env.list_templates(filter_func=lambda name: name.endswith(".js")))
        assert static_files(config) == expected
    assert listed[0] is listed[1]  # the second rebuild did not walk the theme again


def test_an_articles_companion_pages_are_grouped_as_around_this_article(real_site):
    # on a page of the section, which the pruned navigation shows open
    page = BeautifulSoup(
        (real_site / "articles/us-war-of-terror-continues/about/index.html").read_text(),
        "html.parser",
    )
    nav = page.select_one("nav.md-nav--primary")
    assert "Around this article" in nav.get_text()
    assert "Us war of terror continues" not in nav.get_text()  # MkDocs' name for the folder
    section = next(
        li for li in nav.select("li.md-nav__item--nested") if "Around this article" in li.get_text()
    )
    links = {a["href"] for a in section.select("a.md-nav__link[href]")}
    assert {"../notes/", "./", "../timeline/", "../worksheet/"} <= links


def test_while_serving_a_build_never_waits_for_the_last_one_s_search_index(tmp_path, monkeypatch):
    """`marginalia serve` indexes each build in a thread of its own, one at a time. A save made
    while an index is being made is rebuilt at once; of the builds that waited, only the newest
    is indexed."""
    import marginalia.engines.mkdocs_build as engine

    release, indexed = threading.Event(), []

    def slow_index(site, pages, notes):
        indexed.append(pages)
        release.wait(10)  # the first index runs until the test lets it go

    monkeypatch.setattr(engine, "index_search", slow_index)
    for number in range(3):
        monkeypatch.setattr(engine, "SEARCHED", [f"build-{number}.html"])
        started = time.monotonic()
        engine.index_site(tmp_path, serving=True)
        assert time.monotonic() - started < 1  # the build goes on; its index waits its turn
        if number == 0:
            assert _within(10, lambda: indexed)  # the first index holds the lock
    release.set()
    _within(10, lambda: len(indexed) >= 2)
    time.sleep(0.2)  # the skipped build's thread has had its turn
    assert indexed == [["build-0.html"], ["build-2.html"]]


def _within(seconds: float, ready) -> bool:
    """Whether `ready()` comes true within `seconds`, asked every 10 ms."""
    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    return bool(ready())
