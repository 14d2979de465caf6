"""The command line: marginalia check | build | export | generate | serve."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from marginalia.data.corpus import find_root, load_corpus
from marginalia.data.problems import format_problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="marginalia", description=__doc__)
    parser.add_argument("--root", type=Path, help="the project folder (default: found from here)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate articles and annotations")
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="annotation files or folders"
    )
    build = commands.add_parser("build", help="check, generate and build the site (strict)")
    build.add_argument("--site-dir", type=Path, help="where to put the site (default: site/)")
    build.add_argument(
        "--engine", choices=["mkdocs", "zensical"], default="mkdocs",
        help="the static-site engine: MkDocs with Material (default), or Zensical, its successor",
    )  # fmt: skip
    export = commands.add_parser("export", help="write the annotations as open data")
    export.add_argument(
        "--format", choices=["w3c", "claimreview", "csv", "datapackage"], required=True
    )
    export.add_argument("--site-url", help="the site's address, for absolute permalinks")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    generate = commands.add_parser("generate", help="write the generated Markdown pages")
    generate.add_argument("--out", type=Path, required=True, help="folder to write them into")
    new = commands.add_parser("new", help="scaffold a new annotation file for a quote")
    new.add_argument("--article", required=True, help="the article's slug")
    new.add_argument("--kind", required=True, choices=["context", "counterpoint", "source-check"])
    new.add_argument("--quote", required=True, help="the exact words of the article")
    new.add_argument("--prefix", help="words just before the quote, if it repeats")
    new.add_argument("--suffix", help="words just after the quote, if it repeats")
    new.add_argument("--id", help="the note's id (default: from the quote's first words)")
    new.add_argument("--occurrence", type=int, help="for a quote that repeats: which one (1, 2, …)")
    article = commands.add_parser("article", help="add an article to annotate")
    article_commands = article.add_subparsers(dest="article_command", required=True)
    add = article_commands.add_parser("add", help="a new article from a .txt, .md or .html file")
    add.add_argument("file", type=Path, help="the article: plain text, Markdown or HTML")
    add.add_argument("--title", required=True, help="the article's title, as published")
    add.add_argument("--author", required=True, help="its author (byline)")
    add.add_argument("--outlet", required=True, help="who published it")
    add.add_argument("--published", required=True, help="the day it was published: YYYY-MM-DD")
    add.add_argument("--slug", help="its short name in addresses (default: from the title)")
    add.add_argument("--url", help="its address, if you opened it there")
    add.add_argument("--genre", default="A text", help='what kind of text: "An opinion piece"…')
    add.add_argument(
        "--rights", required=True, choices=["public-domain", "licence", "permission", "quotation"],
        help="on what terms it is shown on the site",
    )  # fmt: skip
    add.add_argument(
        "--rights-note", required=True, help="the licence, who gave permission, or why it is quoted"
    )
    cover = commands.add_parser("coverage", help="every sentence with the notes that touch it")
    cover.add_argument("--article", help="one article's slug (default: every article)")
    reanchor = commands.add_parser("reanchor", help="propose new selectors for orphaned notes")
    reanchor.add_argument("--write", action="store_true", help="write the proposals into the files")
    schema = commands.add_parser("schema", help="write the annotation JSON Schema")
    schema.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    bench = commands.add_parser("bench", help="measure check, generate and build at scale")
    bench.add_argument("--articles", help="corpus sizes, in articles (default: 1,10,100)")
    bench.add_argument(
        "--large",
        action="store_true",
        help="a library's build alone (default: 1,000 articles): build time, memory, HTML and "
        "search download; recorded in its own section",
    )
    bench.add_argument("--notes", default="50-200", help="annotations per article: LOW-HIGH")
    bench.add_argument("--check-scale", default="100,1000,10000", help="annotations to check")
    bench.add_argument("--repeat", type=int, default=1, help="runs of each step (fastest kept)")
    bench.add_argument("--no-reload", action="store_true", help="skip the live-reload timing")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    bench.add_argument("--record", type=Path, help="write the figures into this Markdown page")
    audit = commands.add_parser("audit", help="Lighthouse on the article beside plain Material")
    audit.add_argument("--preset", choices=["mobile", "desktop", "both"], default="both")
    audit.add_argument("--json", action="store_true", help="print the scores as JSON")
    audit.add_argument(
        "--runs", type=int, default=5, help="runs of each page, interleaved; the median counts"
    )
    audit.add_argument("--record", type=Path, help="write the scores into this Markdown page")
    serve = commands.add_parser("serve", help="check, then serve the site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")

    args = parser.parse_args(argv)
    try:
        root = (args.root or find_root()).resolve()
    except FileNotFoundError as err:
        print(f"marginalia: {err}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](root, args)
    except (KeyboardInterrupt, BrokenPipeError):
        return 130
    except Exception as err:  # never a bare traceback for a contributor
        if os.environ.get("MARGINALIA_DEBUG"):
            raise
        print(f"marginalia: error[internal]: {type(err).__name__}: {err}", file=sys.stderr)
        print("    hint: this is a bug in marginalia: please open an issue; set "
              "MARGINALIA_DEBUG=1 to see where it happened", file=sys.stderr)  # fmt: skip
        return 2


def _check(root: Path, args: argparse.Namespace) -> int:
    from marginalia.data.review import review_warnings

    corpus, problems = load_corpus(root, args.paths or None)
    if problems:
        print(format_problems(problems))
        return 1
    warnings = review_warnings(corpus)
    if warnings:
        print("\n".join(w.format() for w in warnings))
    note = f", {len(warnings)} warning(s) for a reviewer" if warnings else ""
    print(
        f"{len(corpus.annotations)} annotations of {len(corpus.articles)} article(s): "
        f"no problems{note}"
    )
    return 0


def _build(root: Path, args: argparse.Namespace) -> int:
    if args.engine == "zensical":
        from marginalia.engines.zensical_build import build_site
    else:
        from marginalia.engines.mkdocs_build import build_site

    problems = build_site(root, args.site_dir)
    if problems:
        print(format_problems(problems))
        print("build failed; the previous site was left untouched", file=sys.stderr)
        return 1
    print(f"site built with {args.engine} in {args.site_dir or root / 'site'}")
    return 0


def _export(root: Path, args: argparse.Namespace) -> int:
    from marginalia.export import to_claimreview, to_csv, to_datapackage, to_w3c

    site_url = args.site_url or os.environ.get("SITE_URL") or None
    if args.format == "claimreview" and not site_url:
        print(
            "marginalia: ClaimReview needs the site's address (--site-url or SITE_URL): Google "
            "reads only an absolute url for each review",
            file=sys.stderr,
        )
        return 2
    corpus, problems = load_corpus(root)
    if problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    if args.format == "csv":
        text = to_csv(corpus, site_url)
    else:
        data = {
            "w3c": lambda: to_w3c(corpus, site_url),
            "claimreview": lambda: to_claimreview(corpus, site_url),
            "datapackage": lambda: to_datapackage(corpus, site_url),
        }[args.format]()
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _generate(root: Path, args: argparse.Namespace) -> int:
    from marginalia.pages.site import generate_pages, write_pages

    corpus, problems = load_corpus(root)
    if problems:
        print(format_problems(problems))
        return 1
    pages = generate_pages(corpus)
    write_pages(pages, args.out)
    print(f"{len(pages)} pages written to {args.out}")
    return 0


def _new(root: Path, args: argparse.Namespace) -> int:
    import datetime as dt

    from marginalia.data import anchoring
    from marginalia.data.articles import load_articles
    from marginalia.data.model import TextQuoteSelector
    from marginalia.data.scaffold import note_id, scaffold_path, scaffold_text

    articles, _ = load_articles(root)
    article = articles.get(args.article)
    if article is None:
        print(f"marginalia: unknown article '{args.article}'; known: {', '.join(sorted(articles))}")
        return 1
    selector = TextQuoteSelector(args.quote, args.prefix, args.suffix)
    result = anchoring.find_quote(article.text, selector)
    if isinstance(result, anchoring.Ambiguous):
        spans = result.spans
        if args.occurrence is None or not 1 <= args.occurrence <= len(spans):
            print(f"marginalia: the quote occurs {len(spans)} times:")
            for n, span in enumerate(spans, 1):
                print(f"    {n}. “…{_around(article.text, span.start)}…”")
            print("    hint: add --occurrence N for the one you mean; a prefix is filled in for it")
            return 1
        prefix = anchoring.unique_prefix(article.text, spans[args.occurrence - 1], args.quote)
        if prefix is None:
            print("marginalia: no words before that occurrence tell it apart; use --suffix")
            return 1
        selector = TextQuoteSelector(args.quote, prefix, args.suffix)
        result = anchoring.find_quote(article.text, selector)
        args.prefix = prefix
    if not isinstance(result, anchoring.Anchored):
        print("marginalia: the quote does not match the article exactly")
        if isinstance(result, anchoring.NotFound) and result.closest:
            closest = anchoring.visible_text(article.text, result.closest)
            changes = "; ".join(
                anchoring.word_changes(anchoring.normalise_quote(args.quote), closest)
            )
            print(f"    closest words in the article: “{closest}”")
            if changes:
                print(f"    they differ: {changes}")
        return 1
    ident = args.id or note_id(args.quote, args.kind)
    path = scaffold_path(root, article.slug, ident)
    if path.exists():
        print(f"marginalia: {path.relative_to(root)} exists already; choose another --id")
        return 1
    text = scaffold_text(
        article, args.kind, args.quote, ident, args.prefix, args.suffix, dt.date.today()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"created {path.relative_to(root)}: fill in the TODO fields, then run marginalia check")
    return 0


def _around(text: str, offset: int) -> str:
    return " ".join(text[max(0, offset - 30) : offset + 30].split())


def _article(root: Path, args: argparse.Namespace) -> int:
    import datetime as dt

    from marginalia.data.intake import IntakeError, add_article, slug_for

    try:
        dt.date.fromisoformat(args.published)
    except ValueError:
        print(f"marginalia: --published must be a date, YYYY-MM-DD, not '{args.published}'")
        return 1
    meta = {
        "slug": args.slug or slug_for(args.title),
        "title": args.title,
        "author": args.author,
        "outlet": args.outlet,
        "published": args.published,
        "genre": args.genre,
        "url": args.url,
        "rights": {"kind": args.rights, "note": args.rights_note},
    }
    try:
        written, blocks = add_article(root, args.file, meta)
    except IntakeError as err:
        print(format_problems([err.problem]))
        return 1
    guesses = sum(not b.sure for b in blocks)
    for path in written:
        print(f"created {path.relative_to(root)}")
    print(
        f"{len(blocks)} blocks; {guesses} roles to confirm in {written[1].relative_to(root)}. "
        f"Next: marginalia check, then marginalia new --article {meta['slug']} …"
    )
    return 0


def _coverage(root: Path, args: argparse.Namespace) -> int:
    from marginalia.data.coverage import coverage

    corpus, problems = load_corpus(root)
    if args.article and args.article not in corpus.articles:
        print(f"marginalia: no article '{args.article}'", file=sys.stderr)
        return 2
    for slug, article in corpus.articles.items():
        if args.article and slug != args.article:
            continue
        lines = coverage(article, corpus.for_article(slug))
        covered = sum(bool(ln.notes) for ln in lines)
        explained = sum(ln.reason is not None for ln in lines)
        print(f"{slug}: {len(lines)} sentences, {covered} with notes, {explained} explained, "
              f"{len(lines) - covered - explained} neither")  # fmt: skip
        for ln in lines:
            where = ", ".join(ln.notes) if ln.notes else f"no note: {ln.reason or 'NO REASON'}"
            print(f"{ln.sentence.number:4} [block {ln.sentence.block}] {ln.text}\n       {where}")
    uncovered = [p for p in problems if p.code == "sentence-not-covered"]
    return 1 if uncovered else 0


def _reanchor(root: Path, args: argparse.Namespace) -> int:
    from marginalia.data.articles import load_articles
    from marginalia.data.reanchor import find_orphans, write_proposal

    articles, problems = load_articles(root)
    if problems:  # shown, but they do not stop the search for orphans in the texts that loaded
        print(format_problems(problems))
    orphans = find_orphans(root, articles)
    for doc, proposal in orphans:
        print(proposal.format())
        if args.write and proposal.new:
            write_proposal(root / doc.path, proposal)
            print("    written")
    unresolved = [p for _, p in orphans if p.new is None or not args.write]
    print(f"{len(orphans)} orphaned note(s); {len(orphans) - len(unresolved)} re-anchored")
    return 1 if unresolved else 0


def _schema(root: Path, args: argparse.Namespace) -> int:
    from marginalia.data.schema import schema_text

    if args.output:
        args.output.write_text(schema_text(), encoding="utf-8")
    else:
        sys.stdout.write(schema_text())
    return 0


def _bench(root: Path, args: argparse.Namespace) -> int:
    from marginalia.measure import bench, figures

    try:
        sizes = [
            int(n) for n in (args.articles or ("1000" if args.large else "1,10,100")).split(",")
        ]
        low, high = (int(n) for n in args.notes.split("-"))
        scale = [int(n) for n in args.check_scale.split(",")]
    except ValueError:
        print("marginalia: --articles and --check-scale take numbers like 1,10,100; "
              "--notes takes LOW-HIGH, like 50-200", file=sys.stderr)  # fmt: skip
        return 2
    if args.large:
        results = bench.library(root, sizes, low, high)
        if args.record:
            figures.replace_section(args.record, "library", figures.library_report(results))
        print(json.dumps(results, indent=1) if args.json else figures.library_report(results))
        return 0
    results = bench.run(root, sizes, low, high, scale, args.repeat, reload=not args.no_reload)
    if args.record:
        figures.record(results, args.record)
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(figures.report(results))
    missed = [key for key, v in results["targets"].items() if v["met"] is False]
    if missed:
        print(f"targets not met: {', '.join(missed)}", file=sys.stderr)
    return 0


def _audit(root: Path, args: argparse.Namespace) -> int:
    from marginalia.measure import audit, figures

    presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
    try:
        results = {p: audit.audit(root, None if p == "mobile" else p, args.runs) for p in presets}
    except (FileNotFoundError, RuntimeError) as err:
        print(f"marginalia: {err}", file=sys.stderr)
        return 1
    if args.record:
        figures.replace_section(args.record, "audit", audit.report(results))
    print(json.dumps(results, indent=1) if args.json else audit.report(results))
    return 0


def _serve(root: Path, args: argparse.Namespace) -> int:
    from marginalia.engines.mkdocs_serve import serve

    if _check(root, argparse.Namespace(paths=[])):
        print("fix the problems above, then start the server again", file=sys.stderr)
        return 1
    serve(root / "mkdocs.yml", args.dev_addr)
    return 0


COMMANDS = {
    "article": _article,
    "audit": _audit,
    "bench": _bench,
    "check": _check,
    "coverage": _coverage,
    "build": _build,
    "export": _export,
    "generate": _generate,
    "new": _new,
    "reanchor": _reanchor,
    "schema": _schema,
    "serve": _serve,
}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
