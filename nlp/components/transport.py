"""Docs sent between processes: ``nlp.pipe(..., n_process=N)`` ships every doc back from its
worker as msgpack (``Doc.to_bytes``), three msgpack calls per doc on each side.

srsly looks up its msgpack extensions on every one of those calls: catalogue's ``get_all``
scans the entry points of every installed package and the whole function registry. That
cost 0.2 ms a call here, five times the work of serialising the doc, and it made two
processes slower than one. The lookup is remembered until something registers a function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import catalogue
import srsly


def _remembered(lookup: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    # Entry points are read once when catalogue is imported, so only a registration (which
    # adds to catalogue.REGISTRY) can change the answer.
    seen: list[Any] = [None, None]

    def get_all() -> dict[str, Any]:
        if seen[0] != len(catalogue.REGISTRY):
            seen[:] = [len(catalogue.REGISTRY), lookup()]
        return seen[1]

    return get_all


for _registry in (srsly.msgpack_encoders, srsly.msgpack_decoders):
    _registry.get_all = _remembered(_registry.get_all)
