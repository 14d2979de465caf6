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
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import yaml

SEED_ARTICLE = "us-war-of-terror-continues"
SCHEMA_LINE = "# yaml-language-server: $schema=../annotation.schema.json\n"
NOTE_LINK = re.compile(r"\[([^\]]*)\]\(#([a-z0-9-]+)\)")
SPAN_ROLES = ("paragraph", "quotation", "heading")


@dataclass(frozen=True)
class Shape:
    """One synthetic corpus: `articles` copies of the article with `notes` notes each."""

    articles: int
    notes: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.notes)


def shape(articles: int, low: int, high: int, seed: int = 2020) -> Shape:
    """Notes per article spread evenly from `low` to `high`, in a shuffled order."""
    if articles == 1:
        return Shape(1, (high,))
    step = (high - low) / (articles - 1)
    counts = [round(low + i * step) for i in range(articles)]
    random.Random(seed).shuffle(counts)
    return Shape(articles, tuple(counts))


# --- making a corpus -------------------------------------------------------------------------


def make_corpus(source: Path, dest: Path, corpus: Shape, seed: int = 2020) -> None:
    """Write a project at `dest`: the site's configuration, `corpus.articles` copies of the seed
    article, and for each the real notes (their own spans, so their real overlaps) followed by
    copies of the real notes moved to random spans of the text (overlapping ones included)."""
    rng = random.Random(seed)
    text, meta = _seed(source)
    templates = _templates(source)
    spans = _span_pool(text, meta["blocks"])
    _project_skeleton(source, dest)
    for number, count in enumerate(corpus.notes, 1):
        slug = f"bench-{number:03d}"
        (dest / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
        copy = {**meta, "title": f"{meta['title']} (copy {number})", "text": f"{slug}.txt"}
        _dump(dest / "seeds" / f"{slug}.yml", copy)
        folder = dest / "annotations" / slug
        folder.mkdir(parents=True)
        notes = _notes(templates, count, spans, rng)
        ids = {note["id"] for note in notes}
        for note in notes:
            note = {**note, "article": slug, "body": _drop_links(note["body"], ids)}
            (folder / f"{note['id']}.yml").write_text(SCHEMA_LINE + _yaml(note), encoding="utf-8")


def _seed(source: Path) -> tuple[str, dict]:
    """The seed article's text and its metadata."""
    seeds = source / "seeds"
    text = (seeds / f"{SEED_ARTICLE}.txt").read_text(encoding="utf-8")
    return text, yaml.safe_load((seeds / f"{SEED_ARTICLE}.yml").read_text(encoding="utf-8"))


def _site_config(source: Path, dest: Path) -> None:
    """The site's configuration in `dest`: mkdocs.yml, the theme overrides, and the code
    (linked, so the hook that MkDocs loads is the one being measured)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(source / "overrides", dest / "overrides")
    (dest / "scripts").symlink_to(source / "scripts", target_is_directory=True)


def _templates(source: Path) -> list[dict]:
    folder = source / "annotations" / SEED_ARTICLE
    notes = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("[!_]*.yml"))
    ]
    for note in notes:
        note["checked"] = str(note["checked"])
        for item in note["sources"]:
            item["date"] = str(item["date"])
    return notes


def _span_pool(text: str, blocks: list[dict]) -> list[str]:
    """Every quote of 3 to 12 words inside one block that occurs once in the text and holds
    no markup: the places a synthetic note may be moved to."""
    from marginalia.articles import split_blocks

    pool: list[str] = []
    for (start, end), block in zip(split_blocks(text), blocks, strict=True):
        if block["role"] not in SPAN_ROLES:
            continue
        words = list(re.finditer(r"\S+", text[start:end]))
        for i in range(len(words)):
            for length in (3, 5, 8, 12):
                if i + length > len(words):
                    break
                quote = text[start + words[i].start() : start + words[i + length - 1].end()]
                if "<" not in quote and ">" not in quote and text.count(quote) == 1:
                    pool.append(quote)
                    break
    return pool


def _notes(templates: list[dict], count: int, spans: list[str], rng: random.Random) -> list[dict]:
    notes = [dict(t) for t in templates[:count]]
    for number in range(len(notes), count):
        template = templates[number % len(templates)]
        note = {**template, "id": f"{template['id']}-{number}"}
        note["target"] = {"exact": rng.choice(spans)}
        # every body differs, as real ones do: no cache may serve one copy from another
        note["body"] = f"{template['body'].rstrip()}\n\nSynthetic copy {number} of this note.\n"
        notes.append(note)
    return notes


def _drop_links(body: str, ids: set[str]) -> str:
    """Links to notes that this synthetic article lacks become plain text."""
    return NOTE_LINK.sub(lambda m: m.group(0) if m.group(2) in ids else m.group(1), body)


def _project_skeleton(source: Path, dest: Path) -> None:
    _site_config(source, dest)
    for folder in ("seeds", "annotations", "docs/assets"):
        (dest / folder).mkdir(parents=True, exist_ok=True)
    for asset in (source / "docs" / "assets").iterdir():
        shutil.copy(asset, dest / "docs" / "assets" / asset.name)
    (dest / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    for name in ("annotation.schema.json", "glossary.yml"):
        shutil.copy(source / "annotations" / name, dest / "annotations" / name)


HOME = "# Benchmark corpus\n\nMade by `marginalia bench`: see the [articles](articles/index.md).\n"


def make_plain(source: Path, dest: Path, corpus: Shape) -> None:
    """The same articles as plain Material for MkDocs pages: one page per article with its
    text (title, headings and paragraphs), the same theme and search, no annotation layer."""
    from marginalia.articles import split_blocks

    text, meta = _seed(source)
    (dest / "docs" / "articles").mkdir(parents=True)
    config = yaml.safe_load(PLAIN_CONFIG)
    config["theme"]["palette"] = _palette(source)
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (dest / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    links = []
    for number in range(1, corpus.articles + 1):
        slug = f"bench-{number:03d}"
        parts = []
        for (start, end), block in zip(split_blocks(text), meta["blocks"], strict=True):
            chunk = " ".join(text[start:end].split())
            role = block["role"]
            if role == "title":
                parts.append(f"# {chunk} (copy {number})")
            elif role == "heading":
                parts.append(f"## {chunk}")
            elif role == "quotation":
                parts.append(f"> {chunk}")
            elif role != "separator":
                parts.append(chunk)
        page = dest / "docs" / "articles" / f"{slug}.md"
        page.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        links.append(f"- [{meta['title']} (copy {number})]({slug}.md)")
    (dest / "docs" / "articles" / "index.md").write_text(
        "# Articles\n\n" + "\n".join(links) + "\n", encoding="utf-8"
    )


def make_static(annotated: Path, dest: Path) -> None:
    """The annotated site's own pages, as `marginalia generate` writes them, in a project that
    plain MkDocs builds without the hook: what MkDocs alone spends on the same content."""
    from marginalia.corpus import load_corpus
    from marginalia.site import generate_pages, write_pages

    corpus, problems = load_corpus(annotated)
    if problems:
        raise RuntimeError(f"the corpus at {annotated} has {len(problems)} problems")
    shutil.copytree(annotated / "docs", dest / "docs")
    shutil.copytree(annotated / "overrides", dest / "overrides")
    write_pages(generate_pages(corpus), dest / "docs")
    config = (annotated / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^(hooks|watch):\n(?:  - .*\n)+", "", config, flags=re.M)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")


PLAIN_CONFIG = """
site_name: Plain
strict: true
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.top, search.highlight, content.code.copy]
plugins: [search]
markdown_extensions: [attr_list, md_in_html, tables, sane_lists, {toc: {permalink: true}}]
"""


def _palette(source: Path) -> list:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((source / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return config["theme"]["palette"]


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _dump(path: Path, data: dict) -> None:
    path.write_text(_yaml(data), encoding="utf-8")


# --- measuring -------------------------------------------------------------------------------


def worker(task: str, root: Path) -> dict:
    """Run one task in this process and report its wall time and this process's peak memory."""
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = time.perf_counter()
    extra: dict = {}
    if task == "check":
        from marginalia.corpus import load_corpus

        corpus, problems = load_corpus(root)
        extra = {"annotations": len(corpus.annotations), "problems": len(problems)}
    elif task == "generate":
        from marginalia.corpus import load_corpus
        from marginalia.site import generate_pages

        corpus, problems = load_corpus(root)
        started = time.perf_counter()  # generation alone
        pages = generate_pages(corpus)
        extra = {"pages": len(pages), "problems": len(problems)}
    elif task == "build":
        from marginalia.build import build_site

        problems = build_site(root, root / "site")
        extra = {"problems": len(problems), "pages": _count_pages(root / "site")}
    elif task in ("plain", "static"):
        plain_build(root, root / "site")
        extra = {"problems": 0, "pages": _count_pages(root / "site")}
    else:
        raise ValueError(f"unknown task {task!r}")
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 4), "peak_mib": round(peak_rss_mib(), 1), **extra}


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


