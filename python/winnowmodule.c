/* winnowmodule.c -- the Python module `winnow`: libwinnow from CPython.
 *
 * A C extension over the public API only (include/winnow/): extract() and
 * Extractor for pages, read_warc() and extract_warc() for WARC files (a
 * path, an http(s) URL, or a binary file object). Results are the JSON
 * record of the library (wn_record_json, winnow/record.h) as a dict, so
 * Python sees the keys, values and order of `winnow extract --format json`
 * (and extract_warc the provenance keys `winnow run` fills). The GIL is released while the
 * library works -- reading, decoding, extracting, serialising -- so threads
 * with one Extractor each run in parallel. Documented in docs/python.md;
 * type stubs in python/winnow.pyi.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "winnow/extract.h"
#include "winnow/record.h"
#include "winnow/status.h"
#include "winnow/version.h"
#include "winnow/warc.h"
#include "winnow/warcpage.h"

/* ---- errors -------------------------------------------------------------- */

static PyObject *Error; /* winnow.Error */

static const struct {
    wn_status st;
    const char *name; /* class name */
    const char *doc;
} error_classes[] = {
    {WN_EEMPTY, "EmptyError", "The input has no bytes."},
    {WN_ENOTHTML, "NotHTMLError", "The payload is not HTML (an image, a PDF, binary data)."},
    {WN_ETOOBIG, "TooBigError", "An input exceeded a configured size limit."},
    {WN_ECORRUPT, "CorruptError", "Malformed input: bad gzip, bad WARC, bad HTTP."},
    {WN_ETRUNCATED, "TruncatedError", "The input ends early (e.g. a cut gzip stream)."},
    {WN_ECHARSET, "CharsetError", "Character set conversion failed."},
    {WN_EPARSE, "ParseError", "The HTML parser failed."},
    {WN_EDEPTH, "DepthError", "Element nesting exceeded the depth limit."},
    {WN_EUNSUPPORTED, "UnsupportedError", "Valid input of a kind winnow does not handle."},
    {WN_EFETCH, "FetchError", "A remote WARC could not be fetched (HTTP error, refused, DNS)."},
    {WN_EIO, "ReadError", "Reading failed."},
};
#define N_ERROR_CLASSES (sizeof error_classes / sizeof error_classes[0])
static PyObject *error_types[N_ERROR_CLASSES];

/* Raises the winnow.Error subclass for `st` with `msg`; `record` (may be
 * NULL, borrowed) becomes the exception's .record. Returns NULL. */
static PyObject *raise_status(wn_status st, const char *msg, PyObject *record) {
    if (st == WN_ENOMEM) return PyErr_NoMemory();
    PyObject *type = Error;
    for (size_t i = 0; i < N_ERROR_CLASSES; i++)
        if (error_classes[i].st == st) type = error_types[i];
    PyObject *exc = PyObject_CallFunction(type, "s", msg ? msg : wn_strerror(st));
    if (!exc) return NULL;
    PyObject *name = PyUnicode_FromString(wn_status_name(st));
    if (!name || PyObject_SetAttrString(exc, "status", name) < 0 ||
        PyObject_SetAttrString(exc, "record", record ? record : Py_None) < 0) {
        Py_XDECREF(name);
        Py_DECREF(exc);
        return NULL;
    }
    Py_DECREF(name);
    PyErr_SetObject(type, exc);
    Py_DECREF(exc);
    return NULL;
}

/* ---- JSON record -> dict -------------------------------------------------- */

/* The record is the library's JSON text (wn_record_json: compact, UTF-8,
 * only quotes, backslashes and control characters escaped), decoded here
 * straight into Python objects: a jansson parse and a second walk cost 6%
 * of a page's instructions, this one-pass decoder a fraction of that. It
 * reads any JSON value, bounded in depth, and fails on anything malformed
 * (ValueError), though the library only writes well-formed JSON. */
typedef struct {
    const char *p, *end;
} jreader_t;

static void jskip(jreader_t *r) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

static PyObject *jfail(const char *what) {
    if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "record JSON: %s", what);
    return NULL;
}

