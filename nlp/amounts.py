"""When two amounts are one fine: the tagger, the clusterer and the events table agree on it."""

from __future__ import annotations

# Two amounts in one currency within this share of the larger are one fine written twice
# ("€1.84bn", "1.84 billion euros", "€1,840 million").
SAME_FINE = 0.02


def same_amount(a: tuple[str, float], b: tuple[str, float], tolerance: float = SAME_FINE) -> bool:
    """Whether (currency, amount) ``a`` and ``b`` are one amount within ``tolerance``."""
    return a[0] == b[0] and abs(a[1] - b[1]) <= tolerance * max(a[1], b[1])
