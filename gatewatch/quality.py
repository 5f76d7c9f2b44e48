"""Commands that measure quality: extraction, tagging and event grouping, each against
annotated data, plus `cluster` (grouping without a database) and `train` (the fine and
event-type models, trained on annotated data). Registered on the `gatewatch` group in cli.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click


def read_jsonl(lines: click.utils.LazyFile) -> Iterator[dict]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise click.ClickException(f'line {number}: expected an object with a "text" string')
        yield record


@click.command("eval-extraction")
@click.argument("corpus_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
def eval_extraction(corpus_dir: Path) -> None:
    """Score article text extraction on a benchmark directory: ours vs plain trafilatura.

    DIR holds ground-truth.json ({id: {articleBody, url}}) and html/<id>.html.gz. Prints
    shingle precision, recall, F1 and exact-match accuracy for Gatewatch's extractor and for
    trafilatura's default and favor_precision settings.

    Example: gatewatch eval-extraction ../shared/corpus/html-eval
    """
    from gatewatch.crawler.evaluate import evaluate_extractors, format_report

    if not (corpus_dir / "ground-truth.json").is_file():
        raise click.ClickException(f"{corpus_dir} has no ground-truth.json")
    click.echo(format_report(evaluate_extractors(corpus_dir)))


@click.command("eval")
@click.argument("gold_path", metavar="GOLD.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-baseline", is_flag=True, help="Skip the EntityRuler-only baseline.")
@click.option("--second-reading", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='Instead: score a second annotator\'s labels ({"id", "gold"} lines) against the gold items they cover, beside the pipeline on those items.')
def eval_tagging(gold_path: Path, no_baseline: bool, second_reading: Path | None) -> None:
    """Score tagging against an annotated gold set: per-field precision, recall and F1.

    Prints companies, regulators, jurisdictions, event types and fines (currency equal,
    amount within 2 %), relevance accuracy and event-date accuracy, per split of the gold set
    (dev, holdout) and overall, for the full pipeline and for a bare EntityRuler baseline.
    With --second-reading, how far a second annotator agrees with the gold set instead.

    Example: gatewatch eval tests/data/nlp-gold.jsonl
    """
    from gatewatch.nlp.evaluate import evaluate, evaluate_second_reading, format_reports

    if second_reading:
        try:
            click.echo(format_reports(evaluate_second_reading(gold_path, second_reading)))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        return
    runs = [("pipeline", evaluate(gold_path))]
    if not no_baseline:
        runs.append(("ruler", evaluate(gold_path, bare=True)))
    click.echo(format_reports(runs))


@click.command("cluster")
@click.argument("input_file", metavar="INPUT", type=click.File("r", encoding="utf-8"))
def cluster_command(input_file: click.utils.LazyFile) -> None:
    """Group articles into real-world events: tag them, then cluster, with no database.

    INPUT is JSONL (or - for standard input) of {"id", "text", optional "title", "url",
    "published"} records, as for `gatewatch tag`. Prints one JSONL line per record:
    {"id", "event_id", "event_type", "decision_date", "case_ids"}; articles that report no
    tracked action get a null event_id and a "reason".

    Example: gatewatch cluster tests/data/events-gold.jsonl
    """
    from gatewatch.nlp.cluster import cluster
    from gatewatch.nlp.tag import tag_records

    records = list(read_jsonl(input_file))
    for result in cluster(records, tag_records(records)):
        click.echo(json.dumps(result, ensure_ascii=False))


@click.command("eval-events")
@click.argument("gold_path", metavar="GOLD.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def eval_events(gold_path: Path) -> None:
    """Score event grouping on a labelled set: pairwise P/R/F1, decision-date accuracy,
    case threads and fines converted to euros.

    GOLD.jsonl lines are `gatewatch cluster` input plus "event" (shared by the articles of
    one event) and optionally "event_date" and "case" (shared by the events of one matter).
    Grouping is scored twice: in memory (what `gatewatch cluster` prints) and through a
    scratch database (what `gatewatch run` stores, with case threads).

    Example: gatewatch eval-events tests/data/events-gold.jsonl
    """
    from gatewatch.db.evaluate import evaluate_database_events
    from gatewatch.nlp.kb import read_jsonl_file
    from gatewatch.nlp.evaluate import evaluate_events

    report = evaluate_events(gold_path)
    pairs = report["pairs"]
    click.echo(f"articles {report['articles']}, gold events {report['gold_events']}, predicted events {report['predicted_events']}")
    click.echo(f"pairwise precision {pairs.precision:.3f} recall {pairs.recall:.3f} F1 {pairs.f1:.3f}")
    click.echo(f"decision date accuracy {report['date_accuracy']:.3f} over {report['dated']} dated articles")
    stored = evaluate_database_events(read_jsonl_file(gold_path))
    for name, label in (("event_pairs", "database events"), ("case_pairs", "case threads (pairs of events)")):
        pairs = stored[name]
        click.echo(f"{label}: pairwise precision {pairs.precision:.3f} recall {pairs.recall:.3f} F1 {pairs.f1:.3f}")
    click.echo(f"cases: gold {stored['gold_cases']}, predicted {stored['predicted_cases']}")
    unconverted = f" (no ECB rate: {', '.join(stored['fines_unconverted'])})" if stored["fines_unconverted"] else ""
    click.echo(f"event fines: {stored['event_fines_right']} of {stored['events']} gold events carry the fine"
               " their coverage reports (or none)")
    click.echo(f"fines in euros: {stored['fines_in_eur']} of {stored['fines']} event fines converted{unconverted}")


@click.command("train")
@click.argument("gold_path", metavar="GOLD.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def train_models(gold_path: Path) -> None:
    """Train the fine model, the event-type model and the name model on the dev split of a gold set.

    The pipeline's rules tag each dev item. A logistic regression learns from each amount of
    money, as the rules read it, whether the gold lists it as a fine; then, with that model in
    the pipeline, one logistic regression per event type learns from each item's lead and the
    rules' findings which types the gold gives it. A third one learns from each run of
    capitalised words no component claims whether the gold lists it as a company. They are
    written where the pipeline loads them (nlp/models/fines.json, event_types.json and
    names.json). The holdout split is never read, so `gatewatch eval` still reports on text
    the models have not seen. Retrain after changing the gold set, the cue file, the money
    rules or kb/legal_forms.yaml (a test checks the shipped models are up to date).

    Example: gatewatch train tests/data/nlp-gold.jsonl
    """
    from gatewatch.nlp import finemodel, namemodel, typemodel
    from gatewatch.nlp.components.money import MONEY_FILE
    from gatewatch.nlp.kb import read_jsonl_file
    from gatewatch.nlp.pipeline import load_pipeline
    from gatewatch.nlp.train_types import train_on_gold

    dev = [item for item in read_jsonl_file(gold_path) if item.get("split") == "dev"]
    if not dev:
        raise click.ClickException(f"{gold_path} has no item with \"split\": \"dev\"")
    fines = finemodel.train_on_gold(dev, MONEY_FILE)
    _write_model(fines, finemodel.MODEL_FILE)
    click.echo(f"fines: trained on {len(dev)} dev items, {len(fines['weights'])} grams weighed; wrote {finemodel.MODEL_FILE}")
    # The type model reads what the rules find with the new fine model in the pipeline.
    finemodel.load_fine_model.cache_clear()
    load_pipeline.cache_clear()
    types = train_on_gold(dev)
    _write_model(types, typemodel.MODEL_FILE)
    event_types = [t for t in types["types"] if t != typemodel.RELEVANT]
    click.echo(f"event types and relevance: trained on {len(dev)} dev items, {len(types['weights'])} features, "
               f"{len(set(event_types) & set(types['modelled']))} of {len(event_types)} types modelled"
               f"{', and relevance' if typemodel.RELEVANT in types['modelled'] else ''}; wrote {typemodel.MODEL_FILE}")
    names = namemodel.train_on_gold(dev)
    _write_model(names, namemodel.MODEL_FILE)
    click.echo(f"names: trained on the English ones of {len(dev)} dev items, {len(names['weights'])} grams weighed; "
               f"wrote {namemodel.MODEL_FILE}")


def _write_model(model: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


COMMANDS = (eval_extraction, eval_tagging, cluster_command, eval_events, train_models)
