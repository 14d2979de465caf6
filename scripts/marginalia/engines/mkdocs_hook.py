"""MkDocs hook: add the generated pages to every build, so `mkdocs serve` reloads them.

Kept thin on purpose: the MkDocs-specific work is in `marginalia.engines.mkdocs_build`;
everything else is plain Python that any static-site engine can call (`marginalia generate`
writes the same pages to a folder).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from marginalia.engines import mkdocs_build as build

_HTML: dict[str, build.Body] = {}  # src_uri: a page's body, until the page is written


_SERVING = False  # `mkdocs serve` (and `marginalia serve`): the search index is made aside
_DIRTY = False  # `--dirty`: only changed pages are written, so Pagefind reads the whole site


def on_startup(command: str, dirty: bool) -> None:
    global _SERVING, _DIRTY
    _SERVING, _DIRTY = command == "serve", dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    build.list_theme_files_once(config.theme)  # the same on every rebuild of `serve`
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _HTML.clear()
    _HTML.update(build.add_generated_pages(files, config))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    build.hide_pages(nav)
    build.name_companion_sections(nav.items)
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = build.TEMPLATES
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build.use_nav_title(page)
    return build.set_aside(html, page, _HTML)


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    build.search_context(context, page.file.src_uri)
    return context


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    build.search_context(context, template_name)  # 404.html: searches as the home page does
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build.note_searched(output, page)  # the mark in main.html, before any body goes in
    body = _HTML.pop(page.file.src_uri, None)  # written once: not kept after
    return output if body is None else build.insert_html_body(output, page, body)


def on_post_build(config: MkDocsConfig) -> None:
    build.index_site(Path(config.site_dir), serving=_SERVING, whole=_DIRTY)


def on_build_error(error: Exception) -> None:
    build.drop_asides()  # the folders kept beside the site for this build


def on_shutdown() -> None:
    build.drop_asides()
