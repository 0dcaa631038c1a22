"""Fixture pages a test module writes from its own strings, served on a loopback port."""
from __future__ import annotations

import pytest

from a11y.serve import serve_directory


def written(pages: dict[str, str]):
    """A fixture, module-scoped: the base URL ('http://127.0.0.1:PORT/') of a static loopback
    server for a folder holding `pages` ({file name: HTML}). A test module names it by
    assignment: `base = written(PAGES)`."""
    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory):
        root = tmp_path_factory.mktemp("pages")
        for name, html in pages.items():
            (root / name).write_text(html, encoding="utf-8")
        with serve_directory(root) as url:
            yield url

    return fixture
