"""The benchmark's figures: each target judged, a Markdown report, an SVG chart, and the
recording of figures between the markers of a documentation page.
"""

from __future__ import annotations

from pathlib import Path

TARGETS = {
    "check_10k_seconds": ("first check of 10,000 annotations (no cache)", "< 5 s"),
    "check_10k_cached_seconds": ("check of 10,000 annotations, none changed since", "< 5 s"),
    "check_flat": ("time per further annotation, 100 → 1,000 → 10,000", "flat (within 1.5×)"),
    "layer_overhead": ("build time added to MkDocs' own build of the same pages", "≤ 25%"),
    "own_assets_kib": ("the site's own CSS and JavaScript on the article page", "≤ 15 KB gzip"),
    "check_10k_mib": ("peak memory of check on 10,000 annotations", "< 250 MiB"),
    "reload_seconds": ("saved YAML edit visible in the browser (seed site)", "< 1 s"),
    "search_kib": ("what a reader downloads to search, largest of every corpus", "< 300 KB gzip"),
    "search_before": ("search files fetched before the reader searches, every corpus", "none"),
    "html_per_note_flat": ("HTML per annotation, 10 → largest corpus", "flat (within 1.2×)"),
    "build_per_note_flat": ("build time per annotation, 10 → largest corpus", "flat (within 1.2×)"),
    "build_mib": ("peak memory of the build, largest corpus (100 articles)", "< 600 MiB"),
}


def judge(results: dict) -> dict:
    """Each target: the measured figure and whether it is met (None: not measured)."""
    scale = {p["annotations"]: p for p in results["check_scale"]}
    largest = results["corpora"][-1] if results["corpora"] else None
    slopes = [p["marginal_ms_per_annotation"] for p in results["check_scale"][1:]]
    ten_k = scale.get(10000)
    figures = {
        "check_10k_seconds": ten_k and round(ten_k["seconds"], 2),
        "check_10k_cached_seconds": (
            round(ten_k["cached"]["seconds"], 2) if ten_k and "cached" in ten_k else None
        ),
        "check_flat": round(max(slopes) / min(slopes), 2) if len(slopes) > 1 else None,
        "layer_overhead": largest and largest["layer_overhead"],
        "own_assets_kib": largest and round(largest["own_assets"]["gzip_bytes"] / 1024, 1),
        "check_10k_mib": ten_k and ten_k["peak_mib"],
        "reload_seconds": (results.get("reload") or {}).get("seconds"),
        **_library(results["corpora"]),
    }
    figures = {  # every figure as the report shows it
        key: round(value, 3) if isinstance(value, float) else value
        for key, value in figures.items()
    }
    return {key: verdict(key, value) for key, value in figures.items()}


LIMITS = {"check_10k_seconds": 5, "check_10k_cached_seconds": 5, "check_flat": 1.5,
          "layer_overhead": 0.25, "own_assets_kib": 15, "check_10k_mib": 250,
          "reload_seconds": 1, "search_kib": 300, "search_before": 0,
          "html_per_note_flat": 1.2, "build_per_note_flat": 1.2, "build_mib": 600}  # fmt: skip
STRICT = {"check_10k_seconds", "check_10k_cached_seconds", "check_10k_mib", "reload_seconds",
          "search_kib", "build_mib"}  # fmt: skip


def verdict(key: str, value: float | None) -> dict:
    """A figure against its target's limit: met, missed, or None when not measured."""
    if value is None:
        return {"value": None, "met": None}
    met = value < LIMITS[key] if key in STRICT else value <= LIMITS[key]
    return {"value": value, "met": met}


def _library(corpora: list[dict]) -> dict:
    """The figures of a growing library (issue #18): what searching downloads, and HTML,
    build time and memory per note as the corpus grows from 10 articles to the largest."""
    searched = [c["search"] for c in corpora if c.get("search")]
    ten = next((c for c in corpora if c["articles"] >= 10), None)
    largest = corpora[-1] if corpora else None
    compare = ten is not None and largest is not None and largest is not ten
    return {
        "search_kib": max((s["kib"] for s in searched), default=None),
        "search_before": sum(s["before_search_requests"] for s in searched) if searched else None,
        "html_per_note_flat": (
            round(largest["html_kib_per_note"] / ten["html_kib_per_note"], 2) if compare else None
        ),
        "build_per_note_flat": (
            round(largest["build_ms_per_note"] / ten["build_ms_per_note"], 2) if compare else None
        ),
        "build_mib": largest and largest["build"]["peak_mib"],
    }


def _scale_runs(results: dict) -> str:
    runs = results.get("scale_repeat", results.get("repeat", 1))
    return "" if runs == results.get("repeat", 1) else f"; each check by scale, of {runs} runs"


