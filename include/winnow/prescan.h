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
 * Driven by memchr, no regular expressions, no recursion.
 */
#ifndef WINNOW_PRESCAN_H
#define WINNOW_PRESCAN_H

#include <stddef.h>

#include "winnow/arena.h"
#include "winnow/status.h"

typedef struct wn_prescan_limits {
    unsigned max_depth;     /* open non-void elements kept; deeper start tags dropped (default 512) */
    unsigned max_attrs;     /* attributes kept per element (default 32) */
    unsigned max_formatting;/* open formatting elements (b, i, u, s, font, a, ...) kept (default 64) */
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

/* Reduces in[0..n) (UTF-8 HTML) into `out`, allocating from `a`. Keeps
 * every element and all text outside the dropped bodies, and the attributes
 * extraction reads (id, class, role, itemprop, itemscope, itemtype,
 * property, name, content, href, src, alt, title, lang, dir, datetime, rel,
 * type, charset, http-equiv, hidden, style, aria-hidden, aria-label,
 * data-testid-like hints are dropped). Returns WN_OK or WN_ENOMEM. */
WN_MUST_CHECK wn_status wn_prescan(wn_arena_t *a, const char *in, size_t n, const wn_prescan_limits_t *lim,
                                   wn_prescan_out_t *out);

#endif