def plain_build(root: Path, site: Path) -> None:
    """A strict MkDocs build of the project at `root`, with nothing of Marginalia around it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True))


def _html_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*.html"))


def _count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0


def measure(task: str, root: Path, repeat: int) -> dict:
    """The fastest of `repeat` runs, each in a fresh process, and the largest peak memory."""
    runs = []
    for _ in range(repeat):
        command = [sys.executable, "-m", "marginalia.bench", task, str(root)]
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1579132800"}
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        process = time.perf_counter() - started
        if result.returncode:
            raise RuntimeError(f"{task} on {root} failed:\n{result.stderr[-2000:]}")
        runs.append({**json.loads(result.stdout), "process_seconds": round(process, 4)})
        if runs[-1].get("problems"):
            raise RuntimeError(f"{task} on {root} reported {runs[-1]['problems']} problems")
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "peak_mib": max(r["peak_mib"] for r in runs), "runs": len(runs)}


def asset_weight(site: Path, plain: Path, page: str) -> dict:
    """Gzip bytes of the CSS and JavaScript the annotated page loads or inlines beyond what the
    plain Material page of the same article loads: the site's own share."""
    own = _page_assets(site, page) - _page_assets(plain, page)
    sizes = {name: len(gzip.compress(content, 9)) for name, content in sorted(own)}
    return {"files": sorted(sizes), "gzip_bytes": sum(sizes.values())}


