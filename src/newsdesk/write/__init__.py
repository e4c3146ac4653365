"""The write stage: one German article per story, every sentence citing its source passages."""

from newsdesk.write.base import ArticleVerifier, Writer
from newsdesk.write.registry import WRITERS, create_writer

__all__ = ["WRITERS", "ArticleVerifier", "Writer", "create_writer"]
