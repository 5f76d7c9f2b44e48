"""Pages per second: Gatewatch's crawl (fetch, extract, dedupe, store) against bare Scrapy
and against extraction alone.

Both crawls read the same loopback site (the sample archive's reports, each repeated with a
numbered paragraph so every page is distinct) in a child process with the same Scrapy
settings; the bare spider only fetches the feed and the pages. Extraction alone runs
``extract_article`` over the same pages in this process. The ratios are the figures to
watch on a noisy machine: the crawl should cost little beyond extraction itself.

    .venv/bin/python bench/crawl_throughput.py --pages 400
"""

from __future__ import annotations

import argparse
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


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve_directory(Path(tmp)) as base_url:
        registry = build_site(Path(tmp), base_url, args.pages)
        settings = [item for s in SETTINGS for item in ("-s", s)]
        bare = timed([sys.executable, "-c", BARE_SPIDER, f"{base_url}/feed.xml", *SETTINGS])
        ours = timed([sys.executable, "-m", "gatewatch", "crawl", "--sources", str(registry),
                      "--db", str(Path(tmp) / "bench.db"), *settings])
        pages = [(p.read_text(encoding="utf-8"), f"{base_url}/articles/{p.name}") for p in (Path(tmp) / "articles").iterdir()]
        started = time.perf_counter()
        for page, url in pages:
            extract_article(page, url)
        alone = time.perf_counter() - started
    print(f"{args.pages} pages | bare Scrapy fetch {args.pages / bare:7.1f} pages/s | "
          f"extraction alone {args.pages / alone:7.1f} pages/s | "
          f"gatewatch crawl+extract+store {args.pages / ours:7.1f} pages/s | "
          f"crawl/extraction {alone / ours:.2f}x, crawl/bare fetch {bare / ours:.2f}x")


if __name__ == "__main__":
    main()
