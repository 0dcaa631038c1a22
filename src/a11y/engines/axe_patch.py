"""Three changes to the bundled axe-core build, each making its work cheaper, none changing a
result. Profiled on Python's documentation (pages of up to 16,000 elements), color-contrast
is about 80% of axe's time, and most of that went on colour objects and memoized lookups:

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
  Axe on six of those pages: 632 -> 446 ms a page.
- **Memoized functions look their arguments up in Maps.** axe.utils.memoize is memoizee,
  whose lookup for functions of objects (axe's are of DOM nodes) searches arrays of every
  argument seen with indexOf: on a page of 16,000 elements each call walks thousands of keys.
  Maps keep memoizee's contract (the same ids, in the same order; SameValueZero finds NaN as
  its indexOf does) in constant time. Axe on the same pages: 446 -> 394 ms a page.

Each replacement is exact text: where a later axe build does not contain the text one
replaces, that one is left out and the rest still apply (tests/scanner/test_axe_patch.py
names it).
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
    if end < 0:
        return None
    body = source[start + len(PARSE_START):end]
    if body.count(PARSE_SET) != 1:
        return None
    # The function closes over its own Map; K is the text as given (parseString rewrites t).
    cached = ("var K=t,C=P.get(K);if(C){this.r=C[0],this.g=C[1],this.b=C[2],this.alpha=C[3];return this}"
              + body.replace(PARSE_SET, PARSE_SET.replace(
                  "}catch(e){", f",P.size<{PARSED_MAX}&&P.set(K,[this.r,this.g,this.b,this.alpha])}}catch(e){{"))
              + "return this}})(new Map)}")
    return source[:start] + '{key:"parseString",value:(function(P){return function(t){' + cached \
        + source[end + len(PARSE_END):]


# memoizee's lookups for functions of objects (axe.utils.memoize keys on DOM nodes), one
# argument and several: keys kept in arrays searched with indexOf (NaN found too).
MEMO_ONE = ('ha=e(function(e,t){var a=fa();t.exports=function(){var t=0,n=[],r=[];return{get:function(e){'
            'e=a.call(n,e[0]);return-1===e?null:r[e]},set:function(e){return n.push(e[0]),r.push(++t),t},'
            'delete:function(e){e=a.call(r,e);-1!==e&&(n.splice(e,1),r.splice(e,1))},'
            'clear:function(){n=[],r=[]}}}})')
MEMO_MANY = ('ga=e(function(e,t){var s=fa(),n=Object.create;t.exports=function(i){var a=0,l=[[],[]],u=n(null);'
             'return{get:function(e){for(var t,n=0,r=l;n<i-1;){if(-1===(t=s.call(r[0],e[n])))return null;'
             'r=r[1][t],++n}return-1!==(t=s.call(r[0],e[n]))&&r[1][t]||null},set:function(e){for(var t,n=0,r=l;'
             'n<i-1;)-1===(t=s.call(r[0],e[n]))&&(t=r[0].push(e[n])-1,r[1].push([[],[]])),r=r[1][t],++n;'
             'return-1===(t=s.call(r[0],e[n]))&&(t=r[0].push(e[n])-1),r[1][t]=++a,u[a]=e,a},delete:function(e){'
             'for(var t,n=0,r=l,a=[],o=u[e];n<i-1;){if(-1===(t=s.call(r[0],o[n])))return;a.push(r,t),'
             'r=r[1][t],++n}if(-1!==(t=s.call(r[0],o[n]))){for(e=r[1][t],r[0].splice(t,1),r[1].splice(t,1);'
             '!r[0].length&&a.length;)t=a.pop(),(r=a.pop())[0].splice(t,1),r[1].splice(t,1);delete u[e]}},'
             'clear:function(){l=[[],[]],u=n(null)}}}})')
# The same contracts (get: the id or null; set: a new id; delete by id; clear) on Maps, whose
# SameValueZero finds what indexOf-with-NaN finds, in constant time.
MEMO_ONE_MAP = ('ha=e(function(e,t){t.exports=function(){var t=0,n=new Map,r=new Map;return{get:function(e){'
                'e=n.get(e[0]);return void 0===e?null:e},set:function(e){return n.set(e[0],++t),r.set(t,e[0]),t},'
                'delete:function(e){r.has(e)&&(n.delete(r.get(e)),r.delete(e))},'
                'clear:function(){n=new Map,r=new Map}}}})')
MEMO_MANY_MAP = ('ga=e(function(e,t){var n=Object.create;t.exports=function(i){var a=0,l=new Map,u=n(null);'
                 'return{get:function(e){for(var n=0,r=l;n<i-1;++n)if(!(r=r.get(e[n])))return null;'
                 'return r.get(e[n])||null},set:function(e){for(var t,n=0,r=l;n<i-1;++n)'
                 '(t=r.get(e[n]))||r.set(e[n],t=new Map),r=t;return r.set(e[n],++a),u[a]=e,a},'
                 'delete:function(e){var o=u[e];if(o){for(var n=0,r=l,p=[];n<i-1;++n)if(p.push(r),'
                 '!(r=r.get(o[n])))return;if(r.delete(o[n])){for(;!r.size&&p.length;)(r=p.pop()).delete(o[p.length]);'
                 'delete u[e]}}},clear:function(){l=new Map,u=n(null)}}}})')


def _memo_lookups_in_maps(source: str) -> str | None:
    if source.count(MEMO_ONE) != 1 or source.count(MEMO_MANY) != 1:
        return None
    return source.replace(MEMO_ONE, MEMO_ONE_MAP).replace(MEMO_MANY, MEMO_MANY_MAP)


PATCHES = {"private colour fields": _private_fields_as_properties,
           "colour texts parsed once": _colour_texts_parsed_once,
           "memo lookups in maps": _memo_lookups_in_maps}


def unapplied(source: str) -> list[str]:
    """Names of the patches this source does not take (an axe build that has changed)."""
    return [name for name, patch in PATCHES.items() if patch(source) is None]


def faster_axe(source: str) -> str:
    """axe's source with every patch it takes."""
    for patch in PATCHES.values():
        source = patch(source) or source
    return source
