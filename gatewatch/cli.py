"""The ``gatewatch`` command: one click group wiring crawler, NLP and publishing."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from gatewatch import __version__, workflow
from gatewatch.logs import use_json_logs
from gatewatch.crawler.sources import RegistryError
from gatewatch.db import store
from gatewatch.db.events import events_summary, rebuild_events, update_events
from gatewatch.db.export import FORMATS, query_articles, render
from gatewatch.db.serve import datasette_command
from gatewatch.quality import COMMANDS as QUALITY_COMMANDS
from gatewatch.quality import read_jsonl

SAMPLE_PORT = 8765


def db_option(fn: Callable) -> Callable:
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="gatewatch.db",
        envvar="GATEWATCH_DB", show_default=True, help="SQLite file to write and publish (env GATEWATCH_DB).",
    )(fn)


def _settings(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", ctx, param)
        pairs[name] = setting
    return pairs


def crawl_options(fn: Callable) -> Callable:
    fn = click.option(
        "-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", callback=_settings,
        help="Override a Scrapy or GATEWATCH_* crawler setting (repeatable), as with `scrapy crawl -s`.",
    )(fn)
    fn = click.option("--source", "source_id", help="Crawl only the registry source with this id.")(fn)
    fn = click.option(
        "--sources", "sources_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Source registry YAML (default: the bundled crawler/sources.yaml).",
    )(fn)
    return db_option(fn)


def processes_option(fn: Callable) -> Callable:
    return click.option(
        "--processes", type=click.IntRange(1), default=1, show_default=True,
        help="Worker processes that tag side by side (each loads the pipelines once; 2 on 2 cores tag ~1.7x as fast).",
    )(fn)


def serve_options(fn: Callable) -> Callable:
    fn = click.option("--port", default=8001, show_default=True, help="Port for Datasette.")(fn)
    return click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")(fn)


class GatewatchGroup(click.Group):
    """Turns a bad registry into a one-line error (exit 1) instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RegistryError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=GatewatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gatewatch")
@click.option("--json-logs", is_flag=True, help="Write logs to stderr as JSON lines (one object per record).")
def cli(json_logs: bool) -> None:
    """Gatewatch tracks antitrust and interoperability actions against tech platforms.

    The workflow, one command per stage (each reads and writes the same SQLite file):

    \b
      gatewatch crawl    fetch the registry's feeds and pages into gatewatch.db
      gatewatch tag      tag new or changed articles: companies, regulators, fines, dates
      gatewatch events rebuild   group the coverage into real-world events
      gatewatch serve    publish gatewatch.db with Datasette at http://127.0.0.1:8001
      gatewatch run      all of the above, in that order
      gatewatch export   write the articles as JSON, NDJSON or CSV

    Try it offline on the bundled sample archive (served from a loopback web server):

    \b
      gatewatch run --sample
    """
    if json_logs:
        use_json_logs()


def redis_option(fn: Callable) -> Callable:
    return click.option("--redis", "redis_url", metavar="URL", help="Redis server shared by the workers, e.g. redis://127.0.0.1:6379/0.")(fn)


@cli.command()
@crawl_options
@redis_option
@click.option("--workers", type=click.IntRange(min=1), help="With --redis: split the crawl over this many local worker processes.")
def crawl(
    db_path: Path, sources_path: Path | None, source_id: str | None, overrides: dict[str, str],
    redis_url: str | None, workers: int | None,
) -> None:
    """Fetch the configured sources and store new or changed articles.

    A source that cannot be reached, a malformed feed or an empty page becomes a row in
    crawl_errors and the crawl goes on; articles already stored are never lost. With
    --redis and --workers the crawl is split over worker processes sharing a scrapy-redis
    queue, and this process alone writes the database.

    Example: gatewatch crawl --source uk-cma -s LOG_LEVEL=WARNING
    """
    if redis_url:
        if source_id:
            raise click.UsageError("--source does not combine with --redis")
        per_worker = workflow.crawl_distributed(db_path, sources_path, redis_url, workers or 2, overrides)
        click.echo(f"requests per worker: {', '.join(map(str, per_worker))}")
    else:
        workflow.crawl(db_path, sources_path, source_id, overrides)
    _echo_run_summary(db_path)


@cli.command("crawl-worker")
@crawl_options
@redis_option
@click.option("--seed", is_flag=True, help="This worker queues the registry's start requests (exactly one should).")
def crawl_worker(
    db_path: Path, sources_path: Path | None, source_id: str | None, overrides: dict[str, str],
    redis_url: str | None, seed: bool,
) -> None:
    """One worker of a shared crawl: takes requests from the Redis queue, pushes items back
    for the writer (`gatewatch crawl --redis … --workers N` starts these for you).

    Example: gatewatch crawl-worker --redis redis://127.0.0.1:6379/0 --seed
    """
    if not redis_url or source_id:
        raise click.UsageError("crawl-worker needs --redis, and takes the whole registry (no --source)")
    workflow.crawl_worker(db_path, sources_path, redis_url, seed, overrides)


