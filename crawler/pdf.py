"""PDF → article text, for regulators that publish decisions and press releases as PDF.

India's CCI, the CJEU and many others link PDFs straight from their lists; treating those
as "not HTML" would lose the primary documents. pypdf is pure Python (no system packages),
which keeps ``pip install`` the only set-up step.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError

# A decision can run to hundreds of pages; its first pages hold the parties and the outcome.
MAX_PAGES = 40
PDF_MAGIC = b"%PDF-"
SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass
class PdfText:
    title: str | None
    text: str


class PdfUnreadable(ValueError):
    """The bytes are not a PDF pypdf can read, or it holds no text layer (a scan)."""


def looks_like_pdf(content_type: str | None, body: bytes) -> bool:
    """True for a PDF by Content-Type or by its magic bytes (servers often send octet-stream)."""
    return "application/pdf" in (content_type or "").lower() or body[:1024].lstrip().startswith(PDF_MAGIC)


def pdf_text(body: bytes) -> PdfText:
    """The document title (from its metadata) and the text of its first MAX_PAGES pages."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable files warn a lot
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
        title = (reader.metadata or {}).get("/Title")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfUnreadable(f"unreadable PDF: {exc}"[:300]) from None
    lines = [SPACES.sub(" ", line).strip() for page in pages for line in page.splitlines()]
    text = "\n".join(line for line in lines if line)
    return PdfText(title=str(title).strip() or None if title else None, text=text)
