"""Two changes to the bundled axe-core build, both making colour work cheaper, neither changing
a result. Profiled on Python's documentation (pages of up to 16,000 elements), color-contrast
is about 80% of axe's time, and most of that went on colour objects:

- **Colour objects without WeakMap-backed private fields.** axe's Color class declares private
  fields (#red, #green, ...). Its build turns them into Babel's helpers, which keep every field
  of every object in a WeakMap: seven WeakMap/WeakSet entries for each colour, and
  color-contrast makes millions of colours on a large page. On os.html, 37% of
  color-contrast's time went into constructing colours and another 12% into garbage
  collection of those WeakMaps. The same fields kept as symbol-keyed properties behave the
  same for axe (the class's own code is the only reader): color-contrast on datetime.html
  took 72-85 s instead of 121-143 s with the same results (bench/LOG.md).
- **Each colour text parsed once.** Color.parseString hands every CSS colour text to the
  colour library it bundles (colorjs), which looks the text up in every colour space it
  knows, builds its own colour object and converts it to sRGB: about a fifth of axe's time
  on those pages, for the handful of distinct colour texts a page has. The parsed channels
  of each text are kept (in a Map private to the function) and set again, by the same
  assignments, when the text comes back; a text that fails to parse still throws each time.

Both replacements are exact text: where a later axe build does not contain one, that part
of the source is used unchanged (and tests/scanner/test_axe_patch.py says so).
"""
from __future__ import annotations

# The Color class's private storage, as axe 4.12's minified build declares it.
COLOR_FIELDS = ("ep=(Se=new WeakMap,_e=new WeakMap,Me=new WeakMap,Pe=new WeakMap,Ie=new WeakMap,"
                "Be=new WeakMap,je=new WeakSet,")

# A stand-in for WeakMap/WeakSet with the methods Babel's helpers call (has, get, set, add),
# storing the value on the object under a symbol of its own.
_FIELD_STORE = ("new(class{constructor(){this.k=Symbol()}has(o){return this.k in o}get(o){return o[this.k]}"
                "set(o,v){o[this.k]=v;return this}add(o){o[this.k]=!0;return this}})")

# Color.parseString, as axe 4.12's minified build has it: its start, and the assignments its
# success ends with.
PARSE_START = '{key:"parseString",value:function(t){'
PARSE_SET = "this.r=n.r,this.g=n.g,this.b=n.b,this.alpha=+n.alpha}catch(e){"
PARSE_END = "return this}}"
PARSED_MAX = 10_000  # distinct colour texts kept; a page has tens


def _private_fields_as_properties(source: str) -> str | None:
    if source.count(COLOR_FIELDS) != 1:
        return None
    fast = COLOR_FIELDS.replace("new WeakMap", _FIELD_STORE).replace("new WeakSet", _FIELD_STORE)
    return source.replace(COLOR_FIELDS, fast)


def _colour_texts_parsed_once(source: str) -> str | None:
    start = source.find(PARSE_START)
    if start < 0 or source.count(PARSE_START) != 1:
        return None
    end = source.find(PARSE_END, start)
    body = source[start + len(PARSE_START):end]
    if end < 0 or body.count(PARSE_SET) != 1:
        return None
    # The function closes over its own Map; K is the text as given (parseString rewrites t).
    cached = ("var K=t,C=P.get(K);if(C){this.r=C[0],this.g=C[1],this.b=C[2],this.alpha=C[3];return this}"
              + body.replace(PARSE_SET, PARSE_SET.replace(
                  "}catch(e){", f",P.size<{PARSED_MAX}&&P.set(K,[this.r,this.g,this.b,this.alpha])}}catch(e){{"))
              + "return this}})(new Map)}")
    return source[:start] + '{key:"parseString",value:(function(P){return function(t){' + cached \
        + source[end + len(PARSE_END):]


PATCHES = {"private colour fields": _private_fields_as_properties,
           "colour texts parsed once": _colour_texts_parsed_once}


def unapplied(source: str) -> list[str]:
    """Names of the patches this source does not take (an axe build that has changed)."""
    return [name for name, patch in PATCHES.items() if patch(source) is None]


def faster_axe(source: str) -> str:
    """axe's source with every patch it takes."""
    for patch in PATCHES.values():
        source = patch(source) or source
    return source
