"""Build the site: check, generate, then a strict MkDocs build, swapped in only on success.

The new site is built in a temporary folder beside the target and renamed into place, so a
failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme

from marginalia.data.corpus import hand_over, load_corpus, take_checked
from marginalia.data.model import Location
from marginalia.data.problems import Problem, format_problems
from marginalia.engines.common import (
    commit_time,
    edit_base,
    index_search,
    search_shards,
    shard_names,
    shards_to_search,
    swap,
    write_note_records,
)
from marginalia.engines.offline import write_zip
from marginalia.pages.indexes import permalinked
from marginalia.pages.site import html_only_body, iter_pages, nav_hidden, search_records


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory across the rebuilds of `marginalia serve`:
    MkDocs makes a new template environment for every build, and compiling Material's
    templates again costs about 0.14 s of each rebuild. Jinja checks each entry against the
    template's source, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (data := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = TemplateCache()


def add_generated_pages(files: Files, config: MkDocsConfig) -> dict[str, Body]:
    """Add the generated pages to MkDocs' files, one at a time as they are made. Returns the
    raw HTML body of each page marked HTML only, by source path, for `set_aside`.

    A library of articles must not be whole in memory while MkDocs builds it (MkDocs reads
    every page before it writes any): each HTML body is kept compressed until its page is
    written, and the downloads (the open data, which grow with the library) wait on disk."""
    root = Path(config.config_file_path).parent
    corpus = take_checked(root)  # `marginalia build` checked it a moment ago
    if corpus is None:
        corpus, problems = load_corpus(root)
        if problems:
            raise PluginError("the annotations have problems:\n" + format_problems(problems))
    bodies: dict[str, Body] = {}
    HIDDEN.clear()
    SEARCHED.clear()
    SHARDS.clear()
    SHARDS.update(search_shards((slug, len(corpus.for_article(slug))) for slug in corpus.articles))
    SHARD_NAMES[:] = shard_names(SHARDS)
    site = Path(config.site_dir)
    site.parent.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix=".site-aside-", dir=site.parent))
    ASIDE.append(aside)
    for uri, content in iter_pages(corpus, config.site_url, edit_base(root)):
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} is a generated page; remove the hand-written file")
        if uri.endswith(".md"):
            if nav_hidden(content):
                HIDDEN.add(uri)
            if split := html_only_body(content):
                content, body = split
                bodies[uri] = Body.keep(body, anchors=True)
        # on disk until MkDocs reads it: a library's list pages and open data are large
        path = aside / "files" / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as out:  # the text as it is
            out.writelines([content] if isinstance(content, str) else content)
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    # the search records too, now: the corpus is not kept while MkDocs builds
    write_note_records(aside / "search", search_records(corpus), SHARDS)
    return bodies


@dataclass(frozen=True)
class Body:
    """A page's raw HTML body, compressed until its page is written (HTML shrinks about
    tenfold), with what MkDocs needs of it before then: its ids, for the links to it."""

    packed: bytes
    ids: frozenset[str]  # of a raw-HTML body (MkDocs collected a Markdown page's)
    heading: bool  # it has its own <h1> (Material adds the page title above a body without)
    headings: tuple[tuple[int, str, str], ...] = ()  # a raw-HTML body's permalinked ones

    @classmethod
    def keep(cls, body: str, anchors: bool = False) -> Body:
        """`anchors`: a raw-HTML body, whose ids and headings MkDocs did not collect."""
        packed = zlib.compress(body.encode("utf-8"), 1)
        ids = frozenset(_ID.findall(body) if anchors else ())
        return cls(packed, ids, "<h1" in body, permalinked(body) if anchors else ())

    def text(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")


def index_site(site: Path, serving: bool = False, whole: bool = False) -> None:
    """Pagefind's search index of the site just built. A build waits for it and fails if it
    fails; while serving, it is made in a thread of its own, so that a page reloads as soon as
    it is built (search finds the new words a moment later), one build at a time: an index
    whose build has been followed by another is not made. `whole`: Pagefind reads the whole
    site (a dirty build writes only the pages that changed, so the list of pages searched is
    not whole)."""
    pages, asides = (None if whole else list(SEARCHED)), list(ASIDE)
    ASIDE.clear()
    with _COUNTING:  # not _INDEXING: a build must not wait for the last one's index
        _BUILDS[0] += 1
        build = _BUILDS[0]

    def index() -> str | None:
        try:
            with _INDEXING:
                if build != _BUILDS[0]:  # a newer build is being indexed
                    return None
                return index_search(site, pages, asides[-1] / "search" if asides else None)
        except OSError as err:  # the site was rebuilt under it
            return f"Pagefind did not finish: {err}"
        finally:
            drop_asides(asides)

    if serving:
        threading.Thread(target=_log_failure, args=(index,), daemon=True).start()
        return
    if error := index():
        raise PluginError(error)


def _log_failure(index) -> None:
    if error := index():
        logging.getLogger("mkdocs").warning("search index: %s", error)


def drop_asides(asides: list[Path] | None = None) -> None:
    """Remove the folders kept beside the site for a build (all of them by default: a build
    that failed, or a server that stops)."""
    if asides is None:
        asides = list(ASIDE)
        ASIDE.clear()
    for aside in asides:
        shutil.rmtree(aside, ignore_errors=True)


_INDEXING = threading.Lock()  # one search index made at a time
_COUNTING = threading.Lock()  # held a moment, to number a build
_BUILDS = [0]  # the number of the latest build to be indexed


ASIDE: list[Path] = []  # folders beside the site: downloads until copied, search records
SHARDS: dict[str, str] = {}  # the search shard of each article of the last generated pages
SHARD_NAMES: list[str] = []  # their names, in order, worked out once for every page
SEARCHED: list[str] = []  # the pages of the last build that search finds, by path in the site
HIDDEN: set[str] = set()  # generated pages left out of the navigation, by source path


def hide_pages(nav: Navigation) -> None:
    """Take the pages marked `nav_hidden` (reached from the teacher guide or a lesson: the
    answer key, worksheets, practice sets, the projector view) out of the navigation and of
    the previous and next links; MkDocs still builds them."""

    def keep(items: list) -> list:
        kept = []
        for item in items:
            if item.is_page and item.file.src_uri in HIDDEN:
                continue
            if isinstance(item, Section):
                item.children = keep(item.children)
                if not item.children:
                    continue
            kept.append(item)
        return kept

    nav.items = keep(nav.items)
    nav.pages = [p for p in nav.pages if p.file.src_uri not in HIDDEN]
    for i, page in enumerate(nav.pages):
        page.previous_page = nav.pages[i - 1] if i else None
        page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None


def set_aside(html: str, page: Page, bodies: dict[str, Body]) -> str:
    """What MkDocs keeps of a page between reading it and writing it: a mark that
    `insert_html_body` replaces with the page's body once the page is rendered, the body
    itself kept compressed in `bodies` (MkDocs reads every page before it writes any, and a
    library's list pages are large), and its anchors, so links to its notes are validated.

    A raw-HTML page's body is already in `bodies` (Python-Markdown made nothing but its front
    matter); for the others, it is what Python-Markdown made, whose anchors MkDocs collected."""
    body = bodies.get(page.file.src_uri)
    if body is None:
        body = bodies[page.file.src_uri] = Body.keep(html)
        page.markdown = ""  # read and rendered: no longer needed
        headings = () if page.toc.items else permalinked(html)  # raw HTML passed through
    else:
        page.present_anchor_ids = set(body.ids)
        headings = body.headings
    if headings and not page.toc.items:  # a raw-HTML page: its table of contents
        page.toc = get_toc(toc_tokens(headings))
    return _MARK.format(uri=page.file.src_uri, h1=" <h1" if body.heading else "")


def toc_tokens(headings: tuple[tuple[int, str, str], ...]) -> list[dict]:
    """Python-Markdown's table-of-contents tokens for headings given as (level, id, HTML):
    each heading holds the deeper ones that follow it."""
    root: list[dict] = []
    open_: list[dict] = []  # the headings that may still take children, outermost first
    for level, ident, html in headings:
        token = {"level": level, "id": ident, "name": html, "children": []}
        while open_ and open_[-1]["level"] >= level:
            open_.pop()
        (open_[-1]["children"] if open_ else root).append(token)
        open_.append(token)
    return root


def search_context(context: dict, src_uri: str) -> None:
    """What a page's search box needs (overrides/partials/search.html): the note shards it
    merges, and whether the notes of every article are among them."""
    merged = shards_to_search(src_uri, SHARDS, SHARD_NAMES)
    context["mg_search_merge"] = " ".join(merged)
    context["mg_search_scope"] = "all" if len(merged) == len(SHARD_NAMES) else "article"


def note_searched(output: str, page: Page) -> None:
    """Keep the page for the pages' search index if its content is searched."""
    if "data-pagefind-body" in output:
        SEARCHED.append(page.file.dest_uri)


