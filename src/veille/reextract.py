"""``veille reextract``: run text extraction and event extraction again over the raw HTML kept
for every fetched article (after a better trafilatura or a better model), then re-resolve.

Each article keeps its id (its canonical URL); its text, events and tolls are replaced in one
transaction per article, even when the text is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veille.batch import resolve_all
from veille.errors import VeilleError
from veille.fetch.pages import extract_page
from veille.normalise import normalise
from veille.pipeline import extract_document
from veille.resolve.incremental import ResolveCounts
from veille.store import fetched
from veille.store.base import IngestCounts
from veille.store.sqlite import SQLiteStore
from veille.watch import to_raw_doc


@dataclass
class ReextractReport:
    pages: int = 0
    counts: IngestCounts = field(default_factory=IngestCounts)
    resolution: ResolveCounts = field(default_factory=ResolveCounts)
    errors: list[str] = field(default_factory=list)


def reextract(store: SQLiteStore, resolve: bool = True) -> ReextractReport:
    report = ReextractReport()
    for page_id in fetched.stored_page_ids(store):
        record, _doc_id = fetched.load_page(store, page_id)
        report.pages += 1
        try:
            page = extract_page(record.raw_html or b"", record.final_url or record.url)
            feed_url, lang = fetched.feed_info(store, record.feed_id)
            raw = to_raw_doc(page, record, feed_url, lang)
            doc = extract_document(normalise(raw))
        except VeilleError as exc:
            report.errors.append(str(exc) if record.url in str(exc) else f"{record.url}: {exc}")
            report.counts.failed += 1
            continue
        except Exception as exc:  # an extraction bug must not stop the run
            report.errors.append(f"{record.url}: extraction failed ({type(exc).__name__}: {exc})")
            report.counts.failed += 1
            continue
        report.counts.merge(fetched.save_page(store, record, doc, refresh=True))
    if resolve:
        report.resolution = resolve_all(store)
    return report
