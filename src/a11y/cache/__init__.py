"""--cache DIR: re-scan only the pages that changed.

For each page scanned in the browser the cache keeps what the page was made of (the
document and every sub-resource it loaded, with their validators and content hashes:
madeof.py), the links it named and its page record, under the settings that shape
results (engines' and browser's versions, this a11y's code, the rules and options:
settings.py). A later scan asks the server about each of those resources with a
conditional request (revalidate.py; in the scan's pauses for a server that answers 429 or
503, politeness.py) and reuses the record of a page whose settings and
resources are all unchanged, without opening it in the browser (pagecache.py).
The files: store.py.
"""
from .pagecache import PageCache
from .store import CacheError

__all__ = ["PageCache", "CacheError"]
