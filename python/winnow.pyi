"""Type stubs of the winnow module (python/winnowmodule.c)."""
import os
from typing import IO, Any, Dict, Iterator, List, Literal, Optional, TypedDict, Union

__version__: str
libwinnow_version: str

class Post(TypedDict):
    author: Optional[str]
    date: Optional[str]
    text: str

class Record(TypedDict):
    """The record of every winnow output, keys in this order (docs/record.md)."""
    id: Optional[str]
    url: Optional[str]
    status: Literal["ok", "error", "skipped"]
    error: Optional[str]
    error_code: Optional[str]
    title: Optional[str]
    author: Optional[str]
    date: Optional[str]
    site_name: Optional[str]
    description: Optional[str]
    canonical_url: Optional[str]
    lang: Optional[str]
    lang_declared: Optional[str]
    lang_confidence: Optional[float]
    page_type: Optional[Literal["article", "forum", "product", "collection", "listing", "documentation", "service"]]
    charset: Optional[str]
    content_type: Optional[str]
    http_status: Optional[int]
    warc_file: Optional[str]
    warc_offset: Optional[int]
    warc_record_id: Optional[str]
    warc_date: Optional[str]
    target_uri: Optional[str]
    text_source: Optional[Literal["content", "description", "none"]]
    truncated: List[str]
    in_bytes: Optional[int]
    html_bytes: Optional[int]
    text_bytes: Optional[int]
    text: str
    posts: Optional[List[Post]]
    comments: Optional[str]
    record_version: int
    attempt: Optional[int]
    worker: Optional[str]
    ms: Optional[float]

class WarcRecord(TypedDict):
    """One WARC record from read_warc()."""
    id: str
    url: Optional[str]
    type: Optional[str]
    date: Optional[str]
    content_type: Optional[str]
    status: str
    error: Optional[str]
    offset: int
    index: int
    headers: Dict[str, str]
    http_status: Optional[int]
    http_headers: Optional[Dict[str, str]]
    body: bytes

class Stats(TypedDict):
    read: int
    ok: int
    error: int
    skipped: int

Html = Union[bytes, bytearray, memoryview, str]
Source = Union[str, "os.PathLike[str]", IO[bytes]]
Format = Literal["text", "markdown"]
PageType = Literal["auto", "article", "forum", "product", "collection", "listing", "documentation", "service"]

class Error(Exception):
    status: str
    record: Optional[Record]

class EmptyError(Error): ...
class NotHTMLError(Error): ...
class TooBigError(Error): ...
class CorruptError(Error): ...
class TruncatedError(Error): ...
class CharsetError(Error): ...
class ParseError(Error): ...
class DepthError(Error): ...
class UnsupportedError(Error): ...
class FetchError(Error): ...
class ReadError(Error): ...

def extract(
    html: Html,
    url: Optional[str] = None,
    content_type: Optional[str] = None,
    *,
    format: Format = "text",
    tables: bool = True,
    comments: bool = False,
    links: bool = False,
    images: bool = False,
    bias: Literal[-1, 0, 1] = 0,
    page_type: Optional[PageType] = None,
) -> Record: ...

class Extractor:
    def __init__(
        self,
        *,
        format: Format = "text",
        tables: bool = True,
        comments: bool = False,
        links: bool = False,
        images: bool = False,
        bias: Literal[-1, 0, 1] = 0,
        page_type: Optional[PageType] = None,
        max_page_bytes: Optional[int] = None,
        max_text_bytes: Optional[int] = None,
    ) -> None: ...
    def extract(self, html: Html, url: Optional[str] = None, content_type: Optional[str] = None) -> Record: ...

class WarcIterator(Iterator[Any]):
    stats: Stats
    def __next__(self) -> Any: ...
    def close(self) -> None: ...
    def __enter__(self) -> "WarcIterator": ...
    def __exit__(self, *exc: object) -> bool: ...

def read_warc(source: Source) -> WarcIterator:  # yields WarcRecord
    ...
def extract_warc(
    source: Source,
    *,
    format: Format = "text",
    tables: bool = True,
    comments: bool = False,
    links: bool = False,
    images: bool = False,
    bias: Literal[-1, 0, 1] = 0,
    page_type: Optional[PageType] = None,
) -> WarcIterator:  # yields Record
    ...
