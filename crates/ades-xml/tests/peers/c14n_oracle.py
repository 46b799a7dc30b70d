#!/usr/bin/env python3
"""Canonicalization oracle for the ades-xades tests: libxml2, through lxml.

Two ways of asking libxml2:

* ``lxml``: ``lxml.etree.tostring(tree_or_element, method="c14n", exclusive=...,
  with_comments=..., inclusive_ns_prefixes=...)`` -- Canonical XML 1.0 and exclusive
  canonicalization, of the whole document or of an element (lxml copies the element into
  a temporary document with the in-scope namespaces of its ancestors; ``xml:*`` attributes
  of ancestors are *not* carried over). lxml has no Canonical XML 1.1.
* ``nodeset``: libxml2's ``xmlC14NExecute`` called through ctypes on the libxml2 that lxml
  itself is built with (its extension module exports the symbols), with the node-set
  XML-DSig defines, e.g. for ``#id`` the one of
  ``(//. | //@* | //namespace::*)[ancestor-or-self::*[@Id='id']]``, given as a visibility
  callback. This gives the exact node-set semantics of the specifications (``xml:*``
  inheritance) and Canonical XML 1.1.

Usage:
  c14n_oracle.py --check
  c14n_oracle.py [--api lxml|nodeset] [--method M] [--id ID] [--exclude-id ID]
                 [--prefixes "a b #default"] [--no-comment-nodes] FILE   > canonical bytes
  c14n_oracle.py --batch   < jobs                                        > results

Methods: c14n, c14n-comments, exc, exc-comments, c14n11, c14n11-comments.

Batch jobs are tab-separated lines ``key api method file id exclude_id prefixes
no_comment_nodes(0/1)`` (empty fields allowed); each result line is ``key OK <base64>``
or ``key ERR <message>``.
"""

import base64
import ctypes
import sys

from lxml import etree

METHODS = {
    "c14n": (0, False),
    "c14n-comments": (0, True),
    "exc": (1, False),
    "exc-comments": (1, True),
    "c14n11": (2, False),
    "c14n11-comments": (2, True),
}

XML_NS = "http://www.w3.org/XML/1998/namespace"
ID_NAMES = ("Id", "ID", "id", "{%s}id" % XML_NS)
XML_PARSE_NONET = 1 << 11
XML_PARSE_HUGE = 1 << 19


def _libxml2():
    lib = ctypes.CDLL(etree.__file__)
    lib.xmlReadMemory.restype = ctypes.c_void_p
    lib.xmlReadMemory.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                  ctypes.c_char_p, ctypes.c_int]
    lib.xmlXPathNewContext.restype = ctypes.c_void_p
    lib.xmlXPathNewContext.argtypes = [ctypes.c_void_p]
    lib.xmlXPathEvalExpression.restype = ctypes.c_void_p
    lib.xmlXPathEvalExpression.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    lib.xmlXPathFreeObject.argtypes = [ctypes.c_void_p]
    lib.xmlXPathFreeContext.argtypes = [ctypes.c_void_p]
    lib.xmlFreeDoc.argtypes = [ctypes.c_void_p]
    lib.xmlAllocOutputBuffer.restype = ctypes.c_void_p
    lib.xmlAllocOutputBuffer.argtypes = [ctypes.c_void_p]
    lib.xmlOutputBufferGetContent.restype = ctypes.c_void_p
    lib.xmlOutputBufferGetContent.argtypes = [ctypes.c_void_p]
    lib.xmlOutputBufferGetSize.restype = ctypes.c_size_t
    lib.xmlOutputBufferGetSize.argtypes = [ctypes.c_void_p]
    lib.xmlOutputBufferClose.argtypes = [ctypes.c_void_p]
    lib.xmlC14NExecute.restype = ctypes.c_int
    lib.xmlC14NExecute.argtypes = [ctypes.c_void_p, VISIBLE_CALLBACK, ctypes.c_void_p,
                                   ctypes.c_int, ctypes.POINTER(ctypes.c_char_p),
                                   ctypes.c_int, ctypes.c_void_p]
    return lib