@cli.command()
@db_option
@click.argument("input_file", metavar="[INPUT]", required=False, type=click.File("r", encoding="utf-8"))
@processes_option
def tag(db_path: Path, input_file: click.utils.LazyFile | None, processes: int) -> None:
    """Tag articles: companies (products rolled up to parents), regulators, jurisdictions,
    event types, fines, event date and relevance.

    Without INPUT, tag the database's new and changed articles. With INPUT (a JSONL file,
    or - for standard input) of {"id", "text", optional "title", "url", "published",
    "language"} records, print one JSONL result per record (see docs/tag.md) and touch no
    database.

    Example: echo '{"id": 1, "text": "Taobao now accepts WeChat Pay."}' | gatewatch tag -
    """
    if input_file is None:
        with contextlib.closing(store.open_db(db_path)) as db:
            click.echo(f"tagged {workflow.tag_database(db, processes)} articles in {db_path}")
        return
    from gatewatch.nlp.tag import tag_records  # spaCy: loaded only by the commands that tag

    for result in tag_records(read_jsonl(input_file), processes=processes):
        click.echo(json.dumps(_tag_output(result), ensure_ascii=False))


@cli.command()
@db_option
@serve_options
@click.option("--public", is_flag=True,
              help="Serve a fresh read-only snapshot (immutable) with arbitrary SQL and downloads off.")
def serve(db_path: Path, host: str, port: int, public: bool) -> None:
    """Publish the database with Datasette, using Gatewatch's metadata and facets.

    Locally the live file is served, so new articles appear as crawls store them. For the
    public internet use --public: it serves a snapshot taken now (serve again to refresh),
    immutable, with arbitrary SQL off, and time and row limits as always.

    Example: gatewatch serve --public --host 0.0.0.0 --port 8001
    """
    _serve(db_path, host, port, public)


@cli.command()
@crawl_options
@serve_options
@click.option("--sample", is_flag=True, help="Crawl the bundled sample archive from a loopback server.")
@click.option("--serve/--no-serve", "then_serve", default=True, show_default=True, help="Start Datasette at the end.")
@click.option(
    "--once", is_flag=True,
    help="Unattended mode for cron/systemd: hold a lock, crawl only sources whose interval has passed, "
    "tag, write a snapshot of new and changed articles to --exports, never serve. Exit 0 ok, "
    "3 some sources failed, 75 another run holds the lock.",
)
@click.option("-v", "--verbose", is_flag=True, help="With --once, print a summary (cron mails any output).")
@processes_option
@click.option("--exports", "exports_dir", type=click.Path(file_okay=False, path_type=Path), default="exports",
              show_default=True, help="Where --once writes its dated snapshots and latest.* copies.")
def run(
    db_path: Path, sources_path: Path | None, source_id: str | None, overrides: dict[str, str],
    host: str, port: int, sample: bool, then_serve: bool, once: bool, verbose: bool, exports_dir: Path, processes: int,
) -> None:
    """Crawl, tag, then publish: the whole job in one command.

    Live sources come from the registry; with --sample the bundled archive is served on
    127.0.0.1:8765 and crawled instead, so the demo needs no network. With --once it is the
    hourly job (see deploy/ for cron and systemd units).

    Example: gatewatch run --sample
    """
    if once:
        from gatewatch.crawler.settings import GATEWATCH_SOURCES
        from gatewatch.operate import run_once

        echo = functools.partial(click.echo, err=True) if verbose else lambda message: None
        sys.exit(run_once(db_path, sources_path or Path(GATEWATCH_SOURCES), source_id, overrides, exports_dir, echo,
                          processes))
    if sample:  # the demo never leaves this machine, whatever a page links to
        overrides = {**overrides, "GATEWATCH_ALLOWED_HOSTS": "127.0.0.1"}
    with _sample_archive() if sample else contextlib.nullcontext(sources_path) as registry:
        workflow.crawl(db_path, registry, source_id, overrides)
    _echo_run_summary(db_path)
    with contextlib.closing(store.open_db(db_path)) as db:
        click.echo(f"tagged {workflow.tag_database(db, processes)} articles")
        click.echo(events_summary(update_events(db)))
    if then_serve:
        _serve(db_path, host, port)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="ndjson", show_default=True)
