"""The offline copy for classrooms: the built site as a zip that works when opened from a USB
stick or a shared drive, with no web server and no network.

Opened from files, a browser finds no `index.html` behind a link to a folder, runs no search
worker and fetches no other page, so the copy:

- links every page by its file (`notes/` becomes `notes/index.html`, `../#p5` becomes
  `../index.html#p5`), in the HTML of every page;
- says plainly, at the top of each page, that search and the full note inside a card need the
  website (each card's "Full note" then links to the notes page, which holds every note);
- hides the search box, which could not answer.

It is made from a finished site by any engine, before that site is put in place, and lies in
the site itself at `downloads/marginalia-offline.zip` (linked from the teacher guide).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

ZIP = Path("downloads") / "marginalia-offline.zip"
FOLDER = "marginalia"  # what the zip unpacks to
_LINK = re.compile(r'(\s(?:href|src|action)=")([^"]*)(")')
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)

NOTICE = (
    '<div class="mg-offline" role="note" style="padding:.5rem 1rem;background:#fff3c4;'
    'color:#1a1a1a;font:14px/1.4 system-ui,sans-serif;border-bottom:1px solid #8a6d00">'
    "<strong>Offline copy.</strong> Every page and every note is here. Search, and the full "
    "note inside a card, need the website: open the card's “Full note” link instead, or the "
    "page “The notes in full”.</div>"
    "<style>.md-search,label.md-header__button[for=__search]{display:none!important}</style>"
)


def file_links(html: str) -> str:
    """Every link to a folder made a link to its `index.html`, keeping query and fragment."""

    def fix(m: re.Match) -> str:
        url = m.group(2)
        if _EXTERNAL.match(url):
            return m.group(0)
        cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
        path, rest = url[:cut], url[cut:]
        if path.rsplit("/", 1)[-1] in (".", ".."):  # ".", "..", "../../.."
            path += "/"
        if path.endswith("/"):
            path += "index.html"
        return f"{m.group(1)}{path}{rest}{m.group(3)}"

    return _LINK.sub(fix, html)


def offline_page(html: str) -> str:
    """A page of the offline copy: file links, and the notice after the opening body tag."""
    html = file_links(html)
    return re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + NOTICE, html, count=1)


def write_zip(site: Path) -> Path:
    """Zip `site` (a finished build) as its offline copy, into the site itself."""
    target = site / ZIP
    target.parent.mkdir(parents=True, exist_ok=True)
    # 404.html is for a web server (its links start at the site's root): a copy opened from
    # files never shows it
    skip = {target, site / "404.html"}
    # the search index: a browser runs no search from files (the copy says so on every page)
    index = site / "pagefind"
    files = sorted(
        p for p in site.rglob("*") if p.is_file() and p not in skip and index not in p.parents
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            name = f"{FOLDER}/{path.relative_to(site).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 16, 0, 0, 0))  # the same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if path.suffix == ".html":
                data = offline_page(path.read_text(encoding="utf-8")).encode("utf-8")
                archive.writestr(info, data)
            else:  # streamed: the open data grow with the library
                info.file_size = path.stat().st_size  # a size known first, as writestr's
                with path.open("rb") as source, archive.open(info, "w") as copy:
                    shutil.copyfileobj(source, copy, 1 << 20)
    return target