# int (*xmlC14NIsVisibleCallback)(void *user_data, xmlNodePtr node, xmlNodePtr parent)
VISIBLE_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                                    ctypes.c_void_p)
# libxml2 node layout: xmlNode and xmlAttr start with _private, type, name, children, last,
# parent; xmlNs starts with next, type.
TYPE_OFFSET = ctypes.sizeof(ctypes.c_void_p)
PARENT_OFFSET = 5 * ctypes.sizeof(ctypes.c_void_p)
XML_ELEMENT_NODE, XML_ATTRIBUTE_NODE, XML_COMMENT_NODE = 1, 2, 8
XML_DOCUMENT_NODE, XML_NAMESPACE_DECL = 9, 18

_LIB = None


def _xpath_literal(value):
    if "'" not in value:
        return "'%s'" % value
    if '"' not in value:
        return '"%s"' % value
    raise ValueError("Id with both quote kinds")


def _find_by_id(lib, doc, value):
    """The libxml2 node pointer of the element carrying Id/ID/id/xml:id = value."""
    lit = _xpath_literal(value)
    expr = "//*[@Id=%s or @ID=%s or @id=%s or @xml:id=%s]" % (lit, lit, lit, lit)
    ctx = lib.xmlXPathNewContext(doc)
    obj = lib.xmlXPathEvalExpression(expr.encode(), ctx)
    try:
        if not obj:
            raise ValueError("XPath evaluation failed: " + expr)
        # struct _xmlXPathObject { xmlXPathObjectType type; xmlNodeSetPtr nodesetval; ...}
        nodeset = ctypes.c_void_p.from_address(obj + ctypes.sizeof(ctypes.c_void_p)).value
        if not nodeset:
            raise ValueError("no element with Id %r" % value)
        # struct _xmlNodeSet { int nodeNr; int nodeMax; xmlNodePtr *nodeTab; }
        count = ctypes.c_int.from_address(nodeset).value
        if count != 1:
            raise ValueError("%d elements with Id %r" % (count, value))
        tab = ctypes.c_void_p.from_address(nodeset + 8).value
        return ctypes.c_void_p.from_address(tab).value
    finally:
        if obj:
            lib.xmlXPathFreeObject(obj)
        lib.xmlXPathFreeContext(ctx)


def nodeset_c14n(data, method, id_value=None, exclude_id=None, prefixes=None,
                 no_comment_nodes=False):
    """libxml2's canonicalization of the XML-DSig node-set: the subtree of the element with
    Id ``id_value`` (or the whole document), minus the subtree of ``exclude_id``, minus the
    comment nodes if asked -- given to xmlC14NExecute as a visibility callback (the same
    node-set as the XPath ``(//. | //@* | //namespace::*)[...]`` expression, without
    libxml2's quadratic node-set lookups)."""
    global _LIB
    if _LIB is None:
        _LIB = _libxml2()
    lib = _LIB
    mode, comments = METHODS[method]
    doc = lib.xmlReadMemory(data, len(data), b"noname.xml", None,
                            XML_PARSE_NONET | XML_PARSE_HUGE)
    if not doc:
        raise ValueError("libxml2 could not parse the document")
    out = None
    try:
        apex = _find_by_id(lib, doc, id_value) if id_value else None
        excluded = _find_by_id(lib, doc, exclude_id) if exclude_id else None
        inside = {}

        def element_inside(e):
            # Whether element e is in the apex subtree and not in the excluded one.
            chain = []
            result = None
            while e:
                if e in inside:
                    result = inside[e]
                    break
                if e == excluded:
                    result = False
                    break
                if e == apex:
                    result = True
                    chain.append(e)
                    break
                chain.append(e)
                kind = ctypes.c_int.from_address(e + TYPE_OFFSET).value
                if kind == XML_DOCUMENT_NODE:
                    result = apex is None
                    break
                e = ctypes.c_void_p.from_address(e + PARENT_OFFSET).value
            if result is None:
                result = apex is None
            for c in chain:
                inside[c] = result
            return result

        def visible(_user, node, parent):
            kind = ctypes.c_int.from_address(node + TYPE_OFFSET).value
            if kind == XML_NAMESPACE_DECL or kind == XML_ATTRIBUTE_NODE:
                return int(bool(parent) and element_inside(parent))
            if kind == XML_DOCUMENT_NODE:
                return int(apex is None)
            if kind == XML_COMMENT_NODE and no_comment_nodes:
                return 0
            if kind == XML_ELEMENT_NODE:
                return int(element_inside(node))
            return int(bool(parent) and element_inside(parent))

        callback = VISIBLE_CALLBACK(visible)
        c_prefixes = None
        if prefixes:
            arr = (ctypes.c_char_p * (len(prefixes) + 1))()
            for i, p in enumerate(prefixes):
                arr[i] = p.encode()
            arr[len(prefixes)] = None
            c_prefixes = arr
        out = lib.xmlAllocOutputBuffer(None)
        n = lib.xmlC14NExecute(doc, callback, None, mode, c_prefixes, int(comments), out)
        if n < 0:
            raise ValueError("xmlC14NExecute failed")
        size = lib.xmlOutputBufferGetSize(out)
        content = lib.xmlOutputBufferGetContent(out)
        return ctypes.string_at(content, size) if size else b""
    finally:
        if out:
            lib.xmlOutputBufferClose(out)
        lib.xmlFreeDoc(doc)


