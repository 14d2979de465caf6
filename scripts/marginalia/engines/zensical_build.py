"""Build the site on Zensical, Material for MkDocs' successor, from the same `mkdocs.yml`, the
same generated pages and the same overrides.

Zensical has no hooks, so what the MkDocs hook does in memory is done here on disk, in a
mirror of the project under `.cache/marginalia/zensical/`:

- generated pages: written into the mirror's `docs/` beside the hand-written ones (only files
  whose bytes changed are written, so Zensical's own cache keeps what it can);
- navigation names: the configuration gets an explicit `nav` with the names the hook gives
  (an article's companion pages sit in "Around this article");
- HTML-only pages: Zensical renders their raw HTML through Markdown, to the same markup; their
  permalinked headings are written as Markdown headings, from which Zensical makes the page's
  table of contents;
- search: Zensical's own, which refuses a page of over 512 KiB of text, so a generated page
  that large (a large library's index pages) is left out of its search;
- the search dialog's name: Zensical's own search partial already has one, so the override
  written for Material's partial is left out;
- live reload: not offered (`marginalia serve` runs on MkDocs); a Zensical build is a command
  that is run again, and the mirror makes a second build quicker.

The finished site is swapped into place only when the build succeeded, as with MkDocs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from marginalia.data.corpus import load_corpus
from marginalia.data.model import Location
from marginalia.data.problems import Problem
from marginalia.engines.common import commit_time, edit_base, swap
from marginalia.engines.offline import write_zip
from marginalia.pages.indexes import HTML_ONLY, PERMALINKED
from marginalia.pages.site import generate_pages, nav_hidden

MIRROR = Path(".cache") / "marginalia" / "zensical"
# Material's search partial, overridden to name its dialog; Zensical's own names it already
MATERIAL_ONLY = {"partials/search.html", "partials/header.html"}  # Zensical keeps its own search
HOOK_KEYS = ("hooks", "watch")  # MkDocs only: the mirror holds the generated pages already
COMPANIONS = "Around this article"


def available() -> bool:
    """Whether Zensical is installed (`pip install -e .[zensical]`)."""
    import importlib.util

    return importlib.util.find_spec("zensical") is not None


def build_site(root: Path, site_dir: Path | None = None) -> list[Problem]:
    """Check, generate and build with Zensical into `site_dir` (default: site/)."""
    root = root.resolve()
    if not available():
        message = "Zensical is not installed"
        hint = "pip install -e '.[zensical]' (make test installs it)"
        return [Problem(Location("mkdocs.yml"), "zensical-missing", message, hint)]
    corpus, problems = load_corpus(root)
    if problems:
        return problems
    config = read_config(root / "mkdocs.yml")
    pages = generate_pages(corpus, config.get("site_url"), edit_base(root))
    clash = sorted(uri for uri in pages if (root / "docs" / uri).exists())
    if clash:
        message = f"docs/{clash[0]} is a generated page; remove the hand-written file"
        return [Problem(Location(f"docs/{clash[0]}"), "zensical-build", message)]
    mirror = root / MIRROR
    docs = _tree(root / "docs")
    docs.update(
        {uri: searchable(markdown_headings(page)).encode("utf-8") for uri, page in pages.items()}
    )
    sync(mirror / "docs", docs)
    overrides = config.get("theme", {}).get("custom_dir")
    if overrides:
        files = _tree(root / overrides)
        sync(mirror / "overrides", {k: v for k, v in files.items() if k not in MATERIAL_ONLY})
    built = mirror / "site"  # Zensical builds only inside its project folder
    shutil.rmtree(built, ignore_errors=True)
    names = {uri: name for uri, page in pages.items() if (name := nav_title(page))}
    shown = sorted(uri for uri in docs if not (uri in pages and nav_hidden(pages[uri])))
    settings = mirror_config(config, Path("site"), shown, bool(overrides), names)
    config_file = mirror / "mkdocs.yml"
    _write_if_changed(config_file, yaml.safe_dump(settings, sort_keys=False).encode("utf-8"))
    env = dict(os.environ)
    if "SOURCE_DATE_EPOCH" not in env and (committed := commit_time(root)):
        env["SOURCE_DATE_EPOCH"] = committed
    command = [sys.executable, "-m", "zensical", "build", "-f", str(config_file)]
    if config.get("strict"):
        command.append("--strict")
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0 or not (built / "index.html").is_file():
        shutil.rmtree(built, ignore_errors=True)
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
        message = "the Zensical build failed: " + (lines[-1] if lines else "no output")
        return [Problem(Location("mkdocs.yml"), "zensical-build", message)]
    write_zip(built)  # the offline copy for classrooms, inside the site
    target = (site_dir or root / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    shutil.move(built, staging / "site")  # a rename when on the same file system
    swap(staging / "site", target)
    staging.rmdir()
    return []


# Zensical refuses a page whose search text passes 512 KiB (524,288 bytes) in one section (the
# text between two headings). Only a library's index pages grow that far (at 10 articles: the
# corrections, one list of 640 KB); their entries are each found on their notes page, so such
# a page is left out of search.
SEARCH_LIMIT = 400_000
_HEADING = re.compile(r"^#{1,6} |<h[1-6][\s>]", re.M)
_TAG = re.compile(r"<[^>]+>")


def largest_section(page: str) -> int:
    """Bytes of text in the page's largest section, as search would index it (roughly: tags
    removed, the words kept)."""
    body = page.split("\n---\n", 1)[-1]
    return max(len(_TAG.sub("", part).encode("utf-8")) for part in _HEADING.split(body))


def markdown_headings(page: str) -> str:
    """A raw-HTML page's permalinked headings written as Markdown headings with their ids
    (`## Text {#id}`): Zensical makes a page's table of contents from Markdown headings only,
    and Python-Markdown writes them back as the same HTML, permalink and all."""
    if HTML_ONLY not in page:
        return page
    return PERMALINKED.sub(_as_markdown, page)


def _as_markdown(m: re.Match) -> str:
    level, ident, text = int(m[1]), m[2], _MARKDOWN_MARK.sub(r"\\\1", m[3])
    return f"\n{'#' * level} {text} {{#{ident}}}\n\n"


_MARKDOWN_MARK = re.compile(r"([\\`*_\[\]|!{}#])")  # kept as text in a Markdown heading


def searchable(page: str) -> str:
    """A generated page as Zensical reads it: left out of search when a section is too large."""
    if not page.startswith("---\n") or largest_section(page) <= SEARCH_LIMIT:
        return page
    if "\nsearch:" in page[: page.find("\n---", 4)]:  # it says already
        return page
    return "---\nsearch:\n  exclude: true\n" + page[4:]


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV [NAME, default]` read as MkDocs reads it."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1] or items, items[-1] if len(items) > 1 else None
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_EnvLoader.add_constructor("!ENV", _env)


def read_config(path: Path) -> dict:
    """mkdocs.yml as MkDocs reads it (a safe loader that also knows `!ENV`)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EnvLoader) or {}


