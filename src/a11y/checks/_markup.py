"""WCAG 2.0 4.1.1 Parsing, judged from an HTML parser's errors on a document as served.

html5lib (MIT) implements the WHATWG tokenizer and tree construction and reports each
parse error with its position. Only some parse errors are 4.1.1 failures: the criterion
asks for complete start and end tags, elements nested according to their
specification, no duplicate attributes and unique ids, "except where the
specifications allow these features". So omitted optional end tags (`<li>`, `<p>`,
`<td>`...) raise no error at all, and errors about other things (a missing doctype,
character references, comments, NUL characters) are not 4.1.1 failures and are not
counted. Each counted error falls in one of the criterion's four parts (KINDS).

html5lib predates HTML's <template> element (and 2025's customizable <select>): after
a <template> start tag its tree-construction errors are not trusted, and errors about
content in a <select> are not counted. Tokenizer errors (tag and attribute syntax) do
not depend on the tree and are always counted.

Pure Python; no browser. parsing.py gets the bytes and runs this in a thread.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import html5lib
import webencodings
from html5lib.constants import E as MESSAGES
from html5lib.treebuilders import getTreeBuilder

TAGS, ATTRIBUTES, NESTING, IDS = "tags", "attributes", "nesting", "ids"
KINDS = {
    TAGS: "incomplete or malformed start or end tag",
    ATTRIBUTES: "duplicate attribute",
    NESTING: "element not nested according to the specification, or end tag that does not match",
    IDS: "duplicate id",
}

# Tokenizer errors: a start or end tag whose markup is incomplete or broken (F70: missing
# '>' or quotes, no space between attributes, unquoted values with quotes or '<' in them,
# attributes or '/' on end tags, end tags with no name).
TAG_SYNTAX = frozenset({
    "eof-in-tag-name", "expected-attribute-name-but-got-eof", "eof-in-attribute-name",
    "invalid-character-in-attribute-name", "expected-end-of-tag-name-but-got-eof",
    "expected-attribute-value-but-got-eof", "expected-attribute-value-but-got-right-bracket",
    "equals-in-unquoted-attribute-value", "unexpected-character-in-unquoted-attribute-value",
    "invalid-character-after-attribute-name", "unexpected-character-after-attribute-value",
    "eof-in-attribute-value-double-quote", "eof-in-attribute-value-single-quote",
    "eof-in-attribute-value-no-quotes", "unexpected-EOF-after-solidus-in-tag",
    "unexpected-character-after-solidus-in-tag", "incorrectly-placed-solidus",
    "attributes-in-end-tag", "self-closing-flag-on-end-tag",
    "expected-closing-tag-but-got-right-bracket", "expected-closing-tag-but-got-char",
})
DUPLICATE_ATTRIBUTE = frozenset({"duplicate-attribute"})
# Tree-construction errors: end tags with no open element to close or closing the wrong
# one, misnested elements (adoption agency), elements where the specification does not
# allow them (a second <body>, <td> outside a table, text or elements directly in a
# table, elements after </body>, <div/> that does not close), elements left open at the
# end whose end tag is required.
TREE = frozenset({
    "unexpected-end-tag", "unexpected-start-tag", "unexpected-start-tag-ignored",
    "unexpected-start-tag-implies-end-tag", "unexpected-start-tag-out-of-my-head",
    "two-heads-are-not-better-than-one", "missing-end-tag", "missing-end-tags",
    "expected-one-end-tag-but-got-another", "end-tag-too-early", "end-tag-too-early-named",
    "end-tag-too-early-ignored", "adoption-agency-1.1", "adoption-agency-1.2", "adoption-agency-1.3",
    "adoption-agency-4.4", "unexpected-end-tag-treated-as", "no-end-tag",
    "expected-named-closing-tag-but-got-eof", "expected-closing-tag-but-got-eof",
    "end-tag-after-implied-root", "unexpected-end-tag-before-html",
    "unexpected-implied-end-tag-in-table", "unexpected-implied-end-tag-in-table-body",
    "unexpected-char-implies-table-voodoo", "unexpected-hidden-input-in-table", "unexpected-form-in-table",
    "unexpected-start-tag-implies-table-voodoo", "unexpected-end-tag-implies-table-voodoo",
    "unexpected-cell-in-table-body", "unexpected-cell-end-tag", "unexpected-end-tag-in-table-body",
    "unexpected-implied-end-tag-in-table-row", "unexpected-end-tag-in-table-row",
    "unexpected-select-in-select", "unexpected-table-element-start-tag-in-select-in-table",
    "unexpected-table-element-end-tag-in-select-in-table",
    "unexpected-char-after-body", "unexpected-start-tag-after-body", "unexpected-end-tag-after-body",
    "unexpected-char-in-frameset", "unexpected-start-tag-in-frameset", "unexpected-end-tag-in-frameset",
    "unexpected-char-after-frameset", "unexpected-start-tag-after-frameset",
    "unexpected-end-tag-after-frameset", "expected-eof-but-got-char", "expected-eof-but-got-start-tag",
    "expected-eof-but-got-end-tag", "eof-in-table", "eof-in-frameset", "eof-in-script-in-script",
    "eof-in-foreign-lands", "non-void-element-with-trailing-solidus",
    "unexpected-html-element-in-foreign-content", "unexpected-inhead-noscript-tag",
    "eof-in-head-noscript", "char-in-head-noscript",
})
# Not counted, and why: doctype errors, character references, comments, NUL and other
# code points (not one of 4.1.1's four parts); a bare '<' in text or '<?' (not a tag);
# <select> content (allowed since customizable select; html5lib predates it);
# <image>/<isindex> renamed, and html5lib's own catch-all.

# Elements whose content is not part of the document as a browser with scripting builds
# it: template contents are a separate fragment, noscript content is text.
_NOT_IN_DOCUMENT = {"template", "noscript"}


@dataclass
class Problem:
    kind: str  # one of KINDS
    line: int  # 1-based, in the decoded document
    column: int  # 1-based
    code: str  # html5lib's error code, or "duplicate-id"
    message: str
    excerpt: str = ""  # the source line around the position
    id_value: str = ""  # for a duplicate id: the id, and how many elements have it
    id_count: int = 0


@dataclass
class Verdict:
    problems: list[Problem] = field(default_factory=list)
    encoding: str = ""
    # Tree-construction errors after a <template> start tag, not judged (html5lib has no template).
    untrusted: int = 0
    empty: bool = False


def _message(code: str, datavars: dict) -> str:
    try:
        return MESSAGES.get(code, code) % datavars
    except (TypeError, KeyError, ValueError):
        return MESSAGES.get(code, code)


def _kind(code: str) -> str | None:
    if code in TAG_SYNTAX:
        return TAGS
    if code in DUPLICATE_ATTRIBUTE:
        return ATTRIBUTES
    if code in TREE:
        return NESTING
    return None


def _builder(parser_box: list):
    """An etree builder that notes where each element's start tag ended in the source."""
    base = getTreeBuilder("etree")

    class PositionedBuilder(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # id(etree element) -> where its start tag ended, as marks (_where() makes a mark a line
            # and column: only the few asked for are counted, not every element's).
            self.positions: dict[int, tuple] = {}
            self.first_template: tuple | None = None
            builder, element_class = self, self.elementClass

            class Positioned(element_class):
                def __init__(self, name, namespace=None):
                    super().__init__(name, namespace)
                    builder.note(self, name, namespace)

                def cloneNode(self):  # noqa: N802 - html5lib's name
                    # The adoption agency's copies of misnested elements are not in the source.
                    clone = super().cloneNode()
                    builder.positions.pop(id(clone._element), None)
                    return clone

            self.elementClass = Positioned

        def note(self, element, name, namespace) -> None:
            stream = parser_box[0].tokenizer.stream
            position = (stream.chunk, stream.chunkOffset, stream.prevNumLines, stream.prevNumCols)
            self.positions[id(element._element)] = position
            if name == "template" and namespace in (None, html5lib.constants.namespaces["html"]) \
                    and self.first_template is None:
                self.first_template = position

    return PositionedBuilder


def _where(mark: tuple) -> tuple[int, int]:
    """A mark's line (1-based) and column (0-based), as html5lib's stream.position() gives them
    where the mark was taken (counting a chunk's newlines for each of thousands of elements was a
    tenth of a large page's parse)."""
    chunk, offset, lines, columns = mark
    last = chunk.rfind("\n", 0, offset)
    return lines + chunk.count("\n", 0, offset) + 1, (columns + offset if last == -1 else offset - (last + 1))


def _resolve(encoding: str | None) -> str | None:
    if not encoding:
        return None
    found = webencodings.lookup(encoding)
    return found.name if found else None


def judge(source: bytes | str, encoding: str | None = None) -> Verdict:
    """The 4.1.1 problems in an HTML document. `encoding` is the one the browser used
    (document.characterSet), so the parser reads the same characters."""
    box: list = []
    parser = html5lib.HTMLParser(tree=_builder(box), strict=False, namespaceHTMLElements=False)
    box.append(parser)
    if isinstance(source, bytes):
        document = parser.parse(source, override_encoding=_resolve(encoding), useChardet=False)
        used = parser.tokenizer.stream.charEncoding[0].name
        text = source.decode(_python_codec(used), errors="replace")
    else:
        document, used, text = parser.parse(source), "", source
    verdict = Verdict(encoding=used, empty=not text.strip())
    lines = text.splitlines()
    template_at = _where(parser.tree.first_template) if parser.tree.first_template else None
    for (line, col), code, datavars in parser.errors:
        kind = _kind(code)
        if kind is None:
            continue
        if kind == NESTING and template_at is not None and (line, col) >= template_at:
            verdict.untrusted += 1
            continue
        verdict.problems.append(Problem(kind, line, col + 1, code, _message(code, datavars or {}),
                                        _excerpt(lines, line, col)))
    verdict.problems += _duplicate_ids(document, parser.tree.positions, lines)
    verdict.problems.sort(key=lambda p: (p.line, p.column))
    return verdict


def _python_codec(name: str) -> str:
    """webencodings' name for a codec Python knows (x-user-defined is webencodings' own)."""
    try:
        return webencodings.lookup(name).codec_info.name
    except (AttributeError, LookupError):
        return "windows-1252"


def _excerpt(lines: list[str], line: int, col: int, width: int = 60) -> str:
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    start = max(0, col - width)
    return ("…" if start else "") + text[start:col + 20].strip() + ("…" if col + 20 < len(text) else "")


def _duplicate_ids(document, positions: dict, lines: list[str]) -> list[Problem]:
    """Elements of the document (not template contents, not noscript text) sharing an id."""
    seen: dict[str, list] = {}
    # What is inside a template or noscript element (HTML's: a foreign element's tag is
    # "{namespace}name"), found by ElementTree's own walk; the elements themselves are in.
    inside = {id(d) for name in _NOT_IN_DOCUMENT for t in document.iter(name) for d in t.iter() if d is not t}
    for element in document.iter():  # in document order
        if id(element) in inside or not isinstance(element.tag, str):
            continue
        value = element.get("id")
        if value and id(element) in positions:  # not a copy made by the parser; "" is no id
            seen.setdefault(value, []).append(element)
    out = []
    for value, elements in seen.items():
        if len(elements) < 2:
            continue
        where = [_where(positions[id(e)]) for e in elements]
        first = where[0]
        for line, col in where[1:]:
            out.append(Problem(IDS, line, col + 1, "duplicate-id",
                               f'id "{value[:80]}" is used by {len(elements)} elements (the first ends on line '
                               f"{first[0]}, column {first[1] + 1})", _excerpt(lines, line, col), value, len(elements)))
    return out