def lxml_c14n(data, method, id_value=None, prefixes=None):
    mode, comments = METHODS[method]
    if mode == 2:
        raise ValueError("lxml has no Canonical XML 1.1")
    parser = etree.XMLParser(huge_tree=True, no_network=True, resolve_entities=False)
    root = etree.fromstring(data, parser)
    target = root.getroottree()
    if id_value:
        target = next((e for e in root.iter(etree.Element)
                       if any(e.get(n) == id_value for n in ID_NAMES)), None)
        if target is None:
            raise ValueError("no element with Id %r" % id_value)
    return etree.tostring(target, method="c14n", exclusive=(mode == 1),
                          with_comments=comments,
                          inclusive_ns_prefixes=prefixes or None)


def run(api, method, path, id_value=None, exclude_id=None, prefixes=None,
        no_comment_nodes=False):
    with open(path, "rb") as f:
        data = f.read()
    if api == "lxml":
        if exclude_id or no_comment_nodes:
            raise ValueError("the lxml API takes no node-set; use --api nodeset")
        return lxml_c14n(data, method, id_value, prefixes)
    return nodeset_c14n(data, method, id_value, exclude_id, prefixes, no_comment_nodes)


def batch():
    out = sys.stdout
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        fields = line.split("\t") + [""] * 8
        key, api, method, path, id_value, exclude_id, prefixes, no_comments = fields[:8]
        try:
            result = run(api, method, path, id_value or None, exclude_id or None,
                         prefixes.split() or None, no_comments == "1")
            out.write("%s\tOK\t%s\n" % (key, base64.b64encode(result).decode()))
        except Exception as e:  # reported to the Rust test, which fails on it
            msg = ("%s: %s" % (type(e).__name__, e)).replace("\t", " ").replace("\n", " ")
            out.write("%s\tERR\t%s\n" % (key, msg))
        out.flush()


def main(argv):
    if "--check" in argv:
        _libxml2()
        print("lxml %s, libxml2 %s" % (etree.__version__,
                                       ".".join(map(str, etree.LIBXML_VERSION))))
        return 0
    if "--batch" in argv:
        batch()
        return 0
    api, method, id_value, exclude_id, prefixes, no_comments = "lxml", "c14n", None, None, None, False
    args = list(argv)
    path = None
    while args:
        a = args.pop(0)
        if a == "--api":
            api = args.pop(0)
        elif a == "--method":
            method = args.pop(0)
        elif a == "--id":
            id_value = args.pop(0)
        elif a == "--exclude-id":
            exclude_id = args.pop(0)
        elif a == "--prefixes":
            prefixes = args.pop(0).split()
        elif a == "--no-comment-nodes":
            no_comments = True
        else:
            path = a
    if path is None or method not in METHODS or api not in ("lxml", "nodeset"):
        sys.stderr.write(__doc__)
        return 2
    sys.stdout.buffer.write(run(api, method, path, id_value, exclude_id, prefixes, no_comments))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