def nav_title(page: str) -> str | None:
    """The short name a generated page gives itself for the navigation, if any."""
    if not page.startswith("---\n"):
        return None
    head = page[4 : page.find("\n---", 4)]
    found = re.search(r'^nav_title: "((?:[^"\\]|\\.)*)"$', head, re.M)
    return found.group(1).replace('\\"', '"').replace("\\\\", "\\") if found else None


def mirror_config(
    config: dict, site: Path, pages: list[str], overrides: bool, names: dict | None = None
) -> dict:
    """The configuration Zensical reads: the project's own, without what only the MkDocs
    hook uses, pointed at the mirror and the staging folder, with the hook's navigation."""
    settings = {k: v for k, v in config.items() if k not in HOOK_KEYS}
    settings["docs_dir"] = "docs"
    settings["site_dir"] = site.as_posix()
    if overrides:
        settings["theme"] = {**settings.get("theme", {}), "custom_dir": "overrides"}
    if "nav" not in config:
        settings["nav"] = navigation([p for p in pages if p.endswith(".md")], names)
    return settings


def navigation(pages: list[str], names: dict[str, str] | None = None) -> list:
    """The navigation MkDocs makes from the folders (in a folder: its index, its other pages by
    name, then its subfolders, each a section named after it), with the name the MkDocs hook
    gives a section of an article's companion pages."""

    def order(page: str) -> tuple:
        *folders, name = page.split("/")
        return (tuple(folders), name.rsplit(".", 1)[0] != "index", name)

    nav: list = []
    for page in sorted(pages, key=order):
        branch = nav
        for folder in page.split("/")[:-1]:
            title = folder.replace("-", " ").replace("_", " ")
            title = title.capitalize() if title.lower() == title else title
            found = next((i for i in branch if isinstance(i, dict) and title in i), None)
            if found is None:
                found = {title: []}
                branch.append(found)
            branch = found[title]
        name = (names or {}).get(page)
        branch.append({name: page} if name else page)
    _name_companions(nav, "")
    return nav


def _name_companions(items: list, where: str) -> None:
    """A section of pages only, right inside articles/: an article's companions."""
    for item in items:
        if isinstance(item, dict):
            ((title, children),) = item.items()
            if not isinstance(children, list):  # a named page
                continue
            if where == "Articles" and all(_is_page(c) for c in children):
                item[COMPANIONS] = item.pop(title)
            else:
                _name_companions(children, title)


def _is_page(item: object) -> bool:
    """A page of a navigation: its path, or {its name: its path}."""
    return isinstance(item, str) or (
        isinstance(item, dict) and all(isinstance(v, str) for v in item.values())
    )


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its relative path."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def sync(folder: Path, files: dict[str, bytes]) -> None:
    """Make `folder` hold exactly `files`, writing only those whose bytes differ."""
    for uri, content in files.items():
        _write_if_changed(folder / uri, content)
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def _write_if_changed(path: Path, content: bytes) -> None:
    try:
        if path.read_bytes() == content:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
