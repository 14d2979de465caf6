"""Lighthouse on the annotated article, beside a plain Material page of the same text.

Both sites are served gzip-compressed from one local server, as a static host serves them,
and Lighthouse (from the npm registry, pinned in scripts/audit/) drives the system Chromium.
`make audit` runs this; docs/accessibility.md records the scores.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from marginalia.measure.browser import CHROMIUM_ARGS, chromium_path

AUDIT_DIR = Path(__file__).resolve().parents[2] / "audit"  # scripts/audit: package.json
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".jsonld", ".csv")
NAMES = {c: c.replace("-", " ") for c in CATEGORIES} | {"seo": "SEO"}
TARGETS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
LCP_MARGIN = 0.10  # the article's LCP may exceed the plain page's by at most 10%


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the browser accepts it."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects /dir to /dir/
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix not in COMPRESSIBLE or not accepts:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=31536000")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free local port; yields its address."""
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()


def lighthouse_command() -> list[str]:
    cli = AUDIT_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        raise FileNotFoundError(f"{cli} is missing: run `npm ci --prefix {AUDIT_DIR}` first")
    return ["node", str(cli)]


def lighthouse(url: str, out: Path, preset: str | None = None) -> dict:
    """Run Lighthouse on `url`; the category scores and the LCP in milliseconds."""
    chromium = chromium_path()
    if chromium is None:
        raise FileNotFoundError("no Chromium on PATH: install Debian's chromium package")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        *lighthouse_command(), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}",
    ]  # fmt: skip
    if preset:
        command.append(f"--preset={preset}")
    env = {**os.environ, "CHROME_PATH": chromium}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode:
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    failed = [
        audit_id
        for audit_id, audit in data["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "metricSavings", "numeric")
    ]
    return {
        "scores": {c: data["categories"][c]["score"] for c in CATEGORIES},
        "lcp_ms": round(data["audits"]["largest-contentful-paint"]["numericValue"]),
        "fcp_ms": round(data["audits"]["first-contentful-paint"]["numericValue"]),
        "metrics": {
            name: round(data["audits"][name]["numericValue"], 3)
            for name in (
                "first-contentful-paint",
                "largest-contentful-paint",
                "speed-index",
                "total-blocking-time",
                "cumulative-layout-shift",
            )
        },
        "below_full_marks": sorted(failed),
        "lighthouse": data["lighthouseVersion"],
        "form_factor": data["configSettings"]["formFactor"],
    }


def audit(root: Path, preset: str | None = None, runs: int = 1) -> dict:
    """Lighthouse on the article page and on a plain Material page of the same article text,
    `runs` times each, the two pages in turn; each page is represented by its median run."""
    from marginalia.engines.mkdocs_build import build_site
    from marginalia.measure.synthetic import Shape, make_plain, plain_build

    with tempfile.TemporaryDirectory(prefix="marginalia-audit-") as tmp:
        work = Path(tmp)
        problems = build_site(root, work / "served" / "annotated")
        if problems:
            raise RuntimeError(f"the site does not build: {len(problems)} problems")
        plain = work / "plain"
        make_plain(root, plain, Shape(1, (0,)))
        plain_build(plain, work / "served" / "plain")
        measured: dict[str, list[dict]] = {"annotated": [], "plain": []}
        with serve(work / "served") as base:
            pages = {
                "annotated": f"{base}/annotated/articles/us-war-of-terror-continues/",
                "plain": f"{base}/plain/articles/bench-001/",
            }
            for _ in range(runs):  # in turn, so a slow spell of the machine hits both pages
                for name, url in pages.items():
                    measured[name].append(lighthouse(url, work / f"{name}.json", preset))
    return judge(measured["annotated"], measured["plain"])


def judge(annotated_runs: list[dict], plain_runs: list[dict]) -> dict:
    """Each page's median run, the LCP ratio of the two, and which targets are met. A score
    target is met only if every run of the article meets it."""
    annotated, plain = median_run(annotated_runs), median_run(plain_runs)
    lcp_ratio = annotated["lcp_ms"] / plain["lcp_ms"]
    met = {c: annotated["lowest_scores"][c] >= goal for c, goal in TARGETS.items()}
    return {
        "annotated": annotated,
        "plain": plain,
        "runs": len(annotated_runs),
        "lcp_ratio": round(lcp_ratio, 3),
        "met": {**met, "lcp": lcp_ratio <= 1 + LCP_MARGIN},
    }


def median_run(found: list[dict]) -> dict:
    """The run whose LCP is the median (the lower middle one of an even count), with the LCPs
    of every run, so the spread shows, and each category's lowest score over all runs."""
    ordered = sorted(found, key=lambda r: r["lcp_ms"])
    return {
        **ordered[(len(ordered) - 1) // 2],
        "lcp_runs_ms": [r["lcp_ms"] for r in found],
        "lowest_scores": {c: min(r["scores"][c] for r in found) for c in found[0]["scores"]},
    }


def report(results: dict) -> str:
    """The scores as Markdown: for each preset, both pages and the targets."""
    lines = []
    for preset, r in results.items():
        a, p = r["annotated"], r["plain"]
        lines += [
            f"**{preset.capitalize()}** (Lighthouse {a['lighthouse']}, {a['form_factor']} "
            "emulation, simulated throttling):",
            "",
            "| Page | Performance | Accessibility | Best practices | SEO | LCP | CLS | TBT |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, page in (("Annotated article", a), ("Plain Material page, same text", p)):
            s, m = page["scores"], page["metrics"]
            lines.append(
                f"| {name} | {s['performance']:.2f} | {s['accessibility']:.2f} "
                f"| {s['best-practices']:.2f} | {s['seo']:.2f} "
                f"| {m['largest-contentful-paint'] / 1000:.2f} s "
                f"| {m['cumulative-layout-shift']:.3f} | {m['total-blocking-time']:.0f} ms |"
            )
        missed = [k for k, ok in r["met"].items() if not ok]
        spread = "; ".join(
            f"{name} {min(page['lcp_runs_ms']) / 1000:.2f}–{max(page['lcp_runs_ms']) / 1000:.2f} s"
            for name, page in (("article", a), ("plain page", p))
        )
        lowest = ", ".join(f"{NAMES[c]} {a['lowest_scores'][c]:.2f}" for c in CATEGORIES)
        lines += [
            "",
            f"Each page ran {r['runs']} times, the two in turn; the table shows each page's "
            f"median run by LCP. LCP over all runs: {spread}. The article's lowest scores in "
            f"any run: {lowest}.",
            "",
            f"LCP of the annotated article: {r['lcp_ratio']:.2f} × the plain page's "
            f"(target ≤ {1 + LCP_MARGIN:.2f}). Targets missed: {', '.join(missed) or 'none'}.",
            "",
        ]
    return "\n".join(lines)
