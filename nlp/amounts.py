"""When two amounts are one fine (the tagger, the clusterer and the events table agree on it),
and when several are the parts of one."""

from __future__ import annotations

# Two amounts in one currency within this share of the larger are one fine written twice
# ("€1.84bn", "1.84 billion euros", "€1,840 million").
SAME_FINE = 0.02


def same_amount(a: tuple[str, float], b: tuple[str, float], tolerance: float = SAME_FINE) -> bool:
    """Whether (currency, amount) ``a`` and ``b`` are one amount within ``tolerance``."""
    return a[0] == b[0] and abs(a[1] - b[1]) <= tolerance * max(a[1], b[1])


# Amounts that add up to a fine the text names, within this share of it, are its parts (each
# company's share: "fined SK Telecom, KT and LG Uplus 33.6 billion won … 16.8 billion won, 13.9
# billion won and 2.8 billion won") where they stand together, each at most PART_GAP characters
# after the one before, and none is under SMALLEST_PART of their sum (a price beside a fine is
# no part of it). Chosen on the dev split: fines F1 0.951 → 0.953 there (`gatewatch eval`).
PARTS_SUM, PART_GAP, SMALLEST_PART = 0.005, 150, 0.02


def mark_fine_parts(mentions: list[dict]) -> None:
    """Mark ``kind`` "fine" on each run of two or more ``mentions`` (amounts in the text's order,
    with ``kind`` fine, conversion or other) in one currency, none a conversion, whose sum is
    another amount marked a fine: each company's part of a fine is that company's fine."""
    fines_in: dict[str, list[dict]] = {}  # currency → the fines in it
    for mention in mentions:
        if mention["kind"] == "fine":
            fines_in.setdefault(mention["currency"], []).append(mention)
    if not fines_in:  # (most texts' amounts: no fine to be a part of)
        return
    for first, opening in enumerate(mentions):
        fines = fines_in.get(opening["currency"])
        if not fines:
            continue
        # (amounts are positive, so a run stops once its sum is past the largest fine, or once it
        # has more parts than SMALLEST_PART allows: a page-long list of prices is read in linear time)
        ceiling = max(f["amount"] for f in fines) * (1 + PARTS_SUM)
        total, smallest = 0.0, opening["amount"]
        for last in range(first, min(len(mentions), first + int(1 / SMALLEST_PART))):
            part = mentions[last]
            if (part["currency"] != opening["currency"] or part["kind"] == "conversion"
                    or (last > first and part["start"] - mentions[last - 1]["end"] > PART_GAP)):
                break
            total, smallest = total + part["amount"], min(smallest, part["amount"])
            if total > ceiling:
                break
            if last > first and smallest >= SMALLEST_PART * total and any(
                    abs(total - f["amount"]) <= PARTS_SUM * f["amount"] and all(f is not m for m in mentions[first:last + 1])
                    for f in fines):
                for m in mentions[first:last + 1]:
                    m["kind"] = "fine"
