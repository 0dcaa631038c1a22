"""One scan spread over many machines: `a11y scan --queue redis://HOST` and `a11y worker`.

The coordinator (coordinator.py) is a Scanner whose pages run elsewhere: discovery,
claims, de-duplication, depth and max-pages stay with it; each page job goes through
Huey on Redis (protocol.py) to a worker (worker.py), which scans it with Scanner's own
per-page path and sends back the page's record, its links, final URL and content digest.
A lease renewed by the worker's heartbeat gives a page whose worker died to another;
a journal in --out (journal.py) lets a restarted coordinator resume.
"""