static int jhex4(const char *p, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* A JSON string at r->p (the opening quote) as a new str. */
static PyObject *jstring(jreader_t *r) {
    const char *s = ++r->p;
    const char *q = s;
    while (q < r->end && *q != '"' && *q != '\\')
        q++;
    if (q < r->end && *q == '"') { /* no escapes: the common case */
        r->p = q + 1;
        return PyUnicode_DecodeUTF8(s, q - s, "replace");
    }
    /* With escapes: decode into a buffer first. */
    size_t cap = (size_t)(r->end - s) + 4;
    char *buf = PyMem_Malloc(cap);
    if (!buf) return PyErr_NoMemory();
    size_t n = 0;
    const char *p = s;
    while (p < r->end && *p != '"') {
        if (*p != '\\') {
            buf[n++] = *p++;
            continue;
        }
        if (++p >= r->end) break;
        char c = *p++;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            buf[n++] = c;
            break;
        case 'b':
            buf[n++] = '\b';
            break;
        case 'f':
            buf[n++] = '\f';
            break;
        case 'n':
            buf[n++] = '\n';
            break;
        case 'r':
            buf[n++] = '\r';
            break;
        case 't':
            buf[n++] = '\t';
            break;
        case 'u': {
            unsigned u;
            if (r->end - p < 4 || jhex4(p, &u) < 0) goto bad;
            p += 4;
            if (u >= 0xD800 && u <= 0xDBFF && r->end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                unsigned lo;
                if (jhex4(p + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD; /* a lone surrogate */
            if (u < 0x80)
                buf[n++] = (char)u;
            else if (u < 0x800) {
                buf[n++] = (char)(0xC0 | (u >> 6));
                buf[n++] = (char)(0x80 | (u & 0x3F));
            } else if (u < 0x10000) {
                buf[n++] = (char)(0xE0 | (u >> 12));
                buf[n++] = (char)(0x80 | ((u >> 6) & 0x3F));
                buf[n++] = (char)(0x80 | (u & 0x3F));
            } else {
                buf[n++] = (char)(0xF0 | (u >> 18));
                buf[n++] = (char)(0x80 | ((u >> 12) & 0x3F));
                buf[n++] = (char)(0x80 | ((u >> 6) & 0x3F));
                buf[n++] = (char)(0x80 | (u & 0x3F));
            }
            break;
        }
        default:
            goto bad;
        }
    }
    if (p >= r->end) goto bad;
    r->p = p + 1;
    PyObject *o = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)n, "replace");
    PyMem_Free(buf);
    return o;
bad:
    PyMem_Free(buf);
    return jfail("bad string");
}

static PyObject *jvalue(jreader_t *r, int depth) {
    if (depth > 32) return jfail("nested too deeply");
    jskip(r);
    if (r->p >= r->end) return jfail("ends early");
    char c = *r->p;
    if (c == '"') return jstring(r);
    if (c == '{' || c == '[') {
        int obj = c == '{';
        PyObject *o = obj ? PyDict_New() : PyList_New(0);
        if (!o) return NULL;
        r->p++;
        jskip(r);
        if (r->p < r->end && *r->p == (obj ? '}' : ']')) {
            r->p++;
            return o;
        }
        for (;;) {
            PyObject *k = NULL;
            if (obj) {
                jskip(r);
                if (r->p >= r->end || *r->p != '"' || !(k = jstring(r))) goto fail;
                jskip(r);
                if (r->p >= r->end || *r->p != ':') goto fail;
                r->p++;
            }
            PyObject *v = jvalue(r, depth + 1);
            int bad = !v || (obj ? PyDict_SetItem(o, k, v) : PyList_Append(o, v)) < 0;
            Py_XDECREF(k);
            Py_XDECREF(v);
            k = NULL;
            if (bad) goto fail;
            jskip(r);
            if (r->p < r->end && *r->p == ',') {
                r->p++;
                continue;
            }
            if (r->p < r->end && *r->p == (obj ? '}' : ']')) {
                r->p++;
                return o;
            }
        fail:
            Py_XDECREF(k);
            Py_DECREF(o);
            return jfail("bad object or array");
        }
    }
    if (r->end - r->p >= 4 && !memcmp(r->p, "null", 4)) {
        r->p += 4;
        Py_RETURN_NONE;
    }
    if (r->end - r->p >= 4 && !memcmp(r->p, "true", 4)) {
        r->p += 4;
        Py_RETURN_TRUE;
    }
    if (r->end - r->p >= 5 && !memcmp(r->p, "false", 5)) {
        r->p += 5;
        Py_RETURN_FALSE;
    }
    /* a number: let Python parse the token */
    const char *s = r->p;
    int real = 0;
    while (r->p < r->end && strchr("+-0123456789.eE", *r->p))
        real |= *r->p == '.' || *r->p == 'e' || *r->p == 'E', r->p++;
    if (r->p == s) return jfail("unexpected character");
    char tok[64];
    size_t n = (size_t)(r->p - s) < sizeof tok - 1 ? (size_t)(r->p - s) : sizeof tok - 1;
    memcpy(tok, s, n);
    tok[n] = '\0';
    if (real) return PyFloat_FromDouble(PyOS_string_to_double(tok, NULL, NULL));
    return PyLong_FromString(tok, NULL, 10);
}

/* The record of `doc` (may be NULL for an error record) as the library's
 * JSON text, the one `winnow extract --format json` and the sink write:
 * id may be NULL, `prov` (may be NULL: nothing known) is where the page
 * came from, `st`/`error` say why a page failed. Called without the GIL.
 * NULL on allocation failure; the caller free()s it. */
static char *doc_record(const wn_doc_t *doc, const char *id, const wn_provenance_t *prov, wn_status st,
                        const char *error) {
    wn_record_t r;
    wn_record_init(&r);
    r.id = id;
    r.doc = doc;
    r.status = st;
    r.error = error;
    if (prov) r.prov = *prov;
    return wn_record_json(&r, NULL);
}

/* Turns (and frees) a record's JSON text into a dict. */
static PyObject *record_to_dict(char *json) {
    if (!json) return PyErr_NoMemory();
    jreader_t r = {json, json + strlen(json)};
    PyObject *d = jvalue(&r, 0);
    free(json);
    return d;
}

/* ---- options --------------------------------------------------------------- */

/* Reads the extraction options from keyword values (any may be NULL: the
 * default). Returns 0, or -1 with an exception set. */
static int parse_options(wn_options_t *opt, PyObject *format, PyObject *tables, PyObject *comments,
                         PyObject *links, PyObject *images, PyObject *bias, PyObject *page_type,
                         PyObject *max_page_bytes, PyObject *max_text_bytes) {
    wn_options_init(opt);
    if (format && format != Py_None) {
        const char *f = PyUnicode_Check(format) ? PyUnicode_AsUTF8(format) : NULL;
        if (!f) {
            PyErr_SetString(PyExc_TypeError, "format must be 'text' or 'markdown'");
            return -1;
        }
        if (!strcmp(f, "text"))
            opt->format = WN_FORMAT_TEXT;
        else if (!strcmp(f, "markdown"))
            opt->format = WN_FORMAT_MARKDOWN;
        else {
            PyErr_Format(PyExc_ValueError, "format must be 'text' or 'markdown', not '%s'", f);
            return -1;
        }
    }
    PyObject *flags[4] = {tables, comments, links, images};
    bool *dst[4] = {&opt->tables, &opt->comments, &opt->links, &opt->images};
    for (int i = 0; i < 4; i++) {
        if (!flags[i]) continue;
        int t = PyObject_IsTrue(flags[i]);
        if (t < 0) return -1;
        *dst[i] = t != 0;
    }
    if (bias && bias != Py_None) {
        long b = PyLong_AsLong(bias);
        if (b == -1 && PyErr_Occurred()) return -1;
        if (b < -1 || b > 1) {
            PyErr_SetString(PyExc_ValueError, "bias must be -1 (precision), 0 (balanced) or 1 (recall)");
            return -1;
        }
        opt->bias = (int)b;
    }
    if (page_type && page_type != Py_None) {
        const char *t = PyUnicode_Check(page_type) ? PyUnicode_AsUTF8(page_type) : NULL;
        if (!t || wn_page_type_parse(t, &opt->page_type) != WN_OK) {
            PyErr_SetString(PyExc_ValueError,
                            "page_type must be None (classify each page), 'auto', 'article', "
                            "'forum', 'product', 'collection', 'listing', 'documentation' "
                            "or 'service'");
            return -1;
        }
    }
    PyObject *sizes[2] = {max_page_bytes, max_text_bytes};
    size_t *sdst[2] = {&opt->max_page_bytes, &opt->max_text_bytes};
    for (int i = 0; i < 2; i++) {
        if (!sizes[i] || sizes[i] == Py_None) continue;
        size_t v = PyLong_AsSize_t(sizes[i]);
        if (v == (size_t)-1 && PyErr_Occurred()) return -1;
        if (v == 0) {
            PyErr_SetString(PyExc_ValueError, "size limits must be positive");
            return -1;
        }
        *sdst[i] = v;
    }
    return 0;
}

/* ---- Extractor ------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD wn_extractor_t *x;
    wn_options_t opt;
    PyThread_type_lock lock; /* one extraction at a time per extractor */
} ExtractorObject;

