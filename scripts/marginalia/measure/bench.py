"""Benchmarks: synthetic corpora made from the real article and the real notes, measured beside
a plain MkDocs build of the same articles. `marginalia bench` runs them; docs/benchmarks.md
explains every figure.

Each measurement runs in a fresh Python process, so its peak memory (the kernel's maximum
resident set size) belongs to that one task, and no cache of an earlier task helps it.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from marginalia.measure.figures import judge
from marginalia.measure.memory import TreePeak
from marginalia.measure.synthetic import (
    Shape,
    copy_site_config,
    make_corpus,
    make_plain,
    make_static,
    plain_build,
    shape,
)


def worker(task: str, root: Path) -> dict:
    """Run one task in this process and report its wall time and this process's peak memory."""
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = time.perf_counter()
    extra: dict = {}
    tree = 0.0
    if task == "check":  # its workers run at once, beside this process: their memory adds up
        from marginalia.data.corpus import load_corpus

        with TreePeak() as peak:
            corpus, problems = load_corpus(root)
        extra = {"annotations": len(corpus.annotations), "problems": len(problems)}
        tree = peak.mib
    elif task == "generate":
        from marginalia.data.corpus import load_corpus
        from marginalia.pages.site import generate_pages

        corpus, problems = load_corpus(root)
        started = time.perf_counter()  # generation alone
        pages = generate_pages(corpus)
        extra = {"pages": len(pages), "problems": len(problems)}
    elif task in ("build", "zensical", "rebuild-mkdocs", "rebuild-zensical"):
        if task in ("zensical", "rebuild-zensical"):
            from marginalia.engines.zensical_build import MIRROR, build_site
        else:
            from marginalia.engines.mkdocs_build import build_site
        if task == "zensical":  # a first build: Zensical's own cache starts empty
            shutil.rmtree(root / MIRROR, ignore_errors=True)
        if task.startswith("rebuild"):  # one note edited since the last build
            _edit_a_note(root)
            started = time.perf_counter()
        site = root / ("site-zensical" if "zensical" in task else "site")
        problems = build_site(root, site)
        extra = {"problems": len(problems), "pages": _count_pages(site)}
    elif task == "search":  # in a process of its own, like every measurement
        found = search_download(root / "site", "articles/bench-001/")
        return {"search": found}
    elif task in ("plain", "static"):
        plain_build(root, root / "site")
        extra = {"problems": 0, "pages": _count_pages(root / "site")}
    else:
        raise ValueError(f"unknown task {task!r}")
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Zensical's
    peak = max(peak_rss_mib(), children, tree)
    return {"seconds": round(seconds, 4), "peak_mib": round(peak, 1), **extra}


def _edit_a_note(root: Path) -> None:
    """A contributor's edit: the title of the first note, changed (letters only: a number in a
    title is a figure that check holds to the note's evidence)."""
    note = min((root / "annotations").glob("*/*.yml"))
    marker = "".join(chr(ord("a") + int(d)) for d in str(time.time_ns())[-8:])
    text = note.read_text(encoding="utf-8")
    note.write_text(re.sub(r"^title: .*$", f"title: Edited {marker}", text, count=1, flags=re.M))


def peak_rss_mib() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; getrusage's
    ru_maxrss does not, and would report the size of the parent that started the worker."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # an upper bound


def _html_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*.html"))


def _count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0


