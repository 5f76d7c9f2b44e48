"""URL canonicalisation: one spelling per article, so the same page is stored once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that identify a campaign or a click, never the page itself.
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "at_")
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "cmpid", "ref", "ref_src"})


def strip_tracking(url: str) -> str:
    parts = urlsplit(url)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def canonical_url(url: str, declared: str | None = None) -> str:
    """The canonical form of ``url``.

    ``declared`` is the page's own ``rel=canonical``; it is trusted only when it points to the
    same host, since a canonical on another site would let one page overwrite another's.

    Example: canonical_url("https://A.com/x?b=2&a=1&utm_source=rss#top") == "https://a.com/x?a=1&b=2"
    """
    chosen = url
    if declared and urlsplit(declared).hostname == urlsplit(url).hostname:
        chosen = declared
    return canonicalize_url(strip_tracking(chosen))
