"""The listing family: regulators' press-release lists read with the registry's selectors."""

from __future__ import annotations

from collections.abc import Iterator

from scrapy.http import Request, Response

from gatewatch.crawler.items import CrawlErrorItem, FeedStateItem, NotModifiedItem
from gatewatch.crawler.listing import ListingError, listing_parser
from gatewatch.crawler.sources import Source
from gatewatch.crawler.spiders.base import SourceSpider


class ListingSpider(SourceSpider):
    """Fetch each listing page in the registry, follow its bounded pagination, then every entry.

    Which elements are entries, links, titles and dates comes from the entry's ``hints``;
    ``parser`` picks a parser class when selectors alone cannot read the list.

    Example: scrapy crawl listings -a source=us-doj-atr-listing -s GATEWATCH_DB=gatewatch.db
    """

    name = "listings"
    kinds = ("listing",)

    def start_requests_for(self, source: Source) -> Iterator[Request]:
        yield self.listing_request(self.index_request(source, self.parse_listing, page=1), source)

    @staticmethod
    def listing_request(request: Request, source: Source) -> Request:
        if source.hint("referer"):
            request.headers["Referer"] = source.hint("referer")
        return request

    def parse_listing(
        self, response: Response, source: Source, page: int
    ) -> Iterator[Request | CrawlErrorItem | FeedStateItem | NotModifiedItem]:
        """One list page: its entries' articles, then (within max_pages) the next page."""
        if unchanged := self.index_unchanged(response, source):
            yield unchanged
            return
        parser = listing_parser(source)
        try:
            entries = parser.entries(response, source)
            next_url = parser.next_page(response, source, page) if entries else None
        except ListingError as exc:
            yield CrawlErrorItem(source.id, response.url, exc.kind, str(exc))
            return
        if not entries:
            if page == 1:
                # A list that suddenly shows nothing has changed its markup or moved its items
                # behind JavaScript: a problem to see, not a quiet day.
                yield CrawlErrorItem(source.id, response.url, "listing_empty", "no entries matched the registry's selectors")
            return
        if page == 1:
            yield self.index_state(response, source)
        for entry in entries:
            yield from self.follow_article(
                entry.url, source, published=entry.published, published_raw=entry.published_raw, title=entry.title
            )
        if next_url:
            yield self.listing_request(self.request(next_url, self.parse_listing, source, page=page + 1), source)