def insert_html_body(output: str, page: Page, body: Body) -> str:
    """The rendered page with its body in place of the mark."""
    mark = _MARK.format(uri=page.file.src_uri, h1=" <h1" if body.heading else "")
    before, found, after = output.partition(mark)
    if not found:
        raise PluginError(f"{page.file.src_uri}: the theme did not render the page's content")
    return before + body.text() + after


# the body's place until the page is written; " <h1" tells Material's template that the body
# has its own heading, as the body itself would
_MARK = "<!-- marginalia body of {uri}{h1} -->"
_ID = re.compile(r'\sid="([^"]+)"')  # the generator writes every id this way


def name_companion_sections(items: list) -> None:
    """MkDocs names a folder's section after the folder ("Us war of terror continues"). An
    article's companion pages sit right below the article: "Around this article"."""
    for item in items:
        if isinstance(item, Section):
            if all(c.is_page and _COMPANION.match(c.file.src_uri) for c in item.children):
                item.title = "Around this article"
            name_companion_sections(item.children)


def use_nav_title(page: Page) -> None:
    """A page's short name (`nav_title`) in the navigation, the header and the links to the
    previous and next page. Every page is read before any is rendered, so all the names are
    set in time; the browser's tab keeps the whole title (Material reads it from `title`)."""
    if short := page.meta.get("nav_title"):
        page.title = short


