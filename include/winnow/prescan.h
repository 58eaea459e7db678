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
 * xmp and plaintext, attribute values as written (entities undecoded).
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
} wn_prescan_limits_t;

typedef struct wn_jsonld {
    const char *text; /* body of one <script type="application/ld+json">, in the arena */
    size_t len;
} wn_jsonld_t;

typedef struct wn_prescan_out {
    const char *html;   /* reduced HTML, NUL-terminated, in the arena */
    size_t len;
    wn_jsonld_t *jsonld;/* JSON-LD blocks in document order, in the arena */
    size_t n_jsonld;
    unsigned truncated; /* WN_TRUNC_DEPTH | WN_TRUNC_ATTRS | WN_TRUNC_FORMAT (winnow/extract.h) */
} wn_prescan_out_t;

/* Fills `lim` with the defaults above. */
void wn_prescan_limits_init(wn_prescan_limits_t *lim);

/* Reduces in[0..n) (UTF-8 HTML) into `out`, allocating from `a`; `lim` may
 * be NULL for the defaults. Keeps every element and all text outside the
 * dropped bodies, and the attributes extraction reads (id, class, role,
 * itemprop, itemscope, itemtype, property, name, content, href, src, alt,
 * title, lang, dir, datetime, rel, type, charset, http-equiv, hidden,
 * style, aria-hidden, aria-label; data-* hints are dropped). Everything in
 * `out` lives in the arena until it is reset; `in` is not referenced after
 * the call. Returns WN_OK, WN_ENOMEM (arena exhausted) or WN_ETOOBIG (n
 * absurdly large). */
WN_MUST_CHECK wn_status wn_prescan(wn_arena_t *a, const char *in, size_t n, const wn_prescan_limits_t *lim,
                                   wn_prescan_out_t *out);

#endif
