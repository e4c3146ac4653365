"""The ingest stage: fetch, extract, segment, deduplicate and store news reports."""

from newsdesk.ingest.pipeline import Ingestor
from newsdesk.ingest.report import ErrorPolicy, Failure, IngestedItem, IngestReport

__all__ = ["ErrorPolicy", "Failure", "IngestReport", "IngestedItem", "Ingestor"]
