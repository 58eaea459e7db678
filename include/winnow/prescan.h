/* winnow/prescan.h -- one pass over the HTML before Gumbo sees it.
 *
 * Most of a real page's bytes are never read by extraction: <script> and
 * <style> bodies, comments, SVG, attributes like data-* and onclick. The
 * pre-scan copies the page once (into the per-page arena) leaving those
 * out, which makes Gumbo's parse several times faster. It also bounds the
 * structures on which Gumbo is quadratic (deep nesting, piles of unclosed
 * formatting tags, elements with thousands of attributes) and reports that
 * it did so. JSON-LD script bodies are kept aside for metadata.
 *
 * What goes:
 *  - comments, <!...> and <?...> (the doctype stays: it sets quirks mode);
 *  - whole elements: script (JSON-LD bodies go to out->jsonld), style, svg,
 *    template, iframe, noscript, noembed, noframes, object, canvas; an
 *    unterminated one runs to the end of the input, as in the parser;
 *  - <link> unless rel= names canonical or author;
 *  - attributes other than those listed at wn_prescan; style= unless it
 *    hides the element; src="data:..." (inline images);
 *  - attributes of end tags; runs of whitespace collapse to one byte (a
 *    newline if the run had one), except inside <pre>.
 * What stays verbatim: all other text, the contents of title, textarea,
 * xmp and plaintext, attribute values as written (entities undecoded) --
 * except, with text_runs (set by wn_extract), long text and class/id
 * values, which the parser gets as references that wn_dom_build_runs
 * resolves: code reading Gumbo's tree directly would see them.
 *
 * Bounds (wn_prescan_limits_t): start tags past max_depth open elements, or
 * past max_formatting open/active formatting elements, are dropped with
 * their end tags (their content stays); attributes past max_attrs are
 * dropped. Formatting elements that a block's end closes get an explicit
 * end tag, so Gumbo does not clone them into every later block.
 *
 * Driven by memchr, no regular expressions, no recursion. The output is at
 * most n + n/4 + 128 bytes (the added end tags), usually a third of n.
 */
#ifndef WINNOW_PRESCAN_H
#define WINNOW_PRESCAN_H

#include <stddef.h>

#include "winnow/arena.h"
#include "winnow/status.h"

typedef struct wn_prescan_limits {
    unsigned max_depth;     /* open non-void elements kept; deeper start tags dropped (default 512; 0 = default) */
    unsigned max_attrs;     /* attributes kept per element (default 32) */
    unsigned max_formatting;/* open formatting elements (b, i, u, s, font, a, ...) kept (default 64; 0 = default) */
    /* Attribute values the caller will not read (default 0: kept). Less
     * for Gumbo to tokenize: hrefs and image attributes are a fifth of a
     * reduced page (docs/performance.md). */
    unsigned short_hrefs;   /* <a href> values only as far as "javascript:" can be told: such a value cut
                             * to its 11 bytes, any other left empty (kept whole when an '&' comes that early) */
    unsigned no_images;     /* alt= and src= left out */
    unsigned no_unread;     /* title=, aria-label=, dir=, itemscope, itemtype= left out (wn_extract reads none) */
    /* Text handed to the parser by reference (default 0: off). Gumbo makes
     * a token per character of text, so long text costs it far more than
     * the copy: with text_runs, each stretch of ordinary text of at least
     * WN_RUN_MIN bytes (no '&', CR, NUL or control character; starting and
     * ending with a non-space) is stored in out->runs and replaced by a
     * 9-byte reference (WN_RUN_REF_LEN), which wn_dom_build_runs (dom.h)
     * puts back. Off for a page that already holds a reference's lead
     * character (U+F8F0, U+F8F1) anywhere. */
    unsigned text_runs;
    /* With text_runs, quoted class and id values of WN_NAME_MIN bytes or
     * more (same characters as a text stretch) go by reference too: equal
     * values share one entry of out->names and one 6-byte reference
     * (WN_NAME_REF_LEN: U+F8F1, then U+E000 + the 12-bit index), so that
     * the parser's comparisons of attributes (Noah's Ark) find the same
     * answers; wn_dom_build_runs resolves them. At most WN_NAME_MAX_COUNT
     * distinct values per page; the rest stay inline. */
    /* Parse budget (default 0: none). Once max_tags start tags have been
     * given to the parser (dropped ones do not count), or max_text bytes of
     * text read, the rest of the page is left out -- before a start tag, or
     * in text at a space (or at least not inside a character or a
     * character reference) -- and out->truncated gets WN_TRUNC_PAGE.
     * Bounds the parser's time and memory on a page at the size cap
     * (docs/hardening.md). */
    size_t max_tags;
    size_t max_text;
} wn_prescan_limits_t;

/* A text reference: U+F8F0, then the run's index as two code points
 * U+E000 + 12 bits each (high, low): 9 bytes of UTF-8. */
