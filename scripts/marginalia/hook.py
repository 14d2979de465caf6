"""MkDocs hook: add the generated pages to every build, so `mkdocs serve` reloads them.

Kept thin on purpose: everything else is plain Python that any static-site engine can call
(`marginalia generate` writes the same pages to a folder).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from marginalia.build import TEMPLATES, edit_base, list_theme_files_once, name_companion_sections
from marginalia.corpus import load_corpus, take_checked
from marginalia.problems import format_problems
from marginalia.site import generate_pages, html_only_body

_HTML: dict[str, str] = {}  # src_uri: the raw HTML body of a page, for on_page_content


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    list_theme_files_once(config.theme)  # the same on every rebuild of `marginalia serve`
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    corpus = take_checked(root)  # `marginalia build` checked it a moment ago
    if corpus is None:
        corpus, problems = load_corpus(root)
        if problems:
            raise PluginError("the annotations have problems:\n" + format_problems(problems))
    _HTML.clear()
    for uri, content in generate_pages(corpus, config.site_url, edit_base(root)).items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} is a generated page; remove the hand-written file")
        if split := html_only_body(content):
            content, _HTML[uri] = split
        files.append(File.generated(config, uri, content=content))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    name_companion_sections(nav.items)
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = TEMPLATES
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    body = _HTML.get(page.file.src_uri)
    if body is None:
        return html
    # the anchors MkDocs would have collected while parsing: links to notes are validated
    page.present_anchor_ids = set(_ID.findall(body))
    return body


_ID = re.compile(r'\sid="([^"]+)"')  # the generator writes every id this way