def _page_assets(site: Path, page: str) -> set[tuple[str, bytes]]:
    from bs4 import BeautifulSoup

    html_path = site / page
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    found: set[tuple[str, bytes]] = set()
    for tag in soup.find_all(["link", "script", "style"]):
        ref = tag.get("href") if tag.name == "link" else tag.get("src")
        if tag.name == "link" and "stylesheet" not in (tag.get("rel") or []):
            continue
        if ref:
            path = (html_path.parent / ref.split("?")[0]).resolve()
            found.add((path.relative_to(site.resolve()).as_posix(), path.read_bytes()))
        elif tag.name in ("script", "style") and tag.get("type") != "application/ld+json":
            found.add((f"inline <{tag.name}>", tag.get_text().encode("utf-8")))
    return found


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
            results["corpora"].append(entry)
            for folder in (root, plain, static):
                shutil.rmtree(folder)
        for total in check_scale:
            count = max(1, -(-total // 100))  # about 100 notes an article
            corpus = Shape(count, tuple(total // count + (i < total % count) for i in range(count)))
            root = work / f"scale-{total}"
            make_corpus(source, root, corpus)
            figures = measure("check", root, repeat)
            figures["ms_per_annotation"] = round(1000 * figures["seconds"] / corpus.total, 3)
            results["check_scale"].append(figures)
            shutil.rmtree(root)
        _marginal(results["check_scale"])
    results["reload"] = reload_latency(source) if reload else None
    results["targets"] = judge(results)
    return results


def _marginal(points: list[dict]) -> None:
    """The time each further annotation costs between two sizes: flat means linear."""
    for before, after in pairwise(points):
        added = after["annotations"] - before["annotations"]
        extra = after["seconds"] - before["seconds"]
        after["marginal_ms_per_annotation"] = round(1000 * extra / added, 3) if added else None
        grown = after["peak_mib"] - before["peak_mib"]
        after["marginal_kib_per_annotation"] = round(1024 * grown / added, 1) if added else None


RELOAD_NOTE = "annotations/us-war-of-terror-continues/bbc-headline-stop-war-check.yml"
ARTICLE_PAGE = "articles/us-war-of-terror-continues/"


def reload_latency(source: Path, rounds: int = 5) -> dict:
    """Seconds from saving an edited note to its new title showing in the browser, with
    `marginalia serve` running on a copy of the seed site and Chromium showing the article."""
    from marginalia.browser import CHROMIUM_ARGS, chromium_path

    chromium = chromium_path()
    if chromium is None:
        return {"seconds": None, "why": "no Chromium on PATH"}
    from playwright.sync_api import Error, sync_playwright

    with tempfile.TemporaryDirectory(prefix="marginalia-reload-") as tmp:
        root = Path(tmp)
        _site_config(source, root)
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
                    marker = f"Reload check {number}"
                    edited = re.sub(r"^title: .*$", f"title: {marker}", original, count=1,
                                    flags=re.M)  # fmt: skip
                    time.sleep(0.5)  # a quiet server, as after a person's pause
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


if __name__ == "__main__":  # the worker: python -m marginalia.bench TASK ROOT
    print(json.dumps(worker(sys.argv[1], Path(sys.argv[2]))))


# --- targets, report and chart ----------------------------------------------------------------

TARGETS = {
    "check_10k_seconds": ("check of 10,000 annotations", "< 5 s"),
    "check_flat": ("time per further annotation, 100 → 1,000 → 10,000", "flat (within 1.5×)"),
    "layer_overhead": ("build time added to MkDocs' own build of the same pages", "≤ 25%"),
    "own_assets_kib": ("the site's own CSS and JavaScript on the article page", "≤ 15 KB gzip"),
    "check_10k_mib": ("peak memory of check on 10,000 annotations", "< 250 MiB"),
    "reload_seconds": ("saved YAML edit visible in the browser (seed site)", "< 1 s"),
}


def judge(results: dict) -> dict:
    """Each target: the measured figure and whether it is met (None: not measured)."""
    scale = {p["annotations"]: p for p in results["check_scale"]}
    largest = results["corpora"][-1] if results["corpora"] else None
    slopes = [p["marginal_ms_per_annotation"] for p in results["check_scale"][1:]]
    ten_k = scale.get(10000)
    figures = {
        "check_10k_seconds": ten_k and round(ten_k["seconds"], 2),
        "check_flat": round(max(slopes) / min(slopes), 2) if len(slopes) > 1 else None,
        "layer_overhead": largest and largest["layer_overhead"],
        "own_assets_kib": largest and round(largest["own_assets"]["gzip_bytes"] / 1024, 1),
        "check_10k_mib": ten_k and ten_k["peak_mib"],
        "reload_seconds": (results.get("reload") or {}).get("seconds"),
    }
    figures = {  # every figure as the report shows it
        key: round(value, 3) if isinstance(value, float) else value
        for key, value in figures.items()
    }
    limits = {"check_10k_seconds": 5, "check_flat": 1.5, "layer_overhead": 0.25,
              "own_assets_kib": 15, "check_10k_mib": 250, "reload_seconds": 1}  # fmt: skip
    strict = {"check_10k_seconds", "check_10k_mib", "reload_seconds"}
    verdicts = {}
    for key, value in figures.items():
        if value is None:
            verdicts[key] = {"value": None, "met": None}
        else:
            met = value < limits[key] if key in strict else value <= limits[key]
            verdicts[key] = {"value": value, "met": met}
    return verdicts


def report(results: dict) -> str:
    """The figures as Markdown: machine, targets, corpora, check scaling."""
    m = results["machine"]
    lines = [
        f"Measured on {results.get('date', 'an unrecorded date')}: {m['cpu']}, {m['cores']} "
        f"cores, {m['memory_gib']} GiB, Python {m['python']}, {m['system']}. "
        f"Each time is the fastest of {results.get('repeat', 1)} run(s) in a fresh process.",
        "",
        "| Target | Goal | Measured | Met |",
        "|---|---|---|---|",
    ]
    units = {"check_10k_seconds": " s", "check_flat": "×", "layer_overhead": "",
             "own_assets_kib": " KiB", "check_10k_mib": " MiB", "reload_seconds": " s"}  # fmt: skip
    for key, verdict in results["targets"].items():
        what, goal = TARGETS[key]
        value = verdict["value"]
        shown = "not measured" if value is None else f"{value}{units[key]}"
        if key == "layer_overhead" and value is not None:
            shown = f"{value:+.0%}"
        met = {True: "yes", False: "**no**", None: "–"}[verdict["met"]]
        lines.append(f"| {what} | {goal} | {shown} | {met} |")
    lines += [
        "",
        "| Articles | Annotations | check | generate | build | same pages, plain MkDocs "
        "| articles only, plain MkDocs | build peak memory | HTML written |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in results["corpora"]:
        lines.append(
            f"| {c['articles']} | {c['annotations']:,} | {c['check']['seconds']:.2f} s "
            f"| {c['generate']['seconds']:.2f} s | {c['build']['seconds']:.2f} s "
            f"| {c['static_build']['seconds']:.2f} s | {c['plain_build']['seconds']:.2f} s "
            f"| {c['build']['peak_mib']:.0f} MiB "
            f"| {c['html_mib']['annotated']:.1f} MiB (plain {c['html_mib']['plain']:.1f}) |"
        )
    lines += [
        "",
        "| Annotations checked | Time | Per annotation | Each further one | Peak memory "
        "| Each further one |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for p in results["check_scale"]:
        further = p.get("marginal_ms_per_annotation")
        memory = p.get("marginal_kib_per_annotation")
        lines.append(
            f"| {p['annotations']:,} | {p['seconds']:.2f} s | {p['ms_per_annotation']:.3f} ms "
            f"| {'–' if further is None else f'{further:.3f} ms'} | {p['peak_mib']:.0f} MiB "
            f"| {'–' if memory is None else f'{memory:.1f} KiB'} |"
        )
    return "\n".join(lines) + "\n"


def chart(results: dict) -> str:
    """An inline SVG: for each corpus, the time of each step as a labelled bar (the words and
    numbers carry the meaning; colour only repeats it)."""
    steps = [("check", "check"), ("generate", "generate"), ("build", "marginalia build"),
             ("static_build", "same pages, plain MkDocs"),
             ("plain_build", "articles only, plain MkDocs")]  # fmt: skip
    bar, gap, left, width = 18, 6, 230, 360
    rows, y = [], 30
    for c in results["corpora"]:
        rows.append(
            f'<text x="0" y="{y}" class="mg-chart__group">{c["articles"]} article'
            f"{'s' if c['articles'] > 1 else ''}, {c['annotations']:,} annotations</text>"
        )
        y += 10
        top = max(c[key]["seconds"] for key, _ in steps)
        for key, name in steps:
            seconds = c[key]["seconds"]
            length = max(1.0, width * seconds / top)
            rows.append(
                f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{name}</text>'
                f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" '
                f'class="mg-chart__bar mg-chart__bar--{key}"/>'
                f'<text x="{left + length + 6:.1f}" y="{y + 13}">{seconds:.2f} s</text>'
            )
            y += bar + gap
        y += 24
    height = y
    title = "Time of each step, by corpus size (bars scaled within each corpus)"
    return (
        f'<svg class="mg-chart" role="img" aria-labelledby="bench-chart-title" '
        f'viewBox="0 0 {left + width + 80} {height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="bench-chart-title">{title}</title>' + "".join(rows) + "</svg>"
    )


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def record(results: dict, page: Path) -> None:
    """Replace the figures between the bench markers of `page` with these."""
    replace_section(page, "bench", f"{report(results)}\n{chart(results)}\n")


def replace_section(page: Path, name: str, body: str) -> None:
    """Put `body` between the `<!-- NAME:start -->` and `<!-- NAME:end -->` lines of `page`."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = page.read_text(encoding="utf-8")
    head, found_start, rest = text.partition(start)
    _, found_end, tail = rest.partition(end)
    if not found_start or not found_end:
        raise ValueError(f"{page} has no {start} … {end} section")
    page.write_text(f"{head}{start}\n{body}\n{end}{tail}", encoding="utf-8")
