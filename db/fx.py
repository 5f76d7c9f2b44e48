"""Fines in euros: a bundled table of the European Central Bank's euro reference rates.

``fx/ecb-monthly.csv`` holds, per month, the average of the ECB's daily euro foreign
exchange reference rates (units of each currency per euro). A fine converts at the rate of
the month it was decided in (or first reported), so "CNY 18.228bn" in April 2021 becomes
its euro value at April 2021's rates, and every conversion says which month it used.
Rebuild the table from the ECB's full history file
(https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip, unzipped) with:

    python -m gatewatch.db.fx eurofxref-hist.csv
"""

from __future__ import annotations

import csv
import functools
import sys
from collections import defaultdict
from pathlib import Path

TABLE = Path(__file__).parent / "fx" / "ecb-monthly.csv"
SOURCE = "ECB euro foreign exchange reference rates, monthly average of daily rates"
SOURCE_URL = "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html"
FIRST_MONTH = "2000-01"


@functools.cache
def monthly_rates() -> dict[str, dict[str, float]]:
    """{currency: {"YYYY-MM": units per euro}} from the bundled table."""
    rates: dict[str, dict[str, float]] = defaultdict(dict)
    with TABLE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            month = row.pop("month")
            for currency, value in row.items():
                if value:
                    rates[currency][month] = float(value)
    return dict(rates)


def to_eur(amount: float, currency: str, on: str | None) -> dict | None:
    """``amount`` in euros at the monthly rate for the date ``on`` (ISO; None: latest month).

    Returns {"eur", "rate", "rate_month", "source"}, or None for a currency the ECB does not
    quote (the caller records why). A date past the table uses its latest month, one before
    it the earliest: ``rate_month`` always says which month was used.
    """
    if currency == "EUR":
        return {"eur": amount, "rate": 1.0, "rate_month": (on or "")[:7] or None, "source": SOURCE}
    by_month = monthly_rates().get(currency)
    if not by_month:
        return None
    months = sorted(by_month)
    wanted = (on or months[-1])[:7]
    earlier = [m for m in months if m <= wanted]
    month = earlier[-1] if earlier else months[0]
    rate = by_month[month]
    return {"eur": round(amount / rate, 2), "rate": rate, "rate_month": month, "source": SOURCE}


def build_table(history_csv: Path, out: Path = TABLE) -> int:
    """Average the ECB's daily history per month into ``out``; return the months written."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(list)
    with history_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            month = row.pop("Date")[:7]
            if month < FIRST_MONTH:
                continue
            for currency, value in row.items():
                if currency and value and value != "N/A":
                    sums[(currency.strip(), month)].append(float(value))
    currencies = sorted({c for c, _ in sums})
    months = sorted({m for _, m in sums})
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# {SOURCE}; units of each currency per euro.\n# Source: {SOURCE_URL}\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["month", *currencies])
        for month in months:
            cells = [sums.get((c, month)) for c in currencies]
            writer.writerow([month, *(f"{sum(v) / len(v):.6g}" if v else "" for v in cells)])
    return len(months)


if __name__ == "__main__":
    print(f"wrote {build_table(Path(sys.argv[1]))} months to {TABLE}")