_COMPANION = re.compile(r"articles/[^/]+/[^/]+\.md$")

_THEME_FILES: dict[tuple, list[str]] = {}


def list_theme_files_once(theme: Theme) -> None:
    """MkDocs lists the theme's files on every build to find its static ones: for Material,
    14,500 files (mostly icons), each matched against some twenty patterns, 0.09 s of every
    rebuild of `marginalia serve`. The theme is not watched, so during one process it does not
    change: the listing, keyed by the theme's folders, static templates and MkDocs' filter,
    is made once."""
    get_env = theme.get_env

    def env_listing_once() -> jinja2.Environment:
        env = get_env()
        list_templates = env.list_templates

        def listed(extensions=None, filter_func=None) -> list[str]:
            code = getattr(filter_func, "__code__", filter_func)
            key = (tuple(theme.dirs), tuple(theme.static_templates), code, extensions)
            if key not in _THEME_FILES:
                _THEME_FILES[key] = list_templates(extensions, filter_func)
            return _THEME_FILES[key]

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = env_listing_once  # type: ignore[method-assign]


class _Collect(logging.Handler):
    """Keep MkDocs' warnings and errors so they can be shown as problems."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(root: Path, site_dir: Path | None = None) -> list[Problem]:
    """Build into `site_dir` (default: site/). Returns the problems; none means success."""
    corpus, problems = load_corpus(root)
    if problems:
        return problems
    hand_over(root, corpus)
    del corpus  # the hook takes it: once its pages are made, it is not kept during the build
    target = (site_dir or root / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    built = False
    pinned = "SOURCE_DATE_EPOCH" in os.environ
    if not pinned and (committed := commit_time(root)):
        os.environ["SOURCE_DATE_EPOCH"] = committed
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=True)
        mkdocs_build(config)
        write_zip(staging)  # the offline copy for classrooms, inside the site
        built = True
    except (MkDocsException, OSError) as err:
        details = collect.messages or [str(err)]
        where = Location("mkdocs.yml")
        return [Problem(where, "mkdocs-build", message) for message in dict.fromkeys(details)]
    finally:
        take_checked(root)  # unused if MkDocs stopped before the hook ran
        logger.removeHandler(collect)
        if not pinned:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        if not built:
            shutil.rmtree(staging, ignore_errors=True)
            drop_asides()  # MkDocs stopped before the search index was made
    swap(staging, target)
    return []