def report(results: dict) -> str:
    """The figures as Markdown: machine, targets, corpora, check scaling."""
    m = results["machine"]
    lines = [
        f"Measured on {results.get('date', 'an unrecorded date')}: {m['cpu']}, {m['cores']} "
        f"cores, {m['memory_gib']} GiB, Python {m['python']}, {m['system']}. "
        f"Each time is the fastest of {results.get('repeat', 1)} run(s) in a fresh process"
        f"{_scale_runs(results)}.",
        "",
        "| Target | Goal | Measured | Met |",
        "|---|---|---|---|",
    ]
    units = {"check_10k_seconds": " s", "check_10k_cached_seconds": " s", "check_flat": "×",
             "layer_overhead": "", "own_assets_kib": " KiB", "check_10k_mib": " MiB",
             "reload_seconds": " s", "search_kib": " KiB", "search_before": " requests",
             "html_per_note_flat": "×", "build_per_note_flat": "×",
             "build_mib": " MiB"}  # fmt: skip
    for key, verdict in results["targets"].items():
        what, goal = TARGETS[key]
        value = verdict["value"]
        shown = "not measured" if value is None else f"{value}{units[key]}"
        if key == "layer_overhead" and value is not None:
            shown = f"{value:+.0%}"
        met = {True: "yes", False: "**no**", None: "–"}[verdict["met"]]
        lines.append(f"| {what} | {goal} | {shown} | {met} |")
    lines += _engines(results)
    lines += _growth(results)
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
        "| Each further one | Again, none changed | In one process |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in results["check_scale"]:
        further = p.get("marginal_ms_per_annotation")
        memory = p.get("marginal_kib_per_annotation")
        lines.append(
            f"| {p['annotations']:,} | {p['seconds']:.2f} s | {p['ms_per_annotation']:.3f} ms "
            f"| {'–' if further is None else f'{further:.3f} ms'} | {p['peak_mib']:.0f} MiB "
            f"| {'–' if memory is None else f'{memory:.1f} KiB'} "
            f"| {_time_and_peak(p.get('cached'))} | {_time_and_peak(p.get('one_process'))} |"
        )
    return "\n".join(lines) + "\n"


def _engines(results: dict) -> list[str]:
    """Both engines side by side: a first build, and a build again after one note's edit."""
    rows = [c for c in results["corpora"] if "zensical_build" in c]
    if not rows:
        return []
    lines = [
        "",
        "| Articles | Annotations | MkDocs build | Zensical build | MkDocs again, one note "
        "edited | Zensical again, one note edited | peak memory, MkDocs / Zensical |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in rows:
        again = c["rebuild"]
        lines.append(
            f"| {c['articles']} | {c['annotations']:,} | {c['build']['seconds']:.2f} s "
            f"| {c['zensical_build']['seconds']:.2f} s | {again['mkdocs']['seconds']:.2f} s "
            f"| {again['zensical']['seconds']:.2f} s "
            f"| {c['build']['peak_mib']:.0f} / {c['zensical_build']['peak_mib']:.0f} MiB |"
        )
    return lines


def _growth(results: dict) -> list[str]:
    """Per corpus, what must not grow with the library: search download, and per note."""
    rows = [c for c in results["corpora"] if "html_kib_per_note" in c]
    if not rows:
        return []
    lines = [
        "",
        "| Articles | Annotations | search download (gzip), requests | HTML per annotation "
        "| build time per annotation | build peak memory |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for c in rows:
        search = c.get("search")
        shown = f"{search['kib']:.1f} KiB, {search['requests']}" if search else "not measured"
        lines.append(
            f"| {c['articles']} | {c['annotations']:,} | {shown} "
            f"| {c['html_kib_per_note']:.1f} KiB | {c['build_ms_per_note']:.1f} ms "
            f"| {c['build']['peak_mib']:.0f} MiB |"
        )
    return lines


LIBRARY_TARGETS = ("search_kib", "search_before", "html_per_note_flat", "build_per_note_flat",
                   "build_mib")  # fmt: skip


def library_report(results: dict) -> str:
    """The figures of `marginalia bench --large`, as Markdown: the growing library's targets
    judged up to 100 articles, where they are set, and the same figures up to the largest."""
    m = results["machine"]
    corpora = results["corpora"]
    up_to_100 = [c for c in corpora if c["articles"] <= 100]
    judged = {key: verdict(key, value) for key, value in _library(up_to_100).items()}
    every = _library(corpora)
    lines = [
        f"Measured on {results['date']} ({m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gib']} GiB; Python {m['python']}), "
        f"{results['notes_per_article'][0]}–{results['notes_per_article'][1]} annotations an "
        "article, one MkDocs build each (`marginalia bench --large`).",
        "",
        f"| Target | up to {up_to_100[-1]['articles'] if up_to_100 else '–'} articles | met "
        f"| up to {corpora[-1]['articles'] if corpora else '–'} articles |",
        "|---|---:|---|---:|",
    ]
    for key in LIBRARY_TARGETS:
        found = judged[key]
        met = {True: "yes", False: "**no**", None: "–"}[found["met"]]
        lines.append(
            f"| {TARGETS[key][0]}: {TARGETS[key][1]} | {_shown(found['value'])} | {met} "
            f"| {_shown(every.get(key))} |"
        )
    lines += [
        *_growth(results),
        "",
        "| Articles | build time | HTML | search shards |",
        "|---:|---:|---:|---:|",
    ]
    for c in corpora:
        lines.append(
            f"| {c['articles']} | {c['build']['seconds']:.0f} s | "
            f"{c['html_mib']['annotated']:,.0f} MiB | {c.get('search_shards', '–')} |"
        )
    return "\n".join(lines) + "\n"


def _shown(value: object) -> str:
    return "–" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def _time_and_peak(run: dict | None) -> str:
    return f"{run['seconds']:.2f} s, {run['peak_mib']:.0f} MiB" if run else "–"


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
