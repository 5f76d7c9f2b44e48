"""Pages per second: Gatewatch's crawl (fetch, extract, dedupe, store) against bare Scrapy
and against extraction alone.

Both crawls read the same loopback site (the sample archive's reports, each repeated with a
numbered paragraph so every page is distinct) in a child process with the same Scrapy
settings; the bare spider only fetches the feed and the pages. Our crawl extracts in N
processes beside the crawling one (GATEWATCH_EXTRACT_PROCESSES), once per N asked for.
Extraction alone runs ``extract_article`` over the same pages in this one process. The
ratios are the figures to watch: the crawl should cost little beyond extraction itself.

On a machine shared with other jobs every figure is the best of ``--repeat`` rounds, the
rounds taking turns, so a burst of load elsewhere lowers no figure more than the others.
CPU time per page (of every process a run used) is printed too: other jobs change it less.

    .venv/bin/python bench/crawl_throughput.py --pages 1000 --processes 1 2 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gatewatch.crawler.archive import load_sample_articles, render_site, serve_directory
from gatewatch.crawler.extract import extract_article

SETTINGS = ["AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=16", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            "LOG_LEVEL=ERROR", "GATEWATCH_ALLOWED_HOSTS=127.0.0.1"]

BARE_SPIDER = '''
import sys, feedparser, scrapy
from scrapy.crawler import CrawlerProcess

class Bare(scrapy.Spider):
    name = "bare"
    start_urls = [sys.argv[1]]
    def parse(self, response):
        for entry in feedparser.parse(response.body).entries:
            yield scrapy.Request(entry.link, callback=self.page)
    def page(self, response):
        yield {"url": response.url, "bytes": len(response.body)}

settings = dict(s.split("=", 1) for s in sys.argv[2:])
process = CrawlerProcess({**settings, "ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False})
process.crawl(Bare)
process.start()
'''


def build_site(directory: Path, base_url: str, pages: int) -> Path:
    sample = load_sample_articles()
    articles = []
    for n in range(pages):
        article = sample["articles"][n % len(sample["articles"])]
        articles.append({**article, "slug": f"{article['slug']}-{n}",
                         "body": f"{article['body']}\n\nBench copy number {n} of this report."})
    return render_site({"site": sample["site"], "articles": articles}, directory, base_url)


Timing = tuple[float, float]  # wall-clock seconds, CPU seconds


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> Timing:
    """A child process's run, counting the CPU of the processes it started and waited for."""
    cpu, started = children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started, children_cpu() - cpu


def extraction_alone(pages: list[tuple[str, str]]) -> Timing:
    cpu, started = time.process_time(), time.perf_counter()
    for page, url in pages:
        extract_article(page, url)
    return time.perf_counter() - started, time.process_time() - cpu


def crawler_label(processes: int) -> str:
    if processes == 0:
        return "extracting in the crawling process"
    return f"{processes} extraction process{'es' if processes > 1 else ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2],
                        help="GATEWATCH_EXTRACT_PROCESSES values to time our crawl with (0: in-process)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds; each figure is its best round")
    args = parser.parse_args()
    best: dict[str | int, Timing] = {}

    def keep_best(name: str | int, timing: Timing) -> None:
        wall, cpu = best.get(name, (float("inf"), float("inf")))
        best[name] = min(wall, timing[0]), min(cpu, timing[1])

    with tempfile.TemporaryDirectory() as tmp, serve_directory(Path(tmp)) as base_url:
        registry = build_site(Path(tmp), base_url, args.pages)
        pages = [(p.read_text(encoding="utf-8"), f"{base_url}/articles/{p.name}") for p in (Path(tmp) / "articles").iterdir()]
        database = Path(tmp) / "bench.db"
        for _ in range(args.repeat):
            keep_best("bare", timed([sys.executable, "-c", BARE_SPIDER, f"{base_url}/feed.xml", *SETTINGS]))
            keep_best("alone", extraction_alone(pages))
            for n in args.processes:
                database.unlink(missing_ok=True)  # every crawl stores every page as new
                settings = [item for s in [*SETTINGS, f"GATEWATCH_EXTRACT_PROCESSES={n}"] for item in ("-s", s)]
                crawl = [sys.executable, "-m", "gatewatch", "crawl", "--sources", str(registry), "--db", str(database)]
                keep_best(n, timed([*crawl, *settings]))
    (bare, bare_cpu), (alone, alone_cpu) = best["bare"], best["alone"]

    def cpu_per_page(cpu: float) -> str:
        return f"CPU {1000 * cpu / args.pages:5.1f} ms/page"

    print(f"{args.pages} pages, best of {args.repeat}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} | "
          f"bare Scrapy fetch {args.pages / bare:7.1f} pages/s ({cpu_per_page(bare_cpu)}) | "
          f"extraction alone (1 process) {args.pages / alone:7.1f} pages/s ({cpu_per_page(alone_cpu)})")
    for n in args.processes:
        ours, ours_cpu = best[n]
        print(f"  gatewatch crawl+extract+store, {crawler_label(n)}: {args.pages / ours:7.1f} pages/s "
              f"({cpu_per_page(ours_cpu)}) | crawl/extraction {alone / ours:.2f}x, crawl/bare fetch {bare / ours:.2f}x")


if __name__ == "__main__":
    main()
