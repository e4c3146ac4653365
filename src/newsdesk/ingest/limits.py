"""One size policy for every input: bytes are counted while they stream, before and after
decompression, and reading stops at the cap.

``ingest.max_bytes`` caps what newsdesk reads of one input: an HTTP response body as sent *and*
as decoded (gzip or deflate, decoded here in bounded steps, so a 1 MB body that inflates to 1 GB
costs no more memory than the cap), a local file as stored *and* as decompressed (``.gz``), and
the article file of an audit. ``ingest.max_passages`` caps the passages of one document
(:func:`cap_passages`). Each cap that is hit is one clear line naming the setting.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsdesk.errors import IngestError, SourceError, TooLargeError, UnsupportedFormatError

STEP = 64 * 1024  # bytes decoded at a time: what one step may add to memory
ENCODINGS = ("gzip", "x-gzip", "deflate", "identity", "")


class Inflater:
    """Streaming gzip or deflate decoder whose every call returns at most :data:`STEP` bytes.

    gzip streams may have several members (concatenated files); deflate accepts the zlib format
    that HTTP specifies and the raw format some servers send instead.
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._wbits = 47 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS  # 47: gzip or zlib
        self._decoder = zlib.decompressobj(self._wbits)
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        """Decode ``data`` in pieces of at most :data:`STEP` bytes; ``zlib.error`` if corrupt."""
        while data:
            if self._decoder.eof:  # next gzip member, or trailing garbage (ignored, as gzip does)
                if self.encoding == "deflate" or not data.startswith(b"\x1f\x8b"):
                    return
                self._decoder = zlib.decompressobj(self._wbits)
            try:
                piece = self._decoder.decompress(data, STEP)
            except zlib.error:
                if self._started or self.encoding != "deflate" or self._wbits < 0:
                    raise
                self._wbits = -zlib.MAX_WBITS  # raw deflate without the zlib header
                self._decoder = zlib.decompressobj(self._wbits)
                continue
            self._started = True
            data = self._decoder.unused_data if self._decoder.eof else self._decoder.unconsumed_tail
            if piece:
                yield piece
        yield from self._drain()

    def _drain(self) -> Iterator[bytes]:
        """Output the decoder holds back after all input was consumed, in bounded pieces."""
        while not self._decoder.eof:
            piece = self._decoder.decompress(b"", STEP)
            if not piece:
                return
            yield piece

    def flush(self) -> Iterator[bytes]:
        """What is left in the decoder, in bounded pieces."""
        yield from self._drain()


def read_capped(
    chunks: Iterable[bytes],
    *,
    max_bytes: int,
    source: str,
    encoding: str = "",
    error: type[IngestError] = TooLargeError,
    what: str = "response",
) -> bytes:
    """The decoded bytes of ``chunks``; ``error`` as soon as more than ``max_bytes`` arrive, or
    would be decoded from them (``encoding``: ``gzip``, ``deflate`` or empty)."""
    encoding = encoding.strip().lower()
    if encoding not in ENCODINGS:
        raise UnsupportedFormatError(f"unsupported content encoding {encoding!r}", source=source)
    inflater = Inflater(encoding) if encoding not in ("identity", "") else None
    received = 0
    kept: list[bytes] = []
    size = 0

    def keep(piece: bytes) -> None:
        nonlocal size
        size += len(piece)
        if size > max_bytes:
            raise error(
                f"{what} expands beyond the {max_bytes:,}-byte cap when decompressed (ingest.max_bytes)",
                source=source,
            )
        kept.append(piece)

    try:
        for chunk in chunks:
            received += len(chunk)
            if received > max_bytes:
                raise error(f"{what} exceeds the {max_bytes:,}-byte cap (ingest.max_bytes)", source=source)
            if inflater is None:
                size = received
                kept.append(chunk)
                continue
            for piece in inflater.decode(chunk):
                keep(piece)
        if inflater is not None:
            for piece in inflater.flush():
                keep(piece)
    except zlib.error as exc:
        raise SourceError(f"cannot read {what}: corrupt {encoding} data ({exc})", source=source) from exc
    return b"".join(kept)


def read_file(path: Path, *, max_bytes: int, source: str | None = None) -> bytes:
    """The bytes of a local file (decompressed if it ends in ``.gz``), within ``max_bytes``."""
    where = source or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLargeError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte cap (ingest.max_bytes)", source=where
            )
        with path.open("rb") as handle:
            chunks = iter(lambda: handle.read(STEP), b"")
            gzipped = path.suffix.lower() == ".gz"
            return read_capped(
                chunks, max_bytes=max_bytes, source=where, encoding="gzip" if gzipped else "", what="file"
            )
    except OSError as exc:
        raise SourceError(f"cannot read file: {exc.strerror or exc}", source=where) from exc


def cap_passages(count: int, limit: int) -> int:
    """How many of ``count`` passages a document keeps under ``ingest.max_passages``."""
    return min(count, limit) if limit > 0 else count