@click.option("--since", metavar="DATE", help="Only articles published (or fetched) on or after DATE (ISO 8601).")
@click.option("--until", metavar="DATE", help="Only articles published (or fetched) on or before DATE.")
@click.option("--company", help="Only articles naming this company or one of its products.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="File to write (default: stdout).")
def export(
    db_path: Path, fmt: str, since: str | None, until: str | None, company: str | None, output: click.utils.LazyFile
) -> None:
    """Write stored articles, newest first, as JSON, NDJSON or CSV (see docs/export.md).

    Example: gatewatch export --format csv --since 2024-09-01 --until 2024-09-30 -o september.csv
    """
    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: run `gatewatch crawl` first")
    with contextlib.closing(store.open_db(db_path)) as db:
        for chunk in render(query_articles(db, since=since, until=until, company=company), fmt):
            output.write(chunk)


@contextlib.contextmanager
def _sample_archive() -> Iterator[Path]:
    from gatewatch.crawler.archive import load_sample_articles, render_site, serve_directory

    with tempfile.TemporaryDirectory(prefix="gatewatch-sample-") as tmp:
        with serve_directory(Path(tmp), port=SAMPLE_PORT) as base_url:
            click.echo(f"serving the sample archive at {base_url}/feed.xml")
            yield render_site(load_sample_articles(), Path(tmp), base_url)


def _tag_output(result: dict) -> dict:
    """The documented JSONL shape of one tagged record (docs/tag.md)."""
    return {
        "id": result["id"],
        "language": result["language"],
        "relevant": result["relevant"],
        "companies": [{k: c[k] for k in ("name", "wikidata", "parent")} for c in result["companies"]],
        "regulators": [{k: r[k] for k in ("name", "jurisdiction")} for r in result["regulators"]],
        "jurisdictions": result["jurisdictions"],
        "event_types": result["event_types"],
        "fines": result["fines"],
        "turnover_shares": result["turnover_shares"],
        "event_date": result["event_date"],
    }


def _echo_run_summary(db_path: Path) -> None:
    with contextlib.closing(store.open_db(db_path)) as db:
        run = workflow.last_run_summary(db)
    click.echo(
        "crawl run {id}: {status}; new {articles_new}, updated {articles_updated}, unchanged {articles_unchanged}, "
        "errors {errors}; {articles_total} articles in store".format(
            **{k: run.get(k) or 0 for k in ("id", "articles_new", "articles_updated", "articles_unchanged", "errors")},
            status=run.get("status"), articles_total=run["articles_total"],
        )
    )


def _serve(db_path: Path, host: str, port: int, public: bool = False) -> None:
    store.open_db(db_path).close()  # create and migrate, so Datasette always sees the schema
    command = datasette_command(db_path, host, port, public)
    what = f"a read-only snapshot of {db_path}" if public else str(db_path)
    click.echo(f"Datasette is serving {what} at http://{host}:{port}/", err=False)
    os.execv(command[0], command)


@cli.command()
@db_option
@click.option(
    "--sources", "sources_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Source registry YAML (default: the bundled crawler/sources.yaml).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def sources(db_path: Path, sources_path: Path | None, as_json: bool) -> None:
    """List the source registry with each source's articles, errors, last success and error.

    Example: gatewatch sources --db gatewatch.db
    """
    from gatewatch.crawler.settings import GATEWATCH_SOURCES
    from gatewatch.crawler.sources import load_sources
    from gatewatch.db.health import STATUS_COLUMNS, source_status

    registry = [s.row() for s in load_sources(sources_path or GATEWATCH_SOURCES)]
    db = store.open_readonly(db_path)
    rows = source_status(db, registry)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    cells = [{c: "" if row[c] is None else str(row[c]) for c in STATUS_COLUMNS} for row in rows]
    widths = {c: max(len(c), *(len(cell[c]) for cell in cells)) for c in STATUS_COLUMNS[:-1]}
    click.echo("  ".join(c.ljust(w) for c, w in widths.items()) + "  last_error")
    for cell in cells:
        click.echo("  ".join(cell[c].ljust(w) for c, w in widths.items()) + "  " + cell["last_error"][:80])


@cli.group()
def events() -> None:
    """Events: the stored coverage grouped into real-world actions (the timeline's rows)."""


@events.command("rebuild")
@db_option
def events_rebuild(db_path: Path) -> None:
    """Recompute every event from the stored, tagged articles (deterministic: the same
    articles always give the same events).

    Example: gatewatch events rebuild --db gatewatch.db
    """
    with contextlib.closing(store.open_db(db_path)) as db:
        click.echo(f"grouped coverage into {rebuild_events(db)} events")


for command in QUALITY_COMMANDS:
    cli.add_command(command)
