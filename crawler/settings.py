"""Scrapy settings for the Gatewatch crawler.

Everything a crawl can be tuned by lives here (Scrapy's own settings plus the GATEWATCH_*
ones below); per-source facts live in the source registry (``sources.yaml``).
"""

import os
from pathlib import Path

BOT_NAME = "gatewatch"
SPIDER_MODULES = ["gatewatch.crawler.spiders"]
NEWSPIDER_MODULE = "gatewatch.crawler.spiders"

# --- Gatewatch settings -----------------------------------------------------------------
# SQLite file the crawl writes (one writer per file).
GATEWATCH_DB = "gatewatch.db"
# The source registry the spiders read.
GATEWATCH_SOURCES = str(Path(__file__).with_name("sources.yaml"))
# Processes that extract article text beside the crawling one (0: extract in-process).
# Extraction is the costliest step per page; on other cores it no longer stalls fetching.
GATEWATCH_EXTRACT_PROCESSES = os.cpu_count() or 1
# The crawl commits its writes every this many items or seconds, whichever comes first
# (and at the end): readers see new articles within seconds at a fraction of a commit each.
GATEWATCH_COMMIT_ITEMS = 200
GATEWATCH_COMMIT_SECONDS = 2.0
# Hosts the crawler may contact; empty means any. The demo and tests pin it to loopback.
GATEWATCH_ALLOWED_HOSTS: list[str] = []

# --- Politeness ---------------------------------------------------------------------------
# A contact URL lets site owners reach us instead of blocking the crawler.
USER_AGENT = "Gatewatch/0.1 (+https://github.com/gatewatch/gatewatch)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# --- Faults -------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
# Scrapy's default is 1 GiB; a news page or feed is never more than a few MB.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 2
# Seconds before the first retry when the server gives no Retry-After; doubled each time.
GATEWATCH_RETRY_BACKOFF = 2.0
# A Retry-After longer than this is not waited for: the source is retried on the next run.
GATEWATCH_RETRY_AFTER_MAX = 120.0

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt handling, so not even robots.txt is fetched from a refused host.
    "gatewatch.crawler.middlewares.AllowedHostsMiddleware": 40,
    # Scrapy's retry ignores Retry-After and retries at once; ours waits.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "gatewatch.crawler.middlewares.BackoffRetryMiddleware": 550,
}

ITEM_PIPELINES = {
    "gatewatch.crawler.pipelines.StorePipeline": 500,
}
# Items of one response sent through the pipelines at once. Our pipeline writes without
# waiting, so more buys nothing, while Scrapy starts this many tasks for every response
# (the default 100 cost more per page than storing the article).
CONCURRENT_ITEMS = 4

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Live counts and a per-source table at the end: auto (only on a terminal), on, off.
GATEWATCH_PROGRESS = "auto"
EXTENSIONS = {"gatewatch.crawler.progress.CrawlProgress": 500}

# An unattended crawler needs no interactive consoles listening on local ports.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