def measure(task: str, root: Path, repeat: int, *, cache: bool = False) -> dict:
    """The fastest of `repeat` runs, each in a fresh process, and the largest peak memory.
    Tasks run without the check cache (a first check, a first build), except three that
    measure work done again: "check-cached" (a check after one that filled the cache, nothing
    changed) and "rebuild-mkdocs" and "rebuild-zensical" (a build after a build, one note
    edited in between)."""
    runs = []
    cache = cache or task in ("check-cached", "rebuild-mkdocs", "rebuild-zensical")
    workers = "1" if task == "check-one" else os.environ.get("MARGINALIA_WORKERS", "")
    if task == "check-one":  # the check in one process, without worker processes
        task = "check"
    if task == "check-cached":
        task = "check"
        shutil.rmtree(root / ".cache", ignore_errors=True)
        measure(task, root, 1, cache=True)  # the check that fills the cache (not timed)
    elif task.startswith("rebuild"):  # the build before the edit, which fills the caches
        measure("build" if task == "rebuild-mkdocs" else "zensical", root, 1, cache=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1579132800"}
    env["MARGINALIA_CACHE"] = "on" if cache else "off"
    env["MARGINALIA_WORKERS"] = workers
    for _ in range(repeat):
        started = time.perf_counter()
        figures = _run_worker(task, root, env)
        runs.append({**figures, "process_seconds": round(time.perf_counter() - started, 4)})
        if runs[-1].get("problems"):
            raise RuntimeError(f"{task} on {root} reported {runs[-1]['problems']} problems")
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "peak_mib": max(r["peak_mib"] for r in runs), "runs": len(runs)}


def asset_weight(site: Path, plain: Path, page: str) -> dict:
    """Gzip bytes of the CSS and JavaScript the annotated page loads or inlines beyond what the
    plain Material page of the same article loads: the site's own share."""
    own = _page_assets(site, page) - _page_assets(plain, page)
    sizes = [(name, len(gzip.compress(content, 9))) for name, content in sorted(own)]
    return {"files": [name for name, _ in sizes], "gzip_bytes": sum(size for _, size in sizes)}


def _page_assets(site: Path, page: str) -> set[tuple[str, bytes]]:
    from bs4 import BeautifulSoup

    html_path = site / page
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    found: set[tuple[str, bytes]] = set()
    for tag in soup.find_all(["link", "script", "style"]):
        ref = tag.get("href") if tag.name == "link" else tag.get("src")
        rel = tag.get("rel") or []
        if tag.name == "link" and not ("stylesheet" in rel or tag.get("as") == "script"):
            continue  # a script file is loaded by its preload link (overrides/main.html)
        if ref:
            path = (html_path.parent / ref.split("?")[0]).resolve()
            found.add((path.relative_to(site.resolve()).as_posix(), path.read_bytes()))
        elif tag.name in ("script", "style") and not (tag.get("type") or "").endswith("json"):
            found.add((f"inline <{tag.name}>", tag.get_text().encode("utf-8")))
    return found


# The checks of the scale table are held to targets of a few seconds, on a machine whose speed
# varied by a fifth within an hour (the same first check of 10,000 notes: 9.9 to 13.0 s): each
# is the fastest of at least this many runs, a minute more for the whole benchmark.
SCALE_RUNS = 3