static PyTypeObject ExtractorType;

static int Extractor_init(ExtractorObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"format", "tables",    "comments",       "links",          "images",
                             "bias",   "page_type", "max_page_bytes", "max_text_bytes", NULL};
    PyObject *o[9] = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|$OOOOOOOOO:Extractor", kwlist, &o[0], &o[1], &o[2], &o[3],
                                     &o[4], &o[5], &o[6], &o[7], &o[8]))
        return -1;
    wn_options_t opt;
    if (parse_options(&opt, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8]) != 0) return -1;
    wn_extractor_t *x = wn_extractor_new(&opt);
    if (!x) {
        PyErr_NoMemory();
        return -1;
    }
    if (!self->lock && !(self->lock = PyThread_allocate_lock())) {
        wn_extractor_destroy(&x);
        PyErr_NoMemory();
        return -1;
    }
    wn_extractor_destroy(&self->x);
    self->x = x;
    self->opt = opt;
    return 0;
}

static void Extractor_dealloc(ExtractorObject *self) {
    wn_extractor_destroy(&self->x);
    if (self->lock) PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Extracts `html` (bytes-like or str) with `x`, the GIL released. Returns the
 * record dict, or NULL with winnow.Error (whose .record is the error record). */
static PyObject *do_extract(ExtractorObject *self, PyObject *html, const char *url, const char *ctype) {
    if (!self->x) {
        PyErr_SetString(PyExc_RuntimeError, "Extractor not initialised");
        return NULL;
    }
    Py_buffer view = {0};
    const char *page;
    Py_ssize_t len;
    char ctbuf[512];
    wn_provenance_t prov;
    memset(&prov, 0, sizeof prov);
    prov.warc_offset = -1;
    prov.content_type = ctype; /* as given, as `winnow extract --content-type` */
    if (PyUnicode_Check(html)) {
        /* Text is UTF-8 now whatever the page's <meta charset> said. */
        page = PyUnicode_AsUTF8AndSize(html, &len);
        if (!page) return NULL;
        size_t mt = ctype ? strcspn(ctype, ";") : 0;
        snprintf(ctbuf, sizeof ctbuf, "%.*s; charset=utf-8", (int)(mt && mt < 200 ? mt : 9),
                 mt && mt < 200 ? ctype : "text/html");
        ctype = ctbuf;
    } else {
        if (PyObject_GetBuffer(html, &view, PyBUF_SIMPLE) < 0) {
            PyErr_Format(PyExc_TypeError, "html must be bytes or str, not %.100s", Py_TYPE(html)->tp_name);
            return NULL;
        }
        page = view.buf;
        len = view.len;
    }
    wn_doc_t *doc = NULL;
    wn_status st;
    char *rec = NULL;
    Py_BEGIN_ALLOW_THREADS;
    PyThread_acquire_lock(self->lock, WAIT_LOCK);
    st = wn_extract(self->x, page, (size_t)len, url, ctype, &doc);
    if (doc) rec = doc_record(doc, NULL, &prov, st, NULL);
    PyThread_release_lock(self->lock);
    Py_END_ALLOW_THREADS;
    if (view.obj) PyBuffer_Release(&view);
    char msg[600];
    snprintf(msg, sizeof msg, "%s", doc && doc->error ? doc->error : wn_strerror(st));
    wn_doc_destroy(&doc);
    PyObject *d = record_to_dict(rec);
    if (!d) return NULL;
    if (st != WN_OK) {
        raise_status(st, msg, d);
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

PyDoc_STRVAR(Extractor_extract_doc, "extract(html, url=None, content_type=None) -> dict\n\n"
                                    "Extract one page with this extractor's options; see winnow.extract().");

static PyObject *Extractor_extract(ExtractorObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"html", "url", "content_type", NULL};
    PyObject *html;
    const char *url = NULL, *ctype = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|zz:extract", kwlist, &html, &url, &ctype)) return NULL;
    return do_extract(self, html, url, ctype);
}

static PyMethodDef Extractor_methods[] = {
    {"extract", (PyCFunction)(void (*)(void))Extractor_extract, METH_VARARGS | METH_KEYWORDS,
     Extractor_extract_doc},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(Extractor_doc,
             "Extractor(*, format='text', tables=True, comments=False, links=False, images=False,\n"
             "          bias=0, page_type=None, max_page_bytes=None, max_text_bytes=None)\n\n"
             "A reusable extractor with fixed options. It keeps its working memory from page\n"
             "to page, so it is faster than winnow.extract() in a loop. Use one per thread:\n"
             "the GIL is released while it extracts, so threads with their own Extractor run\n"
             "in parallel (calls on one Extractor from several threads are serialised).\n\n"
             "    ex = winnow.Extractor(format='markdown', links=True)\n"
             "    for html in pages:\n"
             "        record = ex.extract(html)\n");

static PyTypeObject ExtractorType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "winnow.Extractor",
    .tp_basicsize = sizeof(ExtractorObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = Extractor_doc,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Extractor_init,
    .tp_dealloc = (destructor)Extractor_dealloc,
    .tp_methods = Extractor_methods,
};

/* An Extractor with these options, from the calling thread's cache (one per
 * thread and option set), or a new one stored there. Borrowed reference. */
static ExtractorObject *thread_extractor(PyObject *args_key, PyObject *kw) {
    PyObject *tdict = PyThreadState_GetDict();
    if (!tdict) {
        PyErr_SetString(PyExc_RuntimeError, "no thread state");
        return NULL;
    }
    PyObject *cache = PyDict_GetItemString(tdict, "winnow.extractors");
    if (!cache) {
        cache = PyDict_New();
        if (!cache || PyDict_SetItemString(tdict, "winnow.extractors", cache) < 0) {
            Py_XDECREF(cache);
            return NULL;
        }
        Py_DECREF(cache);
    }
    PyObject *x = PyDict_GetItemWithError(cache, args_key);
    if (x) return (ExtractorObject *)x;
    if (PyErr_Occurred()) return NULL;
    if (PyDict_Size(cache) >= 8) PyDict_Clear(cache); /* bounded: callers varying options */
    PyObject *empty = PyTuple_New(0);
    if (!empty) return NULL;
    x = PyObject_Call((PyObject *)&ExtractorType, empty, kw);
    Py_DECREF(empty);
    if (!x) return NULL;
    if (PyDict_SetItem(cache, args_key, x) < 0) {
        Py_DECREF(x);
        return NULL;
    }
    Py_DECREF(x);
    return (ExtractorObject *)x;
}

PyDoc_STRVAR(extract_doc,
             "extract(html, url=None, content_type=None, *, format='text', tables=True,\n"
             "        comments=False, links=False, images=False, bias=0, page_type=None) -> dict\n\n"
             "Extract the main content and metadata of one web page.\n\n"
             "Parameters\n"
             "----------\n"
             "html : bytes or str\n"
             "    The page as saved or fetched: bytes in any character set (the charset is\n"
             "    taken from a BOM, content_type, <meta>, or detected), gzip-compressed bytes\n"
             "    allowed; or an already decoded str.\n"
             "url : str, optional\n"
             "    The page's URL: resolves relative links and helps classify the page.\n"
             "content_type : str, optional\n"
             "    The HTTP Content-Type header, e.g. 'text/html; charset=windows-1251'.\n"
             "format : {'text', 'markdown'}\n"
             "    'text': one block per line, '- ' list items, ' | ' between table cells;\n"
             "    'markdown': headings, lists, quotes, code fences, tables.\n"
             "tables : bool\n"
             "    Keep tables (default True).\n"
             "comments : bool\n"
             "    Also extract user comments into record['comments'] (default False).\n"
             "links : bool\n"
             "    Keep link targets, as [text](url) in Markdown (default False).\n"
             "images : bool\n"
             "    Keep images as their alt text (default False).\n"
             "bias : int\n"
             "    -1 favours precision (less boilerplate), 1 favours recall (less loss),\n"
             "    0 is balanced (default).\n"
             "page_type : str, optional\n"
             "    None (default): each page is classified; else read every page as this type:\n"
             "    'article', 'forum', 'product', 'collection', 'listing', 'documentation',\n"
             "    'service'. record['page_type'] says which type a page was read as.\n\n"
             "Returns\n"
             "-------\n"
             "dict\n"
             "    The record of `winnow extract --format json` and of the sink (docs/record.md):\n"
             "    id, url, status ('ok'), error, error_code, title, author, date, site_name,\n"
             "    description, canonical_url, lang (detected), lang_declared, lang_confidence,\n"
             "    page_type, charset, provenance (content_type, http_status, warc_*, target_uri),\n"
             "    text_source, truncated, sizes, text, posts, comments, record_version and the\n"
             "    pipeline-only attempt, worker, ms (None here).\n"
             "    Metadata that was not found is None.\n\n"
             "Raises\n"
             "------\n"
             "winnow.Error\n"
             "    A subclass naming what went wrong (NotHTMLError, EmptyError, TooBigError,\n"
             "    CorruptError, TruncatedError, ParseError, ...), with the library's message;\n"
             "    its .record is the error record and .status the library's status name.\n\n"
             "Examples\n"
             "--------\n"
             ">>> import winnow\n"
             ">>> r = winnow.extract(open('page.html', 'rb').read(), url='https://example.org/a')\n"
             ">>> print(r['title']); print(r['text'])\n\n"
             "For many pages, a winnow.Extractor per thread is faster; the GIL is released\n"
             "during extraction.");

static PyObject *py_extract(PyObject *mod, PyObject *args, PyObject *kw) {
    (void)mod;
    static char *kwlist[] = {"html",  "url",    "content_type", "format",    "tables", "comments",
                             "links", "images", "bias",         "page_type", NULL};
    PyObject *html;
    const char *url = NULL, *ctype = NULL;
    PyObject *o[7] = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|zz$OOOOOOO:extract", kwlist, &html, &url, &ctype, &o[0],
                                     &o[1], &o[2], &o[3], &o[4], &o[5], &o[6]))
        return NULL;
    /* The options as a key for the per-thread cache, and as keywords. */
    static const char *const names[] = {"format", "tables", "comments", "links",
                                        "images", "bias",   "page_type"};
    PyObject *opts = PyDict_New();
    PyObject *key = PyTuple_New(7);
    if (!opts || !key) goto fail;
    for (int i = 0; i < 7; i++) {
        PyObject *v = o[i] ? o[i] : Py_None;
        Py_INCREF(v);
        PyTuple_SET_ITEM(key, i, v);
        if (o[i] && PyDict_SetItemString(opts, names[i], o[i]) < 0) goto fail;
    }
    ExtractorObject *x = thread_extractor(key, opts);
    if (!x) goto fail;
    Py_INCREF(x); /* the cache may drop it while we extract */
    PyObject *r = do_extract(x, html, url, ctype);
    Py_DECREF(x);
    Py_DECREF(opts);
    Py_DECREF(key);
    return r;
fail:
    Py_XDECREF(opts);
    Py_XDECREF(key);
    return NULL;
}

/* ---- WARC sources ---------------------------------------------------------- */

/* A Python binary file object as a byte source (called with the GIL held). */
typedef struct pysrc {
    PyObject *file;
    PyObject *exc; /* an exception raised by file.readinto/read, re-raised by the caller */
} pysrc_t;

static ptrdiff_t pysrc_read(void *ud, void *buf, size_t n, char *why, size_t whylen) {
    pysrc_t *s = ud;
    if (s->exc) return -1;
    size_t got = 0;
    while (got < n) { /* fill the request, as read(2) on a file does */
        PyObject *mv = PyMemoryView_FromMemory((char *)buf + got, (Py_ssize_t)(n - got), PyBUF_WRITE);
        PyObject *r = mv ? PyObject_CallMethod(s->file, "readinto", "O", mv) : NULL;
        Py_XDECREF(mv);
        if (!r) {
            PyObject *t, *v, *tb;
            PyErr_Fetch(&t, &v, &tb);
            PyErr_NormalizeException(&t, &v, &tb);
            if (tb) PyException_SetTraceback(v, tb);
            Py_XDECREF(t);
            Py_XDECREF(tb);
            s->exc = v;
            PyObject *str = v ? PyObject_Str(v) : NULL;
            snprintf(why, whylen, "file object: %s", str ? PyUnicode_AsUTF8(str) : "read failed");
            Py_XDECREF(str);
            PyErr_Clear();
            errno = EIO;
            return got ? (ptrdiff_t)got : -1;
        }
        Py_ssize_t k = r == Py_None ? 0 : PyLong_AsSsize_t(r);
        Py_DECREF(r);
        if (k < 0 || (size_t)k > n - got) {
            PyErr_Clear();
            snprintf(why, whylen, "file object: readinto() returned a bad count");
            errno = EIO;
            return got ? (ptrdiff_t)got : -1;
        }
        if (k == 0) break;
        got += (size_t)k;
    }
    return (ptrdiff_t)got;
}

static void pysrc_close(void *ud) {
    pysrc_t *s = ud;
    Py_XDECREF(s->file);
    Py_XDECREF(s->exc);
    PyMem_Free(s);
}

/* Opens `source` (str/PathLike path, http(s) URL, or a binary file object).
 * Sets *name (new ref: the name used in reasons and fallback ids) and
 * *fileobj (borrowed pysrc or NULL). Returns the reader or NULL with an
 * exception set. */
static wn_warc_t *open_source(PyObject *source, PyObject **name, pysrc_t **fileobj, int *named) {
    *fileobj = NULL;
    *name = NULL;
    *named = 1;
    wn_warc_limits_t lim;
    wn_warc_limits_init(&lim);
    wn_status st = WN_OK;
    if (PyObject_HasAttrString(source, "readinto")) {
        pysrc_t *s = PyMem_Calloc(1, sizeof *s);
        if (!s) return (wn_warc_t *)PyErr_NoMemory();
        Py_INCREF(source);
        s->file = source;
        PyObject *nm = PyObject_GetAttrString(source, "name");
        if (!nm || !PyUnicode_Check(nm)) {
            PyErr_Clear();
            Py_XDECREF(nm);
            nm = PyUnicode_FromString("<file>");
            *named = 0;
        }
        *name = nm;
        wn_warc_io_t io = {pysrc_read, NULL, pysrc_close, 0};
        wn_warc_t *w = wn_warc_open_io(&io, s, &lim, &st);
        if (!w) {
            Py_CLEAR(*name);
            if (!PyErr_Occurred()) raise_status(st, "cannot read the WARC from the file object", NULL);
            return NULL;
        }
        *fileobj = s;
        return w;
    }
    PyObject *path = NULL;
    if (!PyUnicode_FSDecoder(source, &path)) return NULL;
    const char *p = PyUnicode_AsUTF8(path);
    if (!p) {
        Py_DECREF(path);
        return NULL;
    }
    wn_warc_t *w = NULL;
    char err[600] = "";
    Py_BEGIN_ALLOW_THREADS;
    w = wn_is_url(p) ? wn_warc_open_url(p, NULL, &lim, &st, err, sizeof err) : wn_warc_open(p, &lim, &st);
    Py_END_ALLOW_THREADS;
    if (!w) {
        if (st == WN_EIO)
            PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
        else if (st == WN_EUNSUPPORTED)
            raise_status(st, "zstd or bzip2 compressed WARC: not supported", NULL);
        else
            raise_status(st, err[0] ? err : wn_strerror(st), NULL);
        Py_DECREF(path);
        return NULL;
    }
    *name = path;
    return w;
}

static const char *const warc_type_names[] = {"other",    "warcinfo", "response",   "resource",    "request",
                                              "metadata", "revisit",  "conversion", "continuation"};

/* Sets d[key] = value (a new reference, stolen; NULL is an error). */
static int set_new(PyObject *d, const char *key, PyObject *v) {
    if (!v) return -1;
    int r = PyDict_SetItemString(d, key, v);
    Py_DECREF(v);
    return r;
}

static PyObject *str_or_none(const char *s) {
    if (!s) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* The id the pipeline gives a record: its WARC-Record-ID, else NAME#INDEX. */
static void record_id(const wn_warc_record_t *rec, const char *name, char *buf, size_t n, const char **id) {
    if (rec->record_id && *rec->record_id) {
        *id = rec->record_id;
        return;
    }
    snprintf(buf, n, "%s#%zu", name, rec->index);
    *id = buf;
}

typedef struct {
    PyObject_HEAD wn_warc_t *w;
    PyObject *name;     /* source name (str) */
    pysrc_t *fileobj;   /* when reading a Python file object (owned by w) */
    int extract;        /* 1: extract_warc, 0: read_warc */
    ExtractorObject *x; /* extract_warc: the extractor */
    wn_warc_pager_t *pager;
    unsigned long long n_read, n_ok, n_error, n_skipped;
    int busy; /* a thread is in __next__ (which releases the GIL): others must not touch w */
    int warc_file; /* name is the WARC's path or URL, or a file object's .name: the records' warc_file */
} WarcIterObject;

static PyTypeObject WarcIterType;

static void WarcIter_dealloc(WarcIterObject *self) {
    wn_warc_close(&self->w);
    wn_warc_pager_destroy(&self->pager);
    Py_XDECREF(self->name);
    Py_XDECREF((PyObject *)self->x);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Reads the next record, the GIL released unless the source is a Python
 * file object. Returns 1/0 as wn_warc_next; -1 with an exception set when
 * the file object raised. */
static int next_record(WarcIterObject *self, wn_warc_record_t *rec) {
    int k;
    if (self->fileobj) {
        k = wn_warc_next(self->w, rec);
        if (self->fileobj->exc) {
            PyObject *e = self->fileobj->exc;
            self->fileobj->exc = NULL;
            PyErr_SetObject((PyObject *)Py_TYPE(e), e);
            Py_DECREF(e);
            return -1;
        }
        return k;
    }
    Py_BEGIN_ALLOW_THREADS;
    k = wn_warc_next(self->w, rec);
    Py_END_ALLOW_THREADS;
    return k;
}

/* read_warc: one record as a dict. */
static PyObject *record_dict(WarcIterObject *self, const wn_warc_record_t *rec, const char *name) {
    char idbuf[4200];
    const char *id;
    record_id(rec, name, idbuf, sizeof idbuf, &id);
    PyObject *d = PyDict_New();
    if (!d) return NULL;
    PyObject *headers = PyDict_New();
    if (!headers) goto fail;
    const char *hn, *hv;
    for (size_t i = 0; wn_warc_field_at(self->w, i, &hn, &hv); i++)
        if (set_new(headers, hn, str_or_none(hv)) < 0) {
            Py_DECREF(headers);
            goto fail;
        }
    char why[700] = "";
    if (rec->status != WN_OK)
        snprintf(why, sizeof why, "%s: record %zu: %s", name, rec->index,
                 rec->reason ? rec->reason : "damaged");
    if (set_new(d, "id", str_or_none(id)) < 0 || set_new(d, "url", str_or_none(rec->target_uri)) < 0 ||
        set_new(d, "type",
                str_or_none(rec->type_name
                                ? rec->type_name
                                : warc_type_names[rec->type <= WN_WARC_CONTINUATION ? rec->type : 0])) < 0 ||
        set_new(d, "date", str_or_none(rec->date)) < 0 ||
        set_new(d, "content_type", str_or_none(rec->content_type)) < 0 ||
        set_new(d, "status", str_or_none(rec->status == WN_OK ? "ok" : wn_status_name(rec->status))) < 0 ||
        set_new(d, "error", str_or_none(why[0] ? why : NULL)) < 0 ||
        set_new(d, "offset", PyLong_FromUnsignedLongLong(rec->offset)) < 0 ||
        set_new(d, "index", PyLong_FromSize_t(rec->index)) < 0 || set_new(d, "headers", headers) < 0)
        goto fail;
    /* For a response: the HTTP status, headers and body as archived. */
    PyObject *status = Py_None, *hh = Py_None, *body = NULL;
    Py_INCREF(status);
    Py_INCREF(hh);
    if (rec->status == WN_OK && rec->type == WN_WARC_RESPONSE && rec->block) {
        wn_http_response_t *h = PyMem_Malloc(sizeof *h);
        if (!h) {
            Py_DECREF(status);
            Py_DECREF(hh);
            PyErr_NoMemory();
            goto fail;
        }
        if (wn_http_parse_response(rec->block, rec->block_len, NULL, h) == WN_OK) {
            Py_DECREF(status);
            Py_DECREF(hh);
            status = PyLong_FromLong(h->status);
            hh = PyDict_New();
            for (size_t i = 0; hh && i < h->n_headers; i++) {
                PyObject *k =
                    PyUnicode_DecodeLatin1(h->headers[i].name, (Py_ssize_t)h->headers[i].name_len, NULL);
                PyObject *v =
                    PyUnicode_DecodeLatin1(h->headers[i].value, (Py_ssize_t)h->headers[i].value_len, NULL);
                PyObject *old = k ? PyDict_GetItemWithError(hh, k) : NULL;
                if (old && v) { /* a repeated field: values joined as HTTP allows */
                    PyObject *j = PyUnicode_FromFormat("%U, %U", old, v);
                    Py_DECREF(v);
                    v = j;
                }
                if (!k || !v || PyDict_SetItem(hh, k, v) < 0) Py_CLEAR(hh);
                Py_XDECREF(k);
                Py_XDECREF(v);
            }
            body = PyBytes_FromStringAndSize(h->body, (Py_ssize_t)h->body_len);
        }
        PyMem_Free(h);
    }
    if (!body && !PyErr_Occurred())
        body = PyBytes_FromStringAndSize(rec->block ? rec->block : "",
                                         rec->block ? (Py_ssize_t)rec->block_len : 0);
    if (set_new(d, "http_status", status) < 0 || set_new(d, "http_headers", hh) < 0 ||
        set_new(d, "body", body) < 0)
        goto fail;
    return d;
fail:
    Py_DECREF(d);
    return NULL;
}

/* extract_warc: the next page or error record, or NULL at the end. */
static PyObject *warc_iter_next(WarcIterObject *self) {
    if (!self->w) return NULL;
    const char *name = PyUnicode_AsUTF8(self->name);
    if (!name) return NULL;
    for (;;) {
        wn_warc_record_t rec;
        int k = next_record(self, &rec);
        if (k < 0) return NULL;
        if (k == 0) {
            wn_warc_close(&self->w);
            return NULL;
        }
        if (!self->extract) return record_dict(self, &rec, name);
        /* One record -> page -> extraction, the GIL released for the whole of
         * it (file objects: only the extraction). */
        wn_warc_page_t page;
        wn_status st = WN_OK;
        char why[800], idbuf[4200];
        const char *id;
        record_id(&rec, name, idbuf, sizeof idbuf, &id);
        char *out = NULL;
        int kind;
        Py_BEGIN_ALLOW_THREADS;
        char reason[700];
        kind = wn_warc_pager_page(self->pager, &rec, &page, &st, reason, sizeof reason);
        /* provenance, as `winnow replay` gives it (docs/record.md) */
        wn_provenance_t prov;
        memset(&prov, 0, sizeof prov);
        prov.warc_file = self->warc_file ? name : NULL;
        prov.warc_offset = self->warc_file ? (long long)rec.offset : -1;
        prov.warc_record_id = rec.record_id;
        prov.warc_date = rec.date;
        prov.target_uri = rec.target_uri;
        prov.http_status = page.http_status;
        prov.content_type = page.content_type;
        if (kind < 0) {
            if (rec.status != WN_OK || strncmp(reason, "record ", 7) == 0)
                snprintf(why, sizeof why, "%s: %s", name, reason);
            else
                snprintf(why, sizeof why, "%s", reason);
        }
        if (kind > 0) {
            wn_doc_t *doc = NULL;
            PyThread_acquire_lock(self->x->lock, WAIT_LOCK);
            st = wn_extract(self->x->x, page.body, page.body_len, page.url, page.content_type, &doc);
            if (doc) out = doc_record(doc, id, &prov, st, NULL);
            PyThread_release_lock(self->x->lock);
            if (!doc) kind = -1, snprintf(why, sizeof why, "%s", wn_strerror(st));
            wn_doc_destroy(&doc);
        }
        if (kind < 0 && !out) {
            wn_doc_t doc;
            memset(&doc, 0, sizeof doc);
            doc.error = why;
            doc.url = (char *)(uintptr_t)rec.target_uri;
            out = doc_record(&doc, id, &prov, st, why);
        }
        Py_END_ALLOW_THREADS;
        if (kind == 0) {
            self->n_skipped++;
            continue;
        }
        self->n_read++;
        if (st == WN_OK && kind > 0)
            self->n_ok++;
        else
            self->n_error++;
        return record_to_dict(out);
    }
}

/* As a generator does, a second thread entering the same iterator is
 * refused rather than let into the reader the first one is using. */
static PyObject *WarcIter_next(WarcIterObject *self) {
    if (self->busy) {
        PyErr_SetString(PyExc_ValueError, "WARC iterator already executing (use one per thread)");
        return NULL;
    }
    self->busy = 1;
    PyObject *r = warc_iter_next(self);
    self->busy = 0;
    return r;
}

static PyObject *WarcIter_stats(WarcIterObject *self, void *closure) {
    (void)closure;
    return Py_BuildValue("{sKsKsKsK}", "read", self->n_read, "ok", self->n_ok, "error", self->n_error,
                         "skipped", self->n_skipped);
}

static PyObject *WarcIter_close(WarcIterObject *self, PyObject *unused) {
    (void)unused;
    if (self->busy) {
        PyErr_SetString(PyExc_ValueError, "WARC iterator is executing in another thread");
        return NULL;
    }
    wn_warc_close(&self->w);
    Py_RETURN_NONE;
}

static PyObject *WarcIter_enter(PyObject *self, PyObject *unused) {
    (void)unused;
    Py_INCREF(self);
    return self;
}

static PyObject *WarcIter_exit(WarcIterObject *self, PyObject *args) {
    (void)args;
    PyObject *r = WarcIter_close(self, NULL);
    if (!r) return NULL;
    Py_DECREF(r);
    Py_RETURN_FALSE;
}

static PyGetSetDef WarcIter_getset[] = {
    {"stats", (getter)WarcIter_stats, NULL,
     "Counts so far, as `winnow replay` reports them: read = ok + error (records yielded), and\n"
     "skipped (request, warcinfo, metadata, revisit records; extract_warc only).",
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef WarcIter_methods[] = {
    {"close", (PyCFunction)WarcIter_close, METH_NOARGS, "Close the source now."},
    {"__enter__", (PyCFunction)WarcIter_enter, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)WarcIter_exit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WarcIterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "winnow.WarcIterator",
    .tp_basicsize = sizeof(WarcIterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Iterator over a WARC source (from read_warc or extract_warc); a context manager.",
    .tp_dealloc = (destructor)WarcIter_dealloc,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)WarcIter_next,
    .tp_methods = WarcIter_methods,
    .tp_getset = WarcIter_getset,
};

static WarcIterObject *new_iter(PyObject *source) {
    WarcIterObject *it = PyObject_New(WarcIterObject, &WarcIterType);
    if (!it) return NULL;
    it->w = NULL;
    it->name = NULL;
    it->fileobj = NULL;
    it->x = NULL;
    it->pager = NULL;
    it->extract = 0;
    it->n_read = it->n_ok = it->n_error = it->n_skipped = 0;
    it->busy = 0;
    it->w = open_source(source, &it->name, &it->fileobj, &it->warc_file);
    if (!it->w) {
        Py_DECREF(it);
        return NULL;
    }
    return it;
}

PyDoc_STRVAR(read_warc_doc, "read_warc(source) -> iterator of dict\n\n"
                            "Read every record of a WARC or WARC.gz file, in order.\n\n"
                            "source is a path (str or os.PathLike), an http:// or https:// URL (streamed,\n"
                            "resumed with Range requests when the connection drops), or a binary file\n"
                            "object (anything with readinto()).\n\n"
                            "Each record is a dict: id (WARC-Record-ID, else 'SOURCE#N'), url\n"
                            "(WARC-Target-URI), type ('response', 'request', ...), date, content_type,\n"
                            "offset, index (1-based), headers (the WARC header fields), http_status and\n"
                            "http_headers (for a response record, else None), body (bytes: the HTTP body as\n"
                            "archived for a response, else the record block), status ('ok', or why the\n"
                            "record is damaged: 'corrupt', 'truncated', 'too_big', ...) and error (the\n"
                            "reason, e.g. 'x.warc.gz: record 108: corrupt gzip member at offset 227246').\n"
                            "A damaged record is yielded, not raised, and reading goes on with the next.\n\n"
                            "Raises OSError when a path cannot be opened, winnow.FetchError when a URL\n"
                            "cannot (the message says why: HTTP status, refused, ...).");

static PyObject *py_read_warc(PyObject *mod, PyObject *args, PyObject *kw) {
    (void)mod;
    static char *kwlist[] = {"source", NULL};
    PyObject *source;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O:read_warc", kwlist, &source)) return NULL;
    return (PyObject *)new_iter(source);
}

PyDoc_STRVAR(extract_warc_doc,
             "extract_warc(source, *, format='text', tables=True, comments=False, links=False,\n"
             "             images=False, bias=0, page_type=None) -> iterator of dict\n\n"
             "Extract every page of a WARC file: the records of winnow.extract(), one per\n"
             "response or resource record, with id (WARC-Record-ID) and url (WARC-Target-URI)\n"
             "and the provenance `winnow run` gives: warc_file (source as given; a file\n"
             "object's .name, else None), warc_offset, warc_record_id, warc_date, target_uri,\n"
             "http_status, content_type. Each record equals `winnow run`'s for the same\n"
             "WARC but for the pipeline-only keys attempt, worker and ms (None here).\n"
             "source is as for read_warc(). Records that hold no page (request, warcinfo,\n"
             "metadata, revisit) are skipped; a damaged record, a payload that is not HTML,\n"
             "an HTTP status other than 2xx or a page that cannot be extracted is yielded as\n"
             "an error record (status 'error', error: the reason, as `winnow run` gives it),\n"
             "never dropped. The iterator's .stats counts read = ok + error and skipped.\n"
             "Reading and extraction run with the GIL released.");

static PyObject *py_extract_warc(PyObject *mod, PyObject *args, PyObject *kw) {
    (void)mod;
    static char *kwlist[] = {"source", "format", "tables",    "comments", "links",
                             "images", "bias",   "page_type", NULL};
    PyObject *source;
    PyObject *o[7] = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$OOOOOOO:extract_warc", kwlist, &source, &o[0], &o[1],
                                     &o[2], &o[3], &o[4], &o[5], &o[6]))
        return NULL;
    static const char *const names[] = {"format", "tables", "comments", "links",
                                        "images", "bias",   "page_type"};
    PyObject *opts = PyDict_New();
    if (!opts) return NULL;
    for (int i = 0; i < 7; i++)
        if (o[i] && PyDict_SetItemString(opts, names[i], o[i]) < 0) {
            Py_DECREF(opts);
            return NULL;
        }
    PyObject *empty = PyTuple_New(0);
    PyObject *x = empty ? PyObject_Call((PyObject *)&ExtractorType, empty, opts) : NULL;
    Py_XDECREF(empty);
    Py_DECREF(opts);
    if (!x) return NULL;
    WarcIterObject *it = new_iter(source);
    if (!it) {
        Py_DECREF(x);
        return NULL;
    }
    it->extract = 1;
    it->x = (ExtractorObject *)x;
    wn_warc_pager_limits_t pl;
    wn_warc_pager_limits_init(&pl);
    pl.max_page_bytes = it->x->opt.max_page_bytes;
    pl.max_inflated_bytes = it->x->opt.max_inflated_bytes;
    it->pager = wn_warc_pager_new(&pl);
    if (!it->pager) {
        Py_DECREF(it);
        return PyErr_NoMemory();
    }
    return (PyObject *)it;
}

/* ---- module ------------------------------------------------------------------ */

static PyMethodDef methods[] = {
    {"extract", (PyCFunction)(void (*)(void))py_extract, METH_VARARGS | METH_KEYWORDS, extract_doc},
    {"read_warc", (PyCFunction)(void (*)(void))py_read_warc, METH_VARARGS | METH_KEYWORDS, read_warc_doc},
    {"extract_warc", (PyCFunction)(void (*)(void))py_extract_warc, METH_VARARGS | METH_KEYWORDS,
     extract_warc_doc},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(module_doc, "winnow: main-content extraction from web pages, over libwinnow.\n\n"
                         "    import winnow\n"
                         "    record = winnow.extract(html_bytes, url='https://example.org/post')\n"
                         "    print(record['title'], record['text'])\n\n"
                         "    for record in winnow.extract_warc('crawl.warc.gz'):   # or an https:// URL\n"
                         "        ...\n\n"
                         "extract() and Extractor.extract() release the GIL: use one Extractor per thread.\n"
                         "Errors are winnow.Error subclasses carrying the library's message.");

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "winnow", module_doc, -1, methods, NULL, NULL, NULL, NULL};

/* As `winnow` does in main() (see src/cli/main.c): glibc gives blocks over
 * 128 KiB their own mmap and trims the heap eagerly, so the few-hundred-KiB
 * buffers a page needs are mapped, faulted in and unmapped again for every
 * page -- 3x the page faults and ~25% more CPU per page in a Python loop.
 * Keeping freed memory in the process costs no peak RSS (only what a page
 * already needed is kept). A process-wide setting, so the module makes it
 * at import unless WINNOW_MALLOC=default is set in the environment. */
static void malloc_tune(void) {
#ifdef __GLIBC__
    const char *e = getenv("WINNOW_MALLOC");
    if (e && !strcmp(e, "default")) return;
    (void)mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    (void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

PyMODINIT_FUNC PyInit_winnow(void); /* the one symbol the module exports */

PyMODINIT_FUNC PyInit_winnow(void) {
    malloc_tune();
    if (PyType_Ready(&ExtractorType) < 0 || PyType_Ready(&WarcIterType) < 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (!m) return NULL;
    Error = PyErr_NewExceptionWithDoc("winnow.Error",
                                      "Base class of winnow's errors. Attributes: status (the library's\n"
                                      "status name, e.g. 'not_html') and record (the error record, or None).",
                                      NULL, NULL);
    if (!Error || PyModule_AddObjectRef(m, "Error", Error) < 0) goto fail;
    for (size_t i = 0; i < N_ERROR_CLASSES; i++) {
        char qual[64];
        snprintf(qual, sizeof qual, "winnow.%s", error_classes[i].name);
        error_types[i] = PyErr_NewExceptionWithDoc(qual, error_classes[i].doc, Error, NULL);
        if (!error_types[i] || PyModule_AddObjectRef(m, error_classes[i].name, error_types[i]) < 0) goto fail;
    }
    if (PyModule_AddObjectRef(m, "Extractor", (PyObject *)&ExtractorType) < 0 ||
        PyModule_AddStringConstant(m, "__version__", wn_version()) < 0 ||
        PyModule_AddStringConstant(m, "libwinnow_version", wn_version()) < 0)
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