#define WN_RUN_LEAD "\xEF\xA3\xB0"
#define WN_RUN_REF_LEN 9
#define WN_RUN_MIN 10                 /* shortest text stretch replaced */
#define WN_RUN_MAX_COUNT (1u << 24)   /* references per page */
#define WN_NAME_LEAD "\xEF\xA3\xB1" /* U+F8F1 */
#define WN_NAME_REF_LEN 6
#define WN_NAME_MIN 6                 /* shortest class/id value replaced */
#define WN_NAME_MAX_COUNT 4096u       /* distinct class/id values by reference per page */

typedef struct wn_textrun {
    const char *text; /* NUL-terminated, in the arena */
    size_t len;
} wn_textrun_t;

/* Writes the reference to run `i` (< WN_RUN_MAX_COUNT) to out[0..9). */
static inline void wn_run_ref_put(char *out, unsigned i) {
    unsigned hi = (i >> 12) & 0xFFFu, lo = i & 0xFFFu;
    out[0] = (char)0xEF;
    out[1] = (char)0xA3;
    out[2] = (char)0xB0;
    out[3] = (char)0xEE;
    out[4] = (char)(0x80 | (hi >> 6));
    out[5] = (char)(0x80 | (hi & 63));
    out[6] = (char)0xEE;
    out[7] = (char)(0x80 | (lo >> 6));
    out[8] = (char)(0x80 | (lo & 63));
}

/* If p[0..n) starts with a class/id value reference, sets *i to its index
 * and returns 1; else 0. */
static inline int wn_name_ref_get(const char *p, size_t n, unsigned *i) {
    const unsigned char *u = (const unsigned char *)p;
    if (n < WN_NAME_REF_LEN || u[0] != 0xEF || u[1] != 0xA3 || u[2] != 0xB1 || u[3] != 0xEE) return 0;
    if ((u[4] & 0xC0) != 0x80 || (u[5] & 0xC0) != 0x80) return 0;
    *i = ((unsigned)(u[4] & 63) << 6) | (unsigned)(u[5] & 63);
    return 1;
}

/* If p[0..n) starts with a well-formed reference, sets *i to its index and
 * returns 1; else 0. */
static inline int wn_run_ref_get(const char *p, size_t n, unsigned *i) {
    const unsigned char *u = (const unsigned char *)p;
    if (n < WN_RUN_REF_LEN || u[0] != 0xEF || u[1] != 0xA3 || u[2] != 0xB0 || u[3] != 0xEE || u[6] != 0xEE)
        return 0;
    if ((u[4] & 0xC0) != 0x80 || (u[5] & 0xC0) != 0x80 || (u[7] & 0xC0) != 0x80 || (u[8] & 0xC0) != 0x80) return 0;
    if (u[4] > 0xBF || u[7] > 0xBF) return 0;
    *i = ((unsigned)(u[4] & 63) << 18) | ((unsigned)(u[5] & 63) << 12) | ((unsigned)(u[7] & 63) << 6) |
         (unsigned)(u[8] & 63);
    return 1;
}

typedef struct wn_jsonld {
    const char *text; /* body of one <script type="application/ld+json">, in the arena */
    size_t len;
} wn_jsonld_t;

typedef struct wn_prescan_out {
    const char *html;   /* reduced HTML, NUL-terminated, in the arena */
    size_t len;
    wn_jsonld_t *jsonld;/* JSON-LD blocks in document order, in the arena */
    size_t n_jsonld;
    wn_textrun_t *runs; /* text_runs: the text behind reference i is runs[i], in the arena */
    size_t n_runs;
    wn_textrun_t *names; /* text_runs: the class/id value behind name reference i, in the arena */
    size_t n_names;
    unsigned truncated; /* WN_TRUNC_DEPTH | WN_TRUNC_ATTRS | WN_TRUNC_FORMAT | WN_TRUNC_PAGE (winnow/extract.h) */
} wn_prescan_out_t;

/* Fills `lim` with the defaults above. */
WN_EXPORT void wn_prescan_limits_init(wn_prescan_limits_t *lim);

/* Reduces in[0..n) (UTF-8 HTML) into `out`, allocating from `a`; `lim` may
 * be NULL for the defaults. Keeps every element and all text outside the
 * dropped bodies, and the attributes extraction reads (id, class, role,
 * itemprop, itemscope, itemtype, property, name, content, href, src, alt,
 * title, lang, dir, datetime, rel, type, charset, http-equiv, hidden,
 * style, aria-hidden, aria-label, aria-level, xml:lang; data-* hints are
 * dropped). Everything in
 * `out` lives in the arena until it is reset; `in` is not referenced after
 * the call. Returns WN_OK, WN_ENOMEM (arena exhausted) or WN_ETOOBIG (n
 * absurdly large). */
WN_EXPORT WN_MUST_CHECK wn_status wn_prescan(wn_arena_t *a, const char *in, size_t n,
                                             const wn_prescan_limits_t *lim, wn_prescan_out_t *out);

#endif