def run(
    source: Path,
    sizes: list[int],
    low: int,
    high: int,
    check_scale: list[int],
    repeat: int,
    reload: bool = True,
) -> dict:
    """Every measurement of the benchmark, as one JSON-ready dict."""
    import datetime as dt

    results: dict = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "repeat": repeat,
        "scale_repeat": max(repeat, SCALE_RUNS),
        "notes_per_article": [low, high],
        "corpora": [],
        "check_scale": [],
    }
    with tempfile.TemporaryDirectory(prefix="marginalia-bench-") as tmp:
        work = Path(tmp)
        for articles in sizes:
            corpus = shape(articles, low, high)
            root, plain = work / f"annotated-{articles}", work / f"plain-{articles}"
            static = work / f"static-{articles}"
            make_corpus(source, root, corpus)
            make_plain(source, plain, corpus)
            make_static(root, static)
            entry = {
                "articles": articles,
                "annotations": corpus.total,
                "check": measure("check", root, repeat),
                "generate": measure("generate", root, repeat),
                "build": measure("build", root, repeat),
                "zensical_build": measure("zensical", root, repeat),
                "rebuild": {
                    "mkdocs": measure("rebuild-mkdocs", root, repeat),
                    "zensical": measure("rebuild-zensical", root, repeat),
                },
                "static_build": measure("static", static, repeat),
                "plain_build": measure("plain", plain, repeat),
            }
            build, static_s = entry["build"]["seconds"], entry["static_build"]["seconds"]
            entry["layer_overhead"] = round(build / static_s - 1, 3)
            entry["times_plain"] = round(build / entry["plain_build"]["seconds"], 1)
            entry["html_mib"] = {
                name: round(_html_bytes(folder / "site") / 2**20, 2)
                for name, folder in (("annotated", root), ("plain", plain))
            }
            page = "articles/bench-001/index.html"
            entry["own_assets"] = asset_weight(root / "site", plain / "site", page)
            entry["search"] = _run_worker("search", root)["search"]
            per_note(entry)
            results["corpora"].append(entry)
            for folder in (root, plain, static):
                shutil.rmtree(folder)
        for total in check_scale:
            count = max(1, -(-total // 100))  # about 100 notes an article
            corpus = Shape(count, tuple(total // count + (i < total % count) for i in range(count)))
            root = work / f"scale-{total}"
            make_corpus(source, root, corpus)
            runs = results["scale_repeat"]
            figures = measure("check", root, runs)
            figures["ms_per_annotation"] = round(1000 * figures["seconds"] / corpus.total, 3)
            figures["cached"] = measure("check-cached", root, runs)
            figures["one_process"] = measure("check-one", root, runs)
            results["check_scale"].append(figures)
            shutil.rmtree(root)
        _marginal(results["check_scale"])
    results["reload"] = reload_latency(source) if reload else None
    results["targets"] = judge(results)
    return results


def library(source: Path, sizes: list[int], low: int, high: int) -> dict:
    """A growing library's figures alone (`marginalia bench --large`): for each size, the
    MkDocs build's time and peak memory, its HTML, its search shards and what a reader
    downloads to search, measured as in `run`. No other engine and no check scale: at a
    thousand articles, the build alone takes the better part of an hour."""
    import datetime as dt

    results: dict = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "notes_per_article": [low, high],
        "corpora": [],
    }
    with tempfile.TemporaryDirectory(prefix="marginalia-library-") as tmp:
        for articles in sizes:
            corpus = shape(articles, low, high)
            root = Path(tmp) / f"annotated-{articles}"
            make_corpus(source, root, corpus)
            entry = {"articles": articles, "annotations": corpus.total}
            entry["build"] = measure("build", root, 1)
            site = root / "site"
            entry["html_mib"] = {"annotated": round(_html_bytes(site) / 2**20, 2)}
            entry["search_shards"] = sum(1 for _ in (site / "pagefind").glob("notes-*"))
            entry["search"] = _run_worker("search", root)["search"]
            per_note(entry)
            results["corpora"].append(entry)
            shutil.rmtree(root)
    return results


def search_download(site: Path, page: str, query: str = "Soleimani") -> dict | None:
    """What a reader downloads to search, measured in Chromium on a page of the built site
    served compressed: the search files fetched before any search (none, by design) and the
    bytes, as sent, of everything a query fetches until its results show. None without
    Chromium."""
    from marginalia.measure.audit import serve
    from marginalia.measure.browser import CHROMIUM_ARGS, chromium_path

    chromium = chromium_path()
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        finished: list = []
        tab.on("requestfinished", lambda request: finished.append(request))
        tab.goto(f"{url}/{page}", wait_until="networkidle")
        before = [r for r in finished if "/pagefind/" in r.url]
        tab.click("input.md-search__input")
        tab.locator("input.md-search__input").press_sequentially(query)
        tab.wait_for_selector("#mg-search-results a", timeout=60000)
        tab.wait_for_load_state("networkidle")
        searched = [r for r in finished if "/pagefind/" in r.url]
        sizes = [r.sizes()["responseBodySize"] for r in searched]
        browser.close()
    return {
        "before_search_requests": len(before),
        "requests": len(searched),
        "kib": round(sum(sizes) / 1024, 1),
    }


def _run_worker(task: str, root: Path, env: dict | None = None) -> dict:
    """One task in a fresh process, and the figures it reports (each measurement has a process
    of its own; Playwright's synchronous API wants one too)."""
    command = [sys.executable, "-m", "marginalia.measure.bench", task, str(root)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode:
        raise RuntimeError(f"{task} on {root} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def per_note(entry: dict) -> None:
    """The figures of a corpus that must not grow with the library, per annotation."""
    notes = entry["annotations"]
    entry["html_kib_per_note"] = round(entry["html_mib"]["annotated"] * 1024 / notes, 2)
    entry["build_ms_per_note"] = round(entry["build"]["seconds"] * 1000 / notes, 2)


def _marginal(points: list[dict]) -> None:
    """The time each further annotation costs between two sizes: flat means linear."""
    for before, after in pairwise(points):
        added = after["annotations"] - before["annotations"]
        extra = after["seconds"] - before["seconds"]
        after["marginal_ms_per_annotation"] = round(1000 * extra / added, 3) if added else None
        grown = after["peak_mib"] - before["peak_mib"]
        after["marginal_kib_per_annotation"] = round(1024 * grown / added, 1) if added else None


RELOAD_PAUSE = 2.0  # seconds between one edit showing and the next save
RELOAD_NOTE = "annotations/us-war-of-terror-continues/bbc-headline-stop-war-check.yml"
ARTICLE_PAGE = "articles/us-war-of-terror-continues/"


def reload_latency(source: Path, rounds: int = 5) -> dict:
    """Seconds from saving an edited note to its new title showing in the browser, with
    `marginalia serve` running on a copy of the seed site and Chromium showing the article."""
    from marginalia.measure.browser import CHROMIUM_ARGS, chromium_path

    chromium = chromium_path()
    if chromium is None:
        return {"seconds": None, "why": "no Chromium on PATH"}
    from playwright.sync_api import Error, sync_playwright

    with tempfile.TemporaryDirectory(prefix="marginalia-reload-") as tmp:
        root = Path(tmp)
        copy_site_config(source, root)
        for name in ("docs", "annotations", "seeds"):
            shutil.copytree(source / name, root / name)
        port = _free_port()
        log = (root / "serve.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "marginalia.cli", "--root", str(root), "serve",
             "--dev-addr", f"127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/{ARTICLE_PAGE}"
            _wait_for(url, server)
            note = root / RELOAD_NOTE
            original = note.read_text(encoding="utf-8")
            ident = Path(RELOAD_NOTE).stem
            times = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, headless=True, args=CHROMIUM_ARGS
                )
                page = browser.new_page()
                page.goto(url)
                for number in range(rounds):
                    # letters, not digits: a number in a title is a figure that check holds
                    # to the note's evidence
                    marker = f"Reload check {chr(ord('a') + number % 26)}{number // 26 * 'z'}"
                    edited = re.sub(r"^title: .*$", f"title: {marker}", original, count=1,
                                    flags=re.M)  # fmt: skip
                    # A person's pause between saves: after each reload the page's search
                    # worker builds its index for about a second, and on two cores that
                    # would slow a rebuild started at once.
                    time.sleep(RELOAD_PAUSE)
                    started = time.perf_counter()
                    note.write_text(edited, encoding="utf-8")
                    while time.perf_counter() - started < 30:
                        try:
                            found = page.evaluate(
                                "([id, m]) => (document.getElementById(id)?.textContent || '')"
                                ".includes(m)",
                                [ident, marker],
                            )
                        except Error:  # the page is reloading
                            found = False
                        if found:
                            times.append(time.perf_counter() - started)
                            break
                        time.sleep(0.01)
                    else:
                        raise RuntimeError("the edit never showed in the browser")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
            log.close()
    times.sort()
    return {
        "seconds": round(times[len(times) // 2], 3),
        "worst_seconds": round(times[-1], 3),
        "rounds": rounds,
    }


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen) -> None:
    import urllib.request

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("marginalia serve stopped before it served the site")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within two minutes")


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


if __name__ == "__main__":  # the worker: python -m marginalia.measure.bench TASK ROOT
    print(json.dumps(worker(sys.argv[1], Path(sys.argv[2]))))
